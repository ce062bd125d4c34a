// TLS posture and protocol mix-ups: the CLI's code, run in-process, against ftp-srv (implicit FTPS or
// plain), the scripted FTPS and IIS fixtures, with certificates made for the test.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startFixture } from '../../fixtures/fault-server.js';
import { type FtpsFixtureOptions, startFtpsFixture } from '../../fixtures/ftps-server.js';
import { startIisTlsPolicyFixture } from '../../fixtures/iis-tls-policy.js';
import type { Finding } from '../../src/model/findings.js';
import type { Report } from '../../src/model/report.js';
import { ranStage } from '../../src/model/stage-report.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { type KeyPair, makeCerts, opensslAvailable, type TestCerts } from '../helpers/certs.js';
import { checkFtpsFixture, runJsonInProcess } from '../helpers/in-process.js';
import { codesOf, runJson } from '../helpers/run-cli.js';
import { forSuite } from '../helpers/suite.js';

const skip = opensslAvailable() ? false : 'the openssl command is not installed (needed to make test certificates)';

function finding(report: Report, code: string): Finding {
  const found = report.findings.find((f) => f.code === code);
  assert.ok(found, `expected ${code}, got ${codesOf(report).join(', ') || 'nothing'}`);
  return found;
}

/** The tls stage's line when a handshake was established, with its certificate and legacy-version evidence. */
function establishedTls(report: Report) {
  const tls = ranStage(report.stages, 'tls');
  assert.ok(tls && 'protocol' in tls, `no established TLS stage: ${JSON.stringify(tls)}`);
  return tls;
}

