// The stage lines and connection lines built from canned observations: statuses, skip reasons, the typed
// evidence, the same words for one event in the stage line, the connection line and the finding, and
// a report that matches the schema for every canned case.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reportOf } from '../../src/diagnosis/assembly/report.js';
import { connectionReports } from '../../src/diagnosis/assembly/connections.js';
import { describeConnect, describeTransfer } from '../../src/diagnosis/rules/wording/connections.js';
import { diagnose } from '../../src/diagnosis/rules/diagnose.js';
import { stageReports } from '../../src/diagnosis/assembly/stages.js';
import type { Finding } from '../../src/model/findings.js';
import { FINDING_CODES } from '../../src/model/findings.js';
import type { ConnectResult, TransferResult } from '../../src/model/connections.js';
import type { Observations } from '../../src/model/observations.js';
import type { Report } from '../../src/model/report.js';
import { ranStage } from '../../src/model/stage-report.js';
import { assertSchema, parseReport } from '../helpers/schema.js';
import { FINDING_CASES } from './finding-cases/index.js';
import { activeOf, answered, CLIENT, edited, healthy, healthyTls, passiveOf, SERVER, stopped } from './observations.js';

const statuses = (o: Observations, findings: Finding[] = diagnose(o)): string[] =>
  stageReports(o, findings).map((s) => `${s.name}:${s.status}`);

function reportFor(o: Observations): Report {
  return reportOf(
    { input: SERVER, host: SERVER, port: 21, credentials: { user: 'anonymous' }, mode: o.mode },
    {
      observations: o,
      transcript: [],
      startedAt: new Date(0),
      durationMs: 25,
      address: { address: SERVER, family: 4 },
    },
  );
}

describe('stageReports', () => {
  it('one line per stage, in order; stages that did not run are skipped with the reason', () => {
    const lines = stageReports(healthy(), []);
    assert.deepEqual(
      lines.map((s) => `${s.name}:${s.status}`),
      ['dns:skip', 'connect:pass', 'greeting:pass', 'tls:skip', 'login:pass', 'passive:pass', 'active:pass'],
    );
    assert.equal(lines[0]?.summary, 'address given, no lookup needed');
    assert.deepEqual(
      Object.keys(lines[0]),
      ['name', 'status', 'durationMs', 'summary'],
      'a skipped stage has no evidence',
    );
  });

  it('fails the stage that failed and skips the ones after it, naming the failed stage', () => {
    const lines = stageReports(stopped({ connect: { kind: 'refused', ms: 1 } }), []);
    assert.deepEqual(
      lines.map((s) => `${s.name}:${s.status}`),
      ['dns:skip', 'connect:fail', 'greeting:skip', 'tls:skip', 'login:skip', 'passive:skip', 'active:skip'],
    );
    assert.equal(lines[2]?.summary, 'not run: connect failed');
  });

  it("says when the run's deadline, not a failure, stopped the stages", () => {
    const o = edited((x) => {
      x.deadlineHit = { stage: 'passive', deadlineMs: 17000 };
      x.active = undefined;
    });
    assert.equal(stageReports(o, []).find((s) => s.name === 'active')?.summary, "the run's deadline ran out");
  });

  it('warns where a warning or error finding concerns a stage that worked; info findings do not', () => {
    const info = edited(
      (o) => (activeOf(o).callback = { kind: 'arrived', ms: 2, from: { address: SERVER, port: 41234 } }),
    );
    assert.deepEqual(statuses(info).slice(5), ['passive:pass', 'active:pass']);
    const warning = edited((o) => {
      const p = passiveOf(o);
      p.requests[1] = {
        command: 'PASV',
        exchange: { command: 'PASV', result: answered(227, '(10,0,0,5,195,82)') },
        advertised: { address: '10.0.0.5', port: 50002 },
      };
      p.relation = 'private';
    });
    assert.deepEqual(statuses(warning).slice(5), ['passive:warn', 'active:pass']);
  });

  it('with --tls-strict a certificate problem fails the TLS stage; without it, the finding only warns', () => {
    assert.equal(statuses(healthyTls({ trusted: false })).at(3), 'tls:warn');
    assert.equal(statuses(healthyTls({ trusted: false }, true)).at(3), 'tls:fail');
  });

  it('carries each stage its typed evidence', () => {
    const lines = stageReports(healthy(), []);
    const connect = ranStage(lines, 'connect');
    assert.equal(connect?.outcome, 'connected');
    assert.deepEqual(connect.remote, { address: SERVER, port: 21 });
    const greeting = ranStage(lines, 'greeting');
    assert.ok(greeting?.outcome === 'greeted' && greeting.software === 'vsftpd 3.0.3');
    const login = ranStage(lines, 'login');
    assert.ok(login?.outcome === 'logged-in' && login.directory === '/');
    const passive = ranStage(lines, 'passive');
    assert.deepEqual(
      passive && {
        requests: passive.requests,
        used: passive.used,
        relation: passive.relation,
        dataTarget: passive.dataTarget,
        data: passive.data,
        transfer: passive.transfer,
        bytes: passive.bytes,
      },
      {
        requests: [
          {
            command: 'EPSV',
            reply: '"229 Entering Extended Passive Mode (|||50001|)"',
            advertised: { address: undefined, port: 50001 },
          },
          {
            command: 'PASV',
            reply: '"227 Entering Passive Mode (198,18,2,2,195,82)"',
            advertised: { address: SERVER, port: 50002 },
          },
        ],
        used: 'PASV',
        relation: 'same',
        dataTarget: { address: SERVER, port: 50002 },
        data: 'connected',
        transfer: 'complete',
        bytes: 120,
      },
    );
    const active = ranStage(lines, 'active');
    assert.deepEqual(
      active && {
        command: active.command,
        listen: active.listen,
        portReply: active.portReply,
        callback: active.callback,
      },
      {
        command: 'PORT',
        listen: { address: CLIENT, port: 40002 },
        portReply: '"200 PORT command successful."',
        callback: { kind: 'arrived', ms: 2, from: { address: SERVER, port: 20 } },
      },
    );
  });

  it('the evidence of a failed stage: how it ended, and the error', () => {
    const unreachable = ranStage(
      stageReports(stopped({ connect: { kind: 'unreachable', ms: 1, errno: 'EHOSTUNREACH' } }), []),
      'connect',
    );
    assert.ok(unreachable?.outcome === 'unreachable' && unreachable.errno === 'EHOSTUNREACH');
    const tls = ranStage(
      stageReports(
        {
          ...healthyTls(),
          tls: { kind: 'auth-refused', ms: 2, exchange: { command: 'AUTH TLS', result: answered(502, 'No.') } },
        },
        [],
      ),
      'tls',
    );
    assert.ok(tls && 'auth' in tls && tls.auth === '"502 No."');
  });
});

