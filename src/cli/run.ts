// Runs one command and returns its exit code. The commands (commands/) write to stdout and stderr
// through `Io`. A check loads only what a check needs; every other command loads when it runs.
import type { Command } from './args.js';
import { runCheck } from './commands/check.js';
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
      return (await import('./commands/serve.js')).runServe(command, io);
    case 'demo':
      return (await import('./commands/demo.js')).runDemo(command, io, width);
    case 'explain':
      return (await import('./commands/explain.js')).runExplain(command.code, io);
    case 'exporter':
      return (await import('./commands/exporter.js')).runExporter(command.listen, command.config, io);
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
