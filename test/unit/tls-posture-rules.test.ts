// TLS posture and mix-ups on canned observations: which findings stand together, their severities and
// fixes, the tls stage's line, and the small pure helpers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnosis/rules/diagnose.js';
import { stageReports } from '../../src/diagnosis/assembly/stages.js';
import { daysText } from '../../src/diagnosis/rules/wording/tls.js';
import { verdictOf } from '../../src/diagnosis/rules/verdict.js';
import type { Finding } from '../../src/model/findings.js';
import type { Observations } from '../../src/model/observations.js';
import { ranStage } from '../../src/model/stage-report.js';
import { opensslReason } from '../../src/protocol/openssl.js';
import { serverSoftware } from '../../src/protocol/banner.js';
import { TLS_POSTURE_CASES } from './finding-cases-tls.js';
import { answered, healthyTls, reply } from './observations.js';

const codes = (o: Observations): string[] =>
  diagnose(o)
    .map((f) => f.code)
    .sort();

function only(o: Observations, code: string): Finding {
  const found = diagnose(o).filter((f) => f.code === code);
  assert.equal(found.length, 1, `expected one ${code}`);
  const [f] = found;
  assert.ok(f);
  return f;
}

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

describe('TLS mode mix-ups', () => {
  it('stand alone: no banner-timeout, no tls-handshake-failed beside them', () => {
    for (const c of TLS_POSTURE_CASES['tls-mode-mismatch'].fires)
      assert.deepEqual(codes(c.build()), ['tls-mode-mismatch'], c.name);
  });

  it('a port silent to both forms stays banner-timeout; ftps:// on an SSH port names SSH', () => {
    const [ssh, silentPlain, deadTls] = TLS_POSTURE_CASES['tls-mode-mismatch'].silent;
    assert.deepEqual(codes(ssh?.build() ?? healthyTls()), ['not-ftp']);
    assert.deepEqual(codes(silentPlain?.build() ?? healthyTls()), ['tls-handshake-failed']);
    assert.deepEqual(codes(deadTls?.build() ?? healthyTls()), ['banner-timeout']);
  });

  it('names the form to use instead, with the host and port checked', () => {
    const { fires } = TLS_POSTURE_CASES['tls-mode-mismatch'];
    const a = only(fires[0].build(), 'tls-mode-mismatch');
    assert.equal(a.stage, 'tls');
    assert.match(a.fix[0]?.text ?? '', /`ftpcheck --tls ftp:\/\/ftp\.example\.com:990`/);
    const b = only(fires[2]?.build() ?? healthyTls(), 'tls-mode-mismatch');
    assert.equal(b.stage, 'greeting');
    assert.match(b.fix[0]?.text ?? '', /`ftpcheck ftps:\/\/198\.18\.2\.2:21`/);
  });
});

describe('tls-unsupported: IIS answering 534 by policy', () => {
  it('IIS: its own likely rule, binding a certificate first, only the IIS step', () => {
    const f = only(
      authRefused(534, 'Local policy on server does not allow TLS secure connections.', 'Microsoft FTP Service'),
      'tls-unsupported',
    );
    assert.match(f.likelyRule, /IIS .* no SSL certificate is bound/);
    assert.equal(f.fix[0]?.server, 'iis');
    assert.match(f.fix[0].text, /IIS Manager .* FTP SSL Settings → SSL Certificate/);
    assert.ok(!f.fix.some((s) => s.text.includes('534 means a policy')));
  });

  it('an unnamed server: the IIS step and the general one', () => {
    const f = only(authRefused(534, 'Policy requires SSL.', 'FTP server ready'), 'tls-unsupported');
    assert.deepEqual(
      f.fix.slice(0, 2).map((s) => s.server ?? 'any'),
      ['iis', 'any'],
    );
  });

  it('another server that names itself: the general step only', () => {
    const f = only(authRefused(534, 'No TLS for you.', '(vsFTPd 3.0.3)'), 'tls-unsupported');
    assert.ok(!f.fix.some((s) => s.server === 'iis' && s.text.includes('IIS Manager')));
    assert.match(f.fix[0]?.text ?? '', /534 means a policy on the server refuses TLS/);
  });

  it('other refusals keep the article', () => {
    const f = only(authRefused(502, 'Command not implemented.', 'Microsoft FTP Service'), 'tls-unsupported');
    assert.match(f.likelyRule, /^No firewall rule: TLS is not enabled on the server/);
  });
});

describe('posture severities and the verdict', () => {
  it('cleartext-login is information, and a warning that degrades the verdict with --audit', () => {
    const [normal, audit] = TLS_POSTURE_CASES['cleartext-login'].fires;
    const plain = normal.build();
    assert.equal(only(plain, 'cleartext-login').severity, 'info');
    assert.equal(verdictOf(plain, diagnose(plain)), 'ok');
    const audited = audit?.build() ?? healthyTls();
    assert.equal(only(audited, 'cleartext-login').severity, 'warning');
    assert.equal(verdictOf(audited, diagnose(audited)), 'degraded');
  });

  it('an ending certificate and a legacy version are warnings that degrade the verdict and mark the tls stage', () => {
    for (const o of [
      TLS_POSTURE_CASES['tls-certificate-expiring'].fires[0].build(),
      TLS_POSTURE_CASES['tls-legacy-version'].fires[0].build(),
    ]) {
      const findings = diagnose(o);
      assert.equal(verdictOf(o, findings), 'degraded');
      assert.equal(ranStage(stageReports(o, findings), 'tls')?.status, 'warn');
    }
  });

  it('the expiring evidence gives the end date and the days left', () => {
    const f = only(healthyTls({ daysLeft: 3 }), 'tls-certificate-expiring');
    assert.equal(
      f.evidence,
      'The certificate ends on 2027-01-01T00:00:00.000Z, 3 days after this check ' +
        '(ftpcheck warns from 21 days before, --cert-warn-days).',
    );
  });
});

describe('the tls stage line', () => {
  it('carries the legacy-version probe, in words and as evidence', () => {
    const accepted = TLS_POSTURE_CASES['tls-legacy-version'].fires[0].build();
    const line = ranStage(stageReports(accepted, diagnose(accepted)), 'tls');
    assert.ok(line && 'legacyTls' in line);
    assert.deepEqual(line.legacyTls, {
      outcome: 'accepted',
      protocol: 'TLSv1',
      detail: 'TLS 1.0/1.1 accepted (TLSv1)',
    });
    assert.match(line.summary, /; certificate trusted, expires 2027-01-01; TLS 1\.0\/1\.1 accepted \(TLSv1\)$/);
  });

  it('is null there when the probe did not run', () => {
    const o = healthyTls();
    const line = ranStage(stageReports(o, diagnose(o)), 'tls');
    assert.ok(line && 'legacyTls' in line);
    assert.equal(line.legacyTls, null);
  });
});

describe('helpers', () => {
  it('daysText', () => {
    assert.deepEqual([0, 1, 2, 30].map(daysText), ['less than a day', '1 day', '2 days', '30 days']);
  });

  it("opensslReason takes the reason out of OpenSSL's error line", () => {
    assert.equal(
      opensslReason(
        '801C45AC707F0000:error:0A0000BF:SSL routines:tls_setup_handshake:no protocols available:' +
          '../deps/openssl/openssl/ssl/statem/statem_lib.c:102:\n',
      ),
      'no protocols available',
    );
    assert.equal(opensslReason('socket hang up\n'), 'socket hang up');
  });
});
