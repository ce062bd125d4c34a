// Test-only certificates, made fresh in a temporary directory with the openssl command:
// a private CA, a server certificate it signed for localhost/127.0.0.1/::1, one signed for another
// name, one that expired in 2020, one that ends in 3 days, and a self-signed one. The others last a
// year, beyond any --cert-warn-days a test uses.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  key: string;
  cert: string;
}

export interface TestCerts {
  dir: string;
  caFile: string;
  good: KeyPair;
  wrongName: KeyPair;
  expired: KeyPair;
  /** Signed by the CA for the same names as `good`, but ends 3 days after it was made. */
  expiring: KeyPair;
  /**
   * Signed by an intermediate CA that the CA signed, for the same names as `good`: `cert` is the leaf
   * alone (a server that forgot its chain file), `chain` the leaf followed by the intermediate.
   */
  viaIntermediate: KeyPair & { chain: string };
  selfSigned: KeyPair;
  cleanup(): void;
}

export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `extraSan` adds names to the good certificate, e.g. 'IP:198.18.2.2' for the lab's server. */
export function makeCerts(extraSan: string[] = []): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-certs-'));
  const at = (name: string): string => join(dir, name);
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  const read = (name: string): string => readFileSync(at(name), 'utf8');

  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '365',
    '-subj',
    '/CN=ftpcheck test CA (test only)',
  ]);
  writeFileSync(
    at('ca.cnf'),
    [
      '[ca]',
      'default_ca=t',
      '[t]',
      'database=index.txt',
      'unique_subject=no',
      'new_certs_dir=.',
      'serial=serial',
      'default_md=sha256',
      'policy=p',
      'copy_extensions=copy',
      '[p]',
      'commonName=supplied',
      '',
    ].join('\n'),
  );
  writeFileSync(at('index.txt'), '');
  writeFileSync(at('serial'), '01\n');

  const issue = (name: string, subject: string, san: string, dates: string[]): KeyPair => {
    run([
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
      '-addext',
      `subjectAltName=${san}`,
    ]);
    run([
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-cert',
      'ca.pem',
      '-keyfile',
      'ca.key',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.pem`,
      '-notext',
      ...dates,
    ]);
    return { key: read(`${name}.key`), cert: read(`${name}.pem`) };
  };
  const names = ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1', ...extraSan].join(',');
  // An intermediate CA (the CA signs it with CA:TRUE), and a leaf it signs.
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'inter.key',
    '-out',
    'inter.csr',
    '-subj',
    '/CN=ftpcheck test intermediate CA (test only)',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  run([
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    'ca.pem',
    '-keyfile',
    'ca.key',
    '-in',
    'inter.csr',
    '-out',
    'inter.pem',
    '-notext',
    '-days',
    '365',
  ]);
  writeFileSync(at('leaf.ext'), `subjectAltName=${names}\n`);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost']);
  run([
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'inter.pem',
    '-CAkey',
    'inter.key',
    '-CAcreateserial',
    '-out',
    'leaf.pem',
    '-days',
    '365',
    '-extfile',
    'leaf.ext',
  ]);
  const good = issue('good', '/CN=localhost', names, ['-days', '365']);
  const expiring = issue('expiring', '/CN=localhost', names, ['-days', '3']);
  const wrongName = issue('wrong', '/CN=ftp.wrong.example', 'DNS:ftp.wrong.example', ['-days', '365']);
  const expired = issue('expired', '/CN=localhost', 'DNS:localhost,IP:127.0.0.1,IP:::1', [
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
  ]);
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '365',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ]);
  return {
    dir,
    caFile: at('ca.pem'),
    good,
    wrongName,
    expired,
    expiring,
    viaIntermediate: { key: read('leaf.key'), cert: read('leaf.pem'), chain: read('leaf.pem') + read('inter.pem') },
    selfSigned: { key: read('self.key'), cert: read('self.pem') },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
