// `ftpcheck exporter` beyond loopback is safe by default, like the agent: it will not start without a
// token, every request needs it, and without allowTargets it refuses loopback and private targets. The
// listener is 0.0.0.0 to make it count as beyond loopback; every packet of the test stays on loopback.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { type RunningAgent, startAgentCli, TEST_TOKEN } from '../helpers/agent.js';
import { runCli } from '../helpers/run-cli.js';
import { forSuite } from '../helpers/suite.js';

const TOKEN_ENV = { FTPCHECK_EXPORTER_TOKEN: TEST_TOKEN };
const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-exporter-security-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A GET with the token as Bearer, another token, or (null) none. */
const get = (exporter: RunningAgent, path: string, token: string | null = TEST_TOKEN) =>
  fetch(new URL(path, exporter.url.replace('0.0.0.0', '127.0.0.1')), {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(30_000),
  });

describe('exporter beyond loopback', () => {
  const ftp = forSuite(
    () => startEmbeddedServer({ host: '127.0.0.1', port: 0 }),
    (s) => s.close(),
  );
  const open = forSuite(
    () => startAgentCli(['--listen', '0.0.0.0:0'], TOKEN_ENV, 'exporter'),
    (e) => e.stop(),
  );

  it('will not start without a token unless --no-auth, which warns', async () => {
    const refused = await runCli(['exporter', '--listen', '0.0.0.0:0'], { env: { FTPCHECK_EXPORTER_TOKEN: '' } });
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /beyond loopback, needs a token: set FTPCHECK_EXPORTER_TOKEN/);
    const unsafe = await startAgentCli(['--listen', '0.0.0.0:0', '--no-auth'], {}, 'exporter');
    try {
      assert.match(unsafe.stderr(), /warning: --no-auth: anyone who reaches the exporter/);
      assert.equal((await get(unsafe, '/metrics', null)).status, 200);
    } finally {
      await unsafe.stop();
    }
  });

  it('wants the token on every request', async () => {
    const none = await get(open(), '/metrics', null);
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Basic realm="ftpcheck exporter"/);
    assert.equal((await get(open(), '/metrics', 'wrong-token-0123456789')).status, 401);
    assert.equal((await get(open(), '/metrics')).status, 200);
    assert.ok(!open().stderr().includes(TEST_TOKEN));
  });

  it('refuses loopback targets, also by name, without allowTargets; probes what allowTargets names', async () => {
    const literal = await get(open(), `/probe?target=127.0.0.1:${ftp().port}`);
    assert.equal(literal.status, 403);
    assert.match(await literal.text(), /loopback/);
    const named = await get(open(), `/probe?target=localhost:${ftp().port}`);
    assert.equal(named.status, 403);

    const config = join(dir, 'allow.json');
    writeFileSync(config, JSON.stringify({ allowTargets: ['127.0.0.1:*'] }));
    const allowing = await startAgentCli(['--listen', '0.0.0.0:0', '--config', config], TOKEN_ENV, 'exporter');
    try {
      const probed = await get(allowing, `/probe?target=127.0.0.1:${ftp().port}`);
      assert.equal(probed.status, 200);
      assert.match(await probed.text(), /^ftpcheck_probe_success 1$/m);
    } finally {
      await allowing.stop();
    }
  });
});
