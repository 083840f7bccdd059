// The cluster's certificates: a CA kept in the data dir (generated once, reused after), a serving
// certificate for loopback issued at every start, and an admin client certificate kept beside the CA
// so that a kubeconfig written earlier stays valid across restarts.
// Keys are ECDSA P-256: kubectl (Go) and Node's TLS both accept them, and they are quick to make.
// @peculiar/x509 resolves its crypto provider through tsyringe, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

const ALG: EcKeyGenParams & EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 24 * 3600 * 1000;

export interface PemPair {
  cert: string;
  key: string;
}

export interface ClusterPki {
  ca: PemPair;
  serving: PemPair;
  admin: PemPair;
}

function toPem(der: ArrayBuffer, label: string): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function fromPem(pem: string): Uint8Array<ArrayBuffer> {
  const b = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const out = new Uint8Array(new ArrayBuffer(b.length));
  out.set(b);
  return out;
}

async function newKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
}

async function exportKey(key: CryptoKey): Promise<string> {
  return toPem(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

function serial(): string {
  // Positive 16-byte serial: the top bit cleared keeps DER from reading it as negative.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[0] = b[0]! & 0x7f;
  return Buffer.from(b).toString('hex');
}

async function createCa(cluster: string): Promise<PemPair> {
  const keys = await newKeys();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=lakestack-${cluster}-ca`,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 3650 * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem') + '\n', key: await exportKey(keys.privateKey) };
}

interface LeafSpec {
  subject: string;
  usage: 'server' | 'client';
  dns?: string[];
  ips?: string[];
  days: number;
}

async function issue(ca: PemPair, spec: LeafSpec): Promise<PemPair> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await crypto.subtle.importKey('pkcs8', fromPem(ca.key), ALG, false, ['sign']);
  const keys = await newKeys();
  const now = Date.now();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([spec.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
    await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
  ];
  const names = [...(spec.dns ?? []).map((value) => ({ type: 'dns' as const, value })), ...(spec.ips ?? []).map((value) => ({ type: 'ip' as const, value }))];
  if (names.length) extensions.push(new x509.SubjectAlternativeNameExtension(names));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: spec.subject,
    issuer: caCert.subject,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + spec.days * DAY),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ALG,
    extensions,
  });
  return { cert: cert.toString('pem') + '\n', key: await exportKey(keys.privateKey) };
}

function writeAtomic(file: string, text: string, mode: number): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, file);
}

function readPair(dir: string, name: string): PemPair | null {
  const crt = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  if (!existsSync(crt) || !existsSync(key)) return null;
  return { cert: readFileSync(crt, 'utf8'), key: readFileSync(key, 'utf8') };
}

function writePair(dir: string, name: string, pair: PemPair): void {
  writeAtomic(path.join(dir, `${name}.key`), pair.key, 0o600);
  writeAtomic(path.join(dir, `${name}.crt`), pair.cert, 0o644);
}

/** True when `pair` was issued by `ca` and is valid for at least another day. */
function stillGood(pair: PemPair, ca: PemPair): boolean {
  try {
    const cert = new NodeX509(pair.cert);
    return cert.checkIssued(new NodeX509(ca.cert)) && Date.parse(cert.validTo) > Date.now() + DAY;
  } catch {
    return false;
  }
}

/** Loads or creates `<dir>/ca.{crt,key}` and `<dir>/admin.{crt,key}`; issues a fresh serving cert. */
export async function loadClusterPki(dir: string, cluster: string): Promise<ClusterPki> {
  mkdirSync(dir, { recursive: true });
  let ca = readPair(dir, 'ca');
  if (!ca) {
    ca = await createCa(cluster);
    writePair(dir, 'ca', ca);
  }
  let admin = readPair(dir, 'admin');
  if (!admin || !stillGood(admin, ca)) {
    admin = await issueClientCert(ca, 'kubernetes-admin', ['system:masters']);
    writePair(dir, 'admin', admin);
  }
  const serving = await issue(ca, {
    subject: 'CN=kube-apiserver',
    usage: 'server',
    dns: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
    ips: ['127.0.0.1', '::1'],
    days: 365,
  });
  return { ca, serving, admin };
}

/** A client certificate: the user is the CN, each group an O (as the apiserver's x509 authenticator reads them). */
export async function issueClientCert(ca: PemPair, user: string, groups: string[], days = 365): Promise<PemPair> {
  const esc = (v: string) => v.replace(/([,+"\\<>;=])/g, '\\$1');
  const subject = [`CN=${esc(user)}`, ...groups.map((g) => `O=${esc(g)}`)].join(', ');
  return issue(ca, { subject, usage: 'client', days });
}
