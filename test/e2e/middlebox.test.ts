// The built CLI against the middlebox fixtures and ftp-srv: PASV and EPSV tested apart, the server's
// view of this machine, masked replies, a low passive port, a small passive range, and --audit's bounce
// and anonymous checks: the findings, verdict, exit code and JSON fields a user sees, and what the
// server received (the fixture's command log).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Middlebox, startEmbeddedServer, startMiddlebox } from '../../fixtures/index.js';
import type { Report } from '../../src/model/report.js';
import { ranStage } from '../../src/model/stage-report.js';
import { ipv6Loopback } from '../helpers/loopback.js';
import { type CliRun, codesOf, runJson } from '../helpers/run-cli.js';

interface Checked {
  run: CliRun;
  report: Report;
  commands: string[][];
  detail: string;
}

/** Runs the CLI against a fresh middlebox fixture; hands back what the user and the server saw. */
async function check(kind: Middlebox, args: string[], host: '127.0.0.1' | '::1' = '127.0.0.1'): Promise<Checked> {
  const fixture = await startMiddlebox(kind, { host });
  try {
    const target = host === '::1' ? `[::1]:${fixture.port}` : `127.0.0.1:${fixture.port}`;
    const { run, report } = await runJson([target, '--timeout', '1', ...args], {
      env: { FTPCHECK_PASSWORD: 'secret-pw' },
    });
    const detail = JSON.stringify(
      {
        findings: report.findings.map((f) => [f.code, f.severity, f.evidence]),
        stages: report.stages.map((s) => [s.name, s.status, s.summary]),
        commands: fixture.commands(),
      },
      null,
      1,
    );
    assert.equal(run.killed, false, 'the CLI ended by itself');
    assert.equal(run.code, report.exitCode, detail);
    return { run, report, commands: fixture.commands(), detail };
  } finally {
    await fixture.close();
  }
}

const severityOf = (report: Report, code: string): string | undefined =>
  report.findings.find((f) => f.code === code)?.severity;

describe('PASV and EPSV tested apart', () => {
  it("EPSV's port dropped, PASV's working: pasv-epsv-differ, passive still works", async () => {
    const { report, commands, detail } = await check('epsv-port-dropped', ['--mode', 'passive']);
    assert.deepEqual(codesOf(report), ['pasv-epsv-differ'], detail);
    assert.equal(report.verdict, 'degraded');
    assert.equal(report.exitCode, 1);
    const passive = ranStage(report.stages, 'passive');
    assert.equal(passive?.status, 'warn', detail);
    assert.equal(passive.used, 'PASV');
    assert.equal(passive.transfer, 'complete');
    assert.deepEqual(
      passive.apart?.map((a) => [a.command, a.data, a.transfer]),
      [
        ['EPSV', 'timeout', null],
        ['EPSV', 'timeout', null],
      ],
      detail,
    );
    assert.match(
      report.findings[0]?.evidence ?? '',
      /^EPSV's data port failed 2 times .* while PASV → 127\.0\.0\.1:\d+: listing received/,
    );
    // One EPSV, one PASV and its listing, then EPSV asked twice more, each a new request.
    assert.deepEqual(commands[0]?.slice(6, 11), ['EPSV', 'PASV', 'LIST', 'EPSV', 'EPSV'], detail);
  });

  it("PASV's port refused, EPSV's working: pasv-epsv-differ instead of pasv-data-refused", async () => {
    const { report, detail } = await check('pasv-port-refused', ['--mode', 'passive']);
    assert.deepEqual(codesOf(report), ['pasv-epsv-differ'], detail);
    assert.equal(report.verdict, 'degraded', 'passive mode works with EPSV');
    const passive = ranStage(report.stages, 'passive');
    assert.equal(passive?.data, 'refused');
    assert.deepEqual(
      passive.apart?.map((a) => [a.command, a.data, a.transfer]),
      [
        ['EPSV', 'connected', 'complete'],
        ['PASV', 'refused', null],
      ],
      detail,
    );
    assert.match(passive.summary, /; EPSV → 127\.0\.0\.1:\d+: listing received/);
  });

  it('a healthy server: both listed, no finding, the summary as before', async () => {
    const server = await startEmbeddedServer({ host: '127.0.0.1', port: 0 });
    try {
      const { run, report } = await runJson([`127.0.0.1:${server.port}`, '--timeout', '2', '--mode', 'passive']);
      assert.deepEqual(codesOf(report), []);
      assert.equal(run.code, 0);
      const passive = ranStage(report.stages, 'passive');
      assert.equal(passive?.status, 'pass');
      assert.deepEqual(
        passive.apart?.map((a) => [a.command, a.transfer]),
        [['EPSV', 'complete']],
      );
      // Testing apart adds nothing to the line when both worked (the bulk sample's words may follow).
      assert.match(passive.summary, /^PASV → 127\.0\.0\.1:\d+: listing received \(\d+ bytes\)(;|$)/);
      assert.doesNotMatch(passive.summary, /EPSV/);
    } finally {
      await server.close();
    }
  });
});

