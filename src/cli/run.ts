// Runs one command and returns its exit code. The commands (commands/) are the only code that
// writes to stdout and stderr.
import type { Command } from './args.js';
import { runCheck } from './commands/check.js';
import { runDemo } from './commands/demo.js';
import { runExplain } from './commands/explain.js';
import { runExporter } from './commands/exporter.js';
import { runServe } from './commands/serve.js';
import { fastCheckArgs } from './fast-args.js';
import type { Io } from './io.js';

export type { Io } from './io.js';

export async function run(io: Io): Promise<number> {
  const width = io.stdout.isTTY ? Math.max(60, io.stdout.columns || 100) : 100;
  const command = fastCheckArgs(io.argv) ?? (await parseWithYargs(io, width));
  switch (command.kind) {
    case 'help':
      io.stdout.write(`${command.text}\n`);
      return 0;
    case 'check':
      return runCheck(command, io, width);
    case 'serve':
      return runServe(command, io);
    case 'demo':
      return runDemo(command, io, width);
    case 'explain':
      return runExplain(command.code, io);
    case 'exporter':
      return runExporter(command.listen, command.config, io);
    case 'guide': {
      const { renderGuide } = await import('../docs/guide.js');
      io.stdout.write(renderGuide('text'));
      return 0;
    }
  }
}

/** yargs is loaded only when the fast path leaves the command line to it: help, subcommands, errors. */
async function parseWithYargs(io: Io, width: number): Promise<Command> {
  const { parseArgs } = await import('./args.js');
  return parseArgs(io.argv, io.version, width);
}
