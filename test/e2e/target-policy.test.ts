// The target policy of the built agent and exporter, attacked as a token holder would, on loopback: a
// name that spells an allowTargets address pattern (`10.0.0.evil.test`) resolving to a hostile FTP
// server that keeps every password it is sent; the exporter's allowTargets no longer lifting the
// address rules; module names that every object inherits; the token repeated back in an error. Names
// resolve through an /etc/hosts of the agent's own (a mount namespace of its own; skipped without).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type PasswordTrap, startPasswordTrap } from '../../fixtures/password-trap.js';
import type { Report } from '../../src/model/report.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import {
  call,
  canUnshareMount,
  type RunningAgent,
  startAgentCli,
  startWithHosts,
  TEST_TOKEN,
} from '../helpers/agent.js';
import { runCli } from '../helpers/run-cli.js';
import { forSuite } from '../helpers/suite.js';

const PASSWORD = 'module-password-7c1e94b2';
const AGENT_ENV = { BACKUP_FTP_PASSWORD: PASSWORD };
const EXPORTER_ENV = { BACKUP_FTP_PASSWORD: PASSWORD, FTPCHECK_EXPORTER_TOKEN: TEST_TOKEN };
const BACKUP = { user: 'backup', passwordEnv: 'BACKUP_FTP_PASSWORD' };

const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-target-policy-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** The service as reached from this machine (a 0.0.0.0 listener answers on 127.0.0.1). */
const onLoopback = (service: RunningAgent): RunningAgent => ({
  ...service,
  url: service.url.replace('0.0.0.0', '127.0.0.1'),
});

const errorOf = (answer: { json: unknown; text: string }): string =>
  (answer.json as { error?: string } | undefined)?.error ?? answer.text;

describe(
  'a module password never reaches a name that spells an address pattern',
  { skip: !canUnshareMount() && 'needs unshare --mount' },
  () => {
    // 127.0.0.2: the attacker's server, reached by names the attacker chose. 127.0.0.3: a server the
    // operator named by address (the control: the password does go there, so the trap would see a leak).
    const hostile = forSuite(
      () => startPasswordTrap('127.0.0.2'),
      (t) => t.close(),
    );
    const named = forSuite(
      () => startPasswordTrap('127.0.0.3'),
      (t) => t.close(),
    );
    const hosts = (): string =>
      file(
        'hosts',
        `${readFileSync('/etc/hosts', 'utf8')}\n127.0.0.2 10.0.0.evil.test ftp-exact.test\n127.0.0.3 ftp-allowed.test\n`,
      );
    // The README's allowTargets, an exact name, and the control's address.
    const config = (): string =>
      file(
        'agent.json',
        JSON.stringify({
          modules: { default: {}, backup: BACKUP },
          allowTargets: ['ftp.lan:21', '10.0.0.*:*', 'ftp-exact.test:*', '127.0.0.3:*'],
        }),
      );
    const agent = forSuite(
      () => startWithHosts(hosts(), ['--config', config(), '--no-reflector'], AGENT_ENV),
      (a) => a.stop(),
    );
    const exporter = forSuite(
      () => startWithHosts(hosts(), ['--config', config()], EXPORTER_ENV, 'exporter'),
      (e) => e.stop(),
    );

    const assertNoLeak = (trap: PasswordTrap): void => {
      assert.deepEqual(
        trap.passwords().filter((p) => p.includes(PASSWORD)),
        [],
        'the hostile server received the password',
      );
    };

    it('agent POST /api/check: 403, and the hostile server never sees the password', async () => {
      const port = hostile().port;
      for (const target of [`10.0.0.evil.test:${port}`, `ftp://10.0.0.evil.test:${port}`, `ftp-exact.test:${port}`]) {
        const answer = await call(agent(), '/api/check', { body: { target, module: 'backup', timeout: 5 } });
        assert.equal(answer.status, 403, `${target}: ${answer.text}`);
        assert.match(errorOf(answer), /module with passwordEnv logs in only where allowTargets names the addresses/);
      }
      assertNoLeak(hostile());
    });

    it('agent GET /probe?module=: 403, no password sent', async () => {
      const answer = await call(agent(), `/probe?target=10.0.0.evil.test:${hostile().port}&module=backup`);
      assert.equal(answer.status, 403, answer.text);
      assertNoLeak(hostile());
    });

    it('exporter GET /probe: 403, no password sent', async () => {
      const spelled = await call(exporter(), `/probe?target=10.0.0.evil.test:${hostile().port}&module=backup`);
      assert.equal(spelled.status, 403, spelled.text);
      assert.match(spelled.text, /not in allowTargets/);
      // Named exactly, so in the exporter's allowTargets; but its address is loopback, not public.
      const exact = await call(exporter(), `/probe?target=ftp-exact.test:${hostile().port}&module=backup`);
      assert.equal(exact.status, 403, exact.text);
      assert.match(exact.text, /module with passwordEnv logs in only/);
      assertNoLeak(hostile());
    });

    it('the control: an address allowTargets names does get the password, through a name too', async () => {
      const before = named().passwords().length;
      const answer = await call(agent(), '/api/check', {
        body: { target: `ftp-allowed.test:${named().port}`, module: 'backup', mode: 'passive', timeout: 5 },
      });
      assert.equal(answer.status, 200, answer.text);
      assert.ok(!answer.text.includes(PASSWORD), 'the report repeats no password');
      assert.deepEqual(named().passwords().slice(before), [PASSWORD]);
      const probe = await call(exporter(), `/probe?target=127.0.0.3:${named().port}&module=backup`);
      assert.equal(probe.status, 200, probe.text);
      assert.deepEqual(named().passwords().slice(before), [PASSWORD, PASSWORD]);
    });

    it('an exporter without allowTargets sends a module password nowhere, not even on loopback', async () => {
      const bare = await startAgentCli(
        ['--config', file('bare.json', JSON.stringify({ modules: { backup: BACKUP } }))],
        EXPORTER_ENV,
        'exporter',
      );
      try {
        const before = named().connections();
        const answer = await call(bare, `/probe?target=127.0.0.3:${named().port}&module=backup`);
        assert.equal(answer.status, 403, answer.text);
        assert.match(answer.text, /passwordEnv/);
        assert.equal(named().connections(), before, 'the exporter connected to the target');
      } finally {
        await bare.stop();
      }
    });
  },
);

