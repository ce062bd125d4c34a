// Cases that pin more than which findings come: the verdict a run gets, and the wording, likely rule,
// fixes and stage lines of a finding. index.ts files each under the code it is about, among the
// cases that give that code or those where it stays silent (its findings say which).
import assert from 'node:assert/strict';
import { CATALOGUE } from '../../../src/diagnosis/rules/catalogue.js';
import type { Finding, FindingCode } from '../../../src/model/findings.js';
import type { CertificateInfo } from '../../../src/model/connections.js';
import type { Observations } from '../../../src/model/observations.js';
import { serverSoftware } from '../../../src/protocol/banner.js';
import { stageReports } from '../../../src/diagnosis/assembly/stages.js';
import { ranStage } from '../../../src/model/stage-report.js';
import type { StageName } from '../../../src/model/stages.js';
import { checked, listed, sampled, sampleOf, STALLED_AT_ONCE, unixListing, uploaded } from '../bulk-observations.js';
import type { Case } from './index.js';
import { apart, attemptOf, PASSIVE_AREA_CASES } from './passive.js';
import {
  activeOf,
  answered,
  CLIENT,
  connected,
  DROPPED,
  edited,
  healthy,
  healthyTls,
  OPEN,
  passiveOf,
  REFUSED,
  reply,
  SERVER,
  withChanges,
} from '../observations.js';

/** Cases filed under the code they are about. */
export type FiledCases = Partial<Record<FindingCode, Case[]>>;

/** The one finding of this code among the findings. */
function one(findings: readonly Finding[], code: FindingCode): Finding {
  const mine = findings.filter((f) => f.code === code);
  assert.equal(mine.length, 1, `expected one ${code}`);
  const [f] = mine;
  assert.ok(f);
  return f;
}

