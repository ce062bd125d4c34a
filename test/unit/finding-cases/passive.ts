// The canned cases of the codes of the passive, middlebox and --audit area (index.ts
// spreads them into FINDING_CASES). They vary what a rule must not depend on: PASV or EPSV failing,
// refused or dropped, vsftpd's or ProFTPD's STAT, PORT or EPRT, X's or asterisks.
import assert from 'node:assert/strict';
import { stageReports } from '../../../src/diagnosis/assembly/stages.js';
import type { ConnectResult } from '../../../src/model/connections.js';
import type { LoginObservation, Observations, StatProbe } from '../../../src/model/observations.js';
import type { PassiveAttempt } from '../../../src/model/passive.js';
import type { Reply } from '../../../src/model/exchanges.js';
import type { Finding, FindingCode } from '../../../src/model/findings.js';
import { ranStage } from '../../../src/model/stage-report.js';
import type { CodeCases } from './index.js';
import { answered, CLIENT, connected, edited, healthy, passiveOf, reply, SERVER } from '../observations.js';
import { reflected } from '../reflect-observations.js';

type AreaCode = Extract<
  FindingCode,
  | 'pasv-epsv-differ'
  | 'client-public-address'
  | 'reply-masked-by-inspection'
  | 'pasv-low-port'
  | 'pasv-range-small'
  | 'port-bounce-allowed'
  | 'anonymous-allowed'
>;

/** The stage of the finding of this code. */
const stageOf = (findings: readonly Finding[], code: FindingCode) => findings.find((f) => f.code === code)?.stage;

/** The addresses the connect stage's line says the server saw this machine as. */
function connectSeenAs(o: Observations) {
  const line = ranStage(stageReports(o, []), 'connect');
  return line?.outcome === 'connected' ? line.seenAs : 'not connected';
}

const LISTED = {
  kind: 'complete',
  ms: 4,
  bytes: 129,
  truncated: false,
  final: reply(226, 'Directory send OK.'),
} as const;
const DROPPED: ConnectResult = { kind: 'timeout', ms: 2000 };
const REFUSED: ConnectResult = { kind: 'refused', ms: 1 };
const OPEN: ConnectResult = {
  kind: 'connected',
  ms: 1,
  local: { address: CLIENT, port: 40100 },
  remote: { address: SERVER, port: 50010 },
};

/** One more passive data connection of this command to this port, ending as given. */
export function attemptOf(
  command: 'PASV' | 'EPSV',
  port: number,
  data: ConnectResult,
  transfer: PassiveAttempt['transfer'] = data.kind === 'connected' ? LISTED : undefined,
): PassiveAttempt {
  const text =
    command === 'EPSV'
      ? `Entering Extended Passive Mode (|||${port}|)`
      : `Entering Passive Mode (198,18,2,2,${Math.floor(port / 256)},${port % 256})`;
  return {
    request: {
      command,
      exchange: { command, result: answered(command === 'EPSV' ? 229 : 227, text) },
      advertised: { address: command === 'PASV' ? SERVER : undefined, port },
    },
    dataTarget: { address: SERVER, port },
    data,
    dataTls: undefined,
    transfer,
  };
}

/** As apart(), but the EPSV before the stage's PASV named the same port, 50002, as servers may. */
function apartOnEpsvPort(stage: ConnectResult, attempts: PassiveAttempt[]): Observations {
  const o = apart(stage, attempts);
  const epsv = passiveOf(o).requests[0];
  if (epsv?.advertised) epsv.advertised = { address: undefined, port: 50002 };
  return o;
}

/** The healthy run whose passive stage (PASV, port 50002) ended as given and tested EPSV apart like this. */
export function apart(stage: ConnectResult, attempts: PassiveAttempt[], changes: Partial<Observations> = {}) {
  return edited((o) => {
    Object.assign(o, changes);
    const p = passiveOf(o);
    p.data = stage;
    p.transfer = stage.kind === 'connected' ? LISTED : undefined;
    p.apart = attempts;
  });
}

