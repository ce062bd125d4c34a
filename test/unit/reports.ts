// Reports built by hand, typed, for renderer tests: a renamed field of the report, a stage's evidence
// or a finding breaks these at compile time. Their text is invented, so a renderer test shows what the
// renderer does with any text, not what the diagnosis happens to say today.
import type { Finding } from '../../src/model/findings.js';
import type { Report, StageReport } from '../../src/model/report.js';

export const STAGES: StageReport[] = [
  { name: 'dns', status: 'skip', durationMs: 0, summary: 'address given, no lookup needed' },
  {
    name: 'connect',
    status: 'pass',
    durationMs: 3,
    summary: 'port 21: connected in 3 ms',
    outcome: 'connected',
    local: { address: '198.18.1.2', port: 40000 },
    remote: { address: '198.18.2.2', port: 21 },
    seenAs: [{ address: '198.18.1.2', connection: 'check', said: 'STAT' }],
  },
  {
    name: 'greeting',
    status: 'pass',
    durationMs: 2,
    summary: '"220 (vsFTPd 3.0.3)"',
    outcome: 'greeted',
    reply: { code: 220, lines: ['(vsFTPd 3.0.3)'] },
    software: 'vsftpd 3.0.3',
  },
  { name: 'tls', status: 'skip', durationMs: 0, summary: 'plain FTP (use --tls or ftps:// to check FTPS)' },
  {
    name: 'login',
    status: 'pass',
    durationMs: 4,
    summary: 'logged in as anonymous, directory /',
    outcome: 'logged-in',
    user: 'anonymous',
    system: 'UNIX Type: L8',
    features: ['EPSV', 'PASV'],
    directory: '/',
    bounce: null,
    anonymousLogin: null,
  },
  {
    name: 'passive',
    status: 'fail',
    durationMs: 2002,
    summary: 'PASV → 198.18.2.2:50006: no answer to the SYN within 2 s',
    requests: [
      {
        command: 'PASV',
        reply: '"227 Entering Passive Mode (198,18,2,2,195,86)."',
        advertised: { address: '198.18.2.2', port: 50006 },
      },
    ],
    used: 'PASV',
    relation: 'same',
    dataTarget: { address: '198.18.2.2', port: 50006 },
    data: 'timeout',
    transfer: null,
    bytes: null,
    apart: [
      {
        command: 'EPSV',
        reply: '"229 Entering Extended Passive Mode (|||50011|)"',
        advertised: { port: 50011 },
        dataTarget: { address: '198.18.2.2', port: 50011 },
        data: 'timeout',
        transfer: null,
        bytes: null,
      },
    ],
    sample: null,
    upload: null,
  },
  {
    name: 'active',
    status: 'pass',
    durationMs: 5,
    summary: 'the server connected back from 198.18.2.2:20 in 1 ms; listing received (129 bytes)',
    command: 'PORT',
    listen: { address: '198.18.1.2', port: 46879 },
    portReply: '"200 PORT command successful."',
    callback: { kind: 'arrived', ms: 1, from: { address: '198.18.2.2', port: 20 } },
    transfer: 'complete',
    bytes: 129,
    sample: null,
    upload: null,
  },
];

export const FILTERED: Finding = {
  code: 'pasv-data-filtered',
  severity: 'error',
  stage: 'passive',
  title: 'The passive data port is filtered',
  evidence: 'Connecting to the data port 198.18.2.2:50006 (from PASV): no answer to the SYN within 2 s.',
  explanation: 'Its packets are silently dropped on the way.',
  likelyRule: 'The server-side firewall drops inbound TCP to the passive port range.',
  confirm: ['`nc -vz -w 5 HOST PORT` hangs.', 'On the server, tcpdump shows no SYNs.'],
  fix: [
    { role: 'server-admin', server: 'vsftpd', text: 'vsftpd: pasv_min_port=MIN and pasv_max_port=MAX' },
    {
      role: 'network-admin',
      text: 'Allow inbound TCP to the passive range: `iptables -A INPUT -p tcp --dport MIN:MAX -j ACCEPT`.',
    },
    { role: 'user', text: 'Ask your network admin.' },
  ],
};

export const EPHEMERAL: Finding = {
  code: 'active-source-port-not-20',
  severity: 'info',
  stage: 'active',
  title: 'Active data comes from a port other than 20',
  evidence: 'The server connected back from 198.18.2.2:41234 in 1 ms.',
  explanation: 'Old firewall rules allow active FTP by source port 20.',
  likelyRule: 'Only a problem where a firewall allows active FTP by source port 20.',
  confirm: ['With `--verbose`, the transcript names the source port.'],
  fix: [{ role: 'network-admin', text: 'Allow active FTP with connection tracking.' }],
};

