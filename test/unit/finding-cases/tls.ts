// The finding cases of TLS posture and protocol mix-ups, spread into FINDING_CASES. Mix-ups
// vary the server (vsftpd, ProFTPD, IIS text), how the handshake failed and what the user asked for.
import assert from 'node:assert/strict';
import { stageReports } from '../../../src/diagnosis/assembly/stages.js';
import type { Finding, FindingCode } from '../../../src/model/findings.js';
import { ranStage } from '../../../src/model/stage-report.js';
import type { Exchange } from '../../../src/model/exchanges.js';
import type { GreetingObservation, LegacyTlsObservation, Observations } from '../../../src/model/observations.js';
import type { HandshakeResult } from '../../../src/model/connections.js';
import type { CodeCases } from './index.js';
import { answered, connected, edited, healthy, healthyTls, reply, stopped } from '../observations.js';

type TlsPostureCode = Extract<
  FindingCode,
  'tls-mode-mismatch' | 'tls-certificate-expiring' | 'tls-legacy-version' | 'cleartext-login'
>;

/** The tls stage's line of the report. */
const tlsLine = (o: Observations, findings: readonly Finding[]) => ranStage(stageReports(o, [...findings]), 'tls');

const ESTABLISHED: HandshakeResult = {
  kind: 'established',
  ms: 6,
  protocol: 'TLSv1.3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  certificate: undefined,
  sessionReused: false,
};

const WRONG_VERSION: HandshakeResult = {
  kind: 'failed',
  ms: 4,
  error: 'C0:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:ssl/record/ssl3_record.c:354:',
  code: 'ERR_SSL_WRONG_VERSION_NUMBER',
};

const greeted = (text: string): GreetingObservation => ({
  kind: 'greeted',
  ms: 2,
  reply: reply(220, text),
  software: undefined,
});

/** An ftps:// check whose implicit handshake ended so, and a plain connection that got `greeting`. */
function implicitOnPort(handshake: HandshakeResult, greeting: GreetingObservation | undefined): Observations {
  return {
    ...stopped({}),
    target: { host: 'ftp.example.com', port: 990, user: 'anonymous' },
    tlsRequest: { mode: 'implicit', strict: false },
    tls: { kind: 'ran', ms: handshake.ms, mode: 'implicit', exchange: undefined, handshake },
    tlsModeProbe: { kind: 'plain-greeting', connect: connected(), greeting },
  };
}

/** A check (plain, or AUTH TLS with `explicit`) that got no greeting, and a TLS handshake on a new connection. */
function silentPort(handshake: HandshakeResult | undefined, explicit = false): Observations {
  return {
    ...stopped({ greeting: { kind: 'silent', ms: 2000, partial: '' } }),
    tlsRequest: explicit ? { mode: 'explicit', strict: false } : undefined,
    tlsModeProbe: { kind: 'implicit-handshake', connect: connected(), handshake },
  };
}

const legacy = (observation: LegacyTlsObservation, mode: 'explicit' | 'implicit' = 'explicit'): Observations => {
  const o = healthyTls();
  if (mode === 'implicit') o.tlsRequest = { mode, strict: false };
  o.legacyTls = observation;
  return o;
};

const legacyRan = (handshake: HandshakeResult): LegacyTlsObservation => ({
  kind: 'ran',
  ms: 9,
  offered: ['TLSv1', 'TLSv1.1'],
  handshake,
});

const AUTH_TLS_ACCEPTED: Exchange = { command: 'AUTH TLS', result: answered(234, 'Proceed with negotiation.') };

/** A plain login as `user` (with PASS unless `passwordAsked` is false), and how AUTH TLS went on a second connection. */
function plainLogin(user: string, probe: Exchange | undefined = AUTH_TLS_ACCEPTED, passwordAsked = true): Observations {
  return edited((o) => {
    if (o.login?.kind !== 'logged-in') throw new Error('the canned run is logged in');
    o.target.user = user;
    o.login.user = user;
    o.login.features = ['AUTH TLS', 'EPSV', 'PASV'];
    o.login.exchanges = [
      { command: `USER ${user}`, result: answered(passwordAsked ? 331 : 230, 'Please specify the password.') },
      ...(passwordAsked ? [{ command: 'PASS ****', result: answered(230, 'Login successful.') }] : []),
    ];
    o.authTlsProbe = probe;
  });
}