const stat = (text: string[], connection: StatProbe['connection'] = 'check', local = CLIENT): StatProbe => ({
  connection,
  local,
  exchange: { command: 'STAT', result: { kind: 'reply', ms: 2, reply: { code: 211, lines: text } } },
});

const VSFTPD_STAT = (address: string): string[] => [
  'FTP server status:',
  `     Connected to ${address}`,
  '     Logged in as ftp',
  '     TYPE: ASCII',
  'End of status',
];

/** The healthy run, from this local address, whose STATs answered like this. */
const viewed = (local: string, ...stats: StatProbe[]): Observations => ({
  ...healthy(),
  connect: connected(local, SERVER),
  // STAT on the check's own connection comes from this machine's address on it.
  serverView: { kind: 'ran', stats: stats.map((st) => (st.connection === 'check' ? { ...st, local } : st)) },
});

const withSyst = (r: Reply): Observations =>
  edited((o) => {
    if (o.login?.kind !== 'logged-in') return;
    o.login.exchanges = [{ command: 'SYST', result: { kind: 'reply', ms: 1, reply: r } }];
    o.login.system = r.lines.join(' ');
  });

const inferred = (ports: number[]): Observations => ({
  ...healthy(),
  sweep: {
    kind: 'ran',
    ms: 30,
    range: { min: Math.min(...ports), max: Math.max(...ports) },
    inferredFrom: ports,
    address: SERVER,
    classes: [],
  },
});

const audited = (changes: Partial<Observations> = {}): Observations => ({
  ...healthy(),
  posture: { audit: true, certWarnDays: 21 },
  ...changes,
});

const bounce = (command: string, result: Observations['bounce']): Observations =>
  audited({ bounce: result ?? { kind: 'not-run', reason: command } });

const bounced = (command: string, code: number, text: string, family: 4 | 6 = 4): Observations =>
  bounce(command, {
    kind: 'ran',
    connection: family === 4 ? 'check' : 'own',
    target: family === 4 ? { address: '192.0.2.1', port: 1025 } : { address: '2001:db8::1', port: 1025 },
    exchange: { command, result: answered(code, text) },
  });

/** A named user's audited run whose anonymous login on its own connection ended like this. */
const namedUser = (login: LoginObservation | undefined): Observations => {
  const o = audited({
    target: { host: SERVER, port: 21, user: 'alice' },
    anonymousLogin: login ? { kind: 'ran', login } : { kind: 'not-run', reason: 'could not connect again (refused)' },
  });
  if (o.login?.kind === 'logged-in') o.login.user = 'alice';
  return o;
};

const anonymousLoggedIn: LoginObservation = {
  kind: 'logged-in',
  ms: 4,
  user: 'anonymous',
  features: undefined,
  system: undefined,
  directory: '/',
  software: undefined,
  dataProtection: 'clear',
  exchanges: [
    { command: 'USER anonymous', result: answered(331, 'Please specify the password.') },
    { command: 'PASS ****', result: answered(230, 'Login successful.') },
  ],
};

