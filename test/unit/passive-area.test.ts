// Issue 11's passive, middlebox and --audit area on canned observations: the pure parsers (the client's
// address in STAT and other replies, masked replies, the bounce command), which attempt comes next when
// PASV and EPSV are tested apart, and what the findings do to severities, stage lines and the verdict.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnosis/rules/diagnose.js';
import { stageReports } from '../../src/diagnosis/assembly/stages.js';
import { verdictOf } from '../../src/diagnosis/rules/verdict.js';
import type { FindingCode } from '../../src/model/findings.js';
import type { Observations } from '../../src/model/observations.js';
import { ranStage } from '../../src/model/stage-report.js';
import { nextApart } from '../../src/probes/passive-apart.js';
import { portClassOf } from '../../src/probes/sweep.js';
import { bounceCommand } from '../../src/protocol/posture.js';
import {
  addressLiterals,
  clientAddressIn,
  namedClientAddresses,
  STAT_MAX_LINES,
} from '../../src/protocol/client-address.js';
import { isMaskedReply } from '../../src/protocol/masked.js';
import { FINDING_CASES } from './finding-cases.js';
import { apart, attemptOf } from './finding-cases-passive.js';
import { CLIENT, connected, healthy, reply, SERVER } from './observations.js';

const DROPPED = { kind: 'timeout', ms: 2000 } as const;
const REFUSED = { kind: 'refused', ms: 1 } as const;
const OPEN = {
  kind: 'connected',
  ms: 1,
  local: { address: CLIENT, port: 40100 },
  remote: { address: SERVER, port: 50010 },
} as const;

describe('the address a server names for its client', () => {
  const cases: [string, string[]][] = [
    ['     Connected to 198.18.1.2', ['198.18.1.2']],
    [' Connected from 203.0.113.5 (203.0.113.5)', ['203.0.113.5']],
    ['     Connected to client.example.net (203.0.113.7)', ['203.0.113.7']],
    ['Connected to 198.18.0.1.', ['198.18.0.1']],
    ['Hello, your IP is 203.0.113.9.', ['203.0.113.9']],
    ['Your IP address: 203.0.113.10', ['203.0.113.10']],
    ["Client's address is 2001:db8::5", ['2001:db8::5']],
    ['Connected to ::ffff:198.18.1.2', ['198.18.1.2']],
    ['Connected to ftp.example.net', []],
    ['Logged in as ftp', []],
    ['TYPE: ASCII; 198.18.1.2 not after a phrase', []],
  ];
  for (const [text, expected] of cases) it(text, () => assert.deepEqual(namedClientAddresses(text), expected));

  it('reads only the first lines of a long STAT reply, each cut', () => {
    const filler = Array.from({ length: STAT_MAX_LINES }, (_, i) => `line ${i}`);
    assert.equal(clientAddressIn({ code: 211, lines: [...filler, 'Connected to 198.18.1.2'] }), undefined);
    assert.equal(clientAddressIn({ code: 211, lines: [`${'x'.repeat(300)} Connected to 198.18.1.2`] }), undefined);
    assert.equal(clientAddressIn({ code: 211, lines: ['status', 'Connected to 198.18.1.2'] }), '198.18.1.2');
  });

  it('finds every address literal of a 425 reply', () =>
    assert.deepEqual(addressLiterals("425 Can't accept the data connection from 203.0.113.6, 192.0.2.1."), [
      '203.0.113.6',
      '192.0.2.1',
    ]));
});

describe('masked replies', () => {
  const cases: [string, boolean][] = [
    ['XXXXXXXXXXXXXXXXXXXXXXXX', true],
    ['****************************', true],
    ['XXXX XXXX', true],
    ['XXX', false],
    ['UNIX Type: L8', false],
    ['Windows_NT', false],
    ['', false],
  ];
  for (const [text, masked] of cases)
    it(`"${text}"`, () => assert.equal(isMaskedReply({ code: 215, lines: [text] }), masked));
});

describe('the bounce command', () => {
  it('names 192.0.2.1:1025 on IPv4', () => assert.equal(bounceCommand(4), 'PORT 192,0,2,1,4,1'));
  it('names [2001:db8::1]:1025 on IPv6', () => assert.equal(bounceCommand(6), 'EPRT |2|2001:db8::1|1025|'));
});

