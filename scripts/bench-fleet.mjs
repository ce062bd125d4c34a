// Fleet benchmark (not a test): many checks of loopback targets in one ftpcheck run, at a few
// concurrency levels. Reports checks per second, p50/p95 time per check (the reports' durationMs) and
// the CLI's peak RSS. Servers: ftp-srv instances on 127.0.0.2-9 and scripted fixtures on 127.0.0.1,
// all in this process. Usage: npm run bench:fleet [-- CHECKS]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHECKS = Number(process.argv[2] ?? 500);
const LEVELS = [8, 32, 128];

const { startEmbeddedServer } = await import('../src/server/embedded-server.ts');
const { startFixture } = await import('../fixtures/fault-server.ts');
const servers = [];
for (let i = 2; i <= 9; i++) servers.push(await startEmbeddedServer({ host: `127.0.0.${i}`, port: 0 }));
const fixtures = await Promise.all(['healthy', 'healthy', 'pasv-refused', 'greet-421'].map((f) => startFixture(f)));
const pool = [...servers.map((s) => `${s.host}:${s.port}`), ...fixtures.map((f) => `127.0.0.1:${f.port}`)];
const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-fleet-'));
const file = join(dir, 'targets.txt');
writeFileSync(file, Array.from({ length: CHECKS }, (_, i) => pool[i % pool.length]).join('\n'));

function runFleet(concurrency) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      [
        '--import',
        `${root}scripts/rss-probe.mjs`,
        'bin/ftpcheck.js',
        '--targets',
        file,
        '--jsonl',
        '--concurrency',
        String(concurrency),
        '--timeout',
        '2',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit', 'pipe'] },
    );
    let out = '';
    let rss = '';
    child.stdout.on('data', (d) => (out += d));
    child.stdio[3].on('data', (d) => (rss += d));
    child.on('error', reject);
    child.on('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const reports = out
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      resolve({ seconds, reports, rssKiB: Number(rss.trim()) || 0 });
    });
  });
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const rows = [];
try {
  for (const level of LEVELS) {
    const { seconds, reports, rssKiB } = await runFleet(level);
    const times = reports.map((r) => r.durationMs);
    const verdicts = reports.reduce((acc, r) => ({ ...acc, [r.verdict]: (acc[r.verdict] ?? 0) + 1 }), {});
    const perSecond = (reports.length / seconds).toFixed(0);
    const verdictCounts = Object.entries(verdicts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    rows.push(
      `| ${level} | ${reports.length} | ${seconds.toFixed(2)} | ${perSecond} | ${pct(times, 50)} | ${pct(times, 95)} | ` +
        `${(rssKiB / 1024).toFixed(0)} | ${verdictCounts} |`,
    );
    console.error(rows.at(-1));
  }
} finally {
  await Promise.all([...servers.map((s) => s.close()), ...fixtures.map((f) => f.close())]);
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `${CHECKS} checks of ${pool.length} loopback targets (8 ftp-srv on 127.0.0.2-9, 4 scripted fixtures), ` +
    `one ftpcheck run per level; Node ${process.version}, ${cpus().length} cores\n`,
);
console.log('| concurrency | checks | wall s | checks/s | p50 ms | p95 ms | peak RSS MiB | verdicts |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
