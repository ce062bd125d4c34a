// Server text made safe to show: control characters escaped, JSON inert when printed raw, secrets
// masked wherever a server repeats them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Secrets } from '../../src/safety/secrets.js';
import { hasUnsafe, mapStrings, safeJson, unsafeCharacters, visible } from '../../src/safety/visible.js';

describe('visible()', () => {
  const cases: [string, string, string][] = [
    ['plain text stays', '220 (vsFTPd 3.0.5)', '220 (vsFTPd 3.0.5)'],
    ['ESC of a colour', '\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m'],
    ['OSC window title ended by BEL', '\x1b]0;title\x07', '\\x1b]0;title\\x07'],
    ['8-bit CSI (U+009B)', '\u009b2J', '\\x9b2J'],
    ['every other C1 control', '\u0080\u0085\u009f', '\\x80\\x85\\x9f'],
    ['carriage return, NUL, DEL, backspace, tab', 'a\rb\x00c\x7fd\x08e\tf', 'a\\x0db\\x00c\\x7fd\\x08e\\x09f'],
    ['line feed, by default', 'one\ntwo', 'one\\x0atwo'],
    ['right-to-left override and pop', 'abc\u202etxt.exe\u202c', 'abc\\u202etxt.exe\\u202c'],
    [
      'isolates and marks',
      '\u2066\u2067\u2068\u2069\u200e\u200f\u061c',
      '\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c',
    ],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['a lone surrogate', 'a\ud800b', 'a\\ud800b'],
    ['letters of every script stay', 'Grüße, 你好, مرحبا, 👋', 'Grüße, 你好, مرحبا, 👋'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      assert.equal(visible(input), expected);
      assert.equal(hasUnsafe(expected), false);
      // Idempotent: escaping the escaped text changes nothing.
      assert.equal(visible(expected), expected);
    });
  }

  it('keeps line feeds when asked, and nothing else', () => {
    assert.equal(visible('one\ntwo\r\n\x1b', { newlines: true }), 'one\ntwo\\x0d\n\\x1b');
    assert.equal(hasUnsafe('one\ntwo', { newlines: true }), false);
    assert.equal(hasUnsafe('one\rtwo', { newlines: true }), true);
  });
});

describe('unsafeCharacters()', () => {
  it('leaves out the layout of plain text: tab, LF, CRLF and a CR still waiting for its LF', () => {
    assert.deepEqual(unsafeCharacters('220-one\r\n220\ttwo\n220 three\r'), []);
  });
  it('names each distinct character once', () => {
    assert.deepEqual(unsafeCharacters('\x1b[1m\x1b[0m a\rb \u202e'), ['\x1b', '\r', '\u202e']);
  });
});

describe('safeJson()', () => {
  it('escapes C1 controls, DEL and the line/paragraph separators that JSON.stringify leaves raw', () => {
    const text = safeJson({ a: 'x\u009by\u0085z\u2028\u2029\x7f' });
    assert.equal(text, '{"a":"x\\u009by\\u0085z\\u2028\\u2029\\u007f"}');
    assert.equal(/[\p{Cc}\u2028\u2029]/u.test(text), false);
    assert.deepEqual(JSON.parse(text), { a: 'x\u009by\u0085z\u2028\u2029\x7f' });
  });
});

describe('mapStrings()', () => {
  it('reaches strings in nested objects and arrays and leaves other values alone', () => {
    const input = { a: 'x', b: [1, 'y', { c: 'z', d: null, e: true }] };
    assert.deepEqual(
      mapStrings(input, (s) => s.toUpperCase()),
      { a: 'X', b: [1, 'Y', { c: 'Z', d: null, e: true }] },
    );
    assert.deepEqual(input, { a: 'x', b: [1, 'y', { c: 'z', d: null, e: true }] }, 'the input is not changed');
  });
});

describe('Secrets', () => {
  it('masks a password everywhere it appears, inside words too when it is long', () => {
    const secrets = new Secrets(['S3cr3t-pw']);
    assert.equal(
      secrets.redact('530 Login incorrect for bob with password S3cr3t-pw.'),
      '530 Login incorrect for bob with password ****.',
    );
    assert.equal(secrets.redact('fileS3cr3t-pw.txt and S3cr3t-pwS3cr3t-pw'), 'file****.txt and ********');
  });
  it('masks a short password only where it is a word of its own', () => {
    const secrets = new Secrets(['x1']);
    assert.equal(secrets.redact('your password is x1.'), 'your password is ****.');
    assert.equal(secrets.redact('box1 and x1x'), 'box1 and x1x');
  });
  it('masks the longer of two overlapping secrets whole, and treats regex characters literally', () => {
    const secrets = new Secrets(['a.b*c(d', 'a.b*c(d-and-more']);
    assert.equal(secrets.redact('got a.b*c(d-and-more and a.b*c(d'), 'got **** and ****');
  });
  it('an empty or absent secret masks nothing', () => {
    const secrets = new Secrets(['', undefined]);
    assert.equal(secrets.empty, true);
    assert.equal(secrets.redact('anything'), 'anything');
  });
  it('redactAll() reaches every string of plain data', () => {
    const secrets = new Secrets(['hunter2-long']);
    const data = { lines: ['230-hunter2-long', '230 ok'], nested: { error: 'bad hunter2-long' }, n: 7 };
    assert.deepEqual(secrets.redactAll(data), { lines: ['230-****', '230 ok'], nested: { error: 'bad ****' }, n: 7 });
  });
});
