// The reflector's control input and its PORT judgement, without a network: lines split across reads
// within their caps, and what PORT/EPRT get (the record the client reads, the reply, where the
// reflector connects back) for the addresses a client behind a router may send.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineReader, MAX_INPUT_BYTES, MAX_LINE } from '../../src/agent/reflector/line-reader.js';
import { judgePort } from '../../src/agent/reflector/port-command.js';
import { parseEprtArgument, parsePortArgument } from '../../src/protocol/reflect.js';

describe("the reflector's control input", () => {
  it('splits lines across reads, drops the CR, and counts only what is not answered yet', () => {
    const input = new LineReader();
    assert.equal(input.push('USER anon'), undefined);
    assert.equal(input.next(), undefined, 'an unfinished line is not a command');
    assert.equal(input.push('ymous\r\nPASS x\r\nNO'), undefined);
    assert.equal(input.next(), 'USER anonymous');
    assert.equal(input.next(), 'PASS x');
    assert.equal(input.next(), undefined);
    assert.equal(input.push('OP\n'), undefined);
    assert.equal(input.next(), 'NOOP');
  });

  it('a line over the cap, whole or unfinished, ends the reading', () => {
    assert.equal(new LineReader().push(`${'A'.repeat(MAX_LINE + 1)}\r\n`), 'line-too-long');
    assert.equal(new LineReader().push('A'.repeat(MAX_LINE + 1)), 'line-too-long');
    assert.equal(new LineReader().push(`${'A'.repeat(MAX_LINE - 1)}\r\n`), undefined);
  });

  it('more than the cap sent ahead of the replies is a flood; answered lines make room again', () => {
    const input = new LineReader();
    const line = `${'N'.repeat(99)}\n`;
    const fit = Math.floor(MAX_INPUT_BYTES / line.length);
    for (let i = 0; i < fit; i++) assert.equal(input.push(line), undefined);
    assert.equal(input.push(line), 'flood');
    const drained = new LineReader();
    for (let i = 0; i < fit; i++) drained.push(line);
    drained.next();
    assert.equal(drained.push(line), undefined, 'one answered line leaves room for one more');
  });
});

describe('PORT and EPRT as the reflector judges them', () => {
  const peer = { address: '203.0.113.9', port: 40000 };
  const cases: {
    what: string;
    command: 'PORT' | 'EPRT';
    argument: string;
    announced?: { address: string; port: number } | null;
    code: number;
    reply: RegExp;
    to?: { address: string; port: number };
    matchesAnnounced?: boolean | null;
  }[] = [
    {
      what: 'the peer itself: connected back, no SITE CLIENT before it',
      command: 'PORT',
      argument: '203,0,113,9,156,66',
      code: 200,
      reply: /no SITE CLIENT before it\); will connect to 203\.0\.113\.9:40002/,
      to: { address: '203.0.113.9', port: 40002 },
      matchesAnnounced: null,
    },
    {
      what: "the client's private address, unrewritten: connected back to the peer, as announced",
      command: 'PORT',
      argument: '192,168,1,2,156,66',
      announced: { address: '192.168.1.2', port: 40002 },
      code: 200,
      reply: /as announced\); will connect to 203\.0\.113\.9:40002/,
      to: { address: '203.0.113.9', port: 40002 },
      matchesAnnounced: true,
    },
    {
      what: 'rewritten on the way: another port than announced',
      command: 'EPRT',
      argument: '|1|203.0.113.9|50000|',
      announced: { address: '192.168.1.2', port: 40002 },
      code: 200,
      reply: /announced 192\.168\.1\.2:40002: rewritten on the way/,
      to: { address: '203.0.113.9', port: 50000 },
      matchesAnnounced: false,
    },
    {
      what: 'a public address other than the peer: a bounce, refused',
      command: 'PORT',
      argument: '198,51,100,7,0,21',
      code: 500,
      reply: /is not your address \(203\.0\.113\.9\)/,
    },
    {
      what: 'another address family (a private IPv6 address on an IPv4 connection)',
      command: 'EPRT',
      argument: '|2|fd00::1|50000|',
      code: 522,
      reply: /family/,
    },
    { what: 'unreadable', command: 'PORT', argument: '1,2,3', code: 501, reply: /^Cannot read PORT "1,2,3"\.$/ },
  ];
  for (const c of cases)
    it(c.what, () => {
      const parsed = c.command === 'PORT' ? parsePortArgument(c.argument) : parseEprtArgument(c.argument);
      const judged = judgePort(c.command, c.argument, parsed, peer, c.announced);
      assert.equal(judged.reply.code, c.code);
      assert.equal(judged.seen.code, c.code);
      assert.equal(judged.seen.accepted, c.code === 200);
      assert.match(judged.reply.text, c.reply);
      assert.deepEqual(judged.connectBack?.to, c.to);
      if (c.matchesAnnounced !== undefined) assert.equal(judged.seen.matchesAnnounced, c.matchesAnnounced);
    });
});