describe(
  "the exporter's allowTargets names targets, it does not lift the address rules",
  { skip: !canUnshareMount() && 'needs unshare --mount' },
  () => {
    const hostile = forSuite(
      () => startPasswordTrap('127.0.0.2'),
      (t) => t.close(),
    );
    const exporter = forSuite(
      () =>
        startWithHosts(
          file(
            'hosts-exporter',
            `${readFileSync('/etc/hosts', 'utf8')}\n127.0.0.2 198.51.100.evil.test ftp.lan.test\n`,
          ),
          [
            '--listen',
            '0.0.0.0:0',
            '--config',
            file('exporter.json', JSON.stringify({ allowTargets: ['198.51.100.*:*', '*.lan.test:*'] })),
          ],
          EXPORTER_ENV,
          'exporter',
        ).then(onLoopback),
      (e) => e.stop(),
    );

    it('a name spelling an address pattern is not in allowTargets; a named name still meets the address rules', async () => {
      const spelled = await call(exporter(), `/probe?target=198.51.100.evil.test:${hostile().port}`);
      assert.equal(spelled.status, 403, spelled.text);
      assert.match(spelled.text, /not in allowTargets/);
      const byName = await call(exporter(), `/probe?target=ftp.lan.test:${hostile().port}`);
      assert.equal(byName.status, 403, byName.text);
      assert.match(byName.text, /refused by rule loopback/);
      assert.equal(hostile().connections(), 0, 'the exporter reached a server on its own loopback');
    });
  },
);

