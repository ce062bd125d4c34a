// Bundles the CLI and the library with esbuild: one small entry chunk, with the check, ora, and the
// ftp-srv wrapper in chunks that load only when a command needs them (ftp-srv itself stays in
// node_modules); then the library's type declarations with tsc.
// tsc is TypeScript 7, installed as `typescript-7`: the `typescript` package is TypeScript 6's API
// for typescript-eslint (see CONTRIBUTING.md), and node_modules/.bin/tsc may be either.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/main.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ftp-srv'],
  define: { FTPCHECK_VERSION: JSON.stringify(pkg.version) },
  // Bundled CommonJS packages (cli-table3) call require(); give ESM chunks one.
  banner: {
    js: "import { createRequire as __ftpcheckRequire } from 'node:module'; const require = __ftpcheckRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});

execFileSync(
  process.execPath,
  [new URL('../node_modules/typescript-7/bin/tsc', import.meta.url).pathname, '-p', 'tsconfig.build.json'],
  { stdio: 'inherit' },
);