export const TLS_POSTURE_CASES: Record<TlsPostureCode, CodeCases> = {
  'tls-mode-mismatch': {
    fires: [
      {
        name: 'ftps:// on a port that greets in plain FTP (vsftpd; "wrong version number")',
        findings: ['tls-mode-mismatch:error'],
        also: (findings) => {
          // It names the form to use instead, with the host and port checked.
          const f = findings.find((x) => x.code === 'tls-mode-mismatch');
          assert.equal(f?.stage, 'tls');
          assert.match(f.fix[0]?.text ?? '', /`ftpcheck --tls ftp:\/\/ftp\.example\.com:990`/);
        },
        build: () => implicitOnPort(WRONG_VERSION, greeted('(vsFTPd 3.0.3)')),
      },
      {
        name: 'ftps:// on a plain ProFTPD port ("packet length too long")',
        findings: ['tls-mode-mismatch:error'],
        build: () =>
          implicitOnPort(
            {
              kind: 'failed',
              ms: 3,
              error: 'C0:error:0A0000C6:SSL routines:tls_get_more_records:packet length too long:rec_layer_s3.c:1:',
              code: 'ERR_SSL_PACKET_LENGTH_TOO_LONG',
            },
            greeted('ProFTPD Server (Debian) [198.18.2.2]'),
          ),
      },
      {
        name: 'plain FTP on an implicit-FTPS port',
        findings: ['tls-mode-mismatch:error'],
        also: (findings) => {
          const f = findings.find((x) => x.code === 'tls-mode-mismatch');
          assert.equal(f?.stage, 'greeting');
          assert.match(f.fix[0]?.text ?? '', /`ftpcheck ftps:\/\/198\.18\.2\.2:21`/);
        },
        build: () => silentPort(ESTABLISHED),
      },
      {
        name: '--tls (AUTH TLS) on an implicit-FTPS port',
        findings: ['tls-mode-mismatch:error'],
        build: () => silentPort(ESTABLISHED, true),
      },
    ],
    silent: [
      {
        name: 'ftps:// on a port where SSH answers',
        findings: ['not-ftp:error'],
        build: () =>
          implicitOnPort(WRONG_VERSION, {
            kind: 'not-ftp',
            ms: 2,
            banner: 'SSH-2.0-OpenSSH_9.2p1',
            service: 'ssh',
          }),
      },
      {
        name: 'ftps:// on a port that is silent in plain text too',
        findings: ['tls-handshake-failed:error'],
        build: () => implicitOnPort(WRONG_VERSION, { kind: 'silent', ms: 2000, partial: '' }),
      },
      {
        name: 'a silent port that does not answer TLS either',
        findings: ['banner-timeout:error'],
        build: () => silentPort({ kind: 'timeout', ms: 2000 }),
      },
      {
        name: 'a silent port that refuses TLS',
        findings: ['banner-timeout:error'],
        build: () => silentPort({ kind: 'failed', ms: 2, error: 'socket hang up', code: 'ECONNRESET' }),
      },
      {
        name: 'a silent port whose second connection was refused',
        findings: ['banner-timeout:error'],
        build: () => ({
          ...silentPort(undefined),
          tlsModeProbe: { kind: 'implicit-handshake', connect: { kind: 'refused', ms: 1 }, handshake: undefined },
        }),
      },
      {
        name: 'an implicit check that was silent after its own handshake',
        findings: ['banner-timeout:error'],
        build: () => ({
          ...silentPort(ESTABLISHED),
          tlsRequest: { mode: 'implicit', strict: false },
          tls: { kind: 'ran', ms: 6, mode: 'implicit', exchange: undefined, handshake: ESTABLISHED },
        }),
      },
      {
        name: 'a working implicit check',
        findings: [],
        build: () => legacy({ kind: 'not-tested', reason: 'x' }, 'implicit'),
      },
    ],
  },
  'tls-certificate-expiring': {
    fires: [
      {
        name: '3 days left',
        findings: ['tls-certificate-expiring:warning'],
        verdict: 'degraded',
        also: (findings, o) => assert.equal(tlsLine(o, findings)?.status, 'warn'),
        build: () => healthyTls({ daysLeft: 3 }),
      },
      {
        name: 'less than a day left',
        findings: ['tls-certificate-expiring:warning'],
        build: () => healthyTls({ daysLeft: 0 }),
      },
      {
        name: '60 days left with --cert-warn-days 90, untrusted too',
        findings: ['tls-certificate-untrusted:warning', 'tls-certificate-expiring:warning'],
        build: () =>
          edited(
            (o) => (o.posture = { audit: false, certWarnDays: 90 }),
            () => healthyTls({ daysLeft: 60, trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
          ),
      },
    ],
    silent: [
      { name: '200 days left', findings: [], build: () => healthyTls() },
      { name: 'exactly 21 days left: warned within 21', findings: [], build: () => healthyTls({ daysLeft: 21 }) },
      {
        name: 'already expired (tls-certificate-expired says so)',
        findings: ['tls-certificate-expired:warning'],
        build: () => healthyTls({ expired: true, daysLeft: -3 }),
      },
      {
        name: 'not yet valid',
        findings: ['tls-certificate-expired:warning'],
        build: () => healthyTls({ notYetValid: true, daysLeft: 400 }),
      },
      {
        name: '--cert-warn-days 0',
        findings: [],
        build: () =>
          edited(
            (o) => (o.posture = { audit: false, certWarnDays: 0 }),
            () => healthyTls({ daysLeft: 0 }),
          ),
      },
    ],
  },
  'tls-legacy-version': {
    fires: [
      {
        name: 'TLS 1.0 over AUTH TLS',
        findings: ['tls-legacy-version:warning'],
        verdict: 'degraded',
        also: (findings, o) => {
          // The tls stage's line carries the probe, in words and as evidence.
          const line = tlsLine(o, findings);
          assert.equal(line?.status, 'warn');
          assert.ok('legacyTls' in line);
          assert.deepEqual(line.legacyTls, {
            outcome: 'accepted',
            protocol: 'TLSv1',
            detail: 'TLS 1.0/1.1 accepted (TLSv1)',
          });
          assert.match(line.summary, /; certificate trusted, expires 2027-01-01; TLS 1\.0\/1\.1 accepted \(TLSv1\)$/);
        },
        build: () => legacy(legacyRan({ ...ESTABLISHED, protocol: 'TLSv1', cipher: 'ECDHE-RSA-AES256-SHA' })),
      },
      {
        name: 'TLS 1.1, implicit FTPS',
        findings: ['tls-legacy-version:warning'],
        build: () =>
          legacy(legacyRan({ ...ESTABLISHED, protocol: 'TLSv1.1', cipher: 'ECDHE-RSA-AES256-SHA' }), 'implicit'),
      },
    ],
    silent: [
      {
        name: 'refused with an alert',
        findings: [],
        build: () =>
          legacy(
            legacyRan({
              kind: 'failed',
              ms: 2,
              error: 'alert protocol version',
              code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
            }),
          ),
      },
      { name: 'no answer', findings: [], build: () => legacy(legacyRan({ kind: 'timeout', ms: 2000 })) },
      {
        name: 'not tested: OpenSSL here cannot offer them',
        findings: [],
        build: () => legacy({ kind: 'not-tested', reason: 'no protocols available' }),
      },
      { name: 'a plain check', findings: [], build: healthy },
    ],
  },
  'cleartext-login': {
    fires: [
      {
        name: 'a named user over plain FTP',
        findings: ['tls-offered:info', 'cleartext-login:info'],
        verdict: 'ok',
        build: () => plainLogin('alice'),
      },
      {
        name: 'in --audit',
        findings: ['cleartext-login:warning', 'tls-offered:info'],
        verdict: 'degraded',
        build: () =>
          edited(
            (o) => (o.posture = { audit: true, certWarnDays: 21 }),
            () => plainLogin('bob'),
          ),
      },
    ],
    silent: [
      { name: 'anonymous', findings: ['tls-offered:info'], build: () => plainLogin('anonymous') },
      { name: 'ftp (anonymous too)', findings: ['tls-offered:info'], build: () => plainLogin('FTP') },
      {
        name: 'AUTH TLS listed but refused on the second connection',
        findings: [],
        build: () => plainLogin('alice', { command: 'AUTH TLS', result: answered(534, 'No TLS here.') }),
      },
      {
        name: 'not asked (FEAT did not list AUTH TLS)',
        findings: [],
        build: () =>
          edited(
            (o) => delete o.authTlsProbe,
            () => plainLogin('alice'),
          ),
      },
      {
        name: 'a login that asked for no password',
        findings: ['tls-offered:info'],
        build: () => plainLogin('alice', AUTH_TLS_ACCEPTED, false),
      },
      { name: 'a TLS check', findings: [], build: () => ({ ...healthyTls(), authTlsProbe: AUTH_TLS_ACCEPTED }) },
    ],
  },
};
