// Canned observations for rule tests: a healthy run, and small edits that break one thing.
import type { ActiveObservation, Observations } from '../../src/model/observations.js';
import type { CertificateInfo, ConnectResult } from '../../src/model/connections.js';
import type { PassiveObservation } from '../../src/model/passive.js';
import type { Reply, ReplyResult } from '../../src/model/exchanges.js';

export const reply = (code: number, text: string): Reply => ({ code, lines: [text] });
export const answered = (code: number, text: string): ReplyResult => ({
  kind: 'reply',
  ms: 3,
  reply: reply(code, text),
});

export const SERVER = '198.18.2.2';
export const CLIENT = '198.18.1.2';

/** A data connection's three ends: dropped (no answer to the SYN), refused, and open. */
export const DROPPED = { kind: 'timeout', ms: 2000 } as const;
export const REFUSED = { kind: 'refused', ms: 1 } as const;
export const OPEN = {
  kind: 'connected',
  ms: 1,
  local: { address: CLIENT, port: 40100 },
  remote: { address: SERVER, port: 50010 },
} as const;

export function connected(local = CLIENT, remote = SERVER): ConnectResult {
  return { kind: 'connected', ms: 2, local: { address: local, port: 40000 }, remote: { address: remote, port: 21 } };
}

export function healthy(): Observations {
  return {
    target: { host: SERVER, port: 21, user: 'anonymous' },
    mode: 'both',
    timeoutMs: 2000,
    tlsRequest: undefined,
    posture: { audit: false, certWarnDays: 21 },
    dns: { kind: 'literal', address: SERVER, family: 4 },
    connect: connected(),
    greeting: { kind: 'greeted', ms: 3, reply: reply(220, '(vsFTPd 3.0.3)'), software: 'vsftpd 3.0.3' },
    login: {
      kind: 'logged-in',
      ms: 10,
      user: 'anonymous',
      features: ['EPSV', 'PASV'],
      system: 'UNIX Type: L8',
      directory: '/',
      software: undefined,
      dataProtection: 'clear',
      exchanges: [],
    },
    passive: {
      kind: 'ran',
      ms: 20,
      requests: [
        {
          command: 'EPSV',
          exchange: { command: 'EPSV', result: answered(229, 'Entering Extended Passive Mode (|||50001|)') },
          advertised: { address: undefined, port: 50001 },
        },
        {
          command: 'PASV',
          exchange: { command: 'PASV', result: answered(227, 'Entering Passive Mode (198,18,2,2,195,82)') },
          advertised: { address: SERVER, port: 50002 },
        },
      ],
      used: {
        command: 'PASV',
        exchange: { command: 'PASV', result: answered(227, 'Entering Passive Mode (198,18,2,2,195,82)') },
        advertised: { address: SERVER, port: 50002 },
      },
      relation: 'same',
      dataTarget: { address: SERVER, port: 50002 },
      data: {
        kind: 'connected',
        ms: 1,
        local: { address: CLIENT, port: 40001 },
        remote: { address: SERVER, port: 50002 },
      },
      dataTls: undefined,
      transfer: { kind: 'complete', ms: 5, bytes: 120, truncated: false, final: reply(226, 'Directory send OK.') },
    },
    active: {
      kind: 'ran',
      ms: 20,
      command: 'PORT',
      listen: { address: CLIENT, port: 40002 },
      portExchange: { command: 'PORT 198,18,1,2,156,66', result: answered(200, 'PORT command successful.') },
      callback: { kind: 'arrived', ms: 2, from: { address: SERVER, port: 20 } },
      listReply: answered(150, 'Here comes the directory listing.'),
      dataTls: undefined,
      transfer: { kind: 'complete', ms: 5, bytes: 120, truncated: false, final: reply(226, 'Directory send OK.') },
    },
  };
}

/** The healthy run with one part replaced; `undefined` removes a stage. */
export function withChanges(changes: Partial<Observations>): Observations {
  return { ...healthy(), ...changes };
}

type Ran<T> = Extract<T, { kind: 'ran' }>;

/** The passive stage of a canned run, to edit in place. */
export function passiveOf(o: Observations): Ran<PassiveObservation> {
  if (o.passive?.kind !== 'ran') throw new Error('the canned run has no passive stage');
  return o.passive;
}

/** The active stage of a canned run, to edit in place. */
export function activeOf(o: Observations): Ran<ActiveObservation> {
  if (o.active?.kind !== 'ran') throw new Error('the canned run has no active stage');
  return o.active;
}

/** A fresh healthy run, edited. */
export function edited(edit: (o: Observations) => void, base: () => Observations = healthy): Observations {
  const o = base();
  edit(o);
  return o;
}

/** The healthy run stopped by a control-path failure: the stages after it did not run. */
export function stopped(changes: Partial<Observations>): Observations {
  return { ...healthy(), greeting: undefined, login: undefined, passive: undefined, active: undefined, ...changes };
}

export const CERTIFICATE: CertificateInfo = {
  subject: 'CN=ftp.example.com',
  issuer: 'CN=Example CA',
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2027-01-01T00:00:00.000Z',
  fingerprint256: 'AA',
  selfSigned: false,
  trusted: true,
  trustError: undefined,
  expired: false,
  notYetValid: false,
  daysLeft: 200,
  nameMatches: true,
  nameError: undefined,
};

/** A healthy explicit-TLS run with this certificate, compared with plain FTP (which had nothing to add). */
export function healthyTls(cert: Partial<CertificateInfo> = {}, strict = false): Observations {
  return {
    ...healthy(),
    tlsRequest: { mode: 'explicit', strict },
    tls: {
      kind: 'ran',
      ms: 9,
      mode: 'explicit',
      exchange: { command: 'AUTH TLS', result: answered(234, 'Proceed') },
      handshake: {
        kind: 'established',
        ms: 8,
        protocol: 'TLSv1.3',
        cipher: 'TLS_AES_256_GCM_SHA384',
        certificate: { ...CERTIFICATE, ...cert },
        sessionReused: false,
      },
    },
    plain: { kind: 'ran', pasv: undefined, passive: undefined, active: undefined },
  };
}