/** Every rule's plain outcome on the basic failures: the codes, their severities and the verdict. */
export const VERDICT_CASES: FiledCases = {
  'dns-unresolved': [
    { name: 'healthy vsftpd', findings: [], build: healthy, verdict: 'ok' },
    {
      name: 'name not found',
      findings: ['dns-unresolved:error'],
      build: () => ({
        ...healthy(),
        dns: { kind: 'failed', ms: 5, reason: 'not-found', errno: 'ENOTFOUND' },
        connect: undefined,
        greeting: undefined,
        login: undefined,
        passive: undefined,
        active: undefined,
      }),

      verdict: 'failed',
    },
  ],
  'control-filtered': [
    {
      name: 'SYN dropped',
      findings: ['control-filtered:error'],
      build: () => ({
        ...healthy(),
        connect: { kind: 'timeout', ms: 2000 },
        greeting: undefined,
        login: undefined,
        passive: undefined,
        active: undefined,
      }),

      verdict: 'failed',
    },
  ],
  'control-refused': [
    {
      name: 'refused',
      findings: ['control-refused:error'],
      build: () => ({
        ...healthy(),
        connect: { kind: 'refused', ms: 1 },
        greeting: undefined,
        login: undefined,
        passive: undefined,
        active: undefined,
      }),

      verdict: 'failed',
    },
  ],
  'control-unreachable': [
    {
      name: 'ICMP prohibited',
      findings: ['control-unreachable:error'],
      build: () => ({
        ...healthy(),
        connect: { kind: 'unreachable', ms: 1, errno: 'EHOSTUNREACH' },
        greeting: undefined,
        login: undefined,
        passive: undefined,
        active: undefined,
      }),

      verdict: 'failed',
    },
  ],
  'banner-timeout': [
    {
      name: 'silent listener',
      findings: ['banner-timeout:error'],
      build: () => ({
        ...healthy(),
        greeting: { kind: 'silent', ms: 2000, partial: '' },
        login: undefined,
        passive: undefined,
        active: undefined,
      }),

      verdict: 'failed',
    },
  ],
  'not-ftp': [
    {
      name: 'SSH on the port',
      findings: ['not-ftp:error'],
      build: () => ({
        ...healthy(),
        greeting: { kind: 'not-ftp', ms: 3, banner: 'SSH-2.0-OpenSSH_9.2', service: 'ssh' },
        login: undefined,
        passive: undefined,
        active: undefined,
      }),

      verdict: 'failed',
    },
  ],
  'greeting-rejected': [
    {
      name: '421 greeting',
      findings: ['greeting-rejected:error'],
      build: () => ({
        ...healthy(),
        greeting: { kind: 'rejected', ms: 3, reply: reply(421, 'Too many connections') },
        login: undefined,
        passive: undefined,
        active: undefined,
      }),

      verdict: 'failed',
    },
  ],
  'control-reset': [
    {
      name: 'closed at once',
      findings: ['control-reset:error'],
      build: () => ({
        ...healthy(),
        greeting: { kind: 'closed', ms: 1, partial: '' },
        login: undefined,
        passive: undefined,
        active: undefined,
      }),

      verdict: 'failed',
    },
  ],
  'protocol-violation': [
    {
      name: 'endless line',
      findings: ['protocol-violation:error'],
      build: () => ({
        ...healthy(),
        greeting: { kind: 'violation', ms: 9, reason: 'line-too-long', partial: 'AAAA' },
        login: undefined,
        passive: undefined,
        active: undefined,
      }),

      verdict: 'failed',
    },
  ],
  'login-failed': [
    {
      name: 'wrong password',
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

      verdict: 'failed',
    },
  ],
  'tls-required': [
    {
      name: 'TLS demanded',
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

      verdict: 'failed',
    },
  ],
  'control-lost': [
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

      verdict: 'failed',
    },
  ],
  'pasv-data-filtered': [
    {
      name: 'passive range dropped, active works',
      findings: ['pasv-data-filtered:error'],
      build: () => {
        const o = healthy();
        passiveOf(o).data = { kind: 'timeout', ms: 2000 };
        passiveOf(o).transfer = undefined;
        return o;
      },

      verdict: 'degraded',
    },
  ],
  'pasv-data-refused': [
    {
      name: 'passive range refused, passive only',
      findings: ['pasv-data-refused:error'],
      build: () => {
        const o = {
          ...healthy(),
          mode: 'passive' as const,
          active: { kind: 'not-run' as const, reason: '--mode passive' },
        };
        passiveOf(o).data = { kind: 'refused', ms: 1 };
        passiveOf(o).transfer = undefined;
        return o;
      },

      verdict: 'failed',
    },
  ],
  'pasv-private-address': [
    {
      name: 'server behind NAT advertises its private address',
      findings: ['pasv-private-address:warning'],
      build: () => {
        const o = healthy();
        const p = passiveOf(o);
        const pasv = {
          command: 'PASV' as const,
          exchange: { command: 'PASV', result: answered(227, 'Entering Passive Mode (192,168,2,10,195,82)') },
          advertised: { address: '192.168.2.10', port: 50002 },
        };
        p.requests = [...p.requests.slice(0, 1), pasv];
        p.used = pasv;
        p.relation = 'private';
        return o;
      },

      verdict: 'degraded',
    },
  ],
  'pasv-foreign-address': [
    {
      name: 'foreign public PASV address',
      findings: ['pasv-foreign-address:warning'],
      build: () => {
        const o = healthy();
        const p = passiveOf(o);
        const pasv = {
          command: 'PASV' as const,
          exchange: { command: 'PASV', result: answered(227, '(198,51,100,7,195,82)') },
          advertised: { address: '198.51.100.7', port: 50002 },
        };
        p.requests = [...p.requests.slice(0, 1), pasv];
        p.used = pasv;
        p.relation = 'foreign';
        return o;
      },

      verdict: 'degraded',
    },
  ],
  'pasv-rejected': [
    {
      name: 'passive disabled (both commands refused)',
      findings: ['pasv-rejected:error'],
      build: () => {
        const o = healthy();
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
        p.used = undefined;
        p.relation = undefined;
        p.dataTarget = undefined;
        p.data = undefined;
        p.transfer = undefined;
        return o;
      },

      verdict: 'degraded',
    },
  ],
  'epsv-unsupported': [
    {
      name: 'EPSV refused on IPv4, PASV works',
      findings: ['epsv-unsupported:info'],
      build: () => {
        const o = healthy();
        passiveOf(o).requests[0] = {
          command: 'EPSV',
          exchange: { command: 'EPSV', result: answered(500, 'Unknown command.') },
          advertised: undefined,
        };
        return o;
      },

      verdict: 'ok',
    },
  ],
  'data-transfer-stalled': [
    {
      name: 'transfer stalls after the data connection opens',
      findings: ['data-transfer-stalled:error'],
      build: () => {
        const o = healthy();
        passiveOf(o).transfer = { kind: 'stalled', ms: 2000, bytes: 10, waitingFor: 'data' };
        return o;
      },

      verdict: 'degraded',
    },
  ],
  'active-port-rejected': [
    {
      name: 'server rejects PORT from a client behind NAT',
      findings: ['active-port-rejected:error', 'client-behind-nat:info'],
      build: () => {
        const o = withChanges({ connect: connected('192.168.1.2', SERVER) });
        const a = activeOf(o);
        a.listen = { address: '192.168.1.2', port: 40002 };
        a.portExchange = { command: 'PORT 192,168,1,2,156,66', result: answered(500, 'Illegal PORT command.') };
        a.callback = undefined;
        a.listReply = undefined;
        a.transfer = undefined;
        return o;
      },

      verdict: 'degraded',
    },
  ],
  'active-callback-blocked': [
    {
      name: 'server never connects back',
      findings: ['active-callback-blocked:error'],
      build: () => {
        const o = healthy();
        const a = activeOf(o);
        a.callback = { kind: 'none', ms: 2000 };
        a.listReply = { kind: 'timeout', ms: 2000, partial: '' };
        a.transfer = undefined;
        return o;
      },

      verdict: 'degraded',
    },
  ],
  'active-source-port-not-20': [
    {
      name: 'active data from an ephemeral port',
      findings: ['active-source-port-not-20:info'],
      build: () => {
        const o = healthy();
        activeOf(o).callback = { kind: 'arrived', ms: 2, from: { address: SERVER, port: 41234 } };
        return o;
      },

      verdict: 'ok',
    },
  ],
  'deadline-reached': [
    {
      name: 'deadline cut the passive stage: no filtered verdict from a shortened wait',
      findings: ['deadline-reached:error'],
      build: () => {
        const o = { ...healthy(), active: undefined, deadlineHit: { stage: 'passive' as const, deadlineMs: 17000 } };
        passiveOf(o).data = { kind: 'timeout', ms: 300 };
        passiveOf(o).transfer = undefined;
        return o;
      },

      verdict: 'failed',
    },
  ],
};

