// Builds dist/sea/ftpcheck: a Node single executable application (Node 20's --experimental-sea-config,
// with postject injecting the blob), so that ftpcheck runs where no Node.js is installed.
//
// The CLI is bundled once more, with every package inside (a SEA's require() loads only Node's
// built-in modules, so nothing may stay in node_modules or dist/vendor); import() of a built-in
// module becomes require(), which a SEA's main script supports. Linux x64 here; a SEA is the Node
// binary it was built from plus the script, so it runs on the platform of the machine that built it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const dir = 'dist/sea';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

/**
 * bunyan (ftp-srv's logger) tries these optional packages in a try/catch and does without them. Left
 * out of the bundle, a require() of them would make the executable print a warning; inside it, each is
 * a module that throws, as a package that is not installed does.
 */
const absentPlugin = {
  name: 'absent',
  setup(b) {
    b.onResolve({ filter: /^(dtrace-provider|mv|safe-json-stringify|source-map-support)$/ }, (args) => ({
      path: args.path,
      namespace: 'absent',
    }));
    b.onLoad({ filter: /.*/, namespace: 'absent' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not in the single executable`)});`,
      loader: 'js',
    }));
  },
};

const bundle = await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [absentPlugin],
  define: { FTPCHECK_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__ftpcheckSeaUrl' },
  banner: { js: 'const __ftpcheckSeaUrl = require("node:url").pathToFileURL(__filename).href;' },
  write: false,
});
const [output] = bundle.outputFiles;
const script = output.text.replace(/\bimport\(("node:[\w/]+")\)/g, 'Promise.resolve(require($1))');
writeFileSync(`${dir}/ftpcheck.cjs`, script);

writeFileSync(
  `${dir}/sea-config.json`,
  JSON.stringify({
    main: `${dir}/ftpcheck.cjs`,
    output: `${dir}/sea-prep.blob`,
    disableExperimentalSEAWarning: true,
    useCodeCache: true,
  }),
);
execFileSync(process.execPath, ['--experimental-sea-config', `${dir}/sea-config.json`], { stdio: 'inherit' });
copyFileSync(process.execPath, `${dir}/ftpcheck`);
execFileSync(
  process.execPath,
  [
    'node_modules/postject/dist/cli.js',
    `${dir}/ftpcheck`,
    'NODE_SEA_BLOB',
    `${dir}/sea-prep.blob`,
    '--sentinel-fuse',
    'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
  ],
  { stdio: 'inherit' },
);
rmSync(`${dir}/sea-prep.blob`);
rmSync(`${dir}/sea-config.json`);
console.log(`${dir}/ftpcheck: ${(statSync(`${dir}/ftpcheck`).size / 1024 / 1024).toFixed(1)} MiB`);
