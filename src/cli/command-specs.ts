// Every command and its options, declared once: yargs parses from these tables, the help (help.ts) is
// rendered from them, and the command-line check (command-line.ts) knows from them which options exist
// and which take a value. Pure data, cheap to load.
import { CHECK_OPTIONS, type OptionSpec } from './check-options.js';

export interface CommandSpec {
  /** How the command is typed, after `ftpcheck`. */
  usage: string;
  /** One sentence: what it does. */
  summary: string;
  /** The positional arguments, each with what it is. */
  positionals: [string, string][];
  options: Readonly<Record<string, OptionSpec>>;
  /** A command line and what it does; each is shown whole on its own line. */
  examples: [string, string][];
}

export const SERVE_OPTIONS = {
  host: { type: 'string', default: '0.0.0.0', describe: 'address to listen on' },
  port: { type: 'string', default: '2121', describe: 'control port' },
  'pasv-range': {
    type: 'string',
    describe: 'passive ports MIN-MAX, the range your firewall opens (default: any free port from 10000 up)',
  },
  'pasv-address': { type: 'string', describe: 'public address to advertise in PASV replies' },
  root: { type: 'string', describe: 'directory to serve (default: a small sample tree)' },
  tls: { type: 'boolean', default: false, describe: 'also FTPS: AUTH TLS on the control port (explicit)' },
  'implicit-port': { type: 'string', describe: 'also implicit FTPS on this port (implies --tls)' },
  cert: { type: 'string', describe: 'PEM certificate for --tls (default: a self-signed one, made at start)' },
  key: { type: 'string', describe: "the certificate's PEM private key" },
} as const satisfies Record<string, OptionSpec>;

export const DEMO_OPTIONS = {
  json: { type: 'boolean', default: false, describe: 'print one JSON document (schema ftpcheck/1)' },
  jsonl: { type: 'boolean', default: false, describe: 'print the JSON report on one line' },
  format: CHECK_OPTIONS.format,
  report: { type: 'string', describe: 'also write a self-contained HTML report to this file' },
  verbose: { type: 'boolean', alias: 'v', default: false, describe: 'show the protocol transcript' },
  color: { type: 'boolean', default: true, describe: 'colour output (--no-color, or NO_COLOR=1, turns it off)' },
} as const satisfies Record<string, OptionSpec>;

export const EXPORTER_OPTIONS = {
  listen: {
    type: 'string',
    default: '127.0.0.1:9821',
    describe: 'address:port to listen on; beyond loopback it needs FTPCHECK_EXPORTER_TOKEN',
  },
  config: { type: 'string', describe: 'JSON file with modules, allowTargets and concurrency (see the README)' },
  auth: {
    type: 'boolean',
    default: true,
    describe: 'require the token; --no-auth listens beyond loopback without one (not advised)',
  },
} as const satisfies Record<string, OptionSpec>;

export const REFLECT_OPTIONS = {
  tls: { type: 'boolean', default: false, describe: 'also test active FTPS (AUTH TLS) after plain FTP' },
  json: { type: 'boolean', default: false, describe: 'print one JSON document (schema ftpcheck/1)' },
  report: { type: 'string', describe: 'also write a self-contained HTML report to this file' },
  verbose: { type: 'boolean', alias: 'v', default: false, describe: 'show the protocol transcript' },
  color: { type: 'boolean', default: true, describe: 'colour output (--no-color, or NO_COLOR=1, turns it off)' },
  timeout: { type: 'string', alias: 't', default: '5', describe: 'seconds to wait for each network step' },
  ca: { type: 'string', describe: "PEM file of a CA to trust for the reflector's certificate" },
  ipv4: { type: 'boolean', alias: '4', describe: 'use IPv4 only' },
  ipv6: { type: 'boolean', alias: '6', describe: 'use IPv6 only' },
} as const satisfies Record<string, OptionSpec>;

export const AGENT_OPTIONS = {
  listen: {
    type: 'string',
    default: '127.0.0.1:9821',
    describe: 'address:port to listen on; beyond loopback it needs FTPCHECK_AGENT_TOKEN',
  },
  config: {
    type: 'string',
    describe: 'JSON file: modules, allowTargets, concurrency, checksPerMinute (see the README)',
  },
  name: { type: 'string', describe: "this vantage's name in reports (default: the host name)" },
  auth: {
    type: 'boolean',
    default: true,
    describe: 'require the token; --no-auth listens beyond loopback without one (not advised)',
  },
  'trust-proxy': {
    type: 'string',
    array: true,
    describe:
      'the address of a reverse proxy in front (repeatable): its X-Forwarded-For names the caller, and the token and the private-target rules apply as beyond loopback',
  },
  reflector: {
    type: 'boolean',
    default: true,
    describe: 'run the reflector for `ftpcheck reflect`; --no-reflector turns it off',
  },
  'reflector-port': { type: 'string', describe: "the reflector's FTP port (default 2121)" },
  'reflector-host': { type: 'string', describe: "the reflector's address (default: the agent's --listen address)" },
  'reflector-cert': { type: 'string', describe: 'PEM certificate for AUTH TLS on the reflector' },
  'reflector-key': { type: 'string', describe: "the certificate's PEM private key" },
} as const satisfies Record<string, OptionSpec>;

