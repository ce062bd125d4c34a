// The schema of a check's options on its own: text read as people write numbers, the one message for a
// refused value, and a service's caps layered on the library's bounds (never raising them).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Caps, expectedOf, fromText, readCheckFields, readField } from '../../src/settings/check-schema.js';

const AGENT: Caps = { limits: { timeout: 30, transferBytes: 1024 }, where: 'on an agent' };

describe('the check schema', () => {
  const fromTextCases: [string, Parameters<typeof fromText>[0], string, unknown][] = [
    ['a whole port', 'port', '21', 21],
    ['a port with a leading zero', 'port', '021', 21],
    ['decimal seconds', 'timeout', '2.5', 2.5],
    ['seconds written from the point', 'timeout', '.5', 0.5],
    ['a mode', 'mode', 'passive', 'passive'],
  ];
  for (const [name, field, text, value] of fromTextCases)
    it(`reads ${name}`, () => assert.equal(fromText(field, text), value));

  const refused: [string, () => unknown, string][] = [
    ['a port in hex', () => fromText('port', '0x15'), 'invalid port "0x15": expected a whole number from 1 to 65535'],
    [
      'a port in exponent form',
      () => fromText('port', '2e1', '--port'),
      'invalid --port "2e1": expected a whole number from 1 to 65535',
    ],
    ['a fractional port', () => fromText('port', '21.5'), 'invalid port 21.5: expected a whole number from 1 to 65535'],
    [
      'negative bytes',
      () => fromText('transferBytes', '-1'),
      'invalid transferBytes -1: expected a whole number of bytes from 0 (off) to 67108864',
    ],
    [
      'words for seconds',
      () => fromText('timeout', 'soon'),
      'invalid timeout "soon": expected a number of seconds, more than 0 and at most 3600',
    ],
    ['a family of 5', () => readField('family', 5), 'invalid family 5: expected 4 or 6'],
    [
      'a password of the wrong type, not repeated',
      () => readField('password', 12345),
      'invalid password: expected a string',
    ],
    ['a blank target', () => readField('target', '  '), 'invalid target "  ": it is empty'],
    ['an unknown option', () => readCheckFields({ target: 'h', colour: true }), 'unknown option "colour"'],
  ];
  for (const [name, run, message] of refused)
    it(`refuses ${name}`, () =>
      assert.throws(run, (err: Error) => err.name === 'UsageError' && err.message.startsWith(message)));

  it("layers a service's caps on the bounds, and names them", () => {
    assert.equal(readField('timeout', 30, 'timeout', AGENT), 30);
    assert.throws(() => readField('timeout', 31, 'timeout', AGENT), /at most 30 on an agent$/);
    assert.equal(
      expectedOf('transferBytes', AGENT),
      'expected a whole number of bytes from 0 (off) to 1024 on an agent',
    );
    // A cap above the library's bound changes nothing: the library's bound stays, and is not "the agent's".
    const loose: Caps = { limits: { timeout: 7200 }, where: 'on an agent' };
    assert.equal(expectedOf('timeout', loose), 'expected a number of seconds, more than 0 and at most 3600');
    assert.throws(() => readField('timeout', 3601, 'timeout', loose));
  });
});
