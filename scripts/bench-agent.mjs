// Throughput of `ftpcheck agent`: POST /api/check against the embedded ftp-srv server on loopback,
// BENCH_AGENT_CONCURRENCY requests in flight (default 16, the agent's default limit) for
// BENCH_AGENT_REQUESTS requests (default 160). Prints checks/s, latency percentiles and the agent's
// RSS (now and peak, from /proc). Not a test: it prints a table and never fails on the numbers.
// Run after a build: node --import tsx scripts/bench-agent.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const REQUESTS = Number(process.env.BENCH_AGENT_REQUESTS ?? 160);
const CONCURRENCY = Number(process.env.BENCH_AGENT_CONCURRENCY ?? 16);
const MODE = process.env.BENCH_AGENT_MODE ?? 'both';
const TOKEN = 'bench-token-0123456789abcdef';

const { startEmbeddedServer } = await import('../src/server/embedded-server.ts');
const server = await startEmbeddedServer({ host: '127.0.0.1', port: 0 });
const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-bench-agent-'));
const config = join(dir, 'agent.json');
// One caller sends every request: lift the per-caller limits so the bench measures the checks.
writeFileSync(
  config,
  JSON.stringify({ concurrency: CONCURRENCY, checksPerMinute: REQUESTS * 10, checksPerCaller: CONCURRENCY }),
);

const agent = spawn(
  process.execPath,
  [join(root, 'bin/ftpcheck.js'), 'agent', '--listen', '127.0.0.1:0', '--config', config, '--name', 'bench'],
  { env: { ...process.env, FTPCHECK_AGENT_TOKEN: TOKEN }, stdio: ['ignore', 'ignore', 'pipe'] },
);
let stderr = '';
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no URL from the agent: ${stderr}`)), 10_000);
  agent.stderr.on('data', (d) => {
    stderr += d.toString();
    const m = / listening on (http:\/\/\S+\/) /.exec(stderr);
    if (m) {
      clearTimeout(timer);
      resolve(m[1]);
    }
  });
  agent.once('exit', () => reject(new Error(`the agent exited: ${stderr}`)));
});
// Keep only the start-up line and errors, not a line per request.
agent.stderr.removeAllListeners('data');
agent.stderr.resume();

/** VmRSS and VmHWM (peak) of the agent, in MiB. */
function rss() {
  const status = readFileSync(`/proc/${agent.pid}/status`, 'utf8');
  const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { now: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

const idle = rss();
const body = JSON.stringify({ target: `127.0.0.1:${server.port}`, mode: MODE, timeout: 5 });
const latencies = [];
const statuses = new Map();
const verdicts = new Map();
let next = 0;
let peakDuring = 0;
const sampler = setInterval(() => (peakDuring = Math.max(peakDuring, rss().now)), 100);
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < REQUESTS) {
      next++;
      const t0 = performance.now();
      const res = await fetch(new URL('api/check', url), {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(120_000),
      });
      const report = await res.json();
      latencies.push(performance.now() - t0);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (report.verdict) verdicts.set(report.verdict, (verdicts.get(report.verdict) ?? 0) + 1);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const after = rss();
// The agent's CPU time (user + system, in clock ticks of 10 ms): the cost of the checks, which a busy
// machine stretches less than it stretches wall-clock time.
const cpuSeconds =
  readFileSync(`/proc/${agent.pid}/stat`, 'utf8')
    .split(') ')[1]
    .split(' ')
    .slice(11, 13)
    .reduce((a, b) => a + Number(b), 0) / 100;

agent.kill('SIGTERM');
await new Promise((resolve) => agent.once('exit', resolve));
await server.close();
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)].toFixed(0);
const counts = (m) => [...m].map(([k, v]) => `${k}×${v}`).join(' ');
console.log(
  `ftpcheck agent: POST /api/check (mode ${MODE}) against ftp-srv on loopback, ${CONCURRENCY} in flight; agent CPU ${cpuSeconds.toFixed(2)} s (${((cpuSeconds * 1000) / REQUESTS).toFixed(1)} ms a check, start-up included)`,
);
console.log(
  '| requests | seconds | checks/s | p50 ms | p95 ms | max ms | statuses | verdicts | RSS idle MiB | RSS peak MiB |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
console.log(
  `| ${REQUESTS} | ${seconds.toFixed(1)} | ${(REQUESTS / seconds).toFixed(1)} | ${pct(50)} | ${pct(95)} | ${pct(100)} | ${counts(statuses)} | ${counts(verdicts)} | ${idle.now.toFixed(0)} | ${Math.max(after.peak, peakDuring).toFixed(0)} |`,
);
