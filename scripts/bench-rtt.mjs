// The check across a real round trip: two network namespaces of this run, joined twice — by a delay
// line (../shared/tools/rtt-pipe.py, a TUN pair that holds every packet RTT/2 each way; this kernel
// has no netem) and by a plain veth pair — with Debian's vsftpd in one of them serving a 1 MiB file
// anonymously. Every command runs against both paths, interleaved; the round trips a command waits
// for are (time across the delay line − time across the veth pair) / RTT, which leaves out the
// process's start-up and the server's own work.
//
// Needs root, `ip`, `vsftpd`, `curl`, `python3` and the delay line; says why and returns no rows when
// something is missing. Used by `npm run bench` (bench.mjs) and on its own:
//   sudo node scripts/bench-rtt.mjs [RUNS] [-- extra ftpcheck arguments for every ftpcheck case]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RTT_MS = 100;
// The delay line lives in the shared tools folder beside the checkout (or the worktrees' folder).
const PIPE =
  process.env.RTT_PIPE ??
  [join(root, '..', 'shared', 'tools', 'rtt-pipe.py'), join(root, '..', '..', 'shared', 'tools', 'rtt-pipe.py')].find(
    (p) => existsSync(p),
  ) ??
  'rtt-pipe.py';
// Private addresses that exist only inside this run's two namespaces.
const DELAYED = { client: '10.231.0.1', server: '10.231.0.2' };
const DIRECT = { client: '10.231.1.1', server: '10.231.1.2' };

/** Why the RTT section cannot run here, or undefined when it can. */
export function rttUnavailable() {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces)';
  for (const tool of ['ip', 'vsftpd', 'curl', 'python3']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0)
      return `${tool} is not installed`;
  }
  if (!existsSync(PIPE)) return `the delay line ${PIPE} is missing (set RTT_PIPE)`;
  if (!existsSync('/dev/net/tun')) return 'no /dev/net/tun';
  return undefined;
}