/** The README's example: passive data filtered, active works; degraded. */
export function degraded(): Report {
  return {
    schema: 'ftpcheck/1',
    target: { input: '198.18.2.2', host: '198.18.2.2', port: 21, address: '198.18.2.2', family: 4 },
    user: 'anonymous',
    mode: 'both',
    startedAt: '2026-11-24T19:12:54.688Z',
    durationMs: 2010,
    verdict: 'degraded',
    exitCode: 1,
    server: { software: 'vsftpd 3.0.3', kind: 'vsftpd', greeting: '(vsFTPd 3.0.3)', system: 'UNIX Type: L8' },
    stages: structuredClone(STAGES),
    connections: [
      {
        kind: 'control',
        from: { side: 'client', address: '198.18.1.2', port: null },
        to: { side: 'server', address: '198.18.2.2', port: 21 },
        status: 'ok',
        detail: 'connected in 3 ms',
      },
      {
        kind: 'passive',
        from: { side: 'client', address: '198.18.1.2', port: null },
        to: { side: 'server', address: '198.18.2.2', port: 50006 },
        status: 'failed',
        detail: 'no answer to the SYN within 2 s',
      },
      {
        kind: 'active',
        from: { side: 'server', address: '198.18.2.2', port: 20 },
        to: { side: 'client', address: '198.18.1.2', port: 46879 },
        status: 'ok',
        detail: 'connected back in 1 ms; listing received (129 bytes)',
      },
    ],
    sweep: null,
    plainComparison: null,
    findings: [structuredClone(FILTERED), structuredClone(EPHEMERAL)],
    transcript: [
      { t: 3, conn: 'control', dir: 'recv', text: '220 (vsFTPd 3.0.3)' },
      { t: 4, conn: 'control', dir: 'send', text: 'USER anonymous' },
      { t: 9, conn: 'data', dir: 'note', text: 'connecting to 198.18.2.2:50006' },
    ],
  };
}

/** Everything works: no findings, verdict ok. */
export function healthyReport(): Report {
  const r = degraded();
  const passive = STAGES[5];
  if (passive?.name !== 'passive' || passive.status === 'skip') throw new Error('the hand-built stages changed');
  r.verdict = 'ok';
  r.exitCode = 0;
  r.durationMs = 14;
  r.target = { ...r.target, input: 'ftp.example.com', host: 'ftp.example.com' };
  r.stages[5] = {
    ...passive,
    status: 'pass',
    durationMs: 5,
    summary: 'PASV → 198.18.2.2:50006: listing received (129 bytes)',
    data: 'connected',
    transfer: 'complete',
    bytes: 129,
  };
  r.connections[1] = {
    kind: 'passive',
    from: { side: 'client', address: '198.18.1.2', port: null },
    to: { side: 'server', address: '198.18.2.2', port: 50006 },
    status: 'ok',
    detail: 'connected in 1 ms; listing received (129 bytes)',
  };
  r.findings = [];
  return r;
}

/** The control connection never got through: every later stage skipped. */
export function failedReport(): Report {
  return {
    ...degraded(),
    target: { input: 'ftp.example.net', host: 'ftp.example.net', port: 21, address: '203.0.113.9', family: 4 },
    durationMs: 2003,
    verdict: 'failed',
    exitCode: 2,
    server: { software: null, kind: 'unknown', greeting: null, system: null },
    stages: [
      {
        name: 'dns',
        status: 'pass',
        durationMs: 1,
        summary: 'ftp.example.net → 203.0.113.9',
        addresses: ['203.0.113.9'],
        chosen: '203.0.113.9',
      },
      {
        name: 'connect',
        status: 'fail',
        durationMs: 2002,
        summary: 'port 21: no answer to the SYN within 2 s',
        outcome: 'timeout',
      },
      ...(['greeting', 'tls', 'login', 'passive', 'active'] as const).map((name): StageReport => ({
        name,
        status: 'skip',
        durationMs: 0,
        summary: 'not run: connect failed',
      })),
    ],
    connections: [
      {
        kind: 'control',
        from: { side: 'client', address: 'this machine', port: null },
        to: { side: 'server', address: '203.0.113.9', port: 21 },
        status: 'failed',
        detail: 'no answer to the SYN within 2 s',
      },
    ],
    findings: [
      {
        ...structuredClone(FILTERED),
        code: 'control-filtered',
        stage: 'connect',
        title: 'The connection to the FTP port gets no answer (filtered)',
        evidence: 'Connecting to port 21: no answer to the SYN within 2 s | dropped.',
      },
    ],
    transcript: [],
  };
}
