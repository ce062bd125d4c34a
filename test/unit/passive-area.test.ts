// The passive, middlebox and --audit area's pure parts: the parsers (the client's address in STAT and
// other replies, masked replies, the bounce command), which attempt comes next when PASV and EPSV are
// tested apart, the connect line without STAT, and how the sweep classes a port. The rules' cases
// (severities, stage lines, the verdict) are in the finding cases.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stageReports } from '../../src/diagnosis/assembly/stages.js';
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
import { attemptOf } from './finding-cases/passive.js';
import { connected, DROPPED, healthy, OPEN, REFUSED } from './observations.js';

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

describe('stage lines', () => {
  it('no STAT observed: the connect line says null; STAT without an address: an empty list', () => {
    const none = ranStage(stageReports(healthy(), []), 'connect');
    assert.equal(none?.outcome === 'connected' && none.seenAs, null);
    const silent = { ...healthy(), connect: connected(), serverView: { kind: 'ran' as const, stats: [] } };
    const asked = ranStage(stageReports(silent, []), 'connect');
    assert.deepEqual(asked?.outcome === 'connected' && asked.seenAs, []);
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
