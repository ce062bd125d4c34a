// The certificate of `ftpcheck serve --tls`: the admin's own (--cert/--key), or a self-signed one made
// at start with the openssl command (Node can parse certificates but not make them). The key of a made
// one lives only in memory: its files are removed at once.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { errnoOf } from '../model/errors.js';
import { UsageError } from '../settings/usage-error.js';

export interface Certificate {
  key: string;
  cert: string;
  /** SHA-256 of the certificate, as clients show it ("AB:CD:…"). */
  fingerprint: string;
  /** True when made here: clients must be told to trust this fingerprint. */
  selfSigned: boolean;
}

function fingerprintOf(cert: string, source: string): string {
  try {
    return new X509Certificate(cert).fingerprint256;
  } catch {
    throw new UsageError(`${source}: not a PEM certificate`);
  }
}

function readPem(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${option} ${path}: cannot read it (${errnoOf(err) ?? 'error'})`);
  }
}

export function loadCertificate(certFile: string, keyFile: string): Certificate {
  const cert = readPem(certFile, '--cert');
  const key = readPem(keyFile, '--key');
  const fingerprint = fingerprintOf(cert, `--cert ${certFile}`);
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw new UsageError(`--key ${keyFile} does not go with --cert ${certFile} (${errnoOf(err) ?? 'unusable'})`);
  }
  return { cert, key, fingerprint, selfSigned: false };
}

/** The subjectAltName for the names a client may use: addresses as IP entries, the rest as DNS. */
export function subjectAltName(names: readonly string[]): string {
  const unique = [...new Set(names)];
  return unique.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
}

/** A P-256 key and a self-signed certificate for `names`, valid 30 days. */
export async function makeSelfSigned(names: readonly string[]): Promise<Certificate> {
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-serve-tls-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    await new Promise<void>((resolve, reject) => {
      execFile(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-days',
          '30',
          '-subj',
          '/CN=ftpcheck test server',
          '-addext',
          `subjectAltName=${subjectAltName(names)}`,
          '-keyout',
          keyFile,
          '-out',
          certFile,
        ],
        { timeout: 20_000 },
        (err, _stdout, stderr) => {
          if (!err) return resolve();
          reject(
            new UsageError(
              errnoOf(err) === 'ENOENT'
                ? 'serve --tls needs the openssl command to make a certificate; install it, or give --cert and --key'
                : `openssl could not make a certificate (${stderr.trim().split('\n')[0] ?? err.message}); give --cert and --key`,
            ),
          );
        },
      );
    });
    const cert = readFileSync(certFile, 'utf8');
    return { cert, key: readFileSync(keyFile, 'utf8'), fingerprint: fingerprintOf(cert, 'openssl'), selfSigned: true };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
