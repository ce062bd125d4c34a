// Test-only certificates, made fresh in a temporary directory with the openssl command:
// a private CA, a server certificate it signed for localhost/127.0.0.1/::1, one signed for another
// name, one that expired in 2020, one that ends in 3 days, and a self-signed one. The others last a
// year, beyond any --cert-warn-days a test uses.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  // An RSA key takes openssl a few hundred milliseconds of CPU to make: the CA and the intermediate CA
  // have keys of their own, and every server certificate shares one (certificates differ in their names
  // and dates, which is what the tests are about, not in their keys).
  run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'server.key']);
  /** A request for NAME (NAME.csr, with these extensions): with a key of its own (NAME.key) or the servers' one. */
  const request = (name: string, subject: string, extensions: string[], ownKey = false): void => {
    const added = extensions.flatMap((e) => ['-addext', e]);
    if (!ownKey) copyFileSync(at('server.key'), at(`${name}.key`));
    const key = ownKey ? ['-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`] : ['-key', `${name}.key`];
    run(['req', '-new', ...key, '-out', `${name}.csr`, '-subj', subject, ...added]);
  };
  /** The test CA signs NAME.csr into NAME.pem. */
  const sign = (name: string, dates: string[]): void => {
    const ca = ['-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key'];
    run(['ca', '-batch', ...ca, '-in', `${name}.csr`, '-out', `${name}.pem`, '-notext', ...dates]);
  };
  const issue = (name: string, subject: string, san: string, dates: string[]): KeyPair => {
    request(name, subject, [`subjectAltName=${san}`]);
    sign(name, dates);
    return { key: read(`${name}.key`), cert: read(`${name}.pem`) };
  };
  const names = ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1', ...extraSan].join(',');
  // An intermediate CA (the CA signs it with CA:TRUE), and a leaf it signs.
  request(
    'inter',
    '/CN=ftpcheck test intermediate CA (test only)',
    ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'],
    true,
  );
  sign('inter', ['-days', '365']);
  writeFileSync(at('leaf.ext'), `subjectAltName=${names}\n`);
  request('leaf', '/CN=localhost', []);
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
  copyFileSync(at('server.key'), at('self.key'));
  run([
    'req',
    '-x509',
    '-key',
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