describe('TLS mode mix-ups', { skip }, () => {
  const certs = forSuite(makeCerts, (c) => c.cleanup());

  it('ftps:// against a port that greets in plain FTP (ftp-srv): tls-mode-mismatch, not a failed handshake', async () => {
    const server = await startEmbeddedServer({ port: 0 });
    try {
      const { run, report } = await runJsonInProcess([`ftps://127.0.0.1:${server.port}`, '--timeout', '2']);
      assert.deepEqual(codesOf(report), ['tls-mode-mismatch']);
      const f = finding(report, 'tls-mode-mismatch');
      assert.equal(f.severity, 'error');
      assert.equal(f.stage, 'tls');
      assert.match(
        f.evidence,
        /implicit TLS handshake failed after \d+ ms: wrong version number \(ERR_SSL_WRONG_VERSION_NUMBER\)/,
      );
      assert.doesNotMatch(f.evidence, /SSL routines|\n/, "OpenSSL's reason, not its whole error line");
      assert.match(f.evidence, /was greeted "220 /);
      assert.ok(
        f.fix.some((s) => s.text.includes(`ftpcheck --tls ftp://127.0.0.1:${server.port}`)),
        JSON.stringify(f.fix),
      );
      assert.equal(report.verdict, 'failed');
      assert.equal(run.code, 2);
    } finally {
      await server.close();
    }
  });

  it('plain FTP against an implicit-FTPS port (ftp-srv): tls-mode-mismatch instead of banner-timeout', async () => {
    const server = await startEmbeddedServer({ port: 0, tls: certs().good });
    try {
      const { run, report } = await runJsonInProcess([`127.0.0.1:${server.port}`, '--timeout', '1']);
      assert.deepEqual(codesOf(report), ['tls-mode-mismatch']);
      const f = finding(report, 'tls-mode-mismatch');
      assert.equal(f.stage, 'greeting');
      assert.match(
        f.evidence,
        /no greeting within [\d.]+ s; a TLS handshake on a new connection .* succeeded \(TLSv1\.[23]/,
      );
      assert.match(f.evidence, /not plain FTP\.$/);
      assert.ok(f.fix.some((s) => s.text.includes(`ftpcheck ftps://127.0.0.1:${server.port}`)));
      assert.equal(run.code, 2);
      // One handshake, started while the greeting was still awaited: not a second full timeout after it.
      const asked = report.transcript.filter((t) => t.text.includes('does the port wait for a TLS handshake'));
      assert.equal(asked.length, 1);
      assert.match(asked[0]?.text ?? '', /^no greeting yet after \d+ ms: /);
    } finally {
      await server.close();
    }
  });

  it('--tls (AUTH TLS) against an implicit-FTPS port: the same, naming AUTH TLS', async () => {
    const server = await startEmbeddedServer({ port: 0, tls: certs().good });
    try {
      const { report } = await runJsonInProcess([`127.0.0.1:${server.port}`, '--tls', '--timeout', '1']);
      assert.deepEqual(codesOf(report), ['tls-mode-mismatch']);
      assert.match(finding(report, 'tls-mode-mismatch').evidence, /not AUTH TLS after a greeting\.$/);
    } finally {
      await server.close();
    }
  });

  it('ftps:// against a server too old for TLS 1.2 that hangs up: a failed handshake, at once (no plain probe)', async () => {
    const server = await startFtpsFixture({ ...certs().good, implicit: true, legacyVersions: 'only' });
    try {
      const { report } = await runJsonInProcess([`ftps://127.0.0.1:${server.port}`, '--timeout', '2']);
      assert.deepEqual(codesOf(report), ['tls-handshake-failed']);
      assert.match(finding(report, 'tls-handshake-failed').evidence, /^The implicit TLS handshake failed after \d+ ms/);
      // No second look at a port that hung up on the ClientHello: a plain probe of a port that waits for
      // TLS would only wait out the timeout.
      for (const question of ['does the port greet in plain FTP', 'what answers a ClientHello'])
        assert.ok(!report.transcript.some((t) => t.text.includes(question)), question);
    } finally {
      await server.close();
    }
  });

  it('a silent port that does not answer TLS either stays banner-timeout, and says it tried', async () => {
    const fixture = await startFixture('silent');
    try {
      const { report } = await runJsonInProcess([`127.0.0.1:${fixture.port}`, '--timeout', '1']);
      assert.deepEqual(codesOf(report), ['banner-timeout']);
      assert.match(
        finding(report, 'banner-timeout').evidence,
        /A TLS handshake on a new connection did not finish within [\d.]+ s \(not one byte came back after the ClientHello; the connection stayed open\): not implicit FTPS either\.$/,
      );
    } finally {
      await fixture.close();
    }
  });
});

describe('the TLS probe of a silent port, during the greeting wait', () => {
  const note = (report: Report, pattern: RegExp) => report.transcript.find((t) => pattern.test(t.text));

  it('starts once half the wait has passed in silence, and ends with it', async () => {
    const fixture = await startFixture('silent');
    try {
      const { report } = await runJsonInProcess([`127.0.0.1:${fixture.port}`, '--timeout', '2']);
      assert.deepEqual(codesOf(report), ['banner-timeout']);
      const connected = note(report, /^connected to /);
      const asked = note(report, /^no greeting yet after 1000 ms: does the port wait for a TLS handshake/);
      const greeting = report.stages.find((s) => s.name === 'greeting');
      assert.ok(connected && asked && greeting, JSON.stringify(report.transcript));
      assert.ok(
        asked.t < connected.t + greeting.durationMs,
        `asked at ${asked.t} ms, the greeting's wait ended at ${connected.t + greeting.durationMs} ms`,
      );
      assert.match(finding(report, 'banner-timeout').evidence, /A TLS handshake on a new connection did not finish/);
    } finally {
      await fixture.close();
    }
  });

  it('a server that greets after half the wait: the probe is set aside and the check goes on', async () => {
    const fixture = await startFixture('greet-late');
    try {
      const { report } = await runJsonInProcess([`127.0.0.1:${fixture.port}`, '--timeout', '2', '--mode', 'passive']);
      assert.ok(note(report, /^no greeting yet after \d+ ms/), 'the probe ran');
      assert.equal(report.stages.find((s) => s.name === 'greeting')?.status, 'pass');
      assert.equal(report.stages.find((s) => s.name === 'passive')?.status, 'pass');
      assert.deepEqual(
        codesOf(report).filter((c) => c === 'tls-mode-mismatch' || c === 'banner-timeout'),
        [],
        codesOf(report).join(', '),
      );
    } finally {
      await fixture.close();
    }
  });
});

describe('TLS posture', { skip }, () => {
  const certs = forSuite(makeCerts, (c) => c.cleanup());

  const ftps = (
    pair: (c: TestCerts) => KeyPair,
    fixture: Omit<FtpsFixtureOptions, 'key' | 'cert'>,
    args: string[],
    env: NodeJS.ProcessEnv = {},
  ): ReturnType<typeof checkFtpsFixture> => checkFtpsFixture(pair(certs()), fixture, args, env);

  it('a certificate that ends in 3 days: tls-certificate-expiring, a warning, with the days left in the JSON', async () => {
    const { run, report } = await ftps((c) => c.expiring, {}, ['--tls', '--ca', certs().caFile]);
    assert.deepEqual(codesOf(report), ['tls-certificate-expiring']);
    const f = finding(report, 'tls-certificate-expiring');
    assert.equal(f.severity, 'warning');
    const cert = establishedTls(report).certificate;
    assert.equal(cert?.daysLeft, 2, 'made with -days 3, checked a moment later: 2 whole days left');
    assert.equal(cert.trusted, true);
    assert.ok(f.evidence.includes(`ends on ${cert.validTo}, 2 days after this check`), f.evidence);
    assert.equal(report.verdict, 'degraded');
    assert.equal(run.code, 1);
  });

  it('--cert-warn-days 2 does not warn about it, and a year-long certificate never does', async () => {
    const soon = await ftps((c) => c.expiring, {}, ['--tls', '--ca', certs().caFile, '--cert-warn-days', '2']);
    assert.deepEqual(codesOf(soon.report), []);
    const year = await ftps((c) => c.good, { implicit: true }, ['--ca', certs().caFile, '--cert-warn-days', '300']);
    assert.deepEqual(codesOf(year.report), []);
    assert.ok((establishedTls(year.report).certificate?.daysLeft ?? 0) >= 363);
  });

  it('a server that still accepts TLS 1.0/1.1: tls-legacy-version over AUTH TLS and implicit FTPS', async () => {
    for (const implicit of [false, true]) {
      const { run, report } = await ftps((c) => c.good, { legacyVersions: true, implicit }, [
        ...(implicit ? [] : ['--tls']),
        '--ca',
        certs().caFile,
      ]);
      assert.deepEqual(codesOf(report), ['tls-legacy-version'], `implicit: ${String(implicit)}`);
      assert.match(finding(report, 'tls-legacy-version').evidence, /agreed to TLSv1\.1 \(/);
      const tls = establishedTls(report);
      assert.match(tls.protocol, /^TLSv1\.[23]$/, 'the check itself still uses a modern version');
      assert.deepEqual(tls.legacyTls, {
        outcome: 'accepted',
        protocol: 'TLSv1.1',
        detail: 'TLS 1.0/1.1 accepted (TLSv1.1)',
      });
      assert.equal(report.verdict, 'degraded');
      assert.equal(run.code, 1);
    }
  });

  it('with sessions beside each other, the legacy-TLS probe and the plain comparison report as in one line', async () => {
    const args = ['--tls', '--ca', certs().caFile];
    const beside = await ftps((c) => c.good, { legacyVersions: true }, [...args, '--max-sessions', '3']);
    const inLine = await ftps((c) => c.good, { legacyVersions: true }, [...args, '--max-sessions', '1']);
    assert.deepEqual(codesOf(beside.report), codesOf(inLine.report));
    assert.deepEqual(
      beside.report.stages.map((s) => [s.name, s.status]),
      inLine.report.stages.map((s) => [s.name, s.status]),
    );
    assert.deepEqual(establishedTls(beside.report).legacyTls, establishedTls(inLine.report).legacyTls);
    assert.equal(beside.run.code, inLine.run.code);
    // The two checks after the session ran at once: the second one's lines are marked.
    assert.ok(
      beside.report.transcript.some((e) => e.text.startsWith('[session 4] ')),
      JSON.stringify(beside.report.transcript.map((e) => e.text)),
    );
    assert.ok(!inLine.report.transcript.some((e) => e.text.startsWith('[session ')));
  });

  it('a server with modern settings refuses them: no finding, and the JSON says refused', async () => {
    const { report } = await ftps((c) => c.good, {}, ['--tls', '--ca', certs().caFile]);
    assert.deepEqual(codesOf(report), []);
    const legacy = establishedTls(report).legacyTls;
    assert.equal(legacy?.outcome, 'refused');
    assert.equal(legacy.protocol, null);
    assert.match(establishedTls(report).summary, /; TLS 1\.0\/1\.1 refused \(ERR_SSL_/);
  });

  it("where this machine's OpenSSL cannot offer TLS 1.0/1.1, the report says not tested", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-openssl-'));
    try {
      // A system policy that takes TLS 1.0 and 1.1 away from every TLS client of this Node process.
      const config = join(dir, 'no-legacy.cnf');
      writeFileSync(
        config,
        [
          'nodejs_conf = nodejs_init',
          '[nodejs_init]',
          'ssl_conf = ssl_sect',
          '[ssl_sect]',
          'system_default = system_default_sect',
          '[system_default_sect]',
          'Protocol = -TLSv1, -TLSv1.1',
          '',
        ].join('\n'),
      );
      const server = await startFtpsFixture({ ...certs().good, legacyVersions: true });
      try {
        // The built CLI: the policy is read when a Node process starts.
        const { report } = await runJson(
          [`ftp://127.0.0.1:${server.port}`, '--tls', '--ca', certs().caFile, '--timeout', '2', '--mode', 'passive'],
          { env: { NODE_OPTIONS: `--openssl-config=${config}` } },
        );
        assert.deepEqual(codesOf(report), [], 'not tested is no finding, and no false all-clear either');
        const tls = establishedTls(report);
        assert.equal(tls.legacyTls?.outcome, 'not-tested');
        assert.match(tls.legacyTls.detail, /cannot offer TLS 1\.0 or 1\.1: no protocols available/);
        assert.match(tls.summary, /TLS 1\.0\/1\.1 not tested: /);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('IIS with SSL required but no certificate bound: tls-unsupported with its own likely rule and IIS fix', async () => {
    const server = await startIisTlsPolicyFixture();
    try {
      const { run, report } = await runJsonInProcess([`127.0.0.1:${server.port}`, '--tls', '--timeout', '2']);
      assert.deepEqual(codesOf(report), ['tls-unsupported']);
      const f = finding(report, 'tls-unsupported');
      assert.match(f.evidence, /"534 Local policy on server does not allow TLS secure connections\."/);
      assert.match(f.likelyRule, /no SSL certificate is bound/);
      assert.equal(f.fix[0]?.server, 'iis');
      assert.match(f.fix[0].text, /FTP SSL Settings → SSL Certificate/);
      assert.equal(report.server.kind, 'iis');
      assert.equal(run.code, 2);
      // Plain FTP meets IIS's other 534, which is tls-required's story.
      const plain = await runJsonInProcess([`127.0.0.1:${server.port}`, '--timeout', '2']);
      assert.deepEqual(codesOf(plain.report), ['tls-required']);
    } finally {
      await server.close();
    }
  });

  it('a password sent without TLS to a server that offers it: cleartext-login, info; a warning with --audit', async () => {
    const password = { FTPCHECK_PASSWORD: 'alice-secret' };
    const plain = await ftps((c) => c.good, {}, ['--user', 'alice'], password);
    assert.deepEqual(codesOf(plain.report), ['cleartext-login', 'tls-offered']);
    assert.equal(finding(plain.report, 'cleartext-login').severity, 'info');
    assert.match(finding(plain.report, 'cleartext-login').evidence, /^The password of alice was sent without TLS/);
    assert.equal(plain.report.verdict, 'ok');
    assert.equal(plain.run.code, 0);
    assert.ok(!plain.run.stdout.includes('alice-secret'), 'the password itself appears nowhere');

    const audit = await ftps((c) => c.good, {}, ['--user', 'alice', '--audit'], password);
    assert.equal(finding(audit.report, 'cleartext-login').severity, 'warning');
    assert.equal(audit.report.verdict, 'degraded');
    assert.equal(audit.run.code, 1);

    // An anonymous login never counts as a cleartext password (--audit reports the anonymous access itself).
    const anonymous = await ftps((c) => c.good, {}, ['--audit']);
    assert.deepEqual(codesOf(anonymous.report), ['anonymous-allowed', 'tls-offered']);
  });
});
