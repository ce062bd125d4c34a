// `ftpcheck agent` as a user runs it: the built CLI on loopback, the embedded server as the target.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Report } from '../../src/model/report.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { call, startAgentCli, TEST_TOKEN } from '../helpers/agent.js';
import { runJson } from '../helpers/run-cli.js';
import { assertSchema } from '../helpers/schema.js';
import { forSuite } from '../helpers/suite.js';

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('agent on loopback', () => {
  const ftp = forSuite(
    () => startEmbeddedServer({ port: 0 }),
    (s) => s.close(),
  );
  const agent = forSuite(
    () => startAgentCli(['--name', 'test-vantage']),
    (a) => a.stop(),
  );

  it('wants the token: none or a wrong one is 401 with a Basic challenge; Bearer and Basic pass', async () => {
    const none = await call(agent(), '/api/whoami', { auth: null });
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Basic realm="ftpcheck agent"/);
    assert.match((none.json as { error: string }).error, /token/);
    assert.equal((await call(agent(), '/api/whoami', { auth: 'Bearer wrong-token-of-some-length' })).status, 401);
    assert.equal((await call(agent(), '/api/whoami', { auth: basic('x', 'wrong') })).status, 401);
    assert.equal((await call(agent(), '/healthz', { auth: null })).status, 401);
    assert.equal((await call(agent(), '/nowhere', { auth: null })).status, 401, 'no route is revealed without it');
    const bearer = await call(agent(), '/api/whoami');
    assert.equal(bearer.status, 200);
    assert.deepEqual(Object.keys(bearer.json as object), ['address', 'port', 'family']);
    assert.equal((bearer.json as { address: string }).address, '127.0.0.1');
    assert.equal((bearer.json as { family: number }).family, 4);
    assert.equal((await call(agent(), '/api/whoami', { auth: basic('anyone', TEST_TOKEN) })).status, 200);
  });

  it('checks a server like `ftpcheck --json` does, with its vantage', async () => {
    const target = `127.0.0.1:${ftp().port}`;
    const [viaAgent, { report: local }] = await Promise.all([
      call(agent(), '/api/check', { body: { target, mode: 'passive', timeout: 5 } }),
      runJson([target, '--mode', 'passive', '--timeout', '5']),
    ]);
    assert.equal(viaAgent.status, 200, viaAgent.text);
    const remote = viaAgent.json as Report;
    assertSchema(remote);
    assert.deepEqual(remote.vantage, { name: 'test-vantage', address: '127.0.0.1' });
    assert.equal(remote.verdict, 'ok');
    const comparable = (r: Report): unknown => ({
      target: r.target,
      verdict: r.verdict,
      exitCode: r.exitCode,
      server: r.server,
      stages: r.stages.map((s) => [s.name, s.status]),
      findings: r.findings.map((f) => f.code),
      connections: r.connections.map((c) => [c.kind, c.status]),
    });
    assert.deepEqual(comparable(remote), comparable(local));
  });

  it('answers bad requests with a JSON error naming the problem', async () => {
    const cases: [unknown, number, RegExp][] = [
      ['{not json', 400, /bad JSON/],
      ['', 400, /empty body/],
      ['[1]', 400, /JSON object/],
      [{ target: '127.0.0.1', colour: 'red' }, 400, /unknown field "colour"/],
      [{ target: '127.0.0.1', password: 'hunter2' }, 400, /passwords are never sent/],
      [{ target: '127.0.0.1', port: 70000 }, 400, /port/],
      [{ target: '127.0.0.1', mode: 'sideways' }, 400, /mode/],
      [{ target: '127.0.0.1', timeout: -1 }, 400, /timeout/],
      [{ target: '127.0.0.1', module: 'nope' }, 400, /unknown module "nope"/],
      [{ target: 'ftp://u:pw@127.0.0.1' }, 400, /password/],
      [{ target: '127.0.0.1', me: true }, 400, /target and me/],
      [{}, 400, /missing target/],
    ];
    for (const [body, status, message] of cases) {
      const answer = await call(agent(), '/api/check', { method: 'POST', body });
      assert.equal(answer.status, status, `${JSON.stringify(body)}: ${answer.text}`);
      assert.match((answer.json as { error: string }).error, message, JSON.stringify(body));
      assert.doesNotMatch(answer.text, /hunter2|pw@/);
    }
    const big = await call(agent(), '/api/check', { body: JSON.stringify({ target: 'x'.repeat(17 * 1024) }) });
    assert.equal(big.status, 413);
    assert.match((big.json as { error: string }).error, /16384 bytes/);
    assert.equal((await call(agent(), '/api/check')).status, 405);
    assert.equal((await call(agent(), '/no/such/page')).status, 404);
  });

  it('never shows the token', () => {
    assert.ok(!agent().stderr().includes(TEST_TOKEN));
    assert.ok(!agent().stdout().includes(TEST_TOKEN));
    assert.match(agent().stderr(), /^GET \/api\/whoami 401 \d+ms 127\.0\.0\.1:\d+$/m);
  });
});