describe('PASV and EPSV apart: the next attempt', () => {
  const pasv = (data: typeof OPEN | typeof DROPPED | typeof REFUSED) => attemptOf('PASV', 50002, data);
  const cases: [string, ReturnType<typeof nextApart>, ReturnType<typeof pasv>, ReturnType<typeof pasv>[]][] = [
    ['EPSV first, whatever PASV did', 'EPSV', pasv(OPEN), []],
    ["EPSV's port failed while PASV listed: EPSV again", 'EPSV', pasv(OPEN), [attemptOf('EPSV', 50011, DROPPED)]],
    ["PASV's port failed while EPSV listed: PASV again", 'PASV', pasv(REFUSED), [attemptOf('EPSV', 50011, OPEN)]],
    ['both listed: done', undefined, pasv(OPEN), [attemptOf('EPSV', 50011, OPEN)]],
    ['both failed: done', undefined, pasv(DROPPED), [attemptOf('EPSV', 50011, DROPPED)]],
    ['at most one more', undefined, pasv(OPEN), [attemptOf('EPSV', 50011, DROPPED), attemptOf('EPSV', 50012, DROPPED)]],
  ];
  for (const [name, expected, stage, done] of cases) it(name, () => assert.equal(nextApart(stage, done), expected));

  // The stage's PASV connection went to the port EPSV had just named: it proves nothing of PASV.
  const onEpsvPort: typeof cases = [
    ['EPSV first', 'EPSV', pasv(OPEN), []],
    ['EPSV listed: PASV on a port of its own', 'PASV', pasv(OPEN), [attemptOf('EPSV', 50011, OPEN)]],
    [
      "PASV's own port refused: once more",
      'PASV',
      pasv(OPEN),
      [attemptOf('EPSV', 50011, OPEN), attemptOf('PASV', 50004, REFUSED)],
    ],
    [
      'refused twice: done (three at most)',
      undefined,
      pasv(OPEN),
      [attemptOf('EPSV', 50011, OPEN), attemptOf('PASV', 50004, REFUSED), attemptOf('PASV', 50006, REFUSED)],
    ],
    [
      'PASV listed on its own port: done',
      undefined,
      pasv(OPEN),
      [attemptOf('EPSV', 50011, OPEN), attemptOf('PASV', 50004, OPEN)],
    ],
  ];
  for (const [name, expected, stage, done] of onEpsvPort)
    it(`on EPSV's port: ${name}`, () => assert.equal(nextApart(stage, done, false), expected));
});

const codes = (o: Observations, only?: string): string[] =>
  diagnose(o)
    .filter((f) => only === undefined || f.code === only)
    .map((f) => `${f.code}:${f.severity}`);

/** A canned case of a code, by its place among those that must give it. */
function firing(code: FindingCode, index: number): Observations {
  const c = FINDING_CASES[code].fires[index];
  if (!c) throw new Error(`${code} has no case ${index}`);
  return c.build();
}

