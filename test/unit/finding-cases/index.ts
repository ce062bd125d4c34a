// The one table of rule cases. Every case is canned observations and exactly the findings they give,
// each as code:severity (and, where it matters, the verdict and what else the case pins: wording, likely
// rule, fixes, stage lines); test/unit/findings.test.ts runs them all. The table is filed by code: for
// every finding code, the cases that give it and those where its rule stays silent; the Record makes the
// compiler demand an entry for each new code. Cases vary what a rule must not depend on (PASV or EPSV,
// PORT or EPRT, IPv4 or IPv6, which reply text, which errno), because a rule must hold for every server
// and firewall that produce the same observation. The files beside this one hold the cases of an area.
import type { DataTransfer } from '../../../src/model/data-checks.js';
import type { Finding, FindingCode, Severity } from '../../../src/model/findings.js';
import type { Verdict } from '../../../src/model/report.js';
import type { AddressRelation, PassiveRequest } from '../../../src/model/passive.js';
import type { ConnectResult, HandshakeResult, TransferResult } from '../../../src/model/connections.js';
import type { Observations, OtherService, PortClass } from '../../../src/model/observations.js';
import type { ReplyResult } from '../../../src/model/exchanges.js';
import { ANONYMOUS_WRITABLE_CASES, BULK_STALLED_FIRES, BULK_STALLED_SILENT } from './bulk.js';
import { sampled } from '../bulk-observations.js';
import {
  activeOf,
  answered,
  CLIENT,
  connected,
  edited,
  healthy,
  healthyTls,
  passiveOf,
  reply,
  SERVER,
  stopped,
} from '../observations.js';
import { TLS_POSTURE_CASES } from './tls.js';
import { PASSIVE_AREA_CASES } from './passive.js';
import { type ComparisonCase, VANTAGE_FIRES, VANTAGE_SILENT } from './vantages.js';
import { REFLECT_CASES } from './reflect.js';
import { FILE_CASES } from './files.js';
import { reflected } from '../reflect-observations.js';
import { type FiledCases, PINNED_CASES } from './pinned.js';

/** A bulk sample whose own passive data connection (to another port) ended this way. */
const laterPort = (result: Exclude<ConnectResult, { kind: 'connected' }>): DataTransfer => ({
  kind: 'no-connection',
  ms: result.ms,
  failure: { step: 'connect', result },
});

/** A finding as a case expects it: its code and its severity. */
export type Expected = `${FindingCode}:${Severity}`;

/**
 * One rule case: canned observations and exactly the findings they give (in any order, each as
 * code:severity, nothing more and nothing less); optionally the verdict, and what else the case pins
 * beyond codes and severities (wording, likely rule, fixes, commands, stage lines).
 */
export interface Case {
  name: string;
  build: () => Observations;
  findings: readonly Expected[];
  verdict?: Verdict;
  also?: (findings: readonly Finding[], o: Observations) => void;
}

/** At least one case where the code must be found; possibly none where its rule must stay silent. */
export interface CodeCases {
  fires: [Case, ...Case[]];
  silent: Case[];
}

/**
 * A code found by comparing several vantages' reports (vantage-differs) is never found on one check:
 * its cases are sets of reports (`compared`), and one check's observations must leave it silent.
 */
export type AnyCodeCases =
  | CodeCases
  | {
      fires: [];
      silent: [Case, ...Case[]];
      compared: { fires: [ComparisonCase, ...ComparisonCase[]]; silent: ComparisonCase[] };
    };

/** A PASV request whose 227 reply named this address and port. */
const pasvRequest = (address: string, port = 50002): PassiveRequest => ({
  command: 'PASV',
  exchange: { command: 'PASV', result: answered(227, `Entering Passive Mode (${address.replace(/\./g, ',')},195,82)`) },
  advertised: { address, port },
});

/** The PASV reply named this address, which relates to the server's as given; the data went to the server. */
function pasvNamed(o: Observations, address: string, relation: AddressRelation): void {
  const p = passiveOf(o);
  const pasv = pasvRequest(address);
  p.requests = [...p.requests.slice(0, 1), pasv];
  p.used = pasv;
  p.relation = relation;
}

const advertising = (address: string, relation: AddressRelation) => edited((o) => pasvNamed(o, address, relation));

/** The passive data connection ended this way, without a transfer. */
const passiveFailed = (data: ConnectResult) => (o: Observations) => {
  passiveOf(o).data = data;
  passiveOf(o).transfer = undefined;
};

/** The healthy run whose passive data connection ended this way. */
const passiveData = (data: ConnectResult, changes: Partial<Observations> = {}) =>
  edited((o) => {
    Object.assign(o, changes);
    passiveFailed(data)(o);
  });

/** Only EPSV was used (as over IPv6): the passive stage named no address. */
const epsvOnly = (o: Observations): void => {
  const p = passiveOf(o);
  p.requests = p.requests.slice(0, 1);
  p.used = p.requests[0];
};

/** The healthy run whose active callback never came. */
const noCallback = (o: Observations): void => {
  const a = activeOf(o);
  a.callback = { kind: 'none', ms: 2000 };
  a.listReply = { kind: 'timeout', ms: 2000, partial: '' };
  a.transfer = undefined;
};

/** The server answered LIST with this reply at once and never connected back. */
const listAnswered =
  (code: number, text: string) =>
  (o: Observations): void => {
    const a = activeOf(o);
    a.callback = { kind: 'none', ms: 3 };
    a.listReply = answered(code, text);
    a.transfer = undefined;
  };

/** A --audit run of a server that announces this software in its greeting (undefined: names none). */
const announcing = (software: string | undefined, audit = true) =>
  edited((o) => {
    o.posture = { ...o.posture, audit };
    if (o.greeting?.kind === 'greeted') o.greeting.software = software;
  });

/** A --audit run whose SITE CPFR before login got this result. */
const cpfrAnswered = (result: ReplyResult, audit = true) =>
  edited((o) => {
    o.posture = { ...o.posture, audit };
    o.modCopy = { kind: 'ran', exchange: { command: 'SITE CPFR /', result } };
  });

/** A --audit run of an FTPS server whose PROT C got `prot`, then (when given) this clear listing's transfer. */
const protCAnswered = (prot: ReplyResult, transfer: TransferResult | undefined, audit = true) =>
  edited(
    (o) => {
      o.posture = { ...o.posture, audit };
      o.clearData = {
        kind: 'ran',
        exchange: { command: 'PROT C', result: prot },
        listing: transfer && {
          request: {
            command: 'PASV',
            exchange: { command: 'PASV', result: answered(227, 'Entering Passive Mode (198,18,2,2,117,49).') },
            advertised: { address: SERVER, port: 30001 },
          },
          dataTarget: { address: SERVER, port: 30001 },
          data: connected(),
          dataTls: undefined,
          transfer,
        },
      };
    },
    () => healthyTls(),
  );

const CLEAR_LISTING: TransferResult = {
  kind: 'complete',
  ms: 4,
  bytes: 70,
  truncated: false,
  final: reply(226, 'Directory send OK.'),
};

/** Two edits, one after the other. */
const both = (first: (o: Observations) => void, second: (o: Observations) => void) => (o: Observations) => {
  first(o);
  second(o);
};

/** Active mode as over IPv6: EPRT instead of PORT. */
const eprt = (o: Observations): void => {
  const a = activeOf(o);
  a.command = 'EPRT';
  a.portExchange = { command: `EPRT |1|${CLIENT}|40002|`, result: answered(200, 'EPRT command successful.') };
};

/** The healthy run whose PORT got this reply, and nothing after it. */
const portAnswered = (code: number, text: string) =>
  edited((o) => {
    const a = activeOf(o);
    a.portExchange = { command: 'PORT 198,18,1,2,156,66', result: answered(code, text) };
    a.callback = undefined;
    a.listReply = undefined;
    a.transfer = undefined;
  });

/** ftpcheck on a private address, the server public: it announces its private address in PORT. */
const behindNat = (o: Observations): void => {
  o.connect = connected('192.168.1.2', SERVER);
  activeOf(o).listen = { address: '192.168.1.2', port: 40002 };
};

