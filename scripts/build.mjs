// Bundles the CLI with esbuild: one small entry chunk, with the check, ora, and the ftp-srv wrapper in
// chunks that load only when a command needs them. ftp-srv itself stays in node_modules.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ftp-srv'],
  define: { FTPCHECK_VERSION: JSON.stringify(pkg.version) },
  // Bundled CommonJS packages (cli-table3) call require(); give ESM chunks one.
  banner: { js: "import { createRequire as __ftpcheckRequire } from 'node:module'; const require = __ftpcheckRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
