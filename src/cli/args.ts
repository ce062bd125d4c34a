// The command line, parsed by yargs from the tables of command-specs.ts and turned into one typed
// command. No I/O here: errors come back as values so the caller decides where they go; help never
// reaches yargs (help.ts renders it from the same tables). yargs itself is passed in: it loads
// only when the fast path (fast-args.ts) leaves the command line to it.
import type yargs from 'yargs';
import type { ServeOptions } from '../server/serve.js';
import { CHECK_OPTIONS, type CheckArgs, type Format, formatOf, toCheckArgs } from './check-options.js';
import {
  AGENT_OPTIONS,
  COMMANDS,
  DEMO_OPTIONS,
  EXPORTER_OPTIONS,
  REFLECT_OPTIONS,
  SERVE_OPTIONS,
} from './command-specs.js';
import { positionalMistake } from './command-line.js';
import { type Caps, fromText } from '../settings/check-schema.js';
import { parsePort } from '../settings/target.js';
import { UsageError } from '../settings/usage-error.js';
import type { ReflectArgs } from './commands/reflect.js';

export interface ServeArgs extends ServeOptions {
  kind: 'serve';
}

export interface DemoArgs {
  kind: 'demo';
  report: string | undefined;
  format: Format;
  verbose: boolean;
  color: boolean;
}

export interface AgentArgs {
  kind: 'agent';
  listen: string;
  config: string | undefined;
  /** The vantage's name in reports; undefined: this machine's host name. */
  name: string | undefined;
  /** false with --no-auth: listen beyond loopback without a token, knowingly. */
  auth: boolean;
  /** --trust-proxy: the reverse proxies whose X-Forwarded-For names the caller. */
  trustProxy: string[];
  /** The reflector for `ftpcheck reflect`; undefined with --no-reflector. */
  reflector: ReflectorArgs | undefined;
}

export interface ReflectorArgs {
  /** undefined: the default port (2121), which the agent does without when it is taken. */
  port: number | undefined;
  host: string | undefined;
  cert: string | undefined;
  key: string | undefined;
}

/** `ftpcheck reflect` waits for one step at most 5 minutes: the reflector keeps a session one minute. */
const REFLECT_CAPS: Caps = { limits: { timeout: 300 }, where: 'for ftpcheck reflect' };

export type Command =
  | CheckArgs
  | ServeArgs
  | DemoArgs
  | { kind: 'exporter'; listen: string; config: string | undefined; auth: boolean }
  | AgentArgs
  | { kind: 'explain'; code: string | undefined }
  | { kind: 'guide' }
  | ReflectArgs
  | { kind: 'help'; text: string };

export function parseArgs(makeParser: typeof yargs, argv: string[], version: string, width: number): Command {
  let command: Command | undefined;
  const parser = makeParser(argv)
    .scriptName('ftpcheck')
    .command(
      '$0 [target..]',
      COMMANDS.check.summary,
      (y) => y.positional('target', { type: 'string', array: true }).options(CHECK_OPTIONS).conflicts('ipv4', 'ipv6'),
      (a) => {
        const targets = (a.target ?? []).map(String);
        if (targets.length === 0 && a.targets === undefined && !a.me)
          throw new UsageError('missing target: give a host name, an address or an ftp:// URL (or --targets FILE)');
        command = toCheckArgs(targets, a);
      },
    )
    .command(
      'serve',
      COMMANDS.serve.summary,
      (y) => y.options(SERVE_OPTIONS),
      (a) => {
        command = {
          kind: 'serve',
          host: a.host,
          port: parsePort(a.port),
          pasvRange: a['pasv-range'],
          pasvAddress: a['pasv-address'],
          root: a.root,
          tls: a.tls,
          implicitPort: a['implicit-port'] === undefined ? undefined : parsePort(a['implicit-port']),
          cert: a.cert,
          key: a.key,
        };
      },
    )
    .command(
      'demo',
      COMMANDS.demo.summary,
      (y) => y.options(DEMO_OPTIONS),
      (a) => {
        command = { kind: 'demo', report: a.report, format: formatOf(a), verbose: a.verbose, color: a.color };
      },
    )
    .command(
      'explain [code..]',
      COMMANDS.explain.summary,
      (y) => y.positional('code', { type: 'string', array: true }),
      (a) => {
        // An error message pasted without quotes arrives as several words: they are one question.
        const words = (a.code ?? []).map(String);
        command = { kind: 'explain', code: words.length === 0 ? undefined : words.join(' ') };
      },
    )
    .command(
      'exporter',
      COMMANDS.exporter.summary,
      (y) => y.options(EXPORTER_OPTIONS),
      (a) => {
        command = { kind: 'exporter', listen: a.listen, config: a.config, auth: a.auth };
      },
    )
    .command(
      'reflect <url>',
      COMMANDS.reflect.summary,
      (y) =>
        y.positional('url', { type: 'string', demandOption: true }).options(REFLECT_OPTIONS).conflicts('ipv4', 'ipv6'),
      (a) => {
        const timeout = fromText('timeout', a.timeout, '--timeout', REFLECT_CAPS);
        command = {
          kind: 'reflect',
          url: a.url,
          tls: a.tls,
          json: a.json,
          report: a.report,
          verbose: a.verbose,
          color: a.color,
          timeout,
          ca: a.ca,
          family: a.ipv4 ? 4 : a.ipv6 ? 6 : undefined,
        };
      },
    )
    .command(
      'agent',
      COMMANDS.agent.summary,
      (y) => y.options(AGENT_OPTIONS),
      (a) => {
        if ((a['reflector-cert'] === undefined) !== (a['reflector-key'] === undefined))
          throw new UsageError('--reflector-cert and --reflector-key go together');
        command = {
          kind: 'agent',
          listen: a.listen,
          config: a.config,
          name: a.name,
          auth: a.auth,
          trustProxy: (a['trust-proxy'] ?? []).map(String),
          reflector: a.reflector
            ? {
                port: a['reflector-port'] === undefined ? undefined : parsePort(a['reflector-port']),
                host: a['reflector-host'],
                cert: a['reflector-cert'],
                key: a['reflector-key'],
              }
            : undefined,
        };
      },
    )
    .command('guide', COMMANDS.guide.summary, {}, () => {
      command = { kind: 'guide' };
    })
    .version(version)
    .help()
    .alias('help', 'h')
    .alias('version', 'V')
    .strict()
    .wrap(Math.min(width, 110))
    .exitProcess(false)
    .fail((message, error) => {
      if (error instanceof UsageError) throw error;
      // @types/yargs types both as present; yargs passes a null message with an error, and no error with a message.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a gap in @types/yargs (above)
      const text = message ?? error?.message ?? 'invalid arguments';
      throw new UsageError(positionalMistake(text, argv) ?? text);
    });

  let output = '';
  parser.parseSync(argv, {}, (err, _argv, text) => {
    if (err) throw err instanceof UsageError ? err : new UsageError(err.message);
    output = text;
  });
  if (command) return command;
  if (output) return { kind: 'help', text: output };
  throw new UsageError('nothing to do');
}