/** A TLS run whose data step failed, compared with plain FTP where the same step worked. */
function tlsVersusPlain(breakTls: (o: Observations) => void): Observations {
  const o = healthyTls();
  const plain = healthy();
  breakTls(o);
  o.plain = { kind: 'ran', pasv: undefined, passive: plain.passive, active: plain.active };
  return o;
}

/** The healthy run with a sweep of consecutive ports from 50000 that ended like this. */
const sweep = (classes: PortClass[]): Observations => ({
  ...healthy(),
  sweep: {
    kind: 'ran',
    ms: 300,
    range: { min: 50000, max: 50000 + classes.length - 1 },
    inferredFrom: undefined,
    address: SERVER,
    classes,
  },
});

/** A TLS run whose protected data connection (its session resumed or not) the server refused with this reply. */
const session = (code: number, text: string, resumed: boolean, stage: 'passive' | 'active' = 'passive') =>
  edited((o) => {
    const run = stage === 'passive' ? passiveOf(o) : activeOf(o);
    run.dataTls = {
      kind: 'established',
      ms: 3,
      protocol: 'TLSv1.3',
      cipher: 'x',
      certificate: undefined,
      sessionReused: resumed,
    };
    run.transfer = { kind: 'rejected', ms: 3, reply: reply(code, text), bytes: 0 };
  }, healthyTls);

/** A TLS check whose control connection's handshake ended this way: nothing after it ran. */
function controlHandshake(
  mode: 'explicit' | 'implicit',
  handshake: Exclude<HandshakeResult, { kind: 'established' }>,
): Observations {
  return {
    ...healthyTls(),
    tlsRequest: { mode, strict: false },
    tls: {
      kind: 'ran',
      ms: handshake.ms,
      mode,
      exchange: mode === 'explicit' ? { command: 'AUTH TLS', result: answered(234, 'Proceed') } : undefined,
      handshake,
    },
    greeting: mode === 'implicit' ? undefined : healthyTls().greeting,
    login: undefined,
    passive: undefined,
    active: undefined,
    plain: undefined,
  };
}

const NOT_A_RECORD: HandshakeResult = {
  kind: 'failed',
  ms: 3,
  error: 'wrong version number',
  code: 'ERR_SSL_WRONG_VERSION_NUMBER',
};

/** No greeting within the wait, and the TLS probe's ClientHello answered by another protocol. */
function answeredProbe(answer: { service: OtherService; banner: string }, handshake = NOT_A_RECORD): Observations {
  return {
    ...stopped({ greeting: { kind: 'silent', ms: 2000, partial: '' } }),
    tlsModeProbe: { kind: 'implicit-handshake', connect: connected(), handshake, answer },
  };
}