export const PASSIVE_AREA_CASES: Record<AreaCode, CodeCases> = {
  'pasv-epsv-differ': {
    fires: [
      {
        name: "PASV lists, EPSV's port dropped twice (a firewall that reads only 227)",
        findings: ['pasv-epsv-differ:warning'],
        build: () => apart(OPEN, [attemptOf('EPSV', 50011, DROPPED), attemptOf('EPSV', 50017, DROPPED)]),
      },
      {
        name: "PASV's port refused twice, EPSV lists",
        findings: ['pasv-epsv-differ:warning'],
        build: () => apart(REFUSED, [attemptOf('EPSV', 50011, OPEN), attemptOf('PASV', 50004, REFUSED)]),
      },
      {
        name: 'PASV listed only on the port EPSV had named (a helper opened it for the 229); on ports of its own refused twice',
        findings: ['pasv-epsv-differ:warning'],
        build: () =>
          apartOnEpsvPort(OPEN, [
            attemptOf('EPSV', 50011, OPEN),
            attemptOf('PASV', 50004, REFUSED),
            attemptOf('PASV', 50006, REFUSED),
          ]),
      },
      {
        name: 'EPSV dropped once, then rejected with ICMP',
        findings: ['pasv-epsv-differ:warning'],
        build: () =>
          apart(OPEN, [
            attemptOf('EPSV', 50011, DROPPED),
            attemptOf('EPSV', 50012, { kind: 'unreachable', ms: 1, errno: 'EHOSTUNREACH' }),
          ]),
      },
    ],
    silent: [
      { name: 'not tested apart', findings: [], build: healthy },
      { name: 'both work', findings: [], build: () => apart(OPEN, [attemptOf('EPSV', 50011, OPEN)]) },
      {
        name: "PASV on EPSV's port, then on a port of its own: both listed",
        findings: [],
        build: () => apartOnEpsvPort(OPEN, [attemptOf('EPSV', 50011, OPEN), attemptOf('PASV', 50004, OPEN)]),
      },
      {
        name: "EPSV's port failed once, then worked (the port, not the command)",
        findings: [],
        build: () => apart(OPEN, [attemptOf('EPSV', 50011, DROPPED), attemptOf('EPSV', 50003, OPEN)]),
      },
      {
        name: "PASV's port dropped, EPSV listed, PASV listed on another port",
        findings: ['pasv-data-filtered:error'],
        build: () => apart(DROPPED, [attemptOf('EPSV', 50003, OPEN), attemptOf('PASV', 50004, OPEN)]),
      },
      {
        name: 'both dropped',
        findings: ['pasv-data-filtered:error'],
        build: () => apart(DROPPED, [attemptOf('EPSV', 50011, DROPPED)]),
      },
      {
        name: "PASV's listing refused with 425 after connecting, EPSV listed",
        findings: ['data-transfer-stalled:error'],
        build: () =>
          edited((o) => {
            const p = passiveOf(o);
            p.transfer = { kind: 'rejected', ms: 2, reply: reply(425, 'Security: Bad IP connecting.'), bytes: 0 };
            p.apart = [attemptOf('EPSV', 50011, OPEN)];
          }),
      },
      {
        name: 'a sweep found the range partly blocked',
        findings: ['pasv-range-partly-blocked:warning'],
        build: () =>
          apart(OPEN, [attemptOf('EPSV', 50011, DROPPED), attemptOf('EPSV', 50017, DROPPED)], {
            sweep: {
              kind: 'ran',
              ms: 30,
              range: { min: 50000, max: 50019 },
              inferredFrom: undefined,
              address: SERVER,
              classes: [...Array<'closed'>(10).fill('closed'), ...Array<'filtered'>(10).fill('filtered')],
            },
          }),
      },
    ],
  },
  'client-public-address': {
    fires: [
      {
        name: "vsftpd's STAT behind NAT",
        findings: ['client-behind-nat:info', 'client-public-address:info'],
        build: () => viewed('192.168.1.2', stat(VSFTPD_STAT('198.18.0.1'))),
      },
      {
        name: "ProFTPD's STAT (Connected from), a public client translated again",
        findings: ['client-public-address:info'],
        build: () =>
          viewed(CLIENT, stat(['Status of ProFTPD', ' Connected from 203.0.113.5 (203.0.113.5)', 'End of status'])),
      },
      {
        name: 'another address on a second connection',
        findings: ['client-public-address:warning', 'client-behind-nat:info'],
        also: (_, o) =>
          assert.deepEqual(connectSeenAs(o), [
            { address: '198.18.0.1', connection: 'check', said: 'STAT' },
            { address: '198.18.0.3', connection: 'second', said: 'STAT' },
          ]),
        build: () =>
          viewed(
            '192.168.1.2',
            stat(VSFTPD_STAT('198.18.0.1')),
            stat(VSFTPD_STAT('198.18.0.3'), 'second', '192.168.1.2'),
          ),
      },
      {
        name: 'a carrier-grade NAT address of this machine',
        findings: ['client-behind-nat:info', 'client-public-address:info'],
        also: (findings) =>
          assert.match(
            findings.find((f) => f.code === 'client-public-address')?.evidence ?? '',
            /This machine's address 100\.72\.3\.4 is in the carrier-grade NAT range/,
          ),
        build: () => viewed('100.72.3.4', stat(VSFTPD_STAT('203.0.113.5'))),
      },
      {
        name: "the reflector's view of the control connection, behind NAT",
        findings: ['client-behind-nat:info', 'client-public-address:info'],
        build: () => reflected({ local: '192.168.1.2', peer: '203.0.113.9' }),
      },
      {
        name: 'the reflector sees a carrier-grade NAT address (the provider NATs again)',
        findings: ['client-behind-nat:info', 'client-public-address:info'],
        build: () => reflected({ local: '192.168.1.2', peer: '100.80.1.2' }),
      },
      {
        name: 'the greeting names it',
        findings: ['client-behind-nat:info', 'client-public-address:info'],
        build: () => ({
          ...healthy(),
          connect: connected('10.1.2.3', SERVER),
          greeting: {
            kind: 'greeted',
            ms: 2,
            reply: reply(220, 'Hello, your IP is 203.0.113.9.'),
            software: undefined,
          },
        }),
      },
    ],
    silent: [
      { name: 'no STAT asked', findings: [], build: healthy },
      { name: 'the reflector sees our own address', findings: [], build: () => reflected() },
      { name: 'STAT names our own address', findings: [], build: () => viewed(CLIENT, stat(VSFTPD_STAT(CLIENT))) },
      {
        name: "STAT names the server's own address",
        findings: [],
        build: () => viewed(CLIENT, stat(VSFTPD_STAT(SERVER))),
      },
      {
        name: 'STAT not implemented',
        findings: [],
        build: () => ({
          ...healthy(),
          serverView: {
            kind: 'ran',
            stats: [
              { connection: 'check', local: CLIENT, exchange: { command: 'STAT', result: answered(502, 'No.') } },
            ],
          },
        }),
      },
    ],
  },
  'reply-masked-by-inspection': {
    fires: [
      {
        name: "SYST masked with X's (Cisco ASA)",
        findings: ['reply-masked-by-inspection:info'],
        also: (findings) => assert.equal(stageOf(findings, 'reply-masked-by-inspection'), 'login'),
        build: () => withSyst(reply(215, 'XXXXXXXXXXXXXXXXXXXXXXXX')),
      },
      {
        name: 'the greeting masked with asterisks',
        findings: ['reply-masked-by-inspection:info'],
        also: (findings) => assert.equal(stageOf(findings, 'reply-masked-by-inspection'), 'greeting'),
        build: () => ({
          ...healthy(),
          greeting: { kind: 'greeted', ms: 2, reply: reply(220, '*************************'), software: undefined },
        }),
      },
    ],
    silent: [
      { name: 'an ordinary SYST', findings: [], build: () => withSyst(reply(215, 'UNIX Type: L8')) },
      { name: 'a short X in a reply', findings: [], build: () => withSyst(reply(215, 'XXX')) },
      { name: 'a healthy run', findings: [], build: healthy },
    ],
  },
  'pasv-low-port': {
    fires: [
      {
        name: 'PASV names port 21',
        findings: ['pasv-low-port:warning'],
        build: () =>
          edited((o) => {
            const p = passiveOf(o);
            const low = attemptOf('PASV', 21, REFUSED).request;
            p.requests = [...p.requests.slice(0, 1), low];
            p.used = low;
            p.dataTarget = { address: SERVER, port: 21 };
          }),
      },
      {
        name: 'EPSV tested apart names port 990',
        findings: ['pasv-epsv-differ:warning', 'pasv-low-port:warning'],
        build: () => apart(OPEN, [attemptOf('EPSV', 990, DROPPED), attemptOf('EPSV', 991, DROPPED)]),
      },
    ],
    silent: [
      { name: 'port 1024', findings: [], build: () => apart(OPEN, [attemptOf('EPSV', 1024, OPEN)]) },
      { name: 'a healthy run', findings: [], build: healthy },
    ],
  },
  'pasv-range-small': {
    fires: [
      {
        name: 'ten samples from four ports',
        findings: ['pasv-range-small:info'],
        build: () => inferred([50002, 50000, 50003, 50002, 50001, 50000, 50003, 50001, 50002, 50000]),
      },
      {
        name: 'ten samples from two ports',
        findings: ['pasv-range-small:info'],
        build: () => inferred([2121, 2122, 2122, 2121, 2121, 2122, 2121, 2122, 2121, 2121]),
      },
    ],
    silent: [
      {
        name: 'random ports of a large range',
        findings: [],
        build: () => inferred([50817, 50012, 50444, 50990, 50231, 50777, 50090, 50512, 50333, 50600]),
      },
      {
        name: 'new ports in order',
        findings: [],
        build: () => inferred([50000, 50001, 50002, 50003, 50004, 50005, 50006]),
      },
      { name: 'always the same port', findings: [], build: () => inferred([50000, 50000, 50000, 50000, 50000]) },
      { name: 'no sweep', findings: [], build: healthy },
    ],
  },
  'port-bounce-allowed': {
    fires: [
      {
        name: 'PORT to 192.0.2.1 accepted (vsftpd port_promiscuous=YES)',
        findings: ['port-bounce-allowed:warning', 'anonymous-allowed:info'],
        verdict: 'degraded',
        also: (findings, o) => {
          // The warning comes before the information.
          assert.deepEqual(
            findings.map((f) => f.code),
            ['port-bounce-allowed', 'anonymous-allowed'],
          );
          const line = ranStage(stageReports(o, [...findings]), 'login');
          assert.deepEqual(line?.outcome === 'logged-in' && line.bounce, {
            outcome: 'accepted',
            command: 'PORT 192,0,2,1,4,1',
            detail: '"200 PORT command successful. Consider using PASV."',
          });
        },
        build: () => bounced('PORT 192,0,2,1,4,1', 200, 'PORT command successful. Consider using PASV.'),
      },
      {
        name: 'EPRT to 2001:db8::1 accepted on a connection of its own',
        findings: ['port-bounce-allowed:warning', 'anonymous-allowed:info'],
        build: () => bounced('EPRT |2|2001:db8::1|1025|', 200, 'EPRT command successful.', 6),
      },
    ],
    silent: [
      {
        name: 'refused (vsftpd)',
        findings: ['anonymous-allowed:info'],
        build: () => bounced('PORT 192,0,2,1,4,1', 500, 'Illegal PORT command.'),
      },
      {
        name: 'refused (ftp-srv)',
        findings: ['anonymous-allowed:info'],
        build: () => bounced('PORT 192,0,2,1,4,1', 500, 'The given address is not yours'),
      },
      {
        name: 'not run',
        findings: ['anonymous-allowed:info'],
        build: () => bounce('could not connect again (refused)', undefined),
      },
      { name: 'no --audit', findings: [], build: healthy },
    ],
  },
  'anonymous-allowed': {
    fires: [
      {
        name: 'the check logged in anonymously, with --audit',
        findings: ['anonymous-allowed:info'],
        verdict: 'ok',
        build: () => audited(),
      },
      {
        name: 'a named user, and an anonymous login worked too',
        findings: ['anonymous-allowed:warning'],
        verdict: 'degraded',
        also: (findings, o) => {
          const line = ranStage(stageReports(o, [...findings]), 'login');
          assert.equal(line?.status, 'warn');
          assert.deepEqual(line.outcome === 'logged-in' && line.anonymousLogin, {
            outcome: 'logged-in',
            command: 'USER anonymous',
            detail: 'logged in',
          });
        },
        build: () => namedUser(anonymousLoggedIn),
      },
    ],
    silent: [
      { name: 'anonymous without --audit', findings: [], build: healthy },
      {
        name: 'a named user; anonymous refused',
        findings: [],
        build: () =>
          namedUser({
            kind: 'refused',
            ms: 3000,
            user: 'anonymous',
            command: 'PASS',
            reply: reply(530, 'Login incorrect.'),
            tlsRequired: false,
            exchanges: [],
          }),
      },
      { name: 'a named user; the anonymous check could not connect', findings: [], build: () => namedUser(undefined) },
    ],
  },
};
