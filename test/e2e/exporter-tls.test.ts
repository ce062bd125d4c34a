// The exporter's TLS metrics, named after blackbox_exporter's, and its modules' certWarnDays: the built
// CLI's exporter probing ftp-srv with implicit TLS and a certificate that ends in 3 days.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { makeCerts, opensslAvailable } from '../helpers/certs.js';
import { startExporterWith } from '../helpers/agent.js';
import { runCli } from '../helpers/run-cli.js';
import { forSuite } from '../helpers/suite.js';

const skip = opensslAvailable() ? false : 'the openssl command is not installed (needed to make test certificates)';

describe('exporter: TLS metrics', { skip }, () => {
  const certs = forSuite(makeCerts, (c) => c.cleanup());
  const ftps = forSuite(
    () => startEmbeddedServer({ port: 0, tls: certs().expiring }),
    (s) => s.close(),
  );
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-exporter-tls-'));
  const exporter = forSuite(
    () =>
      startExporterWith(dir, {
        soon: { mode: 'passive', timeout: 2, certWarnDays: 5 },
        relaxed: { mode: 'passive', timeout: 2, certWarnDays: 1 },
      }),
    (e) => e.stop(),
  );
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const base = (): string => exporter().url.replace(/\/$/, '');

  const probe = async (module: string): Promise<string> =>
    (
      await fetch(`${base()}/probe?target=${encodeURIComponent(`ftps://127.0.0.1:${ftps().port}`)}&module=${module}`)
    ).text();

  it("the certificate's notAfter and the TLS version, as blackbox_exporter names them", async () => {
    const metrics = await probe('soon');
    const notAfter = Date.parse(new X509Certificate(certs().expiring.cert).validTo) / 1000;
    const expiry = /^ftpcheck_tls_cert_expiry_timestamp_seconds (\S+)$/m.exec(metrics)?.[1];
    assert.equal(Number(expiry), notAfter, metrics);
    assert.match(metrics, /^ftpcheck_tls_version_info\{version="TLSv1\.3"\} 1$/m);
    assert.match(metrics, /^ftpcheck_finding\{code="tls-certificate-expiring",severity="warning"\} 1$/m);
  });

  it("a module's certWarnDays sets the threshold", async () => {
    const metrics = await probe('relaxed');
    assert.doesNotMatch(metrics, /tls-certificate-expiring/);
    assert.match(metrics, /^ftpcheck_tls_cert_expiry_timestamp_seconds /m);
  });

  it('a plain check has no TLS metrics', async () => {
    const plain = await startEmbeddedServer({ port: 0 });
    try {
      const metrics = await (await fetch(`${base()}/probe?target=127.0.0.1:${plain.port}&module=soon`)).text();
      assert.match(metrics, /^ftpcheck_probe_success 1$/m);
      assert.doesNotMatch(metrics, /ftpcheck_tls_/);
    } finally {
      await plain.close();
    }
  });

  it('a certWarnDays that is not a whole number of days is refused at start', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ modules: { m: { certWarnDays: 2.5 } } }));
    const run = await runCli(['exporter', '--listen', '127.0.0.1:0', '--config', bad], { killAfterMs: 10_000 });
    assert.equal(run.code, 3);
    assert.match(run.stderr, /module "m": invalid certWarnDays 2.5: expected a whole number of days from 0 to 3650/);
  });
});
