// Entry point. `--version` is answered before anything else loads, so it starts as fast as Node does.
import module from 'node:module';
import { USAGE_EXIT_CODE } from '../model/report.js';
import { visible } from '../safety/visible.js';
import { UsageError } from '../settings/usage-error.js';

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

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${version}\n`);
} else {
  try {
    enableCompileCache();
    const { run } = await import('./run.js');
    const code = await run({
      argv,
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      version,
      readStdin: async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      },
    });
    exit(code);
  } catch (err) {
    if (err instanceof UsageError) {
      // Messages may quote what was typed, or a server's words: never let them drive the terminal.
      process.stderr.write(`ftpcheck: ${visible(err.message)}\nTry 'ftpcheck --help' for usage.\n`);
    } else {
      const detail = process.env.FTPCHECK_DEBUG && err instanceof Error ? `\n${err.stack ?? ''}` : '';
      process.stderr.write(
        `ftpcheck: internal error: ${visible(err instanceof Error ? err.message : String(err))}${visible(detail, { newlines: true })}\n`,
      );
    }
    exit(USAGE_EXIT_CODE);
  }
}
