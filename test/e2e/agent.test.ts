// `ftpcheck agent` as a user runs it: the built CLI on loopback, the embedded server as the target.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startFixture } from '../../fixtures/fault-server.js';
import type { Report } from '../../src/model/report.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { call, startAgentCli, TEST_TOKEN } from '../helpers/agent.js';
import { runCli, runJson } from '../helpers/run-cli.js';
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
    // Liveness without the token (orchestrators' probes carry none): that the agent is up, nothing more.
    const health = await call(agent(), '/healthz', { auth: null });
    assert.equal(health.status, 200);
    assert.deepEqual(health.json, { status: 'ok' });
    const fullHealth = await call(agent(), '/healthz');
    assert.deepEqual(fullHealth.json, { status: 'ok', name: 'test-vantage', checksRunning: 0, checksWaiting: 0 });
    assert.equal((await call(agent(), '/healthz', { auth: null, method: 'POST', body: {} })).status, 401);
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

  it('never shows the token', async () => {
    const logged = /^GET \/api\/whoami 401 \d+ms 127\.0\.0\.1:\d+$/m;
    assert.match(await agent().stderrMatching(logged), logged);
    assert.ok(!agent().stderr().includes(TEST_TOKEN));
    assert.ok(!agent().stdout().includes(TEST_TOKEN));
  });
});

describe('agent beyond loopback', () => {
  // Listening on 0.0.0.0 makes the agent enforce its target policy; the test still talks to it, and it
  // to its targets, over loopback only. Refused targets are refused before any connection.
  const ftp = forSuite(
    () => startEmbeddedServer({ port: 0 }),
    (s) => s.close(),
  );
  const slow = forSuite(
    () => startFixture('pasv-filtered'),
    (f) => f.close(),
  );
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-agent-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const configFile = (name: string, config: object): string => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(config));
    return path;
  };
  const strict = forSuite(
    () => startAgentCli(['--listen', '0.0.0.0:0']),
    (a) => a.stop(),
  );
  const allowing = forSuite(
    () =>
      startAgentCli([
        '--listen',
        '0.0.0.0:0',
        '--config',
        configFile('allow.json', {
          allowTargets: ['127.0.0.1:*'],
          concurrency: 1,
          modules: { default: {}, passive: { mode: 'passive', timeout: 2 } },
        }),
      ]),
    (a) => a.stop(),
  );

  it('refuses to start without a token unless --no-auth, which warns', async () => {
    const refused = await runCli(['agent', '--listen', '0.0.0.0:0'], { env: { FTPCHECK_AGENT_TOKEN: '' } });
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /beyond loopback, needs a token: set FTPCHECK_AGENT_TOKEN/);
    const short = await runCli(['agent'], { env: { FTPCHECK_AGENT_TOKEN: 'short' } });
    assert.equal(short.code, 3);
    assert.match(short.stderr, /shorter than 16 characters/);
    assert.doesNotMatch(short.stderr, /short\b.*short/);
    const open = await startAgentCli(['--listen', '0.0.0.0:0', '--no-auth'], { FTPCHECK_AGENT_TOKEN: '' });
    try {
      assert.match(open.stderr(), /warning: --no-auth: anyone who reaches/);
      assert.equal((await call(open, '/api/whoami', { auth: null })).status, 200);
    } finally {
      await open.stop();
    }
  });

  it('refuses private, loopback and own targets, naming the rule, and names resolving to them', async () => {
    const cases: [object, RegExp][] = [
      [{ target: `127.0.0.1:${ftp().port}` }, /rule loopback/],
      // DNS rebinding's end result: a name whose address is loopback. Vetted on the address.
      [{ target: `localhost:${ftp().port}` }, /localhost \((127\.0\.0\.1|::1)\) refused by rule loopback/],
      [{ target: '10.20.30.40' }, /rule private/],
      [{ target: '192.168.0.1:2121' }, /rule private/],
      [{ target: '169.254.169.254' }, /rule link-local/],
      [{ target: '100.64.1.1' }, /rule carrier-grade-nat/],
      [{ target: '198.18.0.1' }, /rule benchmarking/],
      [{ target: '[fd00::21]' }, /rule unique-local/],
      [{ target: '224.0.0.1' }, /rule multicast/],
      [{ target: '0.0.0.0' }, /rule unspecified/],
      [{ target: '[::ffff:127.0.0.1]' }, /rule loopback/],
      [{ me: true, port: ftp().port }, /127\.0\.0\.1 refused by rule loopback/],
    ];
    for (const [body, message] of cases) {
      const answer = await call(strict(), '/api/check', { body });
      assert.equal(answer.status, 403, `${JSON.stringify(body)}: ${answer.text}`);
      assert.match((answer.json as { error: string }).error, message);
      assert.match((answer.json as { error: string }).error, /allowTargets/);
    }
    const probe = await call(strict(), `/probe?target=127.0.0.1:${ftp().port}`);
    assert.equal(probe.status, 403, '/probe obeys the same policy');
    assert.match(strict().stderr(), /private and loopback targets refused/);
  });

  it('checks what allowTargets names, and /probe and /metrics answer with the token', async () => {
    const answer = await call(allowing(), '/api/check', { body: { target: `127.0.0.1:${ftp().port}` } });
    assert.equal(answer.status, 200, answer.text);
    assert.equal((answer.json as Report).verdict, 'ok');
    assert.equal((answer.json as Report).vantage?.address, '127.0.0.1');
    const probe = await call(allowing(), `/probe?target=127.0.0.1:${ftp().port}&module=passive`);
    assert.equal(probe.status, 200);
    assert.match(probe.text, /^ftpcheck_probe_success 1$/m);
    assert.equal((await call(allowing(), `/probe?target=127.0.0.1:${ftp().port}`, { auth: null })).status, 401);
    const metrics = await call(allowing(), '/metrics');
    assert.match(metrics.text, /^ftpcheck_exporter_probes_total\{module="passive",result="ok"\} 1$/m);
    assert.equal((await call(allowing(), '/metrics', { auth: null })).status, 401);
    const badModule = await call(allowing(), '/probe?target=127.0.0.1&module=nope');
    assert.equal(badModule.status, 400);
    assert.match((badModule.json as { error: string }).error, /unknown module "nope"/);
    // Still refused: a loopback name is not 127.0.0.1:* unless it resolves only there.
    assert.equal((await call(allowing(), '/api/check', { body: { target: '10.0.0.1' } })).status, 403);
  });

  it('runs at most `concurrency` checks at once; the rest get 429 with Retry-After', async () => {
    const body = { target: `127.0.0.1:${slow().port}`, mode: 'passive', timeout: 2 };
    const first = call(allowing(), '/api/check', { body });
    // The first check holds the only slot for seconds (its data port drops SYNs).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await call(allowing(), '/api/check', { body });
    assert.equal(second.status, 429, second.text);
    assert.match(second.headers.get('retry-after') ?? '', /^\d+$/);
    assert.match((second.json as { error: string }).error, /running 1 checks/);
    assert.equal((await first).status, 200);
  });
});

