// The command line, declared with yargs and turned into one typed command. No I/O here: help text and
// errors come back as values so the caller decides where they go. yargs itself is passed in: it loads
// only when the fast path (fast-args.ts) leaves the command line to it.
import type yargs from 'yargs';
import type { ServeOptions } from '../server/serve.js';
import { CHECK_OPTIONS, type CheckArgs, toCheckArgs } from './check-options.js';
import { parsePort } from '../settings/target.js';
import { UsageError } from '../settings/usage-error.js';
import type { ReflectArgs } from './commands/reflect.js';

export interface ServeArgs extends ServeOptions {
  kind: 'serve';
}

export interface DemoArgs {
  kind: 'demo';
  report: string | undefined;
  json: boolean;
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

const EXAMPLES: [string, string][] = [
  ['ftpcheck ftp.example.com', 'check anonymous FTP, passive and active mode'],
  ['FTPCHECK_PASSWORD=… ftpcheck ftp://alice@ftp.example.com', 'check a user login'],
  ['ftpcheck 203.0.113.7:2121 --mode passive --timeout 3', 'a non-standard port, passive mode only'],
  ['ftpcheck [2001:db8::21]:21 --json', 'IPv6, one JSON document on stdout for monitoring'],
  [
    'ftpcheck serve --pasv-range 50000-50010 --pasv-address 203.0.113.7',
    'a test FTP server to check port forwarding from outside',
  ],
  [
    'ftpcheck ftp.example.com --from here --from https://agent.example.net',
    'check from this machine and from an agent elsewhere, and compare',
  ],
  ['ftpcheck --from https://agent.example.net --me', 'the agent checks your own public address (port checker)'],
  ['ftpcheck demo', 'run a full check against a built-in server on this machine'],
  ['ftpcheck explain pasv-data-filtered', 'what a finding means and how to fix it'],
];

const EPILOGUE = [
  'Exit codes: 0 ok, 1 degraded (a data mode fails or a warning), 2 failed, 3 ftpcheck could not run.',
  'The password comes from FTPCHECK_PASSWORD or --password-stdin; it never appears in any output.',
].join('\n');

export function parseArgs(makeParser: typeof yargs, argv: string[], version: string, width: number): Command {
  let command: Command | undefined;
  const parser = makeParser(argv)
    .scriptName('ftpcheck')
    .usage(
      [
        'Usage: ftpcheck <target> [options]',
        '',
        'Finds out why FTP does not work between here and a server, and which firewall, router or NAT rule blocks it.',
        '<target> is host, host:port, [ipv6]:port or ftp://[user@]host[:port].',
      ].join('\n'),
    )
    .command(
      '$0 [target..]',
      'check FTP to one or more servers, stage by stage',
      (y) =>
        y
          .positional('target', { type: 'string', array: true, describe: 'the FTP server(s)' })
          .options(CHECK_OPTIONS)
          .conflicts('ipv4', 'ipv6'),
      (a) => {
        const targets = (a.target ?? []).map(String);
        if (targets.length === 0 && a.targets === undefined && !a.me)
          throw new UsageError('missing target: give a host name, an address or an ftp:// URL (or --targets FILE)');
        command = toCheckArgs(targets, a);
      },
    )
    .command(
      'serve',
      'run a read-only anonymous FTP server, to test port forwarding and firewalls before the real server is installed',
      (y) =>
        y
          .option('host', { type: 'string', default: '0.0.0.0', describe: 'address to listen on' })
          .option('port', { type: 'string', default: '2121', describe: 'control port' })
          .option('pasv-range', {
            type: 'string',
            describe: 'passive ports MIN-MAX, the range your firewall opens (default: any free port from 10000 up)',
          })
          .option('pasv-address', { type: 'string', describe: 'public address to advertise in PASV replies' })
          .option('root', { type: 'string', describe: 'directory to serve (default: a small sample tree)' })
          .option('tls', {
            type: 'boolean',
            default: false,
            describe: 'also FTPS: AUTH TLS on the control port (explicit)',
          })
          .option('implicit-port', { type: 'string', describe: 'also implicit FTPS on this port (implies --tls)' })
          .option('cert', {
            type: 'string',
            describe: 'PEM certificate for --tls (default: a self-signed one, made at start)',
          })
          .option('key', { type: 'string', describe: "the certificate's PEM private key" }),
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
      'start the built-in server on this machine and check it',
      (y) =>
        y
          .option('json', { type: 'boolean', default: false })
          .option('report', { type: 'string', describe: 'also write an HTML report to this file' })
          .option('verbose', { alias: 'v', type: 'boolean', default: false })
          .option('color', { type: 'boolean', default: true }),
      (a) => {
        command = { kind: 'demo', report: a.report, json: a.json, verbose: a.verbose, color: a.color };
      },
    )
    .command(
      'explain [code..]',
      "what a finding code means and how to fix it; also a term (explain glossary) or a client's error message",
      (y) =>
        y.positional('code', {
          type: 'string',
          array: true,
          describe: 'a finding code (pasv-data-filtered), a term (EPSV), or an error message in quotes',
        }),
      (a) => {
        // An error message pasted without quotes arrives as several words: they are one question.
        const words = (a.code ?? []).map(String);
        command = { kind: 'explain', code: words.length === 0 ? undefined : words.join(' ') };
      },
    )
    .command(
      'exporter',
      'a Prometheus exporter: GET /probe?target=HOST[:PORT]&module=NAME runs one check and answers metrics',
      (y) =>
        y
          .option('listen', {
            type: 'string',
            default: '127.0.0.1:9821',
            describe: 'address:port to listen on; beyond loopback it needs FTPCHECK_EXPORTER_TOKEN',
          })
          .option('config', {
            type: 'string',
            describe: 'JSON file with modules, allowTargets and concurrency (see the README)',
          })
          .option('auth', {
            type: 'boolean',
            default: true,
            describe: 'require the token; --no-auth listens beyond loopback without one (not advised)',
          }),
      (a) => {
        command = { kind: 'exporter', listen: a.listen, config: a.config, auth: a.auth };
      },
    )
    .command(
      'reflect <url>',
      "active mode from behind this machine's router: an agent's reflector connects back, and says whether a router rewrote PORT",
      (y) =>
        y
          .positional('url', {
            type: 'string',
            demandOption: true,
            describe: 'the agent, e.g. https://agent.example.net',
          })
          .option('tls', {
            type: 'boolean',
            default: false,
            describe: 'also test active FTPS (AUTH TLS) after plain FTP',
          })
          .option('json', { type: 'boolean', default: false, describe: 'one JSON document (schema ftpcheck/1)' })
          .option('report', { type: 'string', describe: 'also write an HTML report to this file' })
          .option('verbose', { alias: 'v', type: 'boolean', default: false })
          .option('color', { type: 'boolean', default: true })
          .option('timeout', {
            alias: 't',
            type: 'string',
            default: '5',
            describe: 'seconds to wait for each network step',
          })
          .option('ca', { type: 'string', describe: "PEM file of a CA to trust for the reflector's certificate" })
          .option('ipv4', { alias: '4', type: 'boolean', describe: 'IPv4 only' })
          .option('ipv6', { alias: '6', type: 'boolean', describe: 'IPv6 only' })
          .conflicts('ipv4', 'ipv6'),
      (a) => {
        const timeout = Number(a.timeout);
        if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 300)
          throw new UsageError(`invalid --timeout "${a.timeout}": seconds, more than 0 and at most 300`);
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
      "a vantage for checks from elsewhere: POST /api/check, GET /api/whoami, and the exporter's /probe and /metrics",
      (y) =>
        y
          .option('listen', {
            type: 'string',
            default: '127.0.0.1:9821',
            describe: 'address:port to listen on; beyond loopback it needs FTPCHECK_AGENT_TOKEN',
          })
          .option('config', {
            type: 'string',
            describe: 'JSON file: modules, allowTargets, concurrency, checksPerMinute (see the README)',
          })
          .option('name', { type: 'string', describe: "this vantage's name in reports (default: the host name)" })
          .option('auth', {
            type: 'boolean',
            default: true,
            describe: 'require the token; --no-auth listens beyond loopback without one (not advised)',
          })
          .option('trust-proxy', {
            type: 'string',
            array: true,
            describe:
              'the address of a reverse proxy in front (repeatable): its X-Forwarded-For names the caller, and the token and the private-target rules apply as beyond loopback',
          })
          .option('reflector', {
            type: 'boolean',
            default: true,
            describe: 'run the reflector for `ftpcheck reflect`; --no-reflector turns it off',
          })
          .option('reflector-port', { type: 'string', describe: "the reflector's FTP port (default 2121)" })
          .option('reflector-host', {
            type: 'string',
            describe: "the reflector's address (default: the agent's --listen address)",
          })
          .option('reflector-cert', { type: 'string', describe: 'PEM certificate for AUTH TLS on the reflector' })
          .option('reflector-key', { type: 'string', describe: "the certificate's PEM private key" }),
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
    .command('guide', 'the troubleshooting guide: from a symptom to the checks, codes and fixes', {}, () => {
      command = { kind: 'guide' };
    })
    .example(EXAMPLES)
    .epilogue(EPILOGUE)
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
      throw new UsageError(message ?? error?.message ?? 'invalid arguments');
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
