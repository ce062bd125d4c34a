// Speed and memory of the built CLI, measured side by side in one run (medians of interleaved runs):
//   node -e 0 | ftpcheck --version | a full healthy check (--json, both modes) | the same check of a
//   server with a 1 MiB file, with the 256 KiB bulk sample and with --transfer-bytes 0 | a silent
//   listener at --timeout 2
// Servers run in this process on loopback: the embedded ftp-srv server (twice: its sample tree, and a
// tree with one large file) and a listener that never greets.
// Then, as root, the 100 ms round-trip section (bench-rtt.mjs; BENCH_RTT=0 skips it).
// Not a test: it prints a table and the ratios against the goals, and never fails on them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SILENT_RUNS = Number(process.env.BENCH_SILENT_RUNS ?? 5);

const { startEmbeddedServer } = await import('../src/server/embedded-server.ts');
const server = await startEmbeddedServer({ host: '127.0.0.1', port: 0 });
const bulkRoot = mkdtempSync(join(tmpdir(), 'ftpcheck-bench-'));
writeFileSync(join(bulkRoot, 'large.bin'), randomBytes(1024 * 1024));
const bulkServer = await startEmbeddedServer({ host: '127.0.0.1', port: 0, root: bulkRoot });
const silent = createServer(() => {});
const silentSockets = new Set();
silent.on('connection', (s) => {
  silentSockets.add(s);
  s.on('close', () => silentSockets.delete(s));
});
await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
const silentPort = silent.address().port;

/** Runs one command; resolves with wall time (ms), peak RSS (KiB, from the preloaded probe) and exit code. */
function measure(args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', `${root}scripts/rss-probe.mjs`, ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let rss = '';
    child.stdio[3].on('data', (d) => (rss += d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, rssKiB: Number(rss.trim()) || 0, code }),
    );
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const cases = [
  { name: 'node -e 0', args: ['-e', '0'], runs: RUNS },
  { name: 'ftpcheck --version', args: ['bin/ftpcheck.js', '--version'], runs: RUNS },
  {
    name: 'healthy check (--json, both modes)',
    args: ['bin/ftpcheck.js', `127.0.0.1:${server.port}`, '--json'],
    runs: RUNS,
  },
  {
    name: 'large file: 256 KiB bulk sample per mode',
    args: ['bin/ftpcheck.js', `127.0.0.1:${bulkServer.port}`, '--json'],
    runs: RUNS,
  },
  {
    name: 'large file: --transfer-bytes 0',
    args: ['bin/ftpcheck.js', `127.0.0.1:${bulkServer.port}`, '--json', '--transfer-bytes', '0'],
    runs: RUNS,
  },
  {
    name: 'silent listener, --timeout 2',
    args: ['bin/ftpcheck.js', `127.0.0.1:${silentPort}`, '--json', '--timeout', '2'],
    runs: SILENT_RUNS,
  },
];
const results = new Map(cases.map((c) => [c.name, []]));
try {
  // Interleave so that machine noise hits every case alike.
  for (let i = 0; i < RUNS; i++) {
    for (const c of cases) if (i < c.runs) results.get(c.name).push(await measure(c.args));
  }
} finally {
  for (const s of silentSockets) s.destroy();
  silent.close();
  await server.close();
  await bulkServer.close();
  rmSync(bulkRoot, { recursive: true, force: true });
}

const base = median(results.get('node -e 0').map((r) => r.ms));
const rows = cases.map((c) => {
  const rs = results.get(c.name);
  const ms = median(rs.map((r) => r.ms));
  return {
    case: c.name,
    runs: rs.length,
    'median ms': ms.toFixed(0),
    'vs node -e 0': `${(ms / base).toFixed(2)}×`,
    'peak RSS MiB': (Math.max(...rs.map((r) => r.rssKiB)) / 1024).toFixed(1),
    'exit codes': [...new Set(rs.map((r) => r.code))].join(','),
  };
});
console.log(
  `Node ${process.version}, ${(await import('node:os')).cpus().length} cores, ${RUNS} interleaved runs (silent listener: ${SILENT_RUNS})\n`,
);
console.log('| case | runs | median ms | vs node -e 0 | peak RSS MiB | exit codes |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${Object.values(r).join(' | ')} |`);
const by = Object.fromEntries(rows.map((r) => [r.case, r]));
console.log(
  '\nGoals: --version ≤ 1.2×, healthy check ≤ 1.6× of node -e 0, peak RSS ≤ 70 MiB, silent listener verdict ≤ 2.15 s',
);
const sampleCost =
  Number(by['large file: 256 KiB bulk sample per mode']['median ms']) -
  Number(by['large file: --transfer-bytes 0']['median ms']);
console.log(
  `  --version ${by['ftpcheck --version']['vs node -e 0']}, healthy check ${by['healthy check (--json, both modes)']['vs node -e 0']}, healthy RSS ${by['healthy check (--json, both modes)']['peak RSS MiB']} MiB, silent listener ${(Number(by['silent listener, --timeout 2']['median ms']) / 1000).toFixed(2)} s`,
);
console.log(
  `  the bulk sample: ${(sampleCost / 2).toFixed(0)} ms per mode (goal ≤ 30 ms; two modes, medians' difference / 2)`,
);

// The same check across a real 100 ms round trip (bench-rtt.mjs): needs root and the delay line.
const { printRttRows, rttUnavailable, runRttBench } = await import('./bench-rtt.mjs');
const rttSkip = process.env.BENCH_RTT === '0' ? 'turned off with BENCH_RTT=0' : rttUnavailable();
if (rttSkip) {
  console.log(`\nRTT section skipped: ${rttSkip}`);
} else {
  const rttRuns = Number(process.env.BENCH_RTT_RUNS ?? 3);
  printRttRows(await runRttBench(rttRuns), rttRuns);
}