const sh = (args) => execFileSync(args[0], args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** Builds the two namespaces, the two paths and the server; returns how to run in the client namespace. */
export async function buildPath() {
  const tag = String(process.pid % 100000);
  const ns = { client: `ftpbench-c${tag}`, server: `ftpbench-s${tag}` };
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-bench-rtt-'));
  chmodSync(dir, 0o755);
  let pipe;
  let vsftpd;
  const teardown = async () => {
    for (const child of [vsftpd, pipe]) {
      if (!child || child.exitCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    }
    for (const name of Object.values(ns)) {
      // vsftpd's session processes live in the server namespace: end them with it.
      for (const pid of spawnSync('ip', ['netns', 'pids', name]).stdout?.toString().split('\n').filter(Boolean) ?? [])
        spawnSync('kill', ['-9', pid]);
      spawnSync('ip', ['netns', 'del', name]);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const name of Object.values(ns)) sh(['ip', 'netns', 'add', name]);
    sh(['ip', 'link', 'add', 'fbc0', 'netns', ns.client, 'type', 'veth', 'peer', 'name', 'fbs0', 'netns', ns.server]);
    for (const [side, dev] of [
      ['client', 'fbc0'],
      ['server', 'fbs0'],
    ]) {
      sh(['ip', '-n', ns[side], 'addr', 'add', `${DIRECT[side]}/24`, 'dev', dev]);
      sh(['ip', '-n', ns[side], 'link', 'set', dev, 'up']);
      sh(['ip', '-n', ns[side], 'link', 'set', 'lo', 'up']);
    }
    pipe = spawn('python3', [PIPE, ns.client, DELAYED.client, ns.server, DELAYED.server, String(RTT_MS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve, reject) => {
      pipe.stdout.on('data', (d) => d.toString().includes('ready') && resolve());
      pipe.once('exit', (code) => reject(new Error(`the delay line exited (${code})`)));
    });

    const anon = join(dir, 'anon');
    mkdirSync(join(anon, 'pub'), { recursive: true });
    writeFileSync(join(anon, 'readme.txt'), 'ftpcheck bench server\n');
    writeFileSync(join(anon, 'sample.bin'), Buffer.alloc(1024 * 1024, 'ftpcheck bench sample\n'));
    chmodSync(anon, 0o555);
    mkdirSync('/var/run/vsftpd/empty', { recursive: true });
    const config = join(dir, 'vsftpd.conf');
    writeFileSync(
      config,
      [
        'listen=YES',
        'listen_ipv6=NO',
        'background=NO',
        'anonymous_enable=YES',
        `anon_root=${anon}`,
        'no_anon_password=YES',
        'local_enable=NO',
        'write_enable=NO',
        'pasv_enable=YES',
        'port_enable=YES',
        'connect_from_port_20=YES',
        'seccomp_sandbox=NO',
        'secure_chroot_dir=/var/run/vsftpd/empty',
        // Many runs in a row from one address: no per-address limit here.
        'max_per_ip=0',
        'max_clients=0',
        '',
      ].join('\n'),
    );
    vsftpd = spawn('ip', ['netns', 'exec', ns.server, 'vsftpd', config], { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      if (sh(['ip', 'netns', 'exec', ns.server, 'ss', '-Htln', 'sport = :21']).trim() !== '') break;
      if (i > 50 || vsftpd.exitCode !== null) throw new Error('vsftpd did not start listening');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (err) {
    await teardown();
    throw err;
  }
  /** Runs a command in the client namespace; resolves with its wall time in ms and exit code. */
  const timed = (args, out = false) =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const child = spawn('ip', ['netns', 'exec', ns.client, ...args], {
        cwd: root,
        stdio: ['ignore', out ? 'pipe' : 'ignore', 'ignore'],
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stdout = '';
      child.stdout?.on('data', (d) => (stdout += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout }));
    });
  return { timed, teardown, far: DELAYED.server, near: DIRECT.server };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The commands measured; `server` is the address to reach (across the delay line or not). */
export function rttCases(extra = []) {
  const ftpcheck = (server, args) => [process.execPath, 'bin/ftpcheck.js', server, '--json', ...args, ...extra];
  return [
    { name: 'curl passive listing', argv: (s) => ['curl', '-s', '-o', '/dev/null', `ftp://${s}/`] },
    { name: 'curl active listing', argv: (s) => ['curl', '-s', '-o', '/dev/null', '-P', '-', `ftp://${s}/`] },
    { name: 'curl download of 1 MiB', argv: (s) => ['curl', '-s', '-o', '/dev/null', `ftp://${s}/sample.bin`] },
    { name: 'ftpcheck --json (both modes, default samples)', argv: (s) => ftpcheck(s, []) },
    {
      name: 'ftpcheck --json --max-sessions 1',
      argv: (s) => ftpcheck(s, ['--max-sessions', '1']),
      needs: '--max-sessions',
    },
    { name: 'ftpcheck --json --transfer-bytes 0', argv: (s) => ftpcheck(s, ['--transfer-bytes', '0']) },
  ];
}

/** Measures every case `runs` times on each path, interleaved; resolves with the table's rows. */
export async function runRttBench(runs = 3, extra = []) {
  const help = spawnSync(process.execPath, ['bin/ftpcheck.js', '--help'], { cwd: root }).stdout.toString();
  const cases = rttCases(extra).filter((c) => !c.needs || help.includes(c.needs));
  const { timed, teardown } = await buildPath();
  const times = new Map(cases.map((c) => [c.name, { delayed: [], direct: [], codes: new Set() }]));
  try {
    for (let i = 0; i < runs; i++) {
      for (const c of cases) {
        const t = times.get(c.name);
        const far = await timed(c.argv(DELAYED.server));
        const near = await timed(c.argv(DIRECT.server));
        t.delayed.push(far.ms);
        t.direct.push(near.ms);
        t.codes.add(far.code);
      }
    }
  } finally {
    await teardown();
  }
  const passive = median(times.get('curl passive listing').delayed);
  return cases.map((c) => {
    const t = times.get(c.name);
    const far = median(t.delayed);
    const near = median(t.direct);
    return {
      case: c.name,
      seconds: (far / 1000).toFixed(2),
      'vs curl passive': `${(far / passive).toFixed(2)}×`,
      'round trips': Math.round((far - near) / RTT_MS),
      'exit codes': [...t.codes].join(','),
    };
  });
}

export function printRttRows(rows, runs) {
  console.log(`\nAcross a ${RTT_MS} ms round trip to vsftpd (1 MiB file), medians of ${runs}:\n`);
  console.log('| case | seconds | vs curl passive | round trips | exit codes |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${Object.values(r).join(' | ')} |`);
  console.log(
    `\nround trips = (median across the delay line − median across a plain veth pair) / ${RTT_MS} ms.` +
      '\nGoals: ftpcheck both modes ≤ 1.3× curl passive; --max-sessions 1 no slower than before.',
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const why = rttUnavailable();
  if (why) {
    console.log(`RTT section skipped: ${why}`);
  } else {
    const dash = process.argv.indexOf('--');
    const runs = Number(process.argv[2] && process.argv[2] !== '--' ? process.argv[2] : 3);
    const extra = dash === -1 ? [] : process.argv.slice(dash + 1);
    printRttRows(await runRttBench(runs, extra), runs);
  }
}
