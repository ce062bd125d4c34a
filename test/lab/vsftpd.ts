// vsftpd from Debian's package, run in the foreground inside the server namespace with a config the
// scenario writes: anonymous read-only with a small tree, and a local test user with a password.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PASSIVE_RANGE, run, type Topology } from './topology.js';

export const LAB_USER = 'ftpchecklab';
export const LAB_PASSWORD = 'lab-Passw0rd';

export interface RunningServer {
  stop(): Promise<void>;
}

/** Creates the local test user once per machine (a system account that can only log in to FTP here). */
export function ensureLabUser(): void {
  const home = '/srv/ftpcheck-lab-home';
  mkdirSync(home, { recursive: true });
  try {
    run(['id', LAB_USER]);
  } catch {
    run(['useradd', '--no-create-home', '--home-dir', home, '--shell', '/bin/bash', LAB_USER]);
  }
  execWithInput(['chpasswd'], `${LAB_USER}:${LAB_PASSWORD}\n`);
  writeFileSync(join(home, 'private.txt'), 'for the lab user\n');
}

function execWithInput(args: string[], input: string): void {
  execFileSync(args[0] ?? 'true', args.slice(1), { input, stdio: ['pipe', 'ignore', 'pipe'] });
}

export function vsftpdConfig(dir: string, overrides: Record<string, string>): string {
  const anonRoot = join(dir, 'anon');
  mkdirSync(join(anonRoot, 'pub'), { recursive: true });
  writeFileSync(join(anonRoot, 'readme.txt'), 'ftpcheck lab server\n');
  writeFileSync(join(anonRoot, 'pub', 'hello.txt'), 'hello\n');
  // vsftpd refuses an anonymous root that the ftp user may write to.
  chmodSync(anonRoot, 0o555);
  mkdirSync('/var/run/vsftpd/empty', { recursive: true });
  const settings: Record<string, string> = {
    listen: 'YES',
    listen_ipv6: 'NO',
    background: 'NO',
    anonymous_enable: 'YES',
    anon_root: anonRoot,
    no_anon_password: 'YES',
    local_enable: 'YES',
    write_enable: 'NO',
    pam_service_name: 'vsftpd',
    pasv_enable: 'YES',
    pasv_min_port: String(PASSIVE_RANGE.min),
    pasv_max_port: String(PASSIVE_RANGE.max),
    port_enable: 'YES',
    connect_from_port_20: 'YES',
    seccomp_sandbox: 'NO',
    secure_chroot_dir: '/var/run/vsftpd/empty',
    xferlog_enable: 'NO',
    vsftpd_log_file: join(dir, 'vsftpd.log'),
    ...overrides,
  };
  const path = join(dir, 'vsftpd.conf');
  writeFileSync(path, `${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
  return path;
}

export async function startVsftpd(topology: Topology, overrides: Record<string, string>, files: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-lab-'));
  chmodSync(dir, 0o755);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content, { mode: 0o600 });
  const resolved = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, v.replace('{dir}', dir)]));
  const config = vsftpdConfig(dir, resolved);
  const child: ChildProcess = spawn('ip', ['netns', 'exec', topology.ns.server, 'vsftpd', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  // Wait (bounded) until it listens on port 21 in its namespace.
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) throw new Error(`vsftpd exited at start: ${stderr.trim()}`);
    if (run(['ip', 'netns', 'exec', topology.ns.server, 'ss', '-Htln', 'sport = :21']).trim() !== '') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (i === 49) throw new Error('vsftpd did not start listening within 5 s');
  }
  return {
    stop: async () => {
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
      }
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
