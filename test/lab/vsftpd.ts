// vsftpd from Debian's package, run in the foreground inside the server namespace with a config the
// scenario writes: anonymous read-only with a small tree and a file large enough for the bulk sample,
// and the local test user (lab-user.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAB_PAM_SERVICE } from './lab-user.js';
import { PASSIVE_RANGE, run, type Topology } from './topology.js';

export interface RunningServer {
  /** vsftpd's own log of this scenario: connections, FTP commands and replies, transfers. */
  log(): string;
  stop(): Promise<void>;
  /** For an interrupted run: SIGKILL by PID and remove the files, synchronously. */
  kill(): void;
}

/** The large file of the anonymous tree. */
export const LAB_SAMPLE_FILE = { name: 'sample.bin', bytes: 1024 * 1024 } as const;
/** The world-writable directory made for scenarios that enable anonymous uploads. */
export const LAB_UPLOAD_DIR = 'upload';

export function vsftpdConfig(dir: string, overrides: Record<string, string>): string {
  const anonRoot = join(dir, 'anon');
  mkdirSync(join(anonRoot, 'pub'), { recursive: true });
  writeFileSync(join(anonRoot, 'readme.txt'), 'ftpcheck lab server\n');
  writeFileSync(join(anonRoot, 'pub', 'hello.txt'), 'hello\n');
  // The bulk sample's file: larger than the sample (256 KiB), so the download is cut and ended early.
  writeFileSync(join(anonRoot, LAB_SAMPLE_FILE.name), Buffer.alloc(LAB_SAMPLE_FILE.bytes, 'ftpcheck lab sample\n'));
  // vsftpd lets anonymous users upload only where the ftp user may write: with anon_upload_enable, a
  // world-writable directory for them (the anonymous root itself must stay unwritable).
  if (overrides.anon_upload_enable === 'YES') {
    mkdirSync(join(anonRoot, LAB_UPLOAD_DIR));
    chmodSync(join(anonRoot, LAB_UPLOAD_DIR), 0o777);
  }
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
    pam_service_name: LAB_PAM_SERVICE,
    pasv_enable: 'YES',
    pasv_min_port: String(PASSIVE_RANGE.min),
    pasv_max_port: String(PASSIVE_RANGE.max),
    port_enable: 'YES',
    connect_from_port_20: 'YES',
    seccomp_sandbox: 'NO',
    secure_chroot_dir: '/var/run/vsftpd/empty',
    // Its own log format, with every command and reply: printed when a scenario fails.
    xferlog_enable: 'YES',
    xferlog_std_format: 'NO',
    log_ftp_protocol: 'YES',
    vsftpd_log_file: join(dir, 'vsftpd.log'),
    ...overrides,
  };
  const path = join(dir, 'vsftpd.conf');
  writeFileSync(
    path,
    `${Object.entries(settings)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  return path;
}

/**
 * Ends vsftpd's session processes of one config. With isolate_network (vsftpd's default) each session
 * runs in a network namespace of its own, where the topology's `ip netns pids` does not see it; a session
 * whose client vanished with its namespace would otherwise wait out vsftpd's idle timeout. They carry the
 * config's path, unique to this server, on their command line.
 */
function killSessions(config: string): void {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    if (cmdline !== `vsftpd\0${config}\0`) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
    } catch {
      // ended meanwhile
    }
  }
}

export async function startVsftpd(
  topology: Topology,
  overrides: Record<string, string>,
  files: Record<string, string> = {},
): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-lab-'));
  chmodSync(dir, 0o755);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content, { mode: 0o600 });
  const resolved = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, v.replace('{dir}', dir)]));
  const config = vsftpdConfig(dir, resolved);
  const child: ChildProcess = spawn('ip', ['netns', 'exec', topology.ns.server, 'vsftpd', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const logFile = join(dir, 'vsftpd.log');
  const server: RunningServer = {
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    stop: async () => {
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1000))]);
      }
      killSessions(config);
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      killSessions(config);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await untilListening(topology, () =>
      child.exitCode === null ? undefined : `vsftpd exited at start: ${stderr.trim()}`,
    );
    return server;
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** Polls (at most 5 s) until port 21 listens in the server namespace; `failed` ends the wait early. */
async function untilListening(topology: Topology, failed: () => string | undefined): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const reason = failed();
    if (reason !== undefined) throw new Error(reason);
    if (run(['ip', 'netns', 'exec', topology.ns.server, 'ss', '-Htln', 'sport = :21']).trim() !== '') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('vsftpd did not start listening within 5 s');
}