describe('agent behind a reverse proxy (--trust-proxy)', () => {
  // The test plays the proxy: it connects from 127.0.0.1 and says whom it forwards in X-Forwarded-For.
  const proxied = forSuite(
    () => startAgentCli(['--trust-proxy', '127.0.0.1']),
    (a) => a.stop(),
  );
  const ask = (path: string, forwardedFor: string, body?: object) =>
    fetch(new URL(path, proxied().url), {
      method: body ? 'POST' : 'GET',
      headers: {
        authorization: `Bearer ${TEST_TOKEN}`,
        'x-forwarded-for': forwardedFor,
        ...(body && { 'content-type': 'application/json' }),
      },
      body: body && JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });

  it('needs a token even on loopback', async () => {
    const refused = await runCli(['agent', '--listen', '127.0.0.1:0', '--trust-proxy', '127.0.0.1'], {
      env: { FTPCHECK_AGENT_TOKEN: '' },
    });
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /behind a reverse proxy \(--trust-proxy\) the agent needs a token/);
  });

  it('sees the caller the proxy names, and refuses private targets as a public agent does', async () => {
    const whoami = await ask('/api/whoami', '10.9.8.7, 203.0.113.9');
    assert.deepEqual(await whoami.json(), { address: '203.0.113.9', port: 0, family: 4 });
    const loopback = await ask('/api/check', '203.0.113.9', { target: '127.0.0.1', timeout: 2 });
    assert.equal(loopback.status, 403);
    assert.match(((await loopback.json()) as { error: string }).error, /loopback/);
    const logged = /GET \/api\/whoami 200 \d+ms 203\.0\.113\.9:0/;
    assert.match(await proxied().stderrMatching(logged), logged);
  });
});

describe('agent rate limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-agent-rate-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const agent = forSuite(
    () => {
      const config = join(dir, 'rate.json');
      writeFileSync(config, JSON.stringify({ checksPerMinute: 3 }));
      return startAgentCli(['--config', config]);
    },
    (a) => a.stop(),
  );
  it('answers 429 with Retry-After beyond checksPerMinute from one caller', async () => {
    // Port 1 on loopback refuses at once: each check is quick and counts.
    for (let i = 0; i < 3; i++)
      assert.equal((await call(agent(), '/api/check', { body: { target: '127.0.0.1:1' } })).status, 200);
    const limited = await call(agent(), '/api/check', { body: { target: '127.0.0.1:1' } });
    assert.equal(limited.status, 429);
    const retry = Number(limited.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 60, String(retry));
    assert.match((limited.json as { error: string }).error, /at most 3 checks a minute from 127\.0\.0\.1/);
    assert.equal((await call(agent(), '/api/whoami')).status, 200, 'other routes are not rate limited');
    assert.ok(!agent().stderr().includes(TEST_TOKEN));
  });
});
