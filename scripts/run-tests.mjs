// Runs the test files under the given folders (default: unit, integration, e2e), each in a Node process
// of its own, a few at a time, and prints every file's results and then the totals ("# tests N",
// "# pass N", "# fail N"), which CI reads.
//
// Why not `node --test FILES`: ftp-srv keeps timers alive after its clients leave, so test processes
// need --test-force-exit; and Node 20's test runner, given several files and --test-force-exit, loses
// the last results of a file now and then (seen here: a failing test's message missing, the counts
// short by a dozen). A file run on its own loses less, but not nothing: once, the report of the file
// with the most tests stopped in mid-line with exit code 0, the end of its TAP stream not yet written
// when the process was made to exit. A failed test still shows in the exit code; the counts do not.
// So a file that passes without its summary is run once more, and counts as failed if it again ends
// without one.
// Node 20 does not expand globs given to --test either: the files are listed here.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

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
// One test file per core, at most 4: the e2e files spawn the CLI and wait on 1 s timeouts, and an
// overloaded machine would turn those waits into spurious timeouts.
// The lab one file at a time: its scenarios wait on 2 s network timeouts inside namespaces and each
// file already runs daemons (vsftpd, agents) of its own.
const lab = roots.some((root) => root.replace(/\/$/, '').endsWith('test/lab'));
const concurrency = lab ? 1 : Math.min(4, Math.max(1, availableParallelism()), files.length);
// With one file at a time its report streams as it goes (the lab); otherwise each file's report is
// printed whole when the file ends, so that reports do not interleave.
const stream = concurrency === 1;

const COUNTS = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];
const totals = Object.fromEntries(COUNTS.map((k) => [k, 0]));
const failedFiles = [];

/** Runs one file (once more if its report was cut short); resolves when its process has ended. */
function runFile(file, attempt = 1) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test-force-exit', '--test-reporter=tap', file], {
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
        resolve(runFile(file, 2));
        return;
      }
      if (!stream) process.stdout.write(output);
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

let next = 0;
async function worker() {
  while (next < files.length) await runFile(files[next++]);
}
await Promise.all(Array.from({ length: concurrency }, worker));

process.stdout.write(`\n# files ${files.length}\n${COUNTS.map((k) => `# ${k} ${totals[k]}`).join('\n')}\n`);
if (failedFiles.length > 0) process.stdout.write(`# failed files:\n${failedFiles.map((f) => `#   ${f}`).join('\n')}\n`);
process.exit(failedFiles.length > 0 ? 1 : 0);
