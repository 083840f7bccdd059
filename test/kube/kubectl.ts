// Runs a kubectl binary against a test server with its own HOME (so discovery caches never leak
// between tests) and the server's kubeconfig.
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, type RunResult } from '../helpers/clients.js';

const SDK_BIN = '/usr/lib/google-cloud-sdk/bin';

/** The path of kubectl 1.NN, or null when this machine lacks it. */
export function kubectlBinary(minor: number): string | null {
  const p = path.join(SDK_BIN, `kubectl.1.${minor}`);
  return existsSync(p) ? p : null;
}

export interface Kubectl {
  (...args: string[]): Promise<RunResult>;
  withInput(input: string, ...args: string[]): Promise<RunResult>;
  env: NodeJS.ProcessEnv;
}

export function kubectl(binary: string, kubeconfig: string): Kubectl {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfig, HOME: mkdtempSync(path.join(os.tmpdir(), 'kubectl-home-')) };
  const k = ((...args: string[]) => run(binary, args, env)) as Kubectl;
  k.withInput = (input, ...args) => run(binary, args, env, input);
  k.env = env;
  return k;
}
