// The local account vsftpd logs `labuser` in as. It exists for FTP only: no login shell, a PAM service
// of its own (Debian's vsftpd stack without pam_shells, which would demand a real shell), and a password
// made up for each run and locked again at its end, so no password written down anywhere ever works.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onInterrupt } from './interrupt.js';
import { run } from './topology.js';

export const LAB_USER = 'labuser';
export const LAB_PAM_SERVICE = 'ftpcheck-lab';
/** The account's comment field: proof that the lab created it and may set its password. */
const MARKER = 'ftpcheck lab (FTP only)';
const HOME = '/srv/ftpcheck-lab-home';

// Debian's /etc/pam.d/vsftpd minus pam_shells. common-auth's pam_unix keeps Debian's delay before a
// wrong password's 530 (about 2-3 s), which the wrong-password scenario meets.
const PAM_CONFIG = `# Written by ftpcheck's lab (test/lab/lab-user.ts) for its FTP-only test account.
auth	required	pam_listfile.so item=user sense=deny file=/etc/ftpusers onerr=succeed
@include common-account
@include common-session
@include common-auth
`;

let password: string | undefined;
let releaseInterrupt: (() => void) | undefined;

/** The current run's password; `prepareLabUser` must have run. */
export function labPassword(): string {
  if (password === undefined) throw new Error('prepareLabUser() has not run');
  return password;
}

/** Creates the account if absent (refusing one the lab did not create) and gives it a fresh password. */
export function prepareLabUser(): void {
  mkdirSync(HOME, { recursive: true });
  writeFileSync(join(HOME, 'private.txt'), 'for the lab user\n');
  const entry = passwdEntry();
  if (entry === undefined) {
    run([
      'useradd',
      '--no-create-home',
      '--home-dir',
      HOME,
      '--shell',
      '/usr/sbin/nologin',
      '--comment',
      MARKER,
      LAB_USER,
    ]);
  } else if (entry.split(':')[4] !== MARKER) {
    throw new Error(`a user "${LAB_USER}" exists that the lab did not create; the lab will not change its password`);
  }
  const pamFile = `/etc/pam.d/${LAB_PAM_SERVICE}`;
  if (readOr(pamFile) !== PAM_CONFIG) writeFileSync(pamFile, PAM_CONFIG);
  password = randomBytes(12).toString('base64url');
  execFileSync('chpasswd', [], { input: `${LAB_USER}:${password}\n`, stdio: ['pipe', 'ignore', 'pipe'] });
  releaseInterrupt = onInterrupt(lockLabUser);
}

/** Locks the password again (the account stays, for the next run). */
export function lockLabUser(): void {
  if (password === undefined) return;
  run(['usermod', '--lock', LAB_USER]);
  password = undefined;
  releaseInterrupt?.();
}

function passwdEntry(): string | undefined {
  try {
    return run(['getent', 'passwd', LAB_USER]).trim();
  } catch {
    return undefined;
  }
}

function readOr(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
