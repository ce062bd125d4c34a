// `--help` of every command, rendered from command-specs.ts to the terminal's width: options in two
// columns when they fit, each description wrapped in its own column, and every example command whole on
// a line of its own (a command broken over two lines cannot be copied). Pure.
import type { OptionSpec } from './check-options.js';
import { COMMANDS, type CommandName, EPILOGUE, SUBCOMMANDS } from './command-specs.js';
import { wrapParagraph } from '../report/wrap.js';

/** Widest left column (option names) before the description moves to the lines below. */
const MAX_NAME_COLUMN = 26;

function optionName(name: string, spec: OptionSpec): string {
  const value = spec.type === 'string' ? ` ${valueName(name)}` : '';
  return `${spec.alias ? `-${spec.alias}, ` : '    '}--${name}${value}`;
}

/** What the value of a string option is, in capitals: --timeout SECONDS. */
function valueName(name: string): string {
  const known: Record<string, string> = {
    timeout: 'SECONDS',
    deadline: 'SECONDS',
    port: 'PORT',
    'reflector-port': 'PORT',
    user: 'NAME',
    name: 'NAME',
    mode: 'MODE',
    format: 'FORMAT',
    listen: 'ADDR:PORT',
    host: 'ADDRESS',
    'pasv-address': 'ADDRESS',
    'reflector-host': 'ADDRESS',
    'trust-proxy': 'ADDRESS',
    'pasv-range': 'MIN-MAX',
    'sweep-pasv-range': 'MIN-MAX|auto',
    from: 'here|URL',
    concurrency: 'N',
    'transfer-bytes': 'BYTES',
    'cert-warn-days': 'DAYS',
    module: 'NAME',
    root: 'DIR',
    'implicit-port': 'PORT',
    'expect-file': 'PATH',
    'max-age': 'DURATION',
    'min-size': 'BYTES',
    'max-sessions': 'N',
  };
  return known[name] ?? 'FILE';
}

function describe(spec: OptionSpec): string {
  const extras: string[] = [];
  if (spec.choices) extras.push(`one of: ${spec.choices.join(', ')}`);
  if (spec.type === 'string' && spec.default !== undefined) extras.push(`default ${String(spec.default)}`);
  return [spec.describe, ...extras].join('; ');
}

/** Rows of a name and its description: two columns, or the description below a long name. */
function columns(rows: [string, string][], width: number): string[] {
  const nameWidth = Math.min(MAX_NAME_COLUMN, Math.max(...rows.map(([name]) => name.length)));
  const column = 2 + nameWidth + 2;
  const twoColumns = width - column >= 30;
  return rows.flatMap(([name, text]) => {
    if (!twoColumns) return [`  ${name}`, ...wrapParagraph(text, width, '      ', '      ')];
    const pad = ' '.repeat(column);
    if (name.length > nameWidth) return [`  ${name}`, ...wrapParagraph(text, width, pad, pad)];
    return wrapParagraph(text, width, `  ${name.padEnd(nameWidth)}  `, pad);
  });
}

const HELP_OPTIONS: [string, string][] = [
  ['-h, --help', 'show this help'],
  ['-V, --version', 'show the version'],
];

export function renderHelp(command: CommandName, width: number): string {
  const spec = COMMANDS[command];
  const lines = [`Usage: ftpcheck ${spec.usage}`, '', ...wrapParagraph(spec.summary, width, '', '')];
  if (command === 'check') {
    lines.push('', 'Commands:');
    lines.push(
      ...columns(
        SUBCOMMANDS.map((name) => [
          name,
          COMMANDS[name].summary.replace(/^./, (c) => c.toLowerCase()).replace(/\.$/, ''),
        ]),
        width,
      ),
    );
    lines.push(...wrapParagraph("'ftpcheck COMMAND --help' tells more about each.", width, '  ', '  '));
  }
  if (spec.positionals.length > 0) lines.push('', 'Arguments:', ...columns(spec.positionals, width));
  const options = Object.entries(spec.options).map(([name, o]): [string, string] => [optionName(name, o), describe(o)]);
  lines.push('', 'Options:', ...columns([...options, ...HELP_OPTIONS], width));
  lines.push('', 'Examples:');
  for (const [example, what] of spec.examples) {
    lines.push(...wrapParagraph(what, width, '  ', '  '), `    ${example}`);
  }
  if (command === 'check') {
    lines.push('');
    for (const paragraph of EPILOGUE) lines.push(...wrapParagraph(paragraph, width, '', ''));
  }
  return lines.join('\n');
}
