// Runs the test files under the given folders (default: unit, integration, e2e) with Node's test
// runner. Node 20 does not expand globs given to --test, so the files are listed here explicitly.
import { spawnSync } from 'node:child_process';
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
const concurrency = Math.min(4, Math.max(1, availableParallelism()));
// --test-force-exit: ftp-srv keeps timers alive after a client leaves (see TOOLCHAIN facts).
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-force-exit', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