/** The likely rule and the fixes follow what was observed. */
export const WORDING_CASES: FiledCases = {
  'active-callback-blocked': [
    {
      name: 'a client behind NAT whose callback never comes: the likely rule says so',
      findings: ['active-callback-blocked:error', 'client-behind-nat:info'],
      build: () => {
        const o = withChanges({ connect: connected('192.168.1.2', SERVER) });
        const a = activeOf(o);
        a.listen = { address: '192.168.1.2', port: 40002 };
        a.callback = { kind: 'none', ms: 2000 };
        a.transfer = undefined;
        return o;
      },
      also: (findings) => assert.match(one(findings, 'active-callback-blocked').likelyRule, /behind NAT/),
    },
  ],
  'pasv-private-address': [
    {
      name: 'the observed public address goes into the PASV fix',
      findings: ['pasv-private-address:warning'],
      build: () => {
        const o = healthy();
        const p = passiveOf(o);
        p.requests[1] = {
          command: 'PASV',
          exchange: { command: 'PASV', result: answered(227, '(10,0,0,5,195,82)') },
          advertised: { address: '10.0.0.5', port: 50002 },
        };
        p.relation = 'private';
        return o;
      },
      also: (findings) =>
        assert.match(
          one(findings, 'pasv-private-address').fix[0]?.text ?? '',
          new RegExp(`pasv_address=${SERVER.replace(/\./g, '\\.')}`),
        ),
    },
  ],
  'active-port-rejected': [
    {
      name: 'a disabled active mode is reported as disabled, not as NAT',
      findings: ['active-port-rejected:error'],
      build: () => {
        const o = healthy();
        const a = activeOf(o);
        a.portExchange = { command: `PORT ${CLIENT}`, result: answered(550, 'Permission denied.') };
        a.callback = undefined;
        a.transfer = undefined;
        return o;
      },
      also: (findings) => assert.match(one(findings, 'active-port-rejected').likelyRule, /disabled/),
    },
  ],
  'pasv-foreign-address': [
    {
      name: 'the server reached on an internal address names a public one: the hairpin case',
      findings: ['pasv-foreign-address:warning', 'active-callback-other-address:warning'],
      build: () => {
        const o = { ...healthy(), connect: connected('192.168.1.20', '192.168.1.10') };
        const pasv = {
          command: 'PASV' as const,
          exchange: { command: 'PASV', result: answered(227, '(203,0,113,7,195,82)') },
          advertised: { address: '203.0.113.7', port: 50002 },
        };
        passiveOf(o).requests[1] = pasv;
        passiveOf(o).used = pasv;
        passiveOf(o).relation = 'foreign';
        return o;
      },
      also: (findings) => assert.match(one(findings, 'pasv-foreign-address').likelyRule, /inside its own network/),
    },
  ],
};

