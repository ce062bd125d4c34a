// The common case, `ftpcheck TARGET [options]`, parsed with node:util so that a check does not pay for
// loading yargs (about 45 ms here). Anything it does not fully understand — help, subcommands, unknown
// or repeated options, an empty value — returns undefined and goes to the slower path (command-line.ts,
// then yargs), which names the mistakes.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isSubcommand } from './command-specs.js';
import { CHECK_OPTIONS, type CheckArgs, type CheckOptionName, type RawValues, toCheckArgs } from './check-options.js';

const isOptionName = (name: string): name is CheckOptionName => Object.hasOwn(CHECK_OPTIONS, name);
const NAMES = Object.keys(CHECK_OPTIONS).filter(isOptionName);
const isBoolean = (name: string): name is CheckOptionName =>
  isOptionName(name) && CHECK_OPTIONS[name].type === 'boolean';

const CONFIG: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
  NAMES.map((name) => {
    const spec: { type: 'string' | 'boolean'; alias?: string } = CHECK_OPTIONS[name];
    return [name, spec.alias ? { type: spec.type, short: spec.alias } : { type: spec.type }];
  }),
);

export function fastCheckArgs(argv: string[]): CheckArgs | undefined {
  const negated: RawValues = {};
  const args: string[] = [];
  for (const arg of argv) {
    if (arg === '--') return undefined;
    const name = arg.startsWith('--no-') ? arg.slice(5) : '';
    if (isBoolean(name)) {
      negated[name] = false;
      continue;
    }
    args.push(arg);
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options: CONFIG, allowPositionals: true, strict: true, tokens: true });
  } catch {
    return undefined;
  }
  const { values, positionals, tokens } = parsed;
  // `--report=` or `--timeout ''`: an option without its value, which the slower path names.
  if (Object.values(values).includes('')) return undefined;
  const [first] = positionals;
  if (first === undefined || isSubcommand(first)) return undefined;
  // yargs turns a repeated option into an array; leave such command lines to it.
  const seen = tokens.filter((t) => t.kind === 'option').map((t) => t.name);
  if (new Set(seen).size !== seen.length) return undefined;
  if (seen.some((n) => isOptionName(n) && negated[n] !== undefined)) return undefined;
  return toCheckArgs(positionals, { ...values, ...negated });
}
