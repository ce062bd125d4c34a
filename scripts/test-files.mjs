// Runs several test files in one Node process, so that node, tsx and what they import load once for
// them all; scripts/run-tests.mjs uses it for groups of files. Each file becomes a suite named after it,
// whose tests (and top-level hooks: a file's after() cleans up when its own tests end) are the file's.
// The suites are declared at once, before any test runs: --test-force-exit, which ends the process once
// every known test has finished, cannot end it between two files.
import { resolve } from 'node:path';
import { describe } from 'node:test';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2))
  describe(file, async () => {
    await import(pathToFileURL(resolve(file)).href);
  });