/** A --tls check whose AUTH TLS got this reply from a server that greeted so. */
function authRefused(code: number, text: string, greeting: string): Observations {
  return {
    ...healthyTls(),
    greeting: { kind: 'greeted', ms: 2, reply: reply(220, greeting), software: serverSoftware(greeting) },
    tls: { kind: 'auth-refused', ms: 2, exchange: { command: 'AUTH TLS', result: answered(code, text) } },
    login: undefined,
    passive: undefined,
    active: undefined,
    plain: undefined,
  };
}

/** The TLS run whose passive data connection is filtered; plain FTP's passive stage as `plain` gives it. */
function tlsPassiveFiltered(plain: (o: Observations) => Observations['passive']): Observations {
  const o = healthyTls();
  const before = structuredClone(o.passive);
  passiveOf(o).data = { kind: 'timeout', ms: 2000 };
  passiveOf(o).transfer = undefined;
  o.plain = { kind: 'ran', pasv: undefined, passive: plain(o) ?? before, active: undefined };
  return o;
}

/** A plain check of a server that lists AUTH TLS among its features and answered the probe so. */
function offering(code: number, text: string): Observations {
  const o = healthy();
  if (o.login?.kind === 'logged-in') o.login.features = ['AUTH TLS', 'EPSV'];
  o.authTlsProbe = { command: 'AUTH TLS', result: answered(code, text) };
  return o;
}

