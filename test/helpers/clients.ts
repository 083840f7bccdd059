import { spawn } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command (the aws CLI, python3 with boto3, kubectl) and collects its output; never throws on exit code. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string | Buffer): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** `aws <args>` against a test server; returns parsed JSON stdout when there is any. */
export async function aws(env: NodeJS.ProcessEnv, ...args: string[]): Promise<RunResult & { json: unknown }> {
  const r = await run('aws', [...args, '--output', 'json'], env);
  let json: unknown;
  try {
    json = r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
  } catch {
    json = undefined;
  }
  return { ...r, json };
}

/** Runs a python3 snippet with boto3; the snippet reads ENDPOINT from the environment. */
export function python(env: NodeJS.ProcessEnv, code: string): Promise<RunResult> {
  return run('python3', ['-c', code], env);
}
