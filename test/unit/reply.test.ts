import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseReplies } from '../../src/protocol/reply.js';
import { offersAuthTls } from '../../src/protocol/features.js';

describe('parseReplies', () => {
  const cases: { name: string; input: string; codes: number[]; rest: string }[] = [
    { name: 'single line', input: '220 ready\r\n', codes: [220], rest: '' },
    { name: 'bare LF', input: '220 ready\n', codes: [220], rest: '' },
    { name: 'code alone', input: '220\r\n', codes: [220], rest: '' },
    { name: 'two replies in one read', input: '331 pass\r\n230 ok\r\n', codes: [331, 230], rest: '' },
    { name: 'incomplete line kept', input: '220 rea', codes: [], rest: '220 rea' },
    { name: 'multi-line', input: '211-Features:\r\n EPSV\r\n PASV\r\n211 End\r\n', codes: [211], rest: '' },
    { name: 'multi-line with inner codes', input: '220-Welcome\r\n220-second\r\n220 go\r\n', codes: [220], rest: '' },
    {
      name: 'multi-line, other code inside',
      input: '230-Hello\r\n200 not the end\r\n230 done\r\n',
      codes: [230],
      rest: '',
    },
    {
      name: 'multi-line unfinished',
      input: '211-Features:\r\n EPSV\r\n',
      codes: [],
      rest: '211-Features:\r\n EPSV\r\n',
    },
    { name: 'empty line between replies', input: '220 a\r\n\r\n331 b\r\n', codes: [220, 331], rest: '' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = parseReplies(c.input);
      assert.equal(r.kind, 'ok');
      assert.deepEqual(
        r.replies.map((x) => x.code),
        c.codes,
      );
      assert.equal(r.rest, c.rest);
    });
  }

  it('keeps the lines of a multi-line reply', () => {
    const r = parseReplies('211-Features:\r\n EPSV\r\n211 End\r\n');
    assert.deepEqual(r.replies[0]?.lines, ['Features:', ' EPSV', 'End']);
  });

  it('gives the same replies however the input is split', () => {
    const text = '220-Hi\r\n220 there\r\n331 Please specify the password.\r\n230 Login successful.\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const first = parseReplies(text.slice(0, cut));
      assert.equal(first.kind, 'ok');
      const second = parseReplies(first.rest + text.slice(cut));
      assert.deepEqual(
        [...first.replies, ...second.replies].map((r) => r.code),
        [220, 331, 230],
        `cut at ${cut}`,
      );
    }
  });

  it('rejects text that is not a reply', () => {
    assert.deepEqual(parseReplies('SSH-2.0-OpenSSH_9.2\r\n').kind, 'violation');
  });

  it('caps an endless line', () => {
    const r = parseReplies('220 '.padEnd(10_000, 'x'), { maxLine: 8192, maxReply: 65536 });
    assert.equal(r.kind, 'violation');
    assert.equal(r.reason, 'line-too-long');
  });

  it('caps an endless multi-line reply', () => {
    const r = parseReplies(`220-start\r\n${'220-more\r\n'.repeat(10_000)}`, { maxLine: 8192, maxReply: 65536 });
    assert.equal(r.kind, 'violation');
    assert.equal(r.reason, 'reply-too-large');
  });
});

describe('offersAuthTls (a FEAT line)', () => {
  const cases: [string, boolean][] = [
    ['AUTH TLS', true],
    ['AUTH SSL', true],
    ['AUTH TLS;TLS-C;SSL', true],
    ['auth tls', true],
    ['AUTHX TLS', false],
    ['PBSZ', false],
    ['MLST type*;size*;', false],
    ['UTF8 TLS', false],
  ];
  for (const [line, offers] of cases)
    it(`${line} → ${String(offers)}`, () => assert.equal(offersAuthTls(line), offers));
});
