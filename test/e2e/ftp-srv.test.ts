// The built CLI against ftp-srv, the server library behind `serve` and `demo`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ranStage } from '../../src/model/stage-report.js';
import { type EmbeddedServerOptions, startEmbeddedServer } from '../../src/server/embedded-server.js';
import { makeCerts, opensslAvailable } from '../helpers/certs.js';
import { freePort, ipv6Loopback } from '../helpers/loopback.js';
import { codesOf, runJson } from '../helpers/run-cli.js';
import { forSuite } from '../helpers/suite.js';

async function withServer<T>(options: EmbeddedServerOptions, body: (port: number) => Promise<T>): Promise<T> {
  const server = await startEmbeddedServer({ host: '127.0.0.1', port: 0, ...options });
  try {
    return await body(server.port);
  } finally {
    await server.close();
  }
}

describe('ftp-srv', () => {
  it('healthy, both modes: ok, with the ephemeral active source port noted', async () => {
    await withServer({}, async (port) => {
      const { run, report } = await runJson([`127.0.0.1:${port}`, '--timeout', '2']);
      assert.deepEqual(codesOf(report), ['active-source-port-not-20']);
      assert.equal(report.verdict, 'ok');
      assert.equal(run.code, 0);
      assert.equal(report.server.software, 'ftp-srv');
      assert.deepEqual(
        report.stages.map((s) => [s.name, s.status]),
        [
          ['dns', 'skip'],
          ['connect', 'pass'],
          ['greeting', 'pass'],
          ['tls', 'skip'],
          ['login', 'pass'],
          ['passive', 'pass'],
          ['active', 'pass'],
        ],
      );
    });
  });

  it('passive mode disabled: pasv-rejected, and no data mode left with --mode passive', async () => {
    await withServer({ disable: ['PASV', 'EPSV'] }, async (port) => {
      const { run, report } = await runJson([`127.0.0.1:${port}`, '--timeout', '2', '--mode', 'passive']);
      assert.deepEqual(codesOf(report), ['pasv-rejected']);
      assert.equal(report.verdict, 'failed');
      assert.equal(run.code, 2);
    });
  });

  it('only PASV refused while EPSV works: a warning', async () => {
    await withServer({ disable: ['PASV'] }, async (port) => {
      const { report } = await runJson([`127.0.0.1:${port}`, '--timeout', '2', '--mode', 'passive']);
      assert.deepEqual(codesOf(report), ['pasv-rejected']);
      assert.equal(report.findings[0]?.severity, 'warning');
      assert.equal(report.verdict, 'degraded');
    });
  });

  it('active mode disabled: active-port-rejected, degraded', async () => {
    await withServer({ disable: ['PORT', 'EPRT'] }, async (port) => {
      const { run, report } = await runJson([`127.0.0.1:${port}`, '--timeout', '2']);
      assert.deepEqual(codesOf(report), ['active-port-rejected']);
      assert.match(report.findings[0]?.likelyRule ?? '', /disabled/);
      assert.equal(report.verdict, 'degraded');
      assert.equal(run.code, 1);
    });
  });

  it('wrong password: login-failed', async () => {
    await withServer({ users: [{ name: 'alice', password: 'right' }], anonymous: false }, async (port) => {
      const { report } = await runJson([`ftp://alice@127.0.0.1:${port}`, '--timeout', '2'], {
        env: { FTPCHECK_PASSWORD: 'wrong' },
      });
      assert.deepEqual(codesOf(report), ['login-failed']);
      assert.equal(report.verdict, 'failed');
    });
  });

  it('right password from --password-stdin: ok', async () => {
    await withServer({ users: [{ name: 'alice', password: 'right' }], anonymous: false }, async (port) => {
      const { report } = await runJson(
        [`127.0.0.1:${port}`, '--user', 'alice', '--password-stdin', '--timeout', '2', '--mode', 'passive'],
        { input: 'right\n' },
      );
      assert.equal(report.verdict, 'ok');
    });
  });

  it('nothing listening: control-refused', async () => {
    const port = await freePort();
    const { run, report } = await runJson([`127.0.0.1:${port}`, '--timeout', '2']);
    assert.deepEqual(codesOf(report), ['control-refused']);
    assert.equal(run.code, 2);
  });

  it('over IPv6: EPSV and EPRT', async (t) => {
    if (!(await ipv6Loopback())) return t.skip('::1 is not available on this machine');
    await withServer({ host: '::1' }, async (port) => {
      const { report } = await runJson([`[::1]:${port}`, '--timeout', '2']);
      assert.equal(report.verdict, 'ok');
      assert.equal(report.target.family, 6);
      assert.match(String(report.stages.find((s) => s.name === 'passive')?.summary), /^EPSV/);
      assert.equal(ranStage(report.stages, 'active')?.command, 'EPRT');
    });
  });

  describe('implicit TLS', { skip: opensslAvailable() ? false : 'the openssl command is not installed' }, () => {
    const certs = forSuite(makeCerts, (c) => c.cleanup());

    it('ftps:// against ftp-srv: TLS on control and data', async () => {
      await withServer({ tls: certs().good }, async (port) => {
        const { report } = await runJson([`ftps://127.0.0.1:${port}`, '--timeout', '2', '--ca', certs().caFile]);
        assert.equal(report.verdict, 'ok', JSON.stringify(report.findings));
        assert.match(String(report.stages.find((s) => s.name === 'tls')?.summary), /implicit TLS/);
      });
    });
  });
});