/** TLS on the control and the data connections: handshakes, certificates, sessions, what TLS hides. */
export const TLS_CASES: FiledCases = {
  'tls-handshake-failed': [
    { name: 'a clean TLS run has no findings', findings: [], build: () => healthyTls(), verdict: 'ok' },
    {
      name: 'an implicit handshake that fails at once',
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
  ],
  'tls-unsupported': [
    {
      name: 'AUTH TLS refused: the check fails',
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
      verdict: 'failed',
    },
    {
      name: 'IIS answering 534 by policy: its own likely rule, binding a certificate first, only the IIS step',
      findings: ['tls-unsupported:error'],
      build: () =>
        authRefused(534, 'Local policy on server does not allow TLS secure connections.', 'Microsoft FTP Service'),
      also: (findings) => {
        const f = one(findings, 'tls-unsupported');
        assert.match(f.likelyRule, /IIS .* no SSL certificate is bound/);
        assert.equal(f.fix[0]?.server, 'iis');
        assert.match(f.fix[0].text, /IIS Manager .* FTP SSL Settings → SSL Certificate/);
        assert.ok(!f.fix.some((s) => s.text.includes('534 means a policy')));
      },
    },
    {
      name: '534 from an unnamed server: the IIS step and the general one',
      findings: ['tls-unsupported:error'],
      build: () => authRefused(534, 'Policy requires SSL.', 'FTP server ready'),
      also: (findings) =>
        assert.deepEqual(
          one(findings, 'tls-unsupported')
            .fix.slice(0, 2)
            .map((s) => s.server ?? 'any'),
          ['iis', 'any'],
        ),
    },
    {
      name: '534 from another server that names itself: the general step only',
      findings: ['tls-unsupported:error'],
      build: () => authRefused(534, 'No TLS for you.', '(vsFTPd 3.0.3)'),
      also: (findings) => {
        const f = one(findings, 'tls-unsupported');
        assert.ok(!f.fix.some((s) => s.server === 'iis' && s.text.includes('IIS Manager')));
        assert.match(f.fix[0]?.text ?? '', /534 means a policy on the server refuses TLS/);
      },
    },
    {
      name: "IIS's other refusals keep the article's likely rule",
      findings: ['tls-unsupported:error'],
      build: () => authRefused(502, 'Command not implemented.', 'Microsoft FTP Service'),
      also: (findings) =>
        assert.match(
          one(findings, 'tls-unsupported').likelyRule,
          /^No firewall rule: TLS is not enabled on the server/,
        ),
    },
  ],
  'tls-certificate-untrusted': [
    {
      name: 'certificate problems are warnings that degrade the check',
      findings: [
        'tls-certificate-untrusted:warning',
        'tls-certificate-expired:warning',
        'tls-certificate-name-mismatch:warning',
      ],
      build: () =>
        healthyTls({
          trusted: false,
          trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
          selfSigned: true,
          nameMatches: false,
          nameError: 'bad name',
          expired: true,
        }),
      verdict: 'degraded',
    },
    {
      name: 'with --tls-strict an untrusted certificate is an error that fails the check',
      findings: ['tls-certificate-untrusted:error'],
      build: () => healthyTls({ trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, true),
      verdict: 'failed',
    },
  ],
  'tls-session-reuse-required': [
    {
      name: 'a fresh TLS session on the data connection refused with 522',
      findings: ['tls-session-reuse-required:error'],
      build: () => {
        const o = healthyTls();
        passiveOf(o).dataTls = {
          kind: 'established',
          ms: 3,
          protocol: 'TLSv1.3',
          cipher: 'x',
          certificate: undefined,
          sessionReused: false,
        };
        passiveOf(o).transfer = {
          kind: 'rejected',
          ms: 3,
          reply: reply(522, 'SSL connection failed: session reuse required'),
          bytes: 0,
        };
        return o;
      },
    },
  ],
  'tls-handshake-stalled': [
    {
      name: 'a data connection whose TLS handshake gets no answer is a stalled handshake, not a stalled transfer',
      findings: ['tls-handshake-stalled:error'],
      build: () => {
        const o = healthyTls();
        passiveOf(o).dataTls = { kind: 'timeout', ms: 2000, received: 0 };
        passiveOf(o).transfer = { kind: 'stalled', ms: 2000, bytes: 0, waitingFor: 'final-reply' };
        return o;
      },
      also: (findings) => {
        const f = one(findings, 'tls-handshake-stalled');
        assert.equal(f.stage, 'passive');
        assert.match(f.evidence, /TLS handshake on the data connection did not finish.*not one byte/);
      },
    },
  ],
  'data-transfer-stalled': [
    {
      name: 'a data connection whose TLS handshake is refused says so in the stalled transfer',
      findings: ['data-transfer-stalled:error'],
      build: () => {
        const o = healthyTls();
        passiveOf(o).dataTls = {
          kind: 'failed',
          ms: 20,
          error: 'alert',
          code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
        };
        passiveOf(o).transfer = { kind: 'stalled', ms: 2000, bytes: 0, waitingFor: 'final-reply' };
        return o;
      },
      also: (findings) =>
        assert.match(one(findings, 'data-transfer-stalled').evidence, /TLS handshake on the data connection failed/),
    },
  ],
  'tls-hides-pasv-from-firewall': [
    {
      name: 'passive fails under TLS but works over plain FTP: the helper is blind',
      findings: ['pasv-data-filtered:error', 'tls-hides-pasv-from-firewall:error'],
      build: () => tlsPassiveFiltered(() => undefined),
    },
    {
      name: 'passive fails the same way over plain FTP: no TLS finding',
      findings: ['pasv-data-filtered:error'],
      build: () => tlsPassiveFiltered((o) => structuredClone(o.passive)),
    },
  ],
  'alg-rewrites-pasv': [
    {
      name: 'a router ALG rewrites the plain PASV reply',
      findings: ['pasv-private-address:warning', 'alg-rewrites-pasv:warning'],
      build: () => {
        const o = healthyTls();
        passiveOf(o).requests[1] = {
          command: 'PASV',
          exchange: { command: 'PASV', result: answered(227, '(192,168,2,10,195,82)') },
          advertised: { address: '192.168.2.10', port: 50002 },
        };
        passiveOf(o).relation = 'private';
        o.plain = {
          kind: 'ran',
          pasv: {
            command: 'PASV',
            exchange: { command: 'PASV', result: answered(227, '(198,18,2,2,195,83)') },
            advertised: { address: '198.18.2.2', port: 50003 },
          },
          passive: undefined,
          active: undefined,
        };
        return o;
      },
    },
  ],
  'tls-offered': [
    // Listing it is not enough (ftp-srv lists AUTH TLS without TLS configured): the probe must accept it.
    { name: 'AUTH TLS listed, the probe refused', findings: [], build: () => offering(502, 'Command not supported') },
    {
      name: 'AUTH TLS listed and accepted by the probe',
      findings: ['tls-offered:info'],
      build: () => offering(234, 'Proceed with negotiation.'),
    },
  ],
  'tls-certificate-expiring': [
    {
      name: 'the expiring evidence gives the end date and the days left',
      findings: ['tls-certificate-expiring:warning'],
      build: () => healthyTls({ daysLeft: 3 }),
      also: (findings) =>
        assert.equal(
          one(findings, 'tls-certificate-expiring').evidence,
          'The certificate ends on 2027-01-01T00:00:00.000Z, 3 days after this check ' +
            '(ftpcheck warns from 21 days before, --cert-warn-days).',
        ),
    },
  ],
};

/** A certificate whose subject carries an escape sequence. */
const ESCAPED_SUBJECT: CertificateInfo = {
  subject: 'CN=\x1b]0;owned\x07',
  issuer: 'CN=CA',
  validFrom: '',
  validTo: '',
  fingerprint256: '',
  selfSigned: false,
  trusted: true,
  trustError: undefined,
  expired: false,
  notYetValid: false,
  daysLeft: 365,
  nameMatches: true,
  nameError: undefined,
};

/**
 * server-sends-control-characters: where the server's text carries characters that drive terminals,
 * and where text only has ordinary layout (tabs, CRLF) and must not be flagged.
 */
export const CONTROL_CHARACTER_CASES: FiledCases = {
  'server-sends-control-characters': [
    {
      name: 'a colour code in the greeting: info, at the greeting, and the verdict stays ok',
      findings: ['server-sends-control-characters:info'],
      build: () => ({
        ...healthy(),
        greeting: { kind: 'greeted', ms: 3, reply: reply(220, '\x1b[1;32mWelcome\x1b[0m'), software: undefined },
      }),
      verdict: 'ok',
      also: (findings) => {
        const f = one(findings, 'server-sends-control-characters');
        assert.equal(f.stage, 'greeting');
        assert.match(f.evidence, /^Control characters in the greeting: \\x1b \(ESC/);
        assert.match(f.evidence, /First seen \(escaped\): "\\x1b\[1;32mWelcome\\x1b\[0m"/);
      },
    },
    {
      name: 'a bidirectional override in a 530 during login is found at the login stage',
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
      also: (findings) => {
        const f = one(findings, 'server-sends-control-characters');
        assert.equal(f.stage, 'login');
        assert.match(f.evidence, /\\u202e \(bidirectional control\)/);
      },
    },
    {
      name: 'a certificate subject with an escape sequence counts as server text',
      findings: ['server-sends-control-characters:info'],
      build: () => ({
        ...healthy(),
        tls: {
          kind: 'ran',
          ms: 4,
          mode: 'explicit',
          exchange: { command: 'AUTH TLS', result: answered(234, 'ok') },
          handshake: {
            kind: 'established',
            ms: 3,
            protocol: 'TLSv1.3',
            cipher: 'x',
            certificate: ESCAPED_SUBJECT,
            sessionReused: false,
          },
        },
      }),
      also: (findings) => assert.equal(one(findings, 'server-sends-control-characters').stage, 'tls'),
    },
    {
      name: 'ordinary layout is not flagged: tabs, CRLF inside a partial reply, a CR still waiting for its LF',
      findings: ['control-lost:error'],
      build: () => ({
        ...healthy(),
        greeting: { kind: 'greeted', ms: 3, reply: reply(220, 'Welcome\tto FTP'), software: undefined },
        login: {
          kind: 'no-reply',
          ms: 9,
          user: 'anonymous',
          command: 'FEAT',
          result: { kind: 'timeout', ms: 9, partial: '211-Features:\r\n EPSV\r' },
          exchanges: [],
        },
        passive: undefined,
        active: undefined,
      }),
    },
    {
      name: 'letters of any script are text, not control characters',
      findings: [],
      build: () => ({
        ...healthy(),
        greeting: { kind: 'greeted', ms: 3, reply: reply(220, 'Willkommen – 欢迎 – مرحبا 👋'), software: undefined },
      }),
    },
    {
      name: 'what the user asked for is not server text',
      findings: [],
      build: () => ({ ...healthy(), target: { host: '198.18.2.2', port: 21, user: 'odd\x1buser' } }),
    },
  ],
};

/** The line of this stage of the report, which must have run. */
function lineOf<N extends StageName>(o: Observations, findings: readonly Finding[], stage: N) {
  const line = ranStage(stageReports(o, [...findings]), stage);
  assert.ok(line, `the ${stage} stage ran`);
  return line;
}

/** The passive area: PASV and EPSV tested apart, the address the server sees. */
export const PASSIVE_CASES: FiledCases = {
  'pasv-epsv-differ': [
    {
      name: "PASV's port refused twice and EPSV listing: one warning, passive works, the line says both",
      findings: ['pasv-epsv-differ:warning'],
      build: () =>
        apart(REFUSED, [attemptOf('EPSV', 50011, OPEN), attemptOf('PASV', 50004, REFUSED)], {
          mode: 'passive',
          active: undefined,
        }),
      // pasv-data-refused leaves it to pasv-epsv-differ.
      verdict: 'degraded',
      also: (findings, o) => {
        const line = lineOf(o, findings, 'passive');
        assert.equal(line.status, 'warn');
        assert.match(
          line.summary,
          /^PASV → 198\.18\.2\.2:50002: refused .*; EPSV → 198\.18\.2\.2:50011: listing received/,
        );
        assert.deepEqual(
          line.apart?.map((a) => `${a.command} ${a.dataTarget?.port ?? ''} ${a.data ?? ''} ${a.transfer ?? ''}`),
          ['EPSV 50011 connected complete', 'PASV 50004 refused '],
        );
      },
    },
    {
      name: 'the healthy line tested apart passes and names no attempt in its summary',
      findings: [],
      build: () => apart(OPEN, [attemptOf('EPSV', 50011, OPEN)]),
      also: (findings, o) => {
        const line = lineOf(o, findings, 'passive');
        assert.equal(line.status, 'pass');
        assert.equal(line.summary, 'PASV → 198.18.2.2:50002: listing received (129 bytes)');
      },
    },
  ],
  'pasv-data-filtered': [
    {
      name: 'an unlucky PASV port (PASV lists on another port) stays pasv-data-filtered, and passive works',
      findings: ['pasv-data-filtered:error'],
      build: () => apart(DROPPED, [attemptOf('EPSV', 50003, OPEN), attemptOf('PASV', 50004, OPEN)]),
      verdict: 'degraded',
    },
  ],
  'client-public-address': [
    {
      name: 'the server sees a carrier-grade NAT address',
      findings: ['client-behind-nat:info', 'client-public-address:info'],
      build: () => {
        const seen = PASSIVE_AREA_CASES['client-public-address'].fires[0].build();
        if (seen.serverView?.kind === 'ran' && seen.serverView.stats[0]?.exchange.result.kind === 'reply')
          seen.serverView.stats[0].exchange.result.reply = reply(211, 'Connected to 100.64.12.34');
        return seen;
      },
      also: (findings) =>
        assert.match(
          one(findings, 'client-public-address').evidence,
          /The server sees 100\.64\.12\.34, an address of the carrier-grade NAT range/,
        ),
    },
    {
      name: 'a 425 that names the refused address shows a different address per connection',
      findings: ['data-transfer-stalled:error', 'client-public-address:warning', 'client-behind-nat:info'],
      build: () => {
        const o: Observations = {
          ...healthy(),
          connect: connected('192.168.1.2', SERVER),
          serverView: {
            kind: 'ran',
            stats: [
              {
                connection: 'check',
                local: '192.168.1.2',
                exchange: {
                  command: 'STAT',
                  result: { kind: 'reply', ms: 1, reply: reply(211, 'Connected to 198.18.0.1') },
                },
              },
            ],
          },
        };
        passiveOf(o).transfer = {
          kind: 'rejected',
          ms: 1,
          reply: reply(425, 'Rejected data connection from 198.18.0.3 (not 198.18.0.1)'),
          bytes: 0,
        };
        return o;
      },
      also: (findings) =>
        assert.match(
          one(findings, 'client-public-address').evidence,
          /198\.18\.0\.3 \(a 425 reply refusing a data connection\)/,
        ),
    },
  ],
};

/** A listing of about `bytes` bytes: the large file's line and as many small files as it takes. */
function listingOf(bytes: number): string {
  let text = unixListing();
  for (let i = 0; text.length < bytes; i++)
    text += `-rw-r--r--    1 0        0              10 Jan 31 09:15 small-${String(i).padStart(4, '0')}.txt\r\n`;
  return text;
}

/** data-transfer-stalled after a working listing: the likely rule of a stalled sample and its evidence. */
export const DATA_CHECK_CASES: FiledCases = {
  'data-transfer-stalled': [
    {
      name: 'the small listing worked and the sample got nothing: the full-size-packet black hole',
      findings: ['data-transfer-stalled:error'],
      build: () => sampled(STALLED_AT_ONCE),
      // One mode stalled: degraded (both: failed, below).
      verdict: 'degraded',
      also: (findings, o) => {
        const f = one(findings, 'data-transfer-stalled');
        assert.match(f.likelyRule, /drops full-size packets \(an MTU or PMTUD black hole\)/);
        assert.match(
          f.evidence,
          /^In the passive stage, the listing \(\d+ bytes\) arrived; the download of big\.bin stalled: no data arrived for 2 s\.$/,
        );
        assert.equal(lineOf(o, findings, 'passive').status, 'fail');
      },
    },
    {
      name: 'the evidence says how many bytes came, and when, before a stall',
      findings: ['data-transfer-stalled:error'],
      build: () => sampled({ kind: 'stalled', ms: 2050, bytes: 14480, lastByteMs: 50, waitingFor: 'data' }, 'active'),
      also: (findings) => {
        const f = one(findings, 'data-transfer-stalled');
        assert.equal(f.stage, 'active');
        assert.match(f.evidence, /14480 bytes \(14 KiB\) arrived in the first 50 ms, then nothing for 2 s\./);
      },
    },
    {
      name: 'the MTU is not blamed when the listing itself filled full-size packets',
      findings: ['data-transfer-stalled:error'],
      build: () => sampled(STALLED_AT_ONCE, 'passive', listingOf(6000)),
      also: (findings) => {
        const f = one(findings, 'data-transfer-stalled');
        assert.doesNotMatch(f.likelyRule, /MTU or PMTUD black hole/);
        assert.match(f.likelyRule, /filled full-size packets and arrived, so an MTU problem is unlikely/);
      },
    },
    {
      name: "RETR never answered: the article's own likely rule (the control connection, not the path)",
      findings: ['data-transfer-stalled:error'],
      build: () =>
        sampled({ kind: 'stalled', ms: 2000, bytes: 0, lastByteMs: undefined, waitingFor: 'preliminary-reply' }),
      also: (findings) =>
        assert.equal(one(findings, 'data-transfer-stalled').likelyRule, CATALOGUE['data-transfer-stalled'].likelyRule),
    },
    {
      name: 'an upload never confirmed points at full-size packets from this side',
      findings: ['data-transfer-stalled:error'],
      build: () =>
        uploaded({ kind: 'stalled', ms: 2000, bytes: 4096, lastByteMs: undefined, waitingFor: 'final-reply' }),
      also: (findings) =>
        assert.match(one(findings, 'data-transfer-stalled').likelyRule, /drops full-size packets from this side/),
    },
    {
      name: 'both modes stalled: the check fails',
      findings: ['data-transfer-stalled:error', 'data-transfer-stalled:error'],
      build: () =>
        edited((o) => {
          for (const mode of ['passive', 'active'] as const) {
            listed(unixListing(), mode)(o);
            checked({ sample: sampleOf(STALLED_AT_ONCE) }, mode)(o);
          }
        }),
      verdict: 'failed',
    },
  ],
};

/** The sections above, each case filed under the code it is about. */
export const PINNED_CASES: FiledCases[] = [
  VERDICT_CASES,
  WORDING_CASES,
  TLS_CASES,
  CONTROL_CHARACTER_CASES,
  PASSIVE_CASES,
  DATA_CHECK_CASES,
];
