// Runs one command and returns its exit code. The commands (commands/) write to stdout and stderr
// through `Io`. A check loads only what a check needs; every other command loads when it runs.
import { USAGE_EXIT_CODE } from '../model/report.js';
import { visible } from '../safety/visible.js';
import { UsageError } from '../settings/usage-error.js';
import type { Command } from './args.js';
import { runCheckCommand } from './commands/check.js';
import { fastCheckArgs } from './fast-args.js';
import { exitOnInterrupt } from './interrupt.js';
import type { Io } from './io.js';
import { wrapLines } from '../report/wrap.js';
import { terminalWidth } from './text-width.js';

export type { Io } from './io.js';

/** Runs the command line; a mistake gets one line on stderr and exit code 3, never a stack trace. */
export async function runCli(io: Io, debug: boolean): Promise<number> {
  try {
    return await run(io);
  } catch (err) {
    if (err instanceof UsageError) {
      // Messages may quote what was typed, or a server's words: never let them drive the terminal.
      io.stderr.write(`ftpcheck: ${visible(err.message)}\nTry 'ftpcheck --help' for usage.\n`);
    } else {
      const message = visible(err instanceof Error ? err.message : String(err));
      const stack = debug && err instanceof Error ? `\n${visible(err.stack ?? '', { newlines: true })}` : '';
      io.stderr.write(`ftpcheck: internal error: ${message}${stack}\n`);
    }
    return USAGE_EXIT_CODE;
  }
}

async function run(io: Io): Promise<number> {
  const width = terminalWidth(io.stdout, io.env);
  const command = fastCheckArgs(io.argv) ?? (await parseSlowly(io, width));
  // The servers stop on Ctrl-C by themselves; everything else is interrupted.
  if (command.kind !== 'serve' && command.kind !== 'agent' && command.kind !== 'exporter') exitOnInterrupt(io.stderr);
  switch (command.kind) {
    case 'help':
      io.stdout.write(`${command.text}\n`);
      return 0;
    case 'check':
      return runCheckCommand(command, io, width);
    case 'serve':
      return (await import('./commands/serve.js')).runServe(command, io);
    case 'demo':
      return (await import('./commands/demo.js')).runDemo(command, io, width);
    case 'explain':
      return (await import('./commands/explain.js')).runExplain(command.code, io, width);
    case 'exporter':
      return (await import('./commands/exporter.js')).runExporter(command.listen, command.config, command.auth, io);
    case 'reflect':
      return (await import('./commands/reflect.js')).runReflectCommand(command, io, width);
    case 'agent':
      return (await import('./commands/agent.js')).runAgent(command, io);
    case 'guide': {
      const [{ renderGuide }, { page }] = await Promise.all([import('../docs/guide.js'), import('./pager.js')]);
      await page(wrapLines(renderGuide('text'), width), io);
      return 0;
    }
  }
}

/**
 * Help, subcommands and mistakes: the command line is first read against the tables of options (help,
 * unknown options, missing values), then parsed by yargs, loaded only here.
 */
async function parseSlowly(io: Io, width: number): Promise<Command> {
  const { readCommandLine } = await import('./command-line.js');
  const reading = readCommandLine(io.argv);
  if (reading.kind === 'help') {
    const { renderHelp } = await import('./help.js');
    return { kind: 'help', text: renderHelp(reading.command, width) };
  }
  const [{ parseArgs }, { default: yargs }] = await Promise.all([import('./args.js'), import('yargs')]);
  return parseArgs(yargs, io.argv, io.version, width);
}
