// Builds dist/ with esbuild, then the library's type declarations with tsc.
//
// - dist/ftpcheck.cjs: the CLI, all of ftpcheck's own code in one CommonJS file. A check starts
//   faster this way than as a dozen ES module chunks: Node 20's ES module loader costs about 1 ms per
//   module and more to start, the CommonJS loader almost nothing. Modules the code imports lazily
//   (the diagnosis, the renderers, the exporter, the server) stay lazy: esbuild runs their top-level
//   code only when first imported.
// - dist/vendor/*.cjs: ora and cli-table3 bundled on their own, loaded only when spinners or a table
//   are drawn. yargs (only for --help, subcommands and mistakes), prom-client (the exporter) and
//   ftp-srv (serve, demo) load from node_modules when needed.
// - dist/index.js: the library, one ES module.
// tsc is TypeScript 7, installed as `typescript-7`: the `typescript` package is TypeScript 6's API
// for typescript-eslint (see CONTRIBUTING.md), and node_modules/.bin/tsc may be either.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = { bundle: true, platform: 'node', target: 'node20', legalComments: 'none', logLevel: 'warning' };
// Smaller files parse faster at every start; the source maps (node --enable-source-maps) give stack
// traces their real names and lines back.
const compact = { minify: true, sourcemap: 'linked' };

/** Packages bundled apart, as `dist/vendor/NAME.cjs`, with the export the CLI's code imports. */
const VENDOR = {
  ora: 'export { default } from "ora";',
  'cli-table3': 'module.exports = require("cli-table3");',
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await Promise.all(
  Object.entries(VENDOR).map(([name, contents]) =>
    build({
      ...common,
      stdin: { contents, resolveDir: process.cwd(), loader: 'js', sourcefile: `vendor-${name}.js` },
      outfile: `dist/vendor/${name}.cjs`,
      format: 'cjs',
      minify: true,
    }),
  ),
);

/** Imports of vendored packages point at their bundles, which stay outside the CLI's own file. */
const vendorPlugin = {
  name: 'vendor',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(VENDOR).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: `./vendor/${args.path}.cjs`, external: true }));
  },
};

const cli = await build({
  ...common,
  ...compact,
  entryPoints: { ftpcheck: 'src/cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  external: ['ftp-srv', 'yargs', 'prom-client'],
  plugins: [vendorPlugin],
  define: { FTPCHECK_VERSION: JSON.stringify(pkg.version) },
  write: false,
});
for (const file of cli.outputFiles) {
  // esbuild keeps import() of external modules; for Node's built-in modules and the vendored
  // bundles, require() does the same without starting the ES module loader. yargs stays an import():
  // it is an ES module.
  const text = file.path.endsWith('.cjs')
    ? file.text.replace(/\bimport\(("(?:node:[\w/]+|\.\/vendor\/[\w-]+\.cjs)")\)/g, 'Promise.resolve(require($1))')
    : file.text;
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, text);
}

await build({
  ...common,
  ...compact,
  entryPoints: { index: 'src/index.ts' },
  outdir: 'dist',
  format: 'esm',
  external: ['ftp-srv', 'yargs', 'prom-client', 'ora', 'cli-table3'],
});

execFileSync(
  process.execPath,
  [new URL('../node_modules/typescript-7/bin/tsc', import.meta.url).pathname, '-p', 'tsconfig.build.json'],
  { stdio: 'inherit' },
);
