// FTPS: the CLI's code, run in-process, against the scripted FTPS fixture, with certificates made for the test.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FtpsFixtureOptions } from '../../fixtures/ftps-server.js';
import { type KeyPair, makeCerts, opensslAvailable, type TestCerts } from '../helpers/certs.js';
import { checkFtpsFixture } from '../helpers/in-process.js';
import { codesOf } from '../helpers/run-cli.js';
import { forSuite } from '../helpers/suite.js';

const skip = opensslAvailable() ? false : 'the openssl command is not installed (needed to make test certificates)';

describe('FTPS', { skip }, () => {
  const certs = forSuite(makeCerts, (c) => c.cleanup());

  const check = (
    pair: (c: TestCerts) => KeyPair,
    fixture: Omit<FtpsFixtureOptions, 'key' | 'cert'>,
    args: string[],
  ): ReturnType<typeof checkFtpsFixture> => checkFtpsFixture(pair(certs()), fixture, args);

  it('explicit TLS with a trusted certificate and required session reuse: ok', async () => {
    const { run, report } = await check((c) => c.good, { requireSessionReuse: true }, [
      '--tls',
      '--ca',
      certs().caFile,
    ]);
    assert.deepEqual(codesOf(report), []);
    assert.equal(report.verdict, 'ok');
    assert.equal(run.code, 0);
    const tls = report.stages.find((s) => s.name === 'tls');
    assert.equal(tls?.status, 'pass');
    assert.match(tls.summary, /explicit TLS: TLSv1\.[23]/);
    assert.equal(report.plainComparison?.ran, true);
  });

  it('implicit TLS (ftps://): ok', async () => {
    const { report } = await check((c) => c.good, { implicit: true, requireSessionReuse: true }, [
      '--ca',
      certs().caFile,
    ]);
    assert.equal(report.verdict, 'ok');
    assert.match(String(report.stages.find((s) => s.name === 'tls')?.summary), /implicit TLS/);
  });

  it('a self-signed certificate is a warning', async () => {
    const { run, report } = await check((c) => c.selfSigned, {}, ['--tls']);
    assert.deepEqual(codesOf(report), ['tls-certificate-untrusted']);
    assert.equal(report.findings[0]?.severity, 'warning');
    assert.equal(report.verdict, 'degraded');
    assert.equal(run.code, 1);
  });

  it('and an error that fails the check with --tls-strict', async () => {
    const { run, report } = await check((c) => c.selfSigned, {}, ['--tls-strict']);
    assert.deepEqual(codesOf(report), ['tls-certificate-untrusted']);
    assert.equal(report.findings[0]?.severity, 'error');
    assert.equal(report.verdict, 'failed');
    assert.equal(run.code, 2);
  });

  it('a certificate sent without its intermediate: tls-chain-incomplete, with the server setting that sends the chain', async () => {
    const { run, report } = await check((c) => c.viaIntermediate, {}, ['--tls', '--ca', certs().caFile]);
    assert.deepEqual(codesOf(report), ['tls-chain-incomplete']);
    const [finding] = report.findings;
    assert.match(
      finding?.evidence ?? '',
      /^Certificate "CN=localhost" came alone: its issuer "CN=ftpcheck test intermediate CA/,
    );
    const fixes = finding?.fix.map((f) => f.text).join('\n') ?? '';
    assert.match(
      fixes,
      /vsftpd: rsa_cert_file pointing to a PEM file with the certificate followed by its intermediates/,
    );
    assert.match(fixes, /ProFTPD: TLSCertificateChainFile/);
    assert.match(fixes, /Pure-FTPd: .*bundle/);
    // The server's own setting comes first: --ca is for a private CA, not for a missing intermediate.
    assert.equal(finding?.fix[0]?.role, 'server-admin');
    assert.equal(report.verdict, 'degraded');
    assert.equal(run.code, 1);
  });

  it('the same certificate with its chain sent: trusted, no finding', async () => {
    const { report } = await check((c) => ({ key: c.viaIntermediate.key, cert: c.viaIntermediate.chain }), {}, [
      '--tls',
      '--ca',
      certs().caFile,
    ]);
    assert.deepEqual(codesOf(report), []);
    assert.equal(report.verdict, 'ok');
  });

  it('a data connection whose TLS handshake gets no answer: tls-handshake-stalled in the passive stage', async () => {
    const { run, report } = await check((c) => c.good, { stallDataTls: true }, ['--tls', '--ca', certs().caFile]);
    assert.deepEqual(codesOf(report), ['tls-handshake-stalled']);
    const [finding] = report.findings;
    assert.equal(finding?.stage, 'passive');
    assert.match(finding.evidence, /TLS handshake on the data connection did not finish .*not one byte came back/);
    assert.equal(run.code, 2);
  });

  it('an expired certificate', async () => {
    const { report } = await check((c) => c.expired, {}, ['--tls', '--ca', certs().caFile]);
    assert.deepEqual(codesOf(report), ['tls-certificate-expired']);
  });

  it('a certificate for another name', async () => {
    const { report } = await check((c) => c.wrongName, {}, ['--tls', '--ca', certs().caFile]);
    assert.deepEqual(codesOf(report), ['tls-certificate-name-mismatch']);
  });

  it('a server that refuses AUTH TLS', async () => {
    const { run, report } = await check((c) => c.good, { refuseAuth: true }, ['--tls']);
    assert.deepEqual(codesOf(report), ['tls-unsupported']);
    assert.equal(report.verdict, 'failed');
    assert.equal(run.code, 2);
  });

  it('a server that cannot resume the session on data connections but requires it', async () => {
    const { report } = await check((c) => c.good, { requireSessionReuse: true, separateDataContext: true }, [
      '--tls',
      '--ca',
      certs().caFile,
    ]);
    assert.deepEqual(codesOf(report), ['tls-session-reuse-required']);
    assert.equal(report.verdict, 'failed');
  });

  it('a plain check of a server that offers TLS says so', async () => {
    const { report } = await check((c) => c.good, {}, []);
    assert.deepEqual(codesOf(report), ['tls-offered']);
    assert.equal(report.verdict, 'ok');
  });
});