const BY_CODE: Record<FindingCode, AnyCodeCases> = {
  ...PASSIVE_AREA_CASES,
  'dns-unresolved': {
    fires: [
      {
        name: 'the name does not exist',
        findings: ['dns-unresolved:error'],
        build: () =>
          stopped({ dns: { kind: 'failed', ms: 5, reason: 'not-found', errno: 'ENOTFOUND' }, connect: undefined }),
      },
      {
        name: 'no resolver answers',
        findings: ['dns-unresolved:error'],
        build: () =>
          stopped({
            dns: { kind: 'failed', ms: 5, reason: 'resolver-unavailable', errno: 'EAI_AGAIN' },
            connect: undefined,
          }),
      },
      {
        name: 'the lookup times out',
        findings: ['dns-unresolved:error'],
        build: () =>
          stopped({ dns: { kind: 'failed', ms: 5000, reason: 'timeout', errno: 'ETIMEOUT' }, connect: undefined }),
      },
      {
        name: 'another resolver error',
        findings: ['dns-unresolved:error'],
        build: () =>
          stopped({ dns: { kind: 'failed', ms: 5, reason: 'other', errno: 'ESERVFAIL' }, connect: undefined }),
      },
    ],
    silent: [
      { name: 'an address was given', findings: [], build: healthy },
      {
        name: 'the name resolved',
        findings: [],
        build: () => ({
          ...healthy(),
          dns: {
            kind: 'resolved',
            ms: 4,
            addresses: [{ address: SERVER, family: 4 }],
            chosen: { address: SERVER, family: 4 },
          },
        }),
      },
    ],
  },
  'control-filtered': {
    fires: [
      {
        name: 'the SYN gets no answer',
        findings: ['control-filtered:error'],
        build: () => stopped({ connect: { kind: 'timeout', ms: 2000 } }),
      },
    ],
    silent: [
      {
        name: 'the deadline, not the timeout, ended the wait',
        findings: ['deadline-reached:error'],
        build: () =>
          stopped({ connect: { kind: 'timeout', ms: 300 }, deadlineHit: { stage: 'connect', deadlineMs: 17000 } }),
      },
      {
        name: 'refused',
        findings: ['control-refused:error'],
        build: () => stopped({ connect: { kind: 'refused', ms: 1 } }),
      },
    ],
  },
  'control-refused': {
    fires: [
      {
        name: 'a reset answers the SYN',
        findings: ['control-refused:error'],
        build: () => stopped({ connect: { kind: 'refused', ms: 1 } }),
      },
    ],
    silent: [
      {
        name: 'no answer at all',
        findings: ['control-filtered:error'],
        build: () => stopped({ connect: { kind: 'timeout', ms: 2000 } }),
      },
    ],
  },
  'control-unreachable': {
    fires: [
      {
        name: 'ICMP host unreachable',
        findings: ['control-unreachable:error'],
        build: () => stopped({ connect: { kind: 'unreachable', ms: 1, errno: 'EHOSTUNREACH' } }),
      },
      {
        name: 'no route',
        findings: ['control-unreachable:error'],
        build: () => stopped({ connect: { kind: 'unreachable', ms: 1, errno: 'ENETUNREACH' } }),
      },
      {
        name: 'an errno without a sharper likely rule',
        findings: ['control-unreachable:error'],
        build: () => stopped({ connect: { kind: 'unreachable', ms: 1, errno: 'EXDEV' } }),
      },
    ],
    silent: [
      {
        name: 'a reset while connecting',
        findings: ['control-reset:error'],
        build: () => stopped({ connect: { kind: 'error', ms: 1, errno: 'ECONNRESET' } }),
      },
    ],
  },
  'banner-timeout': {
    fires: [
      {
        name: 'nothing arrives',
        findings: ['banner-timeout:error'],
        build: () => stopped({ greeting: { kind: 'silent', ms: 2000, partial: '' } }),
      },
      {
        name: 'half a line arrives',
        findings: ['banner-timeout:error'],
        build: () => stopped({ greeting: { kind: 'silent', ms: 2000, partial: '220-Welc' } }),
      },
    ],
    silent: [
      {
        name: 'a web server answered the TLS probe (not-ftp names it)',
        findings: ['not-ftp:error'],
        build: () => answeredProbe({ service: 'http', banner: 'HTTP/1.1 400 Bad Request' }),
      },
      {
        name: 'the deadline ended the wait',
        findings: ['deadline-reached:error'],
        build: () =>
          stopped({
            greeting: { kind: 'silent', ms: 200, partial: '' },
            deadlineHit: { stage: 'greeting', deadlineMs: 17000 },
          }),
      },
    ],
  },
  'not-ftp': {
    fires: [
      {
        name: 'SSH',
        findings: ['not-ftp:error'],
        build: () => stopped({ greeting: { kind: 'not-ftp', ms: 3, banner: 'SSH-2.0-OpenSSH_9.2', service: 'ssh' } }),
      },
      {
        name: 'an unknown protocol',
        findings: ['not-ftp:error', 'server-sends-control-characters:info'],
        build: () => stopped({ greeting: { kind: 'not-ftp', ms: 3, banner: '\x00\x01binary', service: 'unknown' } }),
      },
      {
        name: 'silent, and a web server answered the TLS probe',
        findings: ['not-ftp:error'],
        build: () => answeredProbe({ service: 'http', banner: 'HTTP/1.0 400 Bad Request' }),
      },
      {
        name: 'silent, and an SSH banner came after the ClientHello',
        findings: ['not-ftp:error'],
        build: () => answeredProbe({ service: 'ssh', banner: 'SSH-2.0-OpenSSH_9.2' }),
      },
      {
        name: 'silent, and a mail server greeted after the ClientHello',
        findings: ['not-ftp:error'],
        build: () => answeredProbe({ service: 'imap', banner: '* OK Dovecot ready.' }),
      },
      {
        name: 'silent, and the ClientHello met a TLS alert',
        findings: ['not-ftp:error'],
        build: () =>
          answeredProbe(
            { service: 'tls', banner: 'TLS alert handshake_failure' },
            {
              kind: 'failed',
              ms: 3,
              error: 'sslv3 alert handshake failure',
              code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
            },
          ),
      },
      {
        name: 'ftps:// on a port whose plain greeting is an SSH banner',
        findings: ['not-ftp:error'],
        build: () => ({
          ...stopped({ greeting: undefined }),
          tlsRequest: { mode: 'implicit', strict: false },
          tls: { kind: 'ran', ms: 3, mode: 'implicit', exchange: undefined, handshake: NOT_A_RECORD },
          tlsModeProbe: {
            kind: 'plain-greeting',
            connect: connected(),
            greeting: { kind: 'not-ftp', ms: 2, banner: 'SSH-2.0-OpenSSH_9.2', service: 'ssh' },
          },
        }),
      },
    ],
    silent: [
      { name: 'an FTP greeting', findings: [], build: healthy },
      {
        name: 'silent to the greeting and to the TLS probe',
        findings: ['banner-timeout:error'],
        build: () => ({
          ...stopped({ greeting: { kind: 'silent', ms: 2000, partial: '' } }),
          tlsModeProbe: {
            kind: 'implicit-handshake',
            connect: connected(),
            handshake: { kind: 'timeout', ms: 1000, received: 0 },
          },
        }),
      },
    ],
  },
  'greeting-rejected': {
    fires: [
      {
        name: '421 too many connections',
        findings: ['greeting-rejected:error'],
        build: () => stopped({ greeting: { kind: 'rejected', ms: 3, reply: reply(421, 'Too many connections') } }),
      },
      {
        name: '421 from tcp_wrappers',
        findings: ['greeting-rejected:error'],
        build: () => stopped({ greeting: { kind: 'rejected', ms: 3, reply: reply(421, 'Service not available.') } }),
      },
    ],
    silent: [{ name: 'a 220 greeting', findings: [], build: healthy }],
  },
  'control-reset': {
    fires: [
      {
        name: 'closed without a word',
        findings: ['control-reset:error'],
        build: () => stopped({ greeting: { kind: 'closed', ms: 1, partial: '' } }),
      },
      {
        name: 'closed after half a line',
        findings: ['control-reset:error'],
        build: () => stopped({ greeting: { kind: 'closed', ms: 1, partial: '220-Go aw' } }),
      },
      {
        name: 'reset before a greeting',
        findings: ['control-reset:error'],
        build: () => stopped({ greeting: { kind: 'reset', ms: 1 } }),
      },
      {
        name: 'reset while connecting (ECONNRESET)',
        findings: ['control-reset:error'],
        build: () => stopped({ connect: { kind: 'error', ms: 1, errno: 'ECONNRESET' } }),
      },
      {
        name: 'reset while connecting (EPIPE)',
        findings: ['control-reset:error'],
        build: () => stopped({ connect: { kind: 'error', ms: 1, errno: 'EPIPE' } }),
      },
    ],
    silent: [
      {
        name: 'another local error',
        findings: [],
        build: () => stopped({ connect: { kind: 'error', ms: 1, errno: 'EADDRNOTAVAIL' } }),
      },
    ],
  },
  'control-lost': {
    fires: [
      {
        name: 'FEAT never answered',
        findings: ['control-lost:error'],
        build: () => ({
          ...healthy(),
          login: {
            kind: 'no-reply',
            ms: 2000,
            user: 'anonymous',
            command: 'FEAT',
            result: { kind: 'timeout', ms: 2000, partial: '' },
            exchanges: [],
          },
          passive: undefined,
          active: undefined,
        }),
      },
      {
        name: 'closed after PASV',
        findings: ['control-lost:error'],
        build: () =>
          edited(
            (o) =>
              (passiveOf(o).requests[1] = {
                command: 'PASV',
                exchange: { command: 'PASV', result: { kind: 'closed', ms: 5, partial: '' } },
                advertised: undefined,
              }),
          ),
      },
      {
        name: 'reset after PORT',
        findings: ['control-lost:error'],
        build: () =>
          edited(
            (o) => (activeOf(o).portExchange = { command: 'PORT 198,18,1,2,156,66', result: { kind: 'reset', ms: 5 } }),
          ),
      },
      {
        name: 'the control connection failed during the listing',
        findings: ['control-lost:error'],
        build: () =>
          edited(
            (o) =>
              (passiveOf(o).transfer = {
                kind: 'control-failed',
                ms: 5,
                result: { kind: 'closed', ms: 5, partial: '' },
              }),
          ),
      },
    ],
    silent: [
      {
        name: 'the deadline ended the wait',
        findings: ['deadline-reached:error'],
        build: () => ({
          ...healthy(),
          login: {
            kind: 'no-reply',
            ms: 200,
            user: 'anonymous',
            command: 'FEAT',
            result: { kind: 'timeout', ms: 200, partial: '' },
            exchanges: [],
          },
          passive: undefined,
          active: undefined,
          deadlineHit: { stage: 'login', deadlineMs: 17000 },
        }),
      },
      {
        name: 'no LIST reply while no callback came (the callback is the story)',
        findings: ['active-callback-blocked:error'],
        build: () => edited(noCallback),
      },
    ],
  },
  'protocol-violation': {
    fires: [
      {
        name: 'an endless greeting line',
        findings: ['protocol-violation:error'],
        build: () => stopped({ greeting: { kind: 'violation', ms: 9, reason: 'line-too-long', partial: 'AAAA' } }),
      },
      {
        name: 'an endless reply to FEAT',
        findings: ['protocol-violation:error'],
        build: () => ({
          ...healthy(),
          login: {
            kind: 'no-reply',
            ms: 9,
            user: 'anonymous',
            command: 'FEAT',
            result: { kind: 'violation', ms: 9, reason: 'reply-too-large', partial: '211-' },
            exchanges: [],
          },
          passive: undefined,
          active: undefined,
        }),
      },
    ],
    silent: [
      {
        name: 'a reply that is late, not broken',
        findings: ['control-lost:error'],
        build: () => ({
          ...healthy(),
          login: {
            kind: 'no-reply',
            ms: 2000,
            user: 'anonymous',
            command: 'FEAT',
            result: { kind: 'timeout', ms: 2000, partial: '' },
            exchanges: [],
          },
          passive: undefined,
          active: undefined,
        }),
      },
    ],
  },
  'login-failed': {
    fires: [
      {
        name: 'a wrong password',
        findings: ['login-failed:error'],
        build: () => ({
          ...healthy(),
          login: {
            kind: 'refused',
            ms: 2800,
            user: 'labuser',
            command: 'PASS',
            reply: reply(530, 'Login incorrect.'),
            tlsRequired: false,
            exchanges: [],
          },
          passive: undefined,
          active: undefined,
        }),
      },
      {
        name: 'anonymous refused at USER',
        findings: ['login-failed:error'],
        build: () => ({
          ...healthy(),
          login: {
            kind: 'refused',
            ms: 5,
            user: 'anonymous',
            command: 'USER',
            reply: reply(530, 'This FTP server does not allow anonymous logins.'),
            tlsRequired: false,
            exchanges: [],
          },
          passive: undefined,
          active: undefined,
        }),
      },
    ],
    silent: [
      {
        name: 'refused because TLS is required',
        findings: ['tls-required:error'],
        build: () => ({
          ...healthy(),
          login: {
            kind: 'refused',
            ms: 5,
            user: 'alice',
            command: 'PASS',
            reply: reply(530, 'Must use encryption.'),
            tlsRequired: true,
            exchanges: [],
          },
          passive: undefined,
          active: undefined,
        }),
      },
    ],
  },
  'tls-required': {
    fires: [
      {
        name: 'at PASS',
        findings: ['tls-required:error'],
        build: () => ({
          ...healthy(),
          login: {
            kind: 'refused',
            ms: 5,
            user: 'alice',
            command: 'PASS',
            reply: reply(530, 'Non-anonymous sessions must use encryption.'),
            tlsRequired: true,
            exchanges: [],
          },
          passive: undefined,
          active: undefined,
        }),
      },
      {
        name: 'at USER',
        findings: ['tls-required:error'],
        build: () => ({
          ...healthy(),
          login: {
            kind: 'refused',
            ms: 5,
            user: 'alice',
            command: 'USER',
            reply: reply(550, 'SSL/TLS required on the control channel'),
            tlsRequired: true,
            exchanges: [],
          },
          passive: undefined,
          active: undefined,
        }),
      },
    ],
    silent: [
      {
        name: 'a plain wrong password',
        findings: ['login-failed:error'],
        build: () => ({
          ...healthy(),
          login: {
            kind: 'refused',
            ms: 5,
            user: 'alice',
            command: 'PASS',
            reply: reply(530, 'Login incorrect.'),
            tlsRequired: false,
            exchanges: [],
          },
          passive: undefined,
          active: undefined,
        }),
      },
    ],
  },
  'pasv-rejected': {
    fires: [
      {
        name: 'PASV and EPSV refused',
        findings: ['pasv-rejected:error'],
        build: () =>
          edited((o) => {
            const p = passiveOf(o);
            p.requests = [
              {
                command: 'EPSV',
                exchange: { command: 'EPSV', result: answered(550, 'Permission denied.') },
                advertised: undefined,
              },
              {
                command: 'PASV',
                exchange: { command: 'PASV', result: answered(550, 'Permission denied.') },
                advertised: undefined,
              },
            ];
            Object.assign(p, {
              used: undefined,
              relation: undefined,
              dataTarget: undefined,
              data: undefined,
              transfer: undefined,
            });
          }),
      },
      {
        name: 'only PASV refused, EPSV worked (a warning)',
        findings: ['pasv-rejected:warning'],
        build: () =>
          edited((o) => {
            const p = passiveOf(o);
            p.requests[1] = {
              command: 'PASV',
              exchange: { command: 'PASV', result: answered(502, 'Command blacklisted') },
              advertised: undefined,
            };
            p.used = p.requests[0];
          }),
      },
    ],
    silent: [
      {
        name: 'EPSV refused, PASV worked',
        findings: ['epsv-unsupported:info'],
        build: () =>
          edited(
            (o) =>
              (passiveOf(o).requests[0] = {
                command: 'EPSV',
                exchange: { command: 'EPSV', result: answered(500, 'Unknown command.') },
                advertised: undefined,
              }),
          ),
      },
      { name: 'EPSV alone, and it worked', findings: [], build: () => edited(epsvOnly) },
    ],
  },
  'pasv-private-address': {
    fires: [
      {
        name: 'a private address',
        findings: ['pasv-private-address:warning'],
        build: () => advertising('192.168.2.10', 'private'),
      },
      {
        name: 'loopback',
        findings: ['pasv-private-address:warning'],
        build: () => advertising('127.0.0.1', 'loopback'),
      },
      {
        name: 'link-local',
        findings: ['pasv-private-address:warning'],
        build: () => advertising('169.254.1.1', 'link-local'),
      },
      {
        name: '0.0.0.0',
        findings: ['pasv-private-address:warning'],
        build: () => advertising('0.0.0.0', 'unspecified'),
      },
    ],
    silent: [
      { name: 'its own address', findings: [], build: healthy },
      {
        name: 'another public address',
        findings: ['pasv-foreign-address:warning'],
        build: () => advertising('198.51.100.7', 'foreign'),
      },
    ],
  },
  'pasv-foreign-address': {
    fires: [
      {
        name: 'another public address',
        findings: ['pasv-foreign-address:warning'],
        build: () => advertising('198.51.100.7', 'foreign'),
      },
      {
        name: 'its public address, reached from inside',
        findings: ['pasv-foreign-address:warning', 'active-callback-other-address:warning'],
        build: () =>
          edited((o) => {
            o.connect = connected('192.168.1.20', '192.168.1.10');
            pasvNamed(o, '203.0.113.7', 'foreign');
          }),
      },
    ],
    silent: [
      {
        name: 'a private address',
        findings: ['pasv-private-address:warning'],
        build: () => advertising('192.168.2.10', 'private'),
      },
    ],
  },
  'pasv-data-filtered': {
    fires: [
      {
        name: 'from PASV',
        findings: ['pasv-data-filtered:error'],
        build: () => passiveData({ kind: 'timeout', ms: 2000 }),
      },
      {
        name: "the listing's port worked, the bulk sample's dropped (part of the range)",
        findings: ['pasv-data-filtered:error'],
        build: () => sampled(laterPort({ kind: 'timeout', ms: 2000 })),
      },
      {
        name: 'from EPSV',
        findings: ['pasv-data-filtered:error'],
        build: () =>
          edited((o) => {
            epsvOnly(o);
            passiveFailed({ kind: 'timeout', ms: 2000 })(o);
          }),
      },
    ],
    silent: [
      {
        name: 'the deadline ended the wait',
        findings: ['deadline-reached:error'],
        build: () =>
          passiveData(
            { kind: 'timeout', ms: 300 },
            { active: undefined, deadlineHit: { stage: 'passive', deadlineMs: 17000 } },
          ),
      },
      { name: 'refused', findings: ['pasv-data-refused:error'], build: () => passiveData({ kind: 'refused', ms: 1 }) },
      {
        name: "the sample's later port refused (not dropped)",
        findings: ['pasv-data-refused:error'],
        build: () => sampled(laterPort({ kind: 'refused', ms: 1 })),
      },
    ],
  },
  'pasv-data-refused': {
    fires: [
      { name: 'refused', findings: ['pasv-data-refused:error'], build: () => passiveData({ kind: 'refused', ms: 1 }) },
      {
        name: "the listing's port worked, the bulk sample's refused (part of the range)",
        findings: ['pasv-data-refused:error'],
        build: () => sampled(laterPort({ kind: 'refused', ms: 1 })),
      },
      {
        name: 'ICMP admin-prohibited',
        findings: ['pasv-data-refused:error'],
        build: () => passiveData({ kind: 'unreachable', ms: 1, errno: 'EHOSTUNREACH' }),
      },
      {
        name: 'another error',
        findings: ['pasv-data-refused:error'],
        build: () => passiveData({ kind: 'error', ms: 1, errno: 'ECONNRESET' }),
      },
    ],
    silent: [
      {
        name: 'no answer',
        findings: ['pasv-data-filtered:error'],
        build: () => passiveData({ kind: 'timeout', ms: 2000 }),
      },
    ],
  },
  'data-transfer-stalled': {
    fires: [
      {
        name: 'passive: the listing never ends',
        findings: ['data-transfer-stalled:error'],
        build: () =>
          edited((o) => (passiveOf(o).transfer = { kind: 'stalled', ms: 2000, bytes: 10, waitingFor: 'data' })),
      },
      {
        name: 'passive: no final reply',
        findings: ['data-transfer-stalled:error'],
        build: () =>
          edited((o) => (passiveOf(o).transfer = { kind: 'stalled', ms: 2000, bytes: 120, waitingFor: 'final-reply' })),
      },
      {
        name: 'active: 425 although connected',
        findings: ['data-transfer-stalled:error'],
        build: () =>
          edited(
            (o) =>
              (activeOf(o).transfer = {
                kind: 'rejected',
                ms: 3,
                reply: reply(425, 'Security: Bad IP connecting.'),
                bytes: 0,
              }),
          ),
      },
      {
        name: "the data connection's TLS handshake fails",
        findings: ['data-transfer-stalled:error'],
        build: () =>
          edited((o) => {
            passiveOf(o).dataTls = {
              kind: 'failed',
              ms: 3,
              error: 'wrong version number',
              code: 'ERR_SSL_WRONG_VERSION_NUMBER',
            };
            passiveOf(o).transfer = { kind: 'stalled', ms: 2000, bytes: 0, waitingFor: 'final-reply' };
          }, healthyTls),
      },
      ...BULK_STALLED_FIRES,
    ],
    silent: [
      { name: 'a complete listing', findings: [], build: healthy },
      {
        name: 'the deadline ended the wait',
        findings: ['deadline-reached:error'],
        build: () =>
          edited((o) => {
            Object.assign(o, { active: undefined, deadlineHit: { stage: 'passive', deadlineMs: 17000 } });
            passiveOf(o).transfer = { kind: 'stalled', ms: 200, bytes: 0, waitingFor: 'data' };
          }),
      },
      {
        name: 'session reuse refused (its own finding)',
        findings: ['tls-session-reuse-required:error'],
        build: () => session(522, 'SSL connection failed: session reuse required', false),
      },
      {
        name: 'the control connection failed (its own finding)',
        findings: ['control-lost:error'],
        build: () =>
          edited((o) => (passiveOf(o).transfer = { kind: 'control-failed', ms: 5, result: { kind: 'reset', ms: 5 } })),
      },
      ...BULK_STALLED_SILENT,
    ],
  },
  'active-port-rejected': {
    fires: [
      {
        name: 'the address is refused',
        findings: ['active-port-rejected:error'],
        build: () => portAnswered(500, 'Illegal PORT command.'),
      },
      {
        name: 'active mode is disabled',
        findings: ['active-port-rejected:error'],
        build: () => portAnswered(502, 'Command blacklisted'),
      },
      {
        name: 'refused for a client behind NAT',
        findings: ['active-port-rejected:error', 'client-behind-nat:info'],
        build: () =>
          edited((o) => {
            behindNat(o);
            Object.assign(activeOf(o), {
              portExchange: { command: 'PORT 192,168,1,2,156,66', result: answered(500, 'Illegal PORT command.') },
              callback: undefined,
              listReply: undefined,
              transfer: undefined,
            });
          }),
      },
    ],
    silent: [
      { name: 'PORT accepted', findings: [], build: healthy },
      {
        name: 'PORT got no reply (the control connection is the story)',
        findings: ['control-lost:error'],
        build: () =>
          edited(
            (o) =>
              (activeOf(o).portExchange = {
                command: 'PORT 198,18,1,2,156,66',
                result: { kind: 'timeout', ms: 2000, partial: '' },
              }),
          ),
      },
    ],
  },
  'active-callback-blocked': {
    fires: [
      { name: 'after PORT', findings: ['active-callback-blocked:error'], build: () => edited(noCallback) },
      { name: 'after EPRT', findings: ['active-callback-blocked:error'], build: () => edited(both(eprt, noCallback)) },
      {
        name: 'behind NAT',
        findings: ['active-callback-blocked:error', 'client-behind-nat:info'],
        build: () => edited(both(behindNat, noCallback)),
      },
      {
        name: "the reflector's connection back refused at this machine's router",
        findings: ['active-callback-blocked:error', 'client-behind-nat:info', 'client-public-address:info'],
        build: () =>
          reflected({ local: '192.168.1.2', peer: '203.0.113.9' }, (o) => {
            noCallback(o);
            const view = o.reflect?.view.kind === 'seen' ? o.reflect.view.view : undefined;
            if (view)
              view.callbacks = [
                {
                  to: { address: '203.0.113.9', port: 40002 },
                  from: null,
                  notFromPort20: null,
                  outcome: 'refused',
                  sent: false,
                },
              ];
          }),
      },
    ],
    silent: [
      { name: 'the callback arrived', findings: [], build: healthy },
      {
        name: 'the deadline ended the wait',
        findings: ['deadline-reached:error'],
        build: () => edited(both((o) => (o.deadlineHit = { stage: 'active', deadlineMs: 17000 }), noCallback)),
      },
      {
        name: 'the server failed LIST itself (500 OOPS) before connecting back',
        findings: ['active-server-error:error'],
        build: () => edited(listAnswered(500, 'OOPS: vsf_sysutil_bind')),
      },
    ],
  },
  'active-server-error': {
    fires: [
      {
        name: 'vsftpd cannot bind port 20',
        findings: ['active-server-error:error'],
        build: () => edited(listAnswered(500, 'OOPS: vsf_sysutil_bind')),
      },
      {
        name: 'after EPRT, another 5xx',
        findings: ['active-server-error:error'],
        build: () => edited(both(eprt, listAnswered(550, 'Permission denied.'))),
      },
    ],
    silent: [
      { name: 'the callback arrived', findings: [], build: healthy },
      {
        name: 'no reply and no callback (the network)',
        findings: ['active-callback-blocked:error'],
        build: () => edited(noCallback),
      },
      {
        name: '425 after the server tried to connect back (the network)',
        findings: ['active-callback-blocked:error'],
        build: () => edited(listAnswered(425, 'Failed to establish connection.')),
      },
      {
        name: 'PORT refused (active-port-rejected)',
        findings: ['active-port-rejected:error'],
        build: () => portAnswered(500, 'Illegal PORT command.'),
      },
    ],
  },
  'known-vulnerable-server': {
    fires: [
      {
        name: 'vsftpd 2.3.4 (the backdoored release)',
        findings: ['known-vulnerable-server:warning', 'anonymous-allowed:info'],
        build: () => announcing('vsftpd 2.3.4'),
      },
      {
        name: 'vsftpd 2.3.4, and TCP 6200 accepting a connection',
        findings: ['known-vulnerable-server:error', 'anonymous-allowed:info'],
        build: () =>
          edited((o) => {
            o.posture = { ...o.posture, audit: true };
            if (o.greeting?.kind === 'greeted') o.greeting.software = 'vsftpd 2.3.4';
            o.backdoorPort = { port: 6200, result: connected(CLIENT, SERVER) };
          }),
      },
      {
        name: 'ProFTPD 1.3.3c (the backdoored tarball)',
        findings: ['known-vulnerable-server:warning', 'anonymous-allowed:info'],
        build: () => announcing('ProFTPD 1.3.3c'),
      },
      {
        name: 'ProFTPD 1.3.3b (TELNET IAC overflow)',
        findings: ['known-vulnerable-server:warning', 'anonymous-allowed:info'],
        build: () => announcing('ProFTPD 1.3.3b'),
      },
      {
        name: 'ProFTPD 1.3.5 (mod_copy)',
        findings: ['known-vulnerable-server:warning', 'known-vulnerable-server:warning', 'anonymous-allowed:info'],
        build: () => announcing('ProFTPD 1.3.5'),
      },
      {
        name: 'ProFTPD 1.3.5b (mod_copy)',
        findings: ['known-vulnerable-server:warning', 'anonymous-allowed:info'],
        build: () => announcing('ProFTPD 1.3.5b'),
      },
      {
        name: 'named in SYST/FEAT rather than the greeting',
        findings: ['known-vulnerable-server:warning', 'known-vulnerable-server:warning', 'anonymous-allowed:info'],
        build: () =>
          edited((o) => {
            o.posture = { ...o.posture, audit: true };
            if (o.greeting?.kind === 'greeted') o.greeting.software = undefined;
            if (o.login?.kind === 'logged-in') o.login.software = 'ProFTPD 1.3.5';
          }),
      },
    ],
    silent: [
      { name: 'without --audit', findings: [], build: () => announcing('vsftpd 2.3.4', false) },
      { name: 'vsftpd 3.0.3', findings: ['anonymous-allowed:info'], build: () => announcing('vsftpd 3.0.3') },
      { name: 'vsftpd 2.3.5', findings: ['anonymous-allowed:info'], build: () => announcing('vsftpd 2.3.5') },
      { name: 'ProFTPD 1.3.5e', findings: ['anonymous-allowed:info'], build: () => announcing('ProFTPD 1.3.5e') },
      { name: 'ProFTPD 1.3.6rc1', findings: ['anonymous-allowed:info'], build: () => announcing('ProFTPD 1.3.6rc1') },
      {
        name: 'ProFTPD 1.3.2rc2 (before the overflow)',
        findings: ['anonymous-allowed:info'],
        build: () => announcing('ProFTPD 1.3.2rc2'),
      },
      { name: 'ProFTPD without a version', findings: ['anonymous-allowed:info'], build: () => announcing('ProFTPD') },
      { name: 'no software named', findings: ['anonymous-allowed:info'], build: () => announcing(undefined) },
    ],
  },
  'mod-copy-unauthenticated': {
    fires: [
      {
        name: 'SITE CPFR answered 350 before login',
        findings: ['mod-copy-unauthenticated:error', 'anonymous-allowed:info'],
        build: () => cpfrAnswered(answered(350, 'File or directory exists, ready for destination name')),
      },
    ],
    silent: [
      {
        name: 'a patched server: 530 before login',
        findings: ['anonymous-allowed:info'],
        build: () => cpfrAnswered(answered(530, 'Please login with USER and PASS')),
      },
      {
        name: 'no mod_copy: 500',
        findings: ['anonymous-allowed:info'],
        build: () => cpfrAnswered(answered(500, "'SITE CPFR' not understood")),
      },
      {
        name: 'the session was lost',
        findings: ['anonymous-allowed:info'],
        build: () => cpfrAnswered({ kind: 'reset', ms: 2 }),
      },
      {
        name: 'without --audit',
        findings: [],
        build: () => cpfrAnswered(answered(350, 'File or directory exists, ready for destination name'), false),
      },
    ],
  },
  'tls-data-unprotected-allowed': {
    fires: [
      {
        name: 'PROT C answered 200 and the listing came in the clear',
        findings: ['tls-data-unprotected-allowed:warning', 'anonymous-allowed:info'],
        build: () => protCAnswered(answered(200, 'Protection set to Clear'), CLEAR_LISTING),
      },
    ],
    silent: [
      {
        name: 'PROT C refused with 536 (vsftpd force_local_data_ssl)',
        findings: ['anonymous-allowed:info'],
        build: () => protCAnswered(answered(536, 'Data connections must be encrypted.'), undefined),
      },
      {
        name: 'PROT C refused with 534',
        findings: ['anonymous-allowed:info'],
        build: () => protCAnswered(answered(534, 'Unwilling to accept security parameters'), undefined),
      },
      {
        name: 'PROT C accepted but the clear listing refused (521)',
        findings: ['anonymous-allowed:info'],
        build: () =>
          protCAnswered(answered(200, 'Protection set to Clear'), {
            kind: 'rejected',
            ms: 3,
            reply: reply(521, 'Data connections must be encrypted'),
            bytes: 0,
          }),
      },
      {
        name: 'PROT C accepted but the clear listing stalled (the server waits for TLS)',
        findings: ['anonymous-allowed:info'],
        build: () =>
          protCAnswered(answered(200, 'Protection set to Clear'), {
            kind: 'stalled',
            ms: 2000,
            bytes: 0,
            waitingFor: 'data',
          }),
      },
      {
        name: 'the session was lost at PROT C',
        findings: ['anonymous-allowed:info'],
        build: () => protCAnswered({ kind: 'reset', ms: 2 }, undefined),
      },
      {
        name: 'without --audit',
        findings: [],
        build: () => protCAnswered(answered(200, 'Protection set to Clear'), CLEAR_LISTING, false),
      },
    ],
  },
  'active-source-port-not-20': {
    fires: [
      {
        name: 'an ephemeral port',
        findings: ['active-source-port-not-20:info'],
        build: () =>
          edited((o) => (activeOf(o).callback = { kind: 'arrived', ms: 2, from: { address: SERVER, port: 41234 } })),
      },
      {
        name: 'port 2020',
        findings: ['active-source-port-not-20:info'],
        build: () =>
          edited((o) => (activeOf(o).callback = { kind: 'arrived', ms: 2, from: { address: SERVER, port: 2020 } })),
      },
    ],
    silent: [{ name: 'port 20', findings: [], build: healthy }],
  },
  'client-behind-nat': {
    fires: [
      {
        name: 'a 192.168 client, a public server',
        findings: ['client-behind-nat:info'],
        build: () => ({ ...healthy(), connect: connected('192.168.1.2', SERVER) }),
      },
      {
        name: 'a 10.x client, a public server',
        findings: ['client-behind-nat:info'],
        build: () => ({ ...healthy(), connect: connected('10.1.2.3', SERVER) }),
      },
    ],
    silent: [
      {
        name: 'both in one private network',
        findings: ['active-callback-other-address:warning'],
        build: () => ({ ...healthy(), connect: connected('192.168.1.2', '192.168.1.10') }),
      },
      { name: 'a public client', findings: [], build: healthy },
    ],
  },
  'epsv-unsupported': {
    fires: [
      {
        name: 'EPSV unknown, PASV used',
        findings: ['epsv-unsupported:info'],
        build: () =>
          edited(
            (o) =>
              (passiveOf(o).requests[0] = {
                command: 'EPSV',
                exchange: { command: 'EPSV', result: answered(500, 'Unknown command.') },
                advertised: undefined,
              }),
          ),
      },
    ],
    silent: [{ name: 'EPSV works', findings: [], build: healthy }],
  },
  'deadline-reached': {
    fires: [
      {
        name: 'during the passive stage',
        findings: ['deadline-reached:error'],
        build: () =>
          passiveData(
            { kind: 'timeout', ms: 300 },
            { active: undefined, deadlineHit: { stage: 'passive', deadlineMs: 17000 } },
          ),
      },
      {
        name: 'during the greeting',
        findings: ['deadline-reached:error'],
        build: () =>
          stopped({ greeting: { kind: 'deadline', ms: 200 }, deadlineHit: { stage: 'greeting', deadlineMs: 17000 } }),
      },
    ],
    silent: [{ name: 'a run within its deadline', findings: [], build: healthy }],
  },
  'tls-unsupported': {
    fires: [
      {
        name: '502',
        findings: ['tls-unsupported:error'],
        build: () => ({
          ...healthyTls(),
          tls: {
            kind: 'auth-refused',
            ms: 2,
            exchange: { command: 'AUTH TLS', result: answered(502, 'Command not supported') },
          },
          login: undefined,
          passive: undefined,
          active: undefined,
          plain: undefined,
        }),
      },
      {
        name: '530',
        findings: ['tls-unsupported:error'],
        build: () => ({
          ...healthyTls(),
          tls: {
            kind: 'auth-refused',
            ms: 2,
            exchange: { command: 'AUTH TLS', result: answered(530, 'Please login with USER and PASS.') },
          },
          login: undefined,
          passive: undefined,
          active: undefined,
          plain: undefined,
        }),
      },
    ],
    silent: [
      {
        name: 'AUTH TLS got no reply (the control connection is the story)',
        findings: ['control-lost:error'],
        build: () => ({
          ...healthyTls(),
          tls: {
            kind: 'auth-refused',
            ms: 2000,
            exchange: { command: 'AUTH TLS', result: { kind: 'timeout', ms: 2000, partial: '' } },
          },
          login: undefined,
          passive: undefined,
          active: undefined,
          plain: undefined,
        }),
      },
    ],
  },
  'tls-handshake-failed': {
    fires: [
      {
        name: 'a failed handshake',
        findings: ['tls-handshake-failed:error'],
        build: () => ({
          ...healthyTls(),
          tls: {
            kind: 'ran',
            ms: 5,
            mode: 'implicit',
            exchange: undefined,
            handshake: { kind: 'failed', ms: 5, error: 'wrong version number', code: 'ERR_SSL_WRONG_VERSION_NUMBER' },
          },
          greeting: undefined,
          login: undefined,
          passive: undefined,
          active: undefined,
          plain: undefined,
        }),
      },
      {
        name: 'the server resets the connection during the handshake',
        findings: ['tls-handshake-failed:error'],
        build: () =>
          controlHandshake('explicit', { kind: 'failed', ms: 7, error: 'socket hang up', code: 'ECONNRESET' }),
      },
    ],
    silent: [
      { name: 'an established handshake', findings: [], build: () => healthyTls() },
      {
        name: 'a handshake that got no answer while the connection stayed open (tls-handshake-stalled)',
        findings: ['tls-handshake-stalled:error'],
        build: () => controlHandshake('explicit', { kind: 'timeout', ms: 2000, received: 0 }),
      },
    ],
  },
  'tls-handshake-stalled': {
    fires: [
      {
        name: 'explicit: no byte back after AUTH TLS and the ClientHello',
        findings: ['tls-handshake-stalled:error'],
        build: () => controlHandshake('explicit', { kind: 'timeout', ms: 2000, received: 0 }),
      },
      {
        name: 'implicit: no byte back after the ClientHello',
        findings: ['tls-handshake-stalled:error'],
        build: () => controlHandshake('implicit', { kind: 'timeout', ms: 2000, received: 0 }),
      },
      {
        name: 'explicit: part of the answer, then nothing (bytes not counted by an older report)',
        findings: ['tls-handshake-stalled:error'],
        build: () => controlHandshake('explicit', { kind: 'timeout', ms: 2000 }),
      },
      {
        name: 'the passive data connection over EPSV: its handshake gets no answer',
        findings: ['tls-handshake-stalled:error'],
        build: () =>
          edited((o) => {
            const run = passiveOf(o);
            run.dataTls = { kind: 'timeout', ms: 2000, received: 0 };
            run.transfer = { kind: 'stalled', ms: 2000, bytes: 0, waitingFor: 'final-reply' };
          }, healthyTls),
      },
      {
        name: 'the active data connection: its handshake gets no answer',
        findings: ['tls-handshake-stalled:error'],
        build: () =>
          edited((o) => {
            const run = activeOf(o);
            run.dataTls = { kind: 'timeout', ms: 2000, received: 0 };
            run.transfer = {
              kind: 'rejected',
              ms: 2000,
              reply: reply(425, 'Failed to establish connection.'),
              bytes: 0,
            };
          }, healthyTls),
      },
    ],
    silent: [
      { name: 'an established handshake', findings: [], build: () => healthyTls() },
      {
        name: 'an alert (tls-handshake-failed)',
        findings: ['tls-handshake-failed:error'],
        build: () =>
          controlHandshake('explicit', {
            kind: 'failed',
            ms: 5,
            error: 'tlsv1 alert protocol version',
            code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
          }),
      },
      {
        name: 'a reset (tls-handshake-failed)',
        findings: ['tls-handshake-failed:error'],
        build: () =>
          controlHandshake('implicit', { kind: 'failed', ms: 5, error: 'socket hang up', code: 'ECONNRESET' }),
      },
      {
        name: 'a data connection whose handshake failed with an alert',
        findings: ['data-transfer-stalled:error'],
        build: () =>
          edited((o) => {
            const run = passiveOf(o);
            run.dataTls = { kind: 'failed', ms: 5, error: 'alert', code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' };
            run.transfer = { kind: 'rejected', ms: 5, reply: reply(425, 'no'), bytes: 0 };
          }, healthyTls),
      },
    ],
  },
  'tls-certificate-untrusted': {
    fires: [
      {
        name: 'self-signed',
        findings: ['tls-certificate-untrusted:warning'],
        build: () => healthyTls({ trusted: false, selfSigned: true, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
      },
      {
        name: 'a private CA, strict',
        findings: ['tls-certificate-untrusted:error'],
        build: () => healthyTls({ trusted: false, trustError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' }, true),
      },
      {
        name: 'a private CA whose certificate the server sent along (a chain of 2)',
        findings: ['tls-certificate-untrusted:warning'],
        build: () => healthyTls({ trusted: false, trustError: 'SELF_SIGNED_CERT_IN_CHAIN', chainLength: 2 }),
      },
    ],
    silent: [
      { name: 'trusted', findings: [], build: () => healthyTls() },
      {
        name: 'sent alone, its issuer unknown (tls-chain-incomplete)',
        findings: ['tls-chain-incomplete:warning'],
        build: () => healthyTls({ trusted: false, trustError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', chainLength: 1 }),
      },
    ],
  },
  'tls-chain-incomplete': {
    fires: [
      {
        name: 'the leaf alone, its intermediate missing',
        findings: ['tls-chain-incomplete:warning'],
        build: () => healthyTls({ trusted: false, trustError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', chainLength: 1 }),
      },
      {
        name: 'the leaf alone, another verify error, strict',
        findings: ['tls-chain-incomplete:error'],
        build: () =>
          healthyTls({ trusted: false, trustError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', chainLength: 1 }, true),
      },
    ],
    silent: [
      { name: 'trusted', findings: [], build: () => healthyTls() },
      {
        name: 'trusted although sent alone (its issuer in the trust store)',
        findings: [],
        build: () => healthyTls({ chainLength: 1 }),
      },
      {
        name: 'self-signed (tls-certificate-untrusted)',
        findings: ['tls-certificate-untrusted:warning'],
        build: () =>
          healthyTls({ trusted: false, selfSigned: true, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT', chainLength: 1 }),
      },
      {
        name: 'the chain sent, its root not trusted (tls-certificate-untrusted)',
        findings: ['tls-certificate-untrusted:warning'],
        build: () => healthyTls({ trusted: false, trustError: 'SELF_SIGNED_CERT_IN_CHAIN', chainLength: 2 }),
      },
      {
        name: 'an older report without the chain length',
        findings: ['tls-certificate-untrusted:warning'],
        build: () => healthyTls({ trusted: false, trustError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
      },
    ],
  },
  'tls-certificate-expired': {
    fires: [
      { name: 'expired', findings: ['tls-certificate-expired:warning'], build: () => healthyTls({ expired: true }) },
      {
        name: 'not yet valid',
        findings: ['tls-certificate-expired:warning'],
        build: () => healthyTls({ notYetValid: true }),
      },
    ],
    silent: [{ name: 'valid', findings: [], build: () => healthyTls() }],
  },
  'tls-certificate-name-mismatch': {
    fires: [
      {
        name: 'another name',
        findings: ['tls-certificate-name-mismatch:warning'],
        build: () =>
          healthyTls({ nameMatches: false, nameError: "Host: ftp.example.org. is not cert's CN: ftp.example.com" }),
      },
      {
        name: 'no reason given',
        findings: ['tls-certificate-name-mismatch:warning'],
        build: () => healthyTls({ nameMatches: false }),
      },
    ],
    silent: [{ name: 'the name matches', findings: [], build: () => healthyTls() }],
  },
  'tls-session-reuse-required': {
    fires: [
      {
        name: 'passive, 522',
        findings: ['tls-session-reuse-required:error'],
        build: () => session(522, 'SSL connection failed: session reuse required', false),
      },
      {
        name: 'active, 425 naming the session',
        findings: ['tls-session-reuse-required:error'],
        build: () => session(425, 'TLS session of data connection not resumed.', false, 'active'),
      },
    ],
    silent: [
      {
        name: 'a resumed session refused for another reason',
        findings: ['data-transfer-stalled:error'],
        build: () => session(550, 'Permission denied.', true),
      },
      { name: 'plain data', findings: [], build: healthy },
    ],
  },
  'tls-hides-pasv-from-firewall': {
    fires: [
      {
        name: 'filtered under TLS',
        findings: ['pasv-data-filtered:error', 'tls-hides-pasv-from-firewall:error'],
        build: () => tlsVersusPlain(passiveFailed({ kind: 'timeout', ms: 2000 })),
      },
      {
        name: 'refused under TLS',
        findings: ['pasv-data-refused:error', 'tls-hides-pasv-from-firewall:error'],
        build: () => tlsVersusPlain(passiveFailed({ kind: 'refused', ms: 1 })),
      },
    ],
    silent: [
      {
        name: 'plain FTP fails the same way',
        findings: ['pasv-data-filtered:error'],
        build: () =>
          edited((o) => {
            passiveFailed({ kind: 'timeout', ms: 2000 })(o);
            o.plain = { kind: 'ran', pasv: undefined, passive: structuredClone(o.passive), active: undefined };
          }, healthyTls),
      },
      {
        name: 'a plain check',
        findings: ['pasv-data-filtered:error'],
        build: () => passiveData({ kind: 'timeout', ms: 2000 }),
      },
    ],
  },
  'tls-hides-port-from-firewall': {
    fires: [
      {
        name: 'after PORT',
        findings: ['active-callback-blocked:error', 'tls-hides-port-from-firewall:error'],
        build: () => tlsVersusPlain(noCallback),
      },
      {
        name: 'after EPRT',
        findings: ['active-callback-blocked:error', 'tls-hides-port-from-firewall:error'],
        build: () => tlsVersusPlain(both(eprt, noCallback)),
      },
    ],
    silent: [
      { name: 'the callback arrives under TLS', findings: [], build: () => tlsVersusPlain(() => undefined) },
      {
        name: 'plain FTP fails the same way',
        findings: ['active-callback-blocked:error'],
        build: () =>
          edited((o) => {
            noCallback(o);
            o.plain = { kind: 'ran', pasv: undefined, passive: undefined, active: structuredClone(o.active) };
          }, healthyTls),
      },
    ],
  },
  'tls-offered': {
    fires: [
      {
        name: 'AUTH TLS accepted on a second connection',
        findings: ['tls-offered:info'],
        build: () => ({
          ...healthy(),
          authTlsProbe: { command: 'AUTH TLS', result: answered(234, 'Proceed with negotiation.') },
        }),
      },
    ],
    silent: [
      {
        name: 'listed but refused',
        findings: [],
        build: () => ({
          ...healthy(),
          authTlsProbe: { command: 'AUTH TLS', result: answered(502, 'Command not supported') },
        }),
      },
      { name: 'a TLS check', findings: [], build: () => healthyTls() },
    ],
  },
  'alg-rewrites-pasv': {
    fires: [
      {
        name: 'plain PASV names the public address, TLS PASV the private one',
        findings: ['pasv-private-address:warning', 'alg-rewrites-pasv:warning'],
        build: () =>
          edited((o) => {
            pasvNamed(o, '192.168.2.10', 'private');
            o.plain = { kind: 'ran', pasv: pasvRequest(SERVER, 50003), passive: undefined, active: undefined };
          }, healthyTls),
      },
    ],
    silent: [
      {
        name: 'the same address both ways',
        findings: [],
        build: () =>
          edited(
            (o) => (o.plain = { kind: 'ran', pasv: pasvRequest(SERVER, 50003), passive: undefined, active: undefined }),
            healthyTls,
          ),
      },
      { name: 'a plain check', findings: [], build: healthy },
    ],
  },
  'pasv-range-partly-blocked': {
    fires: [
      {
        name: 'reachable, then filtered',
        findings: ['pasv-range-partly-blocked:warning'],
        build: () => sweep(['reachable', 'closed', 'filtered', 'filtered']),
      },
      {
        name: 'closed, then rejected with ICMP',
        findings: ['pasv-range-partly-blocked:warning'],
        build: () => sweep(['closed', 'unreachable']),
      },
    ],
    silent: [
      { name: 'all filtered', findings: [], build: () => sweep(['filtered', 'filtered']) },
      { name: 'all open', findings: [], build: () => sweep(['closed', 'reachable', 'closed']) },
      {
        name: 'not swept',
        findings: [],
        build: () => ({ ...healthy(), sweep: { kind: 'not-run', reason: 'the passive stage failed' } }),
      },
    ],
  },
  'active-callback-other-address': {
    fires: [
      {
        name: 'another IPv4 address',
        findings: ['active-callback-other-address:warning'],
        build: () =>
          edited((o) => (activeOf(o).callback = { kind: 'arrived', ms: 2, from: { address: '198.18.2.3', port: 20 } })),
      },
      {
        name: 'another IPv6 address',
        findings: ['active-callback-other-address:warning'],
        build: () =>
          edited((o) => {
            o.connect = connected('2001:db8::2', '2001:db8::21');
            activeOf(o).callback = { kind: 'arrived', ms: 2, from: { address: '2001:db8::22', port: 20 } };
          }),
      },
    ],
    silent: [
      { name: 'the same address', findings: [], build: healthy },
      {
        name: 'the same address, IPv4-mapped',
        findings: [],
        build: () =>
          edited(
            (o) => (activeOf(o).callback = { kind: 'arrived', ms: 2, from: { address: `::ffff:${SERVER}`, port: 20 } }),
          ),
      },
    ],
  },
  'address-fallback': {
    fires: [
      {
        name: 'no IPv6 route',
        findings: ['address-fallback:info'],
        build: () => ({
          ...healthy(),
          addressFallback: {
            address: '2001:db8::21',
            family: 6,
            result: { kind: 'unreachable', ms: 1, errno: 'ENETUNREACH' },
          },
        }),
      },
      {
        name: 'IPv4 first, rejected locally',
        findings: ['address-fallback:info'],
        build: () => ({
          ...healthy(),
          addressFallback: { address: '192.0.2.21', family: 4, result: { kind: 'error', ms: 1, errno: 'EACCES' } },
        }),
      },
      {
        name: 'IPv6 silent, IPv4 connected after the attempt delay',
        findings: ['address-fallback:info'],
        build: () => ({
          ...healthy(),
          addressFallback: { address: '2001:db8::21', family: 6, result: { kind: 'timeout', ms: 251 } },
        }),
      },
    ],
    silent: [{ name: 'the first address worked', findings: [], build: healthy }],
  },
  'server-sends-control-characters': {
    fires: [
      {
        name: 'a colour code in the greeting',
        findings: ['server-sends-control-characters:info'],
        build: () => ({
          ...healthy(),
          greeting: { kind: 'greeted', ms: 3, reply: reply(220, '\x1b[1;32mWelcome\x1b[0m'), software: undefined },
        }),
      },
      {
        name: 'a bidirectional override in a login reply',
        findings: ['login-failed:error', 'server-sends-control-characters:info'],
        build: () => ({
          ...healthy(),
          login: {
            kind: 'refused',
            ms: 5,
            user: 'bob',
            command: 'PASS',
            reply: reply(530, 'Login \u202eincorrect'),
            tlsRequired: false,
            exchanges: [],
          },
          passive: undefined,
          active: undefined,
        }),
      },
    ],
    silent: [
      {
        name: 'tabs and letters of any script',
        findings: [],
        build: () => ({
          ...healthy(),
          greeting: { kind: 'greeted', ms: 3, reply: reply(220, 'Willkommen\t– 欢迎'), software: undefined },
        }),
      },
      {
        name: 'what the user typed is not server text',
        findings: [],
        build: () => ({ ...healthy(), target: { host: SERVER, port: 21, user: 'odd\x1buser' } }),
      },
    ],
  },
  ...TLS_POSTURE_CASES,
  'anonymous-writable': ANONYMOUS_WRITABLE_CASES,
  'vantage-differs': {
    fires: [],
    silent: [
      { name: 'one healthy check', findings: [], build: healthy },
      {
        name: 'one check whose passive port is filtered',
        findings: ['pasv-data-filtered:error'],
        build: () => passiveData({ kind: 'timeout', ms: 2000 }),
      },
    ],
    compared: { fires: VANTAGE_FIRES, silent: VANTAGE_SILENT },
  },
  ...REFLECT_CASES,
  ...FILE_CASES,
};

/** The table with each pinned case among those that give its code, or those where it stays silent. */
function filed(table: Record<FindingCode, AnyCodeCases>, sections: FiledCases[]): Record<FindingCode, AnyCodeCases> {
  const result = { ...table };
  for (const section of sections)
    for (const [code, cases] of Object.entries(section) as [FindingCode, Case[]][])
      for (const c of cases) {
        const entry = result[code];
        const gives = c.findings.some((e) => e.startsWith(`${code}:`));
        if ('compared' in entry) {
          if (gives) throw new Error(`${code} is found only by comparing vantages: ${c.name}`);
          result[code] = { ...entry, silent: [entry.silent[0], ...entry.silent.slice(1), c] };
        } else if (gives) result[code] = { ...entry, fires: [...entry.fires, c] };
        else result[code] = { ...entry, silent: [...entry.silent, c] };
      }
  return result;
}

export const FINDING_CASES = filed(BY_CODE, PINNED_CASES);