describe('connectionReports', () => {
  it('a healthy run: control, passive data and the active callback, each ok', () => {
    assert.deepEqual(connectionReports(healthy()), [
      {
        kind: 'control',
        from: { side: 'client', address: CLIENT, port: null },
        to: { side: 'server', address: SERVER, port: 21 },
        status: 'ok',
        detail: 'connected in 2 ms',
      },
      {
        kind: 'passive',
        from: { side: 'client', address: CLIENT, port: null },
        to: { side: 'server', address: SERVER, port: 50002 },
        status: 'ok',
        detail: 'connected in 1 ms; listing received (120 bytes)',
      },
      {
        kind: 'active',
        from: { side: 'server', address: SERVER, port: 20 },
        to: { side: 'client', address: CLIENT, port: 40002 },
        status: 'ok',
        detail: 'connected back in 2 ms; listing received (120 bytes)',
      },
    ]);
  });

  it('no connection when the name did not resolve; only the control connection when it failed', () => {
    assert.deepEqual(
      connectionReports(
        stopped({ dns: { kind: 'failed', ms: 1, reason: 'not-found', errno: 'ENOTFOUND' }, connect: undefined }),
      ),
      [],
    );
    const refused = connectionReports(stopped({ connect: { kind: 'refused', ms: 1 } }));
    assert.deepEqual(refused, [
      {
        kind: 'control',
        from: { side: 'client', address: 'this machine', port: null },
        to: { side: 'server', address: SERVER, port: 21 },
        status: 'failed',
        detail: 'refused after 1 ms (TCP reset or ICMP port unreachable)',
      },
    ]);
  });

  it('a step the server refused is not-tried: no passive port, PORT refused', () => {
    const o = edited((x) => {
      Object.assign(passiveOf(x), { used: undefined, dataTarget: undefined, data: undefined, transfer: undefined });
      Object.assign(activeOf(x), {
        portExchange: { command: 'PORT 198,18,1,2,156,66', result: answered(500, 'Illegal PORT command.') },
        callback: undefined,
        listReply: undefined,
        transfer: undefined,
      });
    });
    const [, passive, active] = connectionReports(o);
    assert.deepEqual(passive && { status: passive.status, to: passive.to, detail: passive.detail }, {
      status: 'not-tried',
      to: { side: 'server', address: SERVER, port: null },
      detail: 'no passive port offered',
    });
    assert.deepEqual(active && { status: active.status, from: active.from, detail: active.detail }, {
      status: 'not-tried',
      from: { side: 'server', address: SERVER, port: null },
      detail: 'PORT refused: "500 Illegal PORT command."',
    });
  });

  it('the callback comes from where it came: another address than the control peer is shown as such', () => {
    const o = edited(
      (x) => (activeOf(x).callback = { kind: 'arrived', ms: 3, from: { address: '198.18.2.3', port: 2020 } }),
    );
    assert.deepEqual(connectionReports(o)[2]?.from, { side: 'server', address: '198.18.2.3', port: 2020 });
  });

  it('a callback that never came fails, with how long ftpcheck waited', () => {
    const active = connectionReports(
      edited((x) => Object.assign(activeOf(x), { callback: { kind: 'none', ms: 2000 }, transfer: undefined })),
    )[2];
    assert.deepEqual(active && { status: active.status, detail: active.detail }, {
      status: 'failed',
      detail: 'the server did not connect back within 2 s',
    });
  });
});