describe('severities, stage lines and the verdict', () => {
  it("PASV's port refused twice and EPSV listing: one warning, passive works, the line says both", () => {
    const o = apart(REFUSED, [attemptOf('EPSV', 50011, OPEN), attemptOf('PASV', 50004, REFUSED)], {
      mode: 'passive',
      active: undefined,
    });
    const findings = diagnose(o);
    assert.deepEqual(
      findings.map((f) => f.code),
      ['pasv-epsv-differ'],
      'pasv-data-refused leaves it to pasv-epsv-differ',
    );
    assert.equal(verdictOf(o, findings), 'degraded');
    const line = ranStage(stageReports(o, findings), 'passive');
    assert.equal(line?.status, 'warn');
    assert.match(line.summary, /^PASV → 198\.18\.2\.2:50002: refused .*; EPSV → 198\.18\.2\.2:50011: listing received/);
    assert.deepEqual(
      line.apart?.map((a) => `${a.command} ${a.dataTarget?.port ?? ''} ${a.data ?? ''} ${a.transfer ?? ''}`),
      ['EPSV 50011 connected complete', 'PASV 50004 refused '],
    );
  });

  it('an unlucky PASV port (PASV lists on another port) stays pasv-data-filtered, and passive works', () => {
    const o = apart(DROPPED, [attemptOf('EPSV', 50003, OPEN), attemptOf('PASV', 50004, OPEN)]);
    assert.deepEqual(codes(o), ['pasv-data-filtered:error']);
    assert.equal(verdictOf(o, diagnose(o)), 'degraded');
  });

  it('the healthy line tested apart passes and names no attempt in its summary', () => {
    const o = apart(OPEN, [attemptOf('EPSV', 50011, OPEN)]);
    const line = ranStage(stageReports(o, diagnose(o)), 'passive');
    assert.equal(line?.status, 'pass');
    assert.equal(line.summary, 'PASV → 198.18.2.2:50002: listing received (129 bytes)');
  });

  it('client-public-address is information, but a warning when the address changes per connection', () => {
    assert.deepEqual(codes(firing('client-public-address', 0), 'client-public-address'), [
      'client-public-address:info',
    ]);
    const changing = firing('client-public-address', 2);
    assert.deepEqual(codes(changing, 'client-public-address'), ['client-public-address:warning']);
    const line = ranStage(stageReports(changing, []), 'connect');
    assert.deepEqual(line?.outcome === 'connected' ? line.seenAs : 'not connected', [
      { address: '198.18.0.1', connection: 'check', said: 'STAT' },
      { address: '198.18.0.3', connection: 'second', said: 'STAT' },
    ]);
  });

  it('the carrier-grade NAT range is named, on either side', () => {
    const finding = diagnose(firing('client-public-address', 3)).find((f) => f.code === 'client-public-address');
    assert.match(finding?.evidence ?? '', /This machine's address 100\.72\.3\.4 is in the carrier-grade NAT range/);
    const seen = firing('client-public-address', 0);
    if (seen.serverView?.kind === 'ran' && seen.serverView.stats[0]?.exchange.result.kind === 'reply')
      seen.serverView.stats[0].exchange.result.reply = reply(211, 'Connected to 100.64.12.34');
    const other = diagnose(seen).find((f) => f.code === 'client-public-address');
    assert.match(other?.evidence ?? '', /The server sees 100\.64\.12\.34, an address of the carrier-grade NAT range/);
  });

  it('--audit: anonymous access is information for an anonymous check, a warning beside a named user', () => {
    const anonymous = firing('anonymous-allowed', 0);
    assert.deepEqual(codes(anonymous), ['anonymous-allowed:info']);
    assert.equal(verdictOf(anonymous, diagnose(anonymous)), 'ok');
    const named = firing('anonymous-allowed', 1);
    assert.deepEqual(codes(named), ['anonymous-allowed:warning']);
    assert.equal(verdictOf(named, diagnose(named)), 'degraded');
    const line = ranStage(stageReports(named, diagnose(named)), 'login');
    assert.equal(line?.status, 'warn');
    assert.deepEqual(line.outcome === 'logged-in' && line.anonymousLogin, {
      outcome: 'logged-in',
      command: 'USER anonymous',
      detail: 'logged in',
    });
  });

  it('--audit: an accepted bounce PORT is a warning that counts; its line says what was sent', () => {
    const o = firing('port-bounce-allowed', 0);
    assert.deepEqual(codes(o), ['port-bounce-allowed:warning', 'anonymous-allowed:info']);
    assert.equal(verdictOf(o, diagnose(o)), 'degraded');
    const line = ranStage(stageReports(o, diagnose(o)), 'login');
    assert.deepEqual(line?.outcome === 'logged-in' && line.bounce, {
      outcome: 'accepted',
      command: 'PORT 192,0,2,1,4,1',
      detail: '"200 PORT command successful. Consider using PASV."',
    });
  });

  it('a masked greeting concerns the greeting stage, a masked SYST the login stage', () => {
    const stages = FINDING_CASES['reply-masked-by-inspection'].fires.map(
      (c) => diagnose(c.build()).find((f) => f.code === 'reply-masked-by-inspection')?.stage,
    );
    assert.deepEqual(stages, ['login', 'greeting']);
  });

  it('no STAT observed: the connect line says null; STAT without an address: an empty list', () => {
    const none = ranStage(stageReports(healthy(), []), 'connect');
    assert.equal(none?.outcome === 'connected' && none.seenAs, null);
    const silent = { ...healthy(), connect: connected(), serverView: { kind: 'ran' as const, stats: [] } };
    const asked = ranStage(stageReports(silent, []), 'connect');
    assert.deepEqual(asked?.outcome === 'connected' && asked.seenAs, []);
  });

  it('a 425 that names the refused address shows a different address per connection', () => {
    const o: Observations = {
      ...healthy(),
      connect: connected('192.168.1.2', SERVER),
      serverView: {
        kind: 'ran',
        stats: [
          {
            connection: 'check',
            local: '192.168.1.2',
            exchange: {
              command: 'STAT',
              result: { kind: 'reply', ms: 1, reply: reply(211, 'Connected to 198.18.0.1') },
            },
          },
        ],
      },
    };
    if (o.passive?.kind === 'ran')
      o.passive.transfer = {
        kind: 'rejected',
        ms: 1,
        reply: reply(425, 'Rejected data connection from 198.18.0.3 (not 198.18.0.1)'),
        bytes: 0,
      };
    const finding = diagnose(o).find((f) => f.code === 'client-public-address');
    assert.equal(finding?.severity, 'warning');
    assert.match(finding.evidence, /198\.18\.0\.3 \(a 425 reply refusing a data connection\)/);
  });
});

describe('the sweep: how a connection attempt classes its port', () => {
  const cases: [Parameters<typeof portClassOf>[0], ReturnType<typeof portClassOf>][] = [
    [OPEN, 'reachable'],
    [REFUSED, 'closed'],
    [DROPPED, 'filtered'],
    [{ kind: 'unreachable', ms: 1, errno: 'EHOSTUNREACH' }, 'unreachable'],
    // The listener of the last sampled port closing as the sweep connects: the server answered.
    [{ kind: 'error', ms: 1, errno: 'ECONNRESET' }, 'closed'],
    [{ kind: 'error', ms: 1, errno: 'EADDRNOTAVAIL' }, 'unreachable'],
  ];
  for (const [result, expected] of cases)
    it(`${result.kind}${'errno' in result ? ` ${result.errno}` : ''}: ${expected}`, () =>
      assert.equal(portClassOf(result), expected));
});