describe('middleboxes recognised', () => {
  it("SYST masked with X's: reply-masked-by-inspection, information only", async () => {
    const { report, detail } = await check('syst-masked', ['--mode', 'passive']);
    assert.deepEqual(codesOf(report), ['reply-masked-by-inspection'], detail);
    assert.equal(severityOf(report, 'reply-masked-by-inspection'), 'info');
    assert.equal(report.findings[0]?.stage, 'login');
    assert.equal(report.verdict, 'ok');
    assert.equal(report.exitCode, 0);
  });

  it('the greeting masked with asterisks: the greeting stage', async () => {
    const { report, detail } = await check('banner-masked', ['--mode', 'passive']);
    assert.deepEqual(codesOf(report), ['reply-masked-by-inspection'], detail);
    assert.equal(report.findings[0]?.stage, 'greeting');
    assert.equal(report.verdict, 'ok');
  });

  it('a passive port below 1024: pasv-low-port beside the refused data connection', async () => {
    const { report, detail } = await check('pasv-low-port', ['--mode', 'passive']);
    assert.deepEqual(codesOf(report), ['pasv-data-refused', 'pasv-low-port'], detail);
    assert.equal(severityOf(report, 'pasv-low-port'), 'warning');
    assert.match(report.findings.find((f) => f.code === 'pasv-low-port')?.evidence ?? '', /PASV named port (\d{3,4})/);
    assert.equal(report.verdict, 'failed');
    assert.equal(report.exitCode, 2);
  });

  it('a passive range of three ports, inferred by --sweep-pasv-range auto: pasv-range-small', async () => {
    const { report, commands, detail } = await check('pasv-range-small', [
      '--mode',
      'passive',
      '--sweep-pasv-range',
      'auto',
    ]);
    assert.deepEqual(codesOf(report), ['pasv-range-small'], detail);
    assert.equal(report.verdict, 'ok');
    const range = report.sweep?.range;
    assert.ok(range && range.max - range.min <= 2, detail);
    assert.match(report.findings[0]?.evidence ?? '', /^Asked 10 times, the server named only [23] ports/);
    assert.equal(commands[1]?.filter((c) => c === 'PASV').length, 10, 'the sweep asked ten times');
  });

  it('ftp-srv, which hands out new ports in order, is no small range', async () => {
    const server = await startEmbeddedServer({ host: '127.0.0.1', port: 0 });
    try {
      const { report } = await runJson([
        `127.0.0.1:${server.port}`,
        '--timeout',
        '2',
        '--mode',
        'passive',
        '--sweep-pasv-range',
        'auto',
      ]);
      assert.ok(!codesOf(report).includes('pasv-range-small'), JSON.stringify(report.sweep));
      assert.equal(report.sweep?.inferredFrom?.length, 10);
    } finally {
      await server.close();
    }
  });
});

describe("the server's view of this machine", () => {
  it('STAT names a NAT address: client-public-address, asked again on a second connection', async () => {
    const { report, commands, detail } = await check('stat-nat', ['--mode', 'passive']);
    assert.deepEqual(codesOf(report), ['client-public-address'], detail);
    assert.equal(severityOf(report, 'client-public-address'), 'info');
    assert.equal(report.verdict, 'ok');
    const connect = ranStage(report.stages, 'connect');
    assert.deepEqual(connect?.outcome === 'connected' && connect.seenAs, [
      { address: '203.0.113.45', connection: 'check', said: 'STAT' },
      { address: '203.0.113.45', connection: 'second', said: 'STAT' },
    ]);
    assert.equal(commands.length, 2, 'one more connection, for the second STAT');
    assert.deepEqual(commands[1]?.slice(-2), ['STAT', 'QUIT']);
  });

  it('another address on each connection: a warning that counts (the cause of "425 Bad IP")', async () => {
    const { report, detail } = await check('stat-per-connection', ['--mode', 'passive']);
    assert.deepEqual(codesOf(report), ['client-public-address'], detail);
    assert.equal(severityOf(report, 'client-public-address'), 'warning');
    assert.equal(report.verdict, 'degraded');
    assert.equal(report.exitCode, 1);
    assert.match(report.findings[0]?.evidence ?? '', /203\.0\.113\.45 .* 203\.0\.113\.46/);
  });

  it('a carrier-grade NAT address is named', async () => {
    const { report } = await check('stat-shared', ['--mode', 'passive']);
    assert.match(report.findings.find((f) => f.code === 'client-public-address')?.evidence ?? '', /carrier-grade NAT/);
  });

  it("STAT naming this machine's own address: nothing, and no second connection", async () => {
    const { report, commands } = await check('syst-masked', ['--mode', 'passive']);
    assert.ok(!codesOf(report).includes('client-public-address'));
    const connect = ranStage(report.stages, 'connect');
    assert.deepEqual(connect?.outcome === 'connected' && connect.seenAs, []);
    assert.equal(commands.length, 1);
  });
});