describe('one event, one wording', () => {
  const connects: ConnectResult[] = [
    { kind: 'timeout', ms: 2000 },
    { kind: 'refused', ms: 1 },
    { kind: 'unreachable', ms: 1, errno: 'EHOSTUNREACH' },
  ];
  for (const data of connects) {
    it(`a passive data connection that ended "${data.kind}" reads the same in the stage, the connection and the finding`, () => {
      const o = edited((x) => Object.assign(passiveOf(x), { data, transfer: undefined }));
      const words = describeConnect(data);
      const report = reportFor(o);
      assert.ok(ranStage(report.stages, 'passive')?.summary.endsWith(`: ${words}`));
      assert.equal(report.connections[1]?.detail, words);
      assert.ok(
        report.findings.some((f) => f.stage === 'passive' && f.evidence.includes(words)),
        report.findings.map((f) => f.evidence).join('\n'),
      );
    });
  }

  const transfers: TransferResult[] = [
    { kind: 'stalled', ms: 2000, bytes: 10, waitingFor: 'data' },
    { kind: 'rejected', ms: 3, reply: { code: 451, lines: ['Local error.'] }, bytes: 0 },
  ];
  for (const transfer of transfers) {
    it(`a transfer that ended "${transfer.kind}" reads the same in the stage, the connection and the finding`, () => {
      const report = reportFor(edited((x) => (passiveOf(x).transfer = transfer)));
      assert.ok(ranStage(report.stages, 'passive')?.summary.endsWith(`: ${describeTransfer(transfer)}`));
      assert.ok(report.connections[1]?.detail.endsWith(`; ${describeTransfer(transfer, 'short')}`));
      assert.ok(
        report.findings.some(
          (f) => f.code === 'data-transfer-stalled' && f.evidence.includes(describeTransfer(transfer)),
        ),
      );
    });
  }

  it('the control connection: the connect stage, the connection line and control-filtered', () => {
    const report = reportFor(stopped({ connect: { kind: 'timeout', ms: 2000 } }));
    const words = describeConnect({ kind: 'timeout', ms: 2000 });
    assert.equal(ranStage(report.stages, 'connect')?.summary, `port 21: ${words}`);
    assert.equal(report.connections[0]?.detail, words);
    assert.equal(report.findings[0]?.evidence, `Connecting to port 21: ${words}.`);
  });
});

describe('the report of every canned case', () => {
  for (const code of FINDING_CODES) {
    const cases = [...FINDING_CASES[code].fires, ...FINDING_CASES[code].silent];
    it(`${code}: matches the schema, with every value in its lines filled in`, () => {
      for (const c of cases) {
        const report = reportFor(c.build());
        assertSchema(JSON.parse(JSON.stringify(report)));
        const texts = [...report.stages.map((s) => s.summary), ...report.connections.map((k) => k.detail)];
        for (const text of texts) assert.doesNotMatch(text, /undefined|NaN|\[object/, `${c.name}: ${text}`);
      }
    });
  }

  it('the schema rejects a stage with an unknown or mistyped evidence field, and a skipped stage with evidence', () => {
    /** The healthy report as JSON (which matches the schema), with stage line `index` edited as no code would. */
    const reject = (index: number, edit: (line: Record<string, unknown>) => void): void => {
      const report = parseReport(JSON.stringify(reportFor(healthy())));
      const stages: Record<string, unknown>[] = report.stages.map((line) => ({ ...line }));
      const line = stages[index];
      assert.ok(line, `no stage line ${index}`);
      edit(line);
      assert.throws(() => {
        assertSchema({ ...report, stages });
      }, /does not match/);
    };
    reject(5, (s) => (s.dataTargett = s.dataTarget));
    reject(5, (s) => (s.bytes = '120'));
    reject(1, (s) => (s.outcome = 'maybe'));
    reject(1, (s) => (s.errno = 'ECONNREFUSED'));
    reject(0, (s) => (s.outcome = 'connected'));
    reject(6, (s) => (s.status = 'skip'));
  });
});
