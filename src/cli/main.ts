// Entry point. Nothing loads before `--version` is answered, so it starts as fast as Node does; every
// other command line goes to run.ts.
import module from 'node:module';

declare const FTPCHECK_VERSION: string;

const argv = process.argv.slice(2);
const version = typeof FTPCHECK_VERSION === 'string' ? FTPCHECK_VERSION : '0.0.0-dev';

/**
 * Node 22.1 and later can keep the compiled code of the modules loaded from here on in a cache on
 * disk, so later runs skip compiling them; Node 20 has no such cache and starts as before.
 */
function enableCompileCache(): void {
  const enable: unknown = Reflect.get(module, 'enableCompileCache');
  if (typeof enable === 'function') enable.call(module);
}

function exit(code: number): void {
  // Let stdout drain before leaving: a piped JSON document must arrive whole.
  process.stdout.write('', () => process.exit(code));
}

/**
 * A reader that went away (`ftpcheck … | head -1`) ends the run quietly: what it would have read no
 * longer matters, and a stack trace for it would be noise. Any other write error leaves nowhere to
 * report it: exit 3.
 */
function onStreamError(err: NodeJS.ErrnoException): void {
  if (err.code === 'EPIPE') process.exit(0);
  process.exit(3);
}
process.stdout.on('error', onStreamError);
process.stderr.on('error', onStreamError);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${version}\n`);
} else {
  // 3: ftpcheck could not run (USAGE_EXIT_CODE, not imported here to keep --version free of imports).
  let code = 3;
  // The CLI is bundled as CommonJS (its start-up is cheaper than the ES module loader's), so no
  // top-level await here.
  void (async () => {
    try {
      enableCompileCache();
      const { runCli } = await import('./run.js');
      code = await runCli(
        {
          argv,
          env: process.env,
          stdout: process.stdout,
          stderr: process.stderr,
          version,
          readPassword: async () => {
            const { readPassword } = await import('./password.js');
            return readPassword(process.stdin, process.stderr);
          },
        },
        Boolean(process.env.FTPCHECK_DEBUG),
      );
    } catch (err) {
      // Only a broken installation gets here (run.ts reports every other error itself).
      process.stderr.write(`ftpcheck: cannot start: ${String(err).replace(/\p{Cc}/gu, '?')}\n`);
    }
    exit(code);
  })();
}
