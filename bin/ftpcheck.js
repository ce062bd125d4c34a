#!/usr/bin/env node
// The `ftpcheck` command. --version is answered here, before the CLI's code loads; everything else
// is dist/ftpcheck.cjs (see scripts/build.mjs). CommonJS (bin/package.json): it starts faster.
'use strict';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  require('../dist/ftpcheck.cjs');
}
