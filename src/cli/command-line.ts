// The command line read against command-specs.ts before yargs sees it: which command, whether help
// was asked for, and the mistakes people make, each told in one line that says what to type instead —
// an unknown option gets the closest known one, an option that needs a value and has none is named.
// Pure: errors are UsageError.
import { UsageError } from '../settings/usage-error.js';
import type { OptionSpec } from './check-options.js';
import { COMMANDS, type CommandName, isSubcommand } from './command-specs.js';

/** Options people type from other tools, and what ftpcheck calls them. */
const HABITS: Record<string, string> = {
  passive: '--mode passive',
  pasv: '--mode passive',
  epsv: '--mode passive',
  active: '--mode active',
  password: 'FTPCHECK_PASSWORD=… in the environment, or --password-stdin',
  pass: 'FTPCHECK_PASSWORD=… in the environment, or --password-stdin',
  ssl: '--tls (explicit FTPS), or an ftps:// target (implicit FTPS)',
  ftps: '--tls (explicit FTPS), or an ftps:// target (implicit FTPS)',
  implicit: 'an ftps://HOST target (implicit FTPS, port 990)',
  explicit: '--tls',
  quiet: '--json or --format nagios for terse output',
  debug: '--verbose',
};

/** Options from other tools that ftpcheck needs none for, and why. */
const NEEDLESS: Record<string, string> = {
  sftp: 'SFTP is SSH, a different protocol from FTP; `ftpcheck HOST:22` tells whether SSH answers there',
  insecure: 'certificate problems are warnings already (--tls-strict makes them errors)',
  'no-verify': 'certificate problems are warnings already (--tls-strict makes them errors)',
};

const ALWAYS: Record<string, OptionSpec> = {
  help: { type: 'boolean', alias: 'h', describe: 'show this help' },
  version: { type: 'boolean', alias: 'V', describe: 'show the version' },
};

export type Reading = { kind: 'help'; command: CommandName } | { kind: 'parse'; command: CommandName };

/** Which command, help or not; throws a UsageError for an unknown option or a missing value. */
export function readCommandLine(argv: string[]): Reading {
  const command = commandOf(argv);
  const options: Record<string, OptionSpec> = { ...COMMANDS[command].options, ...ALWAYS };
  const byAlias = new Map(Object.entries(options).flatMap(([name, o]) => (o.alias ? [[o.alias, name]] : [])));
  const errors: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-' || /^-\d+(\.\d+)?$/.test(arg)) continue;
    const names = arg.startsWith('--') ? [longName(arg, options)] : Array.from(arg.slice(1).split('=')[0] ?? '');
    for (const [k, typed] of names.entries()) {
      const name = arg.startsWith('--') ? typed : byAlias.get(typed);
      if (name === undefined || !Object.hasOwn(options, name)) {
        errors.push(unknownOption(arg.startsWith('--') ? `--${typed}` : `-${typed}`, options, command));
        continue;
      }
      if (name === 'help') help = true;
      const spec = options[name];
      if (spec?.type !== 'string') continue;
      // Only the last letter of a bundle like -4t can take the next word as its value.
      if (k !== names.length - 1) continue;
      const inline = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined;
      if (inline !== undefined) {
        if (inline === '') errors.push(missingValue(name, spec));
        continue;
      }
      const next = argv[i + 1];
      if (next === undefined || next === '' || (next.startsWith('-') && next !== '-' && !/^-\d+(\.\d+)?$/.test(next))) {
        errors.push(missingValue(name, spec));
      } else {
        i++;
      }
    }
  }
  if (help) return { kind: 'help', command };
  const [first] = errors;
  if (first !== undefined) throw new UsageError(first);
  return { kind: 'parse', command };
}

/** The option's name without dashes, `=value` or a `no-` that negates a known boolean. */
function longName(arg: string, options: Record<string, OptionSpec>): string {
  const name = arg.slice(2).split('=')[0] ?? '';
  const positive = name.startsWith('no-') ? name.slice(3) : '';
  return options[positive]?.type === 'boolean' ? positive : name;
}

/** The first word that is not an option or an option's value names the command; none is a check. */
export function commandOf(argv: string[]): CommandName {
  const checkOptions = COMMANDS.check.options;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') return 'check';
    if (!arg.startsWith('-')) return isSubcommand(arg) ? arg : 'check';
    const spec = arg.startsWith('--')
      ? checkOptions[arg.slice(2)]
      : Object.values(checkOptions).find((o) => o.alias === arg.slice(1));
    if (spec?.type === 'string' && !arg.includes('=')) i++;
  }
  return 'check';
}

function missingValue(name: string, spec: OptionSpec): string {
  const values = spec.choices ?? spec.values;
  const choices = values ? ` (${values.join(', ')})` : '';
  return `--${name} needs a value${choices}: write --${name} VALUE`;
}

function unknownOption(typed: string, options: Record<string, OptionSpec>, command: CommandName): string {
  const bare = typed.replace(/^-+/, '');
  const where = command === 'check' ? '' : ` for 'ftpcheck ${command}'`;
  const needless = NEEDLESS[bare.toLowerCase()];
  if (needless !== undefined) return `unknown option ${typed}${where}: ${needless}`;
  const habit = HABITS[bare.toLowerCase()];
  if (habit !== undefined && !Object.hasOwn(options, bare))
    return `unknown option ${typed}${where}: did you mean ${habit}?`;
  const names = Object.keys(options);
  const starting = names.filter((name) => bare.length >= 3 && name.startsWith(bare));
  const nearest = starting.length === 1 ? starting[0] : closest(bare, names);
  return nearest === undefined
    ? `unknown option ${typed}${where}`
    : `unknown option ${typed}${where}: did you mean --${nearest}?`;
}

/** The known name within a few typing mistakes of `typed`, if one is clearly closest. */
export function closest(typed: string, names: string[]): string | undefined {
  const scored = names.map((name) => ({ name, d: editDistance(typed.toLowerCase(), name) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  if (best === undefined) return undefined;
  const allowed = Math.max(1, Math.floor(Math.max(typed.length, best.name.length) / 3));
  return best.d <= allowed ? best.name : undefined;
}

/** Levenshtein distance, with a swap of two neighbours counted as one mistake ("tiemout"). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i];
      if (row === undefined) continue;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** yargs's own words for a wrong count of arguments, said in the command's terms. */
export function positionalMistake(message: string, argv: string[]): string | undefined {
  const command = commandOf(argv);
  const usage = `usage: ftpcheck ${COMMANDS[command].usage}`;
  const extra = /^Unknown arguments?: (.*)$/.exec(message)?.[1];
  if (extra !== undefined) return `unexpected argument${extra.includes(',') ? 's' : ''} ${extra} (${usage})`;
  if (message.startsWith('Not enough non-option arguments')) {
    const [name, what] = COMMANDS[command].positionals[0] ?? ['an argument', ''];
    return `ftpcheck ${command} needs ${name}: ${what} (${usage})`;
  }
  return undefined;
}