export type CommandName = 'check' | 'serve' | 'demo' | 'explain' | 'exporter' | 'reflect' | 'agent' | 'guide';

export const COMMANDS: Record<CommandName, CommandSpec> = {
  check: {
    usage: '<target>... [options]',
    summary:
      'Finds out why FTP does not work between here and a server, and which firewall, router or NAT rule blocks it.',
    positionals: [
      ['<target>', 'host, host:port, "[ipv6]:port" or ftp://[user@]host[:port]; `ftpcheck HOST PORT` checks HOST:PORT'],
    ],
    options: CHECK_OPTIONS,
    examples: [
      ['ftpcheck ftp.example.com', 'check anonymous FTP, passive and active mode'],
      ['FTPCHECK_PASSWORD=… ftpcheck ftp://alice@ftp.example.com', 'check a user login'],
      ['ftpcheck 203.0.113.7:2121 --mode passive --timeout 3', 'a non-standard port, passive mode only'],
      ["ftpcheck '[2001:db8::21]:21' --json", 'IPv6 (quoted for zsh), one JSON document on stdout for monitoring'],
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
    ],
  },
  serve: {
    usage: 'serve [options]',
    summary:
      'Runs a read-only anonymous FTP server, to test port forwarding and firewalls before the real server is installed.',
    positionals: [],
    options: SERVE_OPTIONS,
    examples: [
      ['ftpcheck serve', 'listen on port 2121 of every address'],
      [
        'ftpcheck serve --pasv-range 50000-50010 --pasv-address 203.0.113.7',
        'behind NAT: the passive ports your router forwards, and its public address',
      ],
      ['ftpcheck serve --tls --implicit-port 9900', 'also explicit FTPS, and implicit FTPS on port 9900'],
    ],
  },
  demo: {
    usage: 'demo [options]',
    summary: 'Starts the built-in server on this machine and checks it.',
    positionals: [],
    options: DEMO_OPTIONS,
    examples: [['ftpcheck demo --verbose', 'the check with its protocol transcript']],
  },
  explain: {
    usage: 'explain [code | term | message]',
    summary:
      "What a finding code means, how to confirm it and how to fix it; a term of the glossary; the findings behind a client's error message. Without one, the list of codes.",
    positionals: [['[code | term | message]', 'a finding code, a term (or "glossary"), or a client\'s error message']],
    options: {},
    examples: [
      ['ftpcheck explain pasv-data-filtered', 'the article of one code'],
      ['ftpcheck explain glossary', 'the words ftpcheck uses, such as EPSV or hairpin NAT'],
      ["ftpcheck explain '425 Can't open data connection'", 'the findings behind what a client said'],
    ],
  },
  exporter: {
    usage: 'exporter [options]',
    summary: 'A Prometheus exporter: GET /probe?target=HOST[:PORT]&module=NAME runs one check and answers metrics.',
    positionals: [],
    options: EXPORTER_OPTIONS,
    examples: [['ftpcheck exporter --config exporter.json', 'on 127.0.0.1:9821, with the modules of a file']],
  },
  reflect: {
    usage: 'reflect <url> [options]',
    summary:
      "Active mode from behind this machine's router: an agent's reflector connects back, and says whether a router rewrote PORT.",
    positionals: [['<url>', 'the agent, e.g. https://agent.example.net']],
    options: REFLECT_OPTIONS,
    examples: [['ftpcheck reflect https://agent.example.net --tls', 'active FTP and active FTPS through your router']],
  },
  agent: {
    usage: 'agent [options]',
    summary:
      "A vantage for checks from elsewhere: POST /api/check, GET /api/whoami, and the exporter's /probe and /metrics.",
    positionals: [],
    options: AGENT_OPTIONS,
    examples: [
      ['FTPCHECK_AGENT_TOKEN=… ftpcheck agent --listen 0.0.0.0:9821', 'reachable from other machines, with a token'],
    ],
  },
  guide: {
    usage: 'guide',
    summary: 'The troubleshooting guide: from a symptom to the checks, codes and fixes.',
    positionals: [],
    options: {},
    examples: [['ftpcheck guide', 'the whole guide (through a pager on a terminal)']],
  },
};

export const SUBCOMMANDS: readonly Exclude<CommandName, 'check'>[] = [
  'serve',
  'demo',
  'explain',
  'exporter',
  'reflect',
  'agent',
  'guide',
];

export function isSubcommand(word: string): word is Exclude<CommandName, 'check'> {
  return (SUBCOMMANDS as readonly string[]).includes(word);
}

export const EPILOGUE = [
  'Exit codes: 0 ok, 1 degraded (a data mode fails or a warning), 2 failed, 3 ftpcheck could not run.',
  'The password comes from FTPCHECK_PASSWORD or --password-stdin; it never appears in any output.',
];
