// Runs the test files under the given folders (default: unit, integration, e2e) in Node processes of
// their own, the slowest files alone and the others in groups (scripts/test-files.mjs), a few processes
// at a time, and prints every process's results and then the totals ("# tests N", "# pass N",
// "# fail N"), which CI reads.
//
// Why not `node --test FILES`: ftp-srv keeps timers alive after its clients leave, so test processes
// need --test-force-exit; and Node 20's test runner, given several files and --test-force-exit, loses
// the last results of a file now and then (seen here: a failing test's message missing, the counts
// short by a dozen). A file run on its own loses less, but not nothing: once, the report of the file
// with the most tests stopped in mid-line with exit code 0, the end of its TAP stream not yet written
// when the process was made to exit. A failed test still shows in the exit code; the counts do not.
// So a process that passes without its summary is run once more, and counts as failed if it again ends
// without one.
// Node 20 does not expand globs given to --test either: the files are listed here.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, sep } from 'node:path';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test/unit', 'test/integration', 'test/e2e'];

function testFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = roots.flatMap(testFiles).sort();
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
// Starting node and tsx and loading the sources and fixtures takes about a second of CPU, more than
// many a file's tests: the unit files share two processes, and the other files that are not among the
// slowest share one with three others. The slowest run alone, so that none of them holds up a group;
// the lab's files each run alone too (each runs daemons of its own).
const lab = roots.some((root) => root.replace(/\/$/, '').endsWith('test/lab'));
const UNIT_PROCESSES = 2;
const FILES_PER_PROCESS = 4;
const units = files.filter((file) => file.split(sep).includes('unit'));
// Files measured to take longest (they wait on timeouts, agents and browsers) start first, so that
// none of them is left running alone at the end; then the groups of the others, then the unit groups.
const SLOWEST_FIRST = [
  'test/e2e/front-door.test.ts',
  'test/integration/bulk.test.ts',
  'test/e2e/readme.test.ts',
  'test/e2e/cli-habits.test.ts',
  'test/integration/tls-posture.test.ts',
  'test/e2e/web-page.test.ts',
  'test/e2e/monitoring-kit.test.ts',
  'test/e2e/sea.test.ts',
  'test/e2e/html-report.test.ts',
  'test/e2e/monitoring.test.ts',
  'test/e2e/serve.test.ts',
  'test/integration/session.test.ts',
  'test/e2e/target-policy.test.ts',
  'test/e2e/reflect.test.ts',
  'test/e2e/reflector-abuse.test.ts',
  'test/integration/tls.test.ts',
].map((file) => file.split('/').join(sep));
const rank = (file) => SLOWEST_FIRST.indexOf(file);
const others = files.filter((file) => !units.includes(file));
const alone = others.filter((file) => lab || SLOWEST_FIRST.includes(file)).sort((a, b) => rank(a) - rank(b));
const shared = others.filter((file) => !alone.includes(file));
/** What runs in one process: a file, or a group of files (scripts/test-files.mjs). */
const jobs = [
  ...alone.map((file) => [file]),
  ...Array.from({ length: Math.ceil(shared.length / FILES_PER_PROCESS) }, (_, i) =>
    shared.slice(i * FILES_PER_PROCESS, (i + 1) * FILES_PER_PROCESS),
  ),
  ...Array.from({ length: Math.min(UNIT_PROCESSES, units.length) }, (_, i) =>
    units.filter((_, n) => n % UNIT_PROCESSES === i),
  ),
];
// Files a few at a time: most of an end-to-end file's time is spent waiting (on the CLI it spawned, on
// a server's timeout), not computing, so more files than cores keep the cores busy. Not many more: an
// overloaded machine would turn the tests' 1 s network waits into spurious timeouts.
// The lab one file at a time: its scenarios wait on 2 s network timeouts inside namespaces and each
// file already runs daemons (vsftpd, agents) of its own.
const concurrency = lab ? 1 : Math.min(2 * Math.max(2, availableParallelism()), jobs.length);
// With one file at a time its report streams as it goes (the lab); otherwise each file's report is
// printed whole when the file ends, so that reports do not interleave.
const stream = concurrency === 1;

const COUNTS = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];
const totals = Object.fromEntries(COUNTS.map((k) => [k, 0]));
const failedFiles = [];

/** Runs one job's files (once more if its report was cut short); resolves when its process has ended. */
function runJob(job, attempt = 1) {
  const file = job.length <= FILES_PER_PROCESS ? job.join(' ') : `${job.length} files (${job[0]} …)`;
  const script = job.length === 1 ? job : ['scripts/test-files.mjs', ...job];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test-force-exit', '--test-reporter=tap', ...script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = `# file: ${file}\n`;
    if (stream) process.stdout.write(output);
    const take = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (stream) process.stdout.write(text);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code, signal) => {
      const summarised = /^# tests \d+$/m.test(output);
      if (code === 0 && !summarised && attempt === 1) {
        // Not counted: the second run's report replaces this one.
        const note = `# ${file}: its report ended without a summary (exit 0); running it again\n`;
        process.stdout.write(stream ? note : output + note);
        resolve(runJob(job, 2));
        return;
      }
      const seconds = (performance.now() - started) / 1000;
      times.push([seconds, file]);
      const took = `# ${file}: ${seconds.toFixed(1)} s\n`;
      process.stdout.write(stream ? took : output + took);
      // The report's own summary: the last "# name N" line of each kind.
      for (const key of COUNTS) {
        const matches = [...output.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))];
        totals[key] += Number(matches.at(-1)?.[1] ?? 0);
      }
      if (code === 0 && !summarised) {
        failedFiles.push(`${file} (its report ended twice without a summary)`);
        totals.fail += 1;
      } else if (code !== 0) {
        failedFiles.push(`${file} (exit ${code ?? signal})`);
        // A file that failed without reporting a failed test (it crashed or could not load) counts as one.
        if (!/^# fail [1-9]/m.test(output)) totals.fail += 1;
      }
      resolve();
    });
  });
}

const times = [];

let next = 0;
async function worker() {
  while (next < jobs.length) await runJob(jobs[next++]);
}
const began = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));

// The slowest processes, for whoever wants the tests faster: what they wait on is where time goes.
const slowest = times.sort((a, b) => b[0] - a[0]).slice(0, 8);
process.stdout.write(
  `\n# slowest:\n${slowest.map(([s, f]) => `#   ${s.toFixed(1).padStart(5)} s  ${f}`).join('\n')}\n`,
);
process.stdout.write(
  `# files ${files.length} in ${jobs.length} processes, ${concurrency} at a time, ` +
    `${((performance.now() - began) / 1000).toFixed(1)} s\n`,
);
process.stdout.write(`${COUNTS.map((k) => `# ${k} ${totals[k]}`).join('\n')}\n`);
if (failedFiles.length > 0) process.stdout.write(`# failed files:\n${failedFiles.map((f) => `#   ${f}`).join('\n')}\n`);
process.exit(failedFiles.length > 0 ? 1 : 0);