describe('bracketed IPv6 and CIDR patterns match the addresses they name, in any spelling', () => {
  const ftp = forSuite(
    () => startEmbeddedServer({ host: '::1', port: 0 }),
    (server) => server.close(),
  );
  // Beyond loopback, so that the address rules apply; every packet stays on loopback.
  const agent = forSuite(
    () =>
      startAgentCli([
        '--listen',
        '0.0.0.0:0',
        '--no-reflector',
        '--config',
        file('v6.json', JSON.stringify({ allowTargets: ['[::1]:*', '127.0.0.0/30:1'] })),
      ]).then(onLoopback),
    (a) => a.stop(),
  );

  it('[::1]:* allows ::1 however it is written; the CIDR only its block and port', async () => {
    for (const target of [`[::1]:${ftp().port}`, `[0:0:0:0:0:0:0:1]:${ftp().port}`, `ftp://[0::01]:${ftp().port}`]) {
      const answer = await call(agent(), '/api/check', { body: { target, mode: 'passive', timeout: 5 } });
      assert.equal(answer.status, 200, `${target}: ${answer.text}`);
      assert.equal((answer.json as Report).verdict, 'ok');
    }
    for (const target of [`127.0.0.1:${ftp().port}`, `127.0.0.5:1`, `[::ffff:127.0.0.1]:${ftp().port}`]) {
      const answer = await call(agent(), '/api/check', { body: { target, timeout: 5 } });
      assert.equal(answer.status, 403, `${target}: ${answer.text}`);
      assert.match(errorOf(answer), /rule loopback/);
    }
  });
});

describe('module names and the token', () => {
  const config = (): string =>
    file('modules.json', JSON.stringify({ modules: { default: {}, passive: { mode: 'passive' } } }));
  const agent = forSuite(
    () => startAgentCli(['--config', config(), '--no-reflector']),
    (a) => a.stop(),
  );
  const exporter = forSuite(
    () => startAgentCli(['--config', config()], EXPORTER_ENV, 'exporter'),
    (e) => e.stop(),
  );
  const INHERITED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  it('a name every object inherits is an unknown module, on every route', async () => {
    for (const module of INHERITED) {
      const api = await call(agent(), '/api/check', { body: { target: '127.0.0.1:1', module } });
      assert.equal(api.status, 400, `${module}: ${api.text}`);
      assert.match(errorOf(api), /unknown module/);
      const query = `/probe?target=127.0.0.1:1&module=${encodeURIComponent(module)}`;
      for (const service of [agent(), exporter()]) {
        const probe = await call(service, query);
        assert.equal(probe.status, 400, `${module}: ${probe.text}`);
        assert.match(probe.text, /unknown module/);
      }
    }
  });

  it('the token, sent as a module name, is never repeated in an answer or a log line', async () => {
    const answers = [
      await call(agent(), '/api/check', { body: { target: '127.0.0.1:1', module: TEST_TOKEN } }),
      await call(agent(), `/probe?target=127.0.0.1:1&module=${TEST_TOKEN}`),
      await call(exporter(), `/probe?target=127.0.0.1:1&module=${TEST_TOKEN}`),
    ];
    for (const answer of answers) {
      assert.ok(answer.status >= 400, answer.text);
      assert.ok(!answer.text.includes(TEST_TOKEN), `the token in an answer: ${answer.text}`);
      assert.ok(![...answer.headers.values()].some((v) => v.includes(TEST_TOKEN)), 'the token in a header');
    }
    assert.match(errorOf(answers[0] ?? { json: undefined, text: '' }), /unknown module "\*\*\*\*"/);
    assert.match(answers[2]?.text ?? '', /unknown module "\*\*\*\*"/);
    await agent().stderrMatching(/GET \/probe 400/);
    for (const service of [agent(), exporter()]) {
      assert.ok(!service.stderr().includes(TEST_TOKEN), 'the token in the log');
      assert.ok(!service.stdout().includes(TEST_TOKEN), 'the token on stdout');
    }
  });

  it('weak tokens are refused at start-up, naming the rule and never the token', async () => {
    const weak = ['aaaaaaaaaaaaaaaaaaaaaaaa', '123456789012345678901234', 'a token with spaces 12345', 'short-1'];
    for (const token of weak)
      for (const [command, variable] of [
        ['agent', 'FTPCHECK_AGENT_TOKEN'],
        ['exporter', 'FTPCHECK_EXPORTER_TOKEN'],
      ] as const) {
        const run = await runCli([command, '--listen', '127.0.0.1:0'], { env: { [variable]: token } });
        assert.equal(run.code, 3, `${command} ${token}: ${run.stderr}`);
        assert.match(run.stderr, new RegExp(`${variable} .*a token needs at least 16 characters`));
        assert.ok(!run.stderr.includes(token) && !run.stdout.includes(token), 'the token was repeated');
      }
  });
});