describe('--audit', () => {
  const BOUNCE = 'PORT 192,0,2,1,4,1';

  it('PORT to a third party accepted: port-bounce-allowed, and no data command after it, ever', async () => {
    const { report, commands, detail } = await check('bounce-accepted', ['--mode', 'passive', '--audit']);
    assert.deepEqual(codesOf(report), ['anonymous-allowed', 'port-bounce-allowed'], detail);
    assert.equal(severityOf(report, 'port-bounce-allowed'), 'warning');
    assert.equal(severityOf(report, 'anonymous-allowed'), 'info', 'the check itself is anonymous');
    assert.equal(report.verdict, 'degraded');
    assert.equal(report.exitCode, 1);
    // The check's own connection, and mod_copy's question on one of its own before any login.
    assert.equal(commands.length, 2, 'the bounce on the check’s own connection');
    assert.deepEqual(commands[1], ['SITE CPFR /', 'QUIT'], detail);
    const sent = commands[0] ?? [];
    assert.deepEqual(sent.slice(sent.indexOf(BOUNCE)), [BOUNCE, 'QUIT'], detail);
    const login = ranStage(report.stages, 'login');
    assert.deepEqual(login?.outcome === 'logged-in' && login.bounce, {
      outcome: 'accepted',
      command: BOUNCE,
      detail: '"200 PORT command successful. Consider using PASV."',
    });
  });

  it('without --audit nothing of it is sent', async () => {
    const { report, commands } = await check('bounce-accepted', ['--mode', 'passive']);
    assert.deepEqual(codesOf(report), []);
    assert.ok(!commands.flat().some((c) => c.includes('192,0,2,1')));
    const login = ranStage(report.stages, 'login');
    assert.ok(login?.outcome === 'logged-in' && login.bounce === null && login.anonymousLogin === null);
  });

  it('a named user: an anonymous login on one more connection; accepted, it is a warning', async () => {
    const { report, commands, detail } = await check('bounce-accepted', [
      '--mode',
      'passive',
      '--audit',
      '--user',
      'alice',
    ]);
    assert.deepEqual(codesOf(report), ['anonymous-allowed', 'port-bounce-allowed'], detail);
    assert.equal(severityOf(report, 'anonymous-allowed'), 'warning');
    assert.equal(commands.length, 3);
    assert.deepEqual(commands[1]?.slice(0, 2), ['USER anonymous', 'PASS ****']);
    assert.equal(commands[1].at(-1), 'QUIT');
    assert.deepEqual(commands[2], ['SITE CPFR /', 'QUIT'], detail);
    assert.ok(!JSON.stringify(report).includes('secret-pw'), 'the password stays out of the report');
  });

  it('anonymous refused and the bounce refused: silent, verdict ok', async () => {
    const { report, detail } = await check('anonymous-refused', ['--mode', 'passive', '--audit', '--user', 'alice']);
    assert.deepEqual(codesOf(report), [], detail);
    assert.equal(report.verdict, 'ok');
    const login = ranStage(report.stages, 'login');
    assert.deepEqual(login?.outcome === 'logged-in' && [login.bounce?.outcome, login.anonymousLogin], [
      'refused',
      { outcome: 'refused', command: 'USER anonymous', detail: 'PASS refused: "530 Login incorrect."' },
    ]);
  });

  it('EPRT to 2001:db8::1 over IPv6', async (t) => {
    if (!(await ipv6Loopback())) return t.skip('::1 is not available on this machine');
    const { report, commands, detail } = await check('bounce-accepted', ['--mode', 'passive', '--audit'], '::1');
    assert.ok(codesOf(report).includes('port-bounce-allowed'), detail);
    assert.ok(commands[0]?.includes('EPRT |2|2001:db8::1|1025|'), detail);
  });

  it('ftp-srv refuses PORT to another address: no port-bounce-allowed', async () => {
    const server = await startEmbeddedServer({ host: '127.0.0.1', port: 0 });
    try {
      const { report } = await runJson([`127.0.0.1:${server.port}`, '--timeout', '2', '--mode', 'passive', '--audit']);
      assert.deepEqual(codesOf(report), ['anonymous-allowed']);
      assert.equal(report.verdict, 'ok');
      const login = ranStage(report.stages, 'login');
      assert.equal(login?.outcome === 'logged-in' && login.bounce?.outcome, 'refused');
    } finally {
      await server.close();
    }
  });
});
