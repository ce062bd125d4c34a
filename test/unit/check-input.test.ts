// The library refuses bad input the way the CLI does: a UsageError that names the field and what it
// accepts, before any network traffic; never a TypeError from inside, never a silently different check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../../src/check.js';
import { UsageError } from '../../src/settings/usage-error.js';

/** Calls check() the way an untyped (JavaScript) caller could. */
const untyped = check as unknown as (...args: unknown[]) => Promise<unknown>;

const cases: { name: string; args: unknown[]; message: RegExp }[] = [
  { name: 'no argument at all', args: [], message: /expected a target string or an options object/ },
  { name: 'an empty object', args: [{}], message: /missing target/ },
  { name: 'a number as the target', args: [{ target: 42 }], message: /invalid target 42: expected a string/ },
  { name: 'an empty target string', args: [''], message: /invalid target "": it is empty/ },
  { name: 'a blank target in the object', args: [{ target: '   ' }], message: /invalid target " {3}": it is empty/ },
  { name: 'null', args: [null], message: /not null/ },
  { name: 'an array', args: [['ftp.example.com']], message: /not an array/ },
  {
    name: 'an unknown mode',
    args: [{ target: '127.0.0.1', mode: 'bogus' }],
    message: /invalid mode "bogus": expected passive, active or both/,
  },
  {
    name: 'a zero timeout',
    args: [{ target: '127.0.0.1', timeout: 0 }],
    message: /invalid timeout 0: expected a number of seconds/,
  },
  { name: 'a negative timeout', args: [{ target: '127.0.0.1', timeout: -1 }], message: /invalid timeout -1/ },
  {
    name: 'a timeout as a string',
    args: [{ target: '127.0.0.1', timeout: '5' }],
    message: /invalid timeout "5": expected a number of seconds/,
  },
  { name: 'a NaN deadline', args: [{ target: '127.0.0.1', deadline: Number.NaN }], message: /invalid deadline NaN/ },
  {
    name: 'an infinite deadline',
    args: [{ target: '127.0.0.1', deadline: Number.POSITIVE_INFINITY }],
    message: /invalid deadline Infinity/,
  },
  {
    name: 'a port out of range',
    args: [{ target: '127.0.0.1', port: 70000 }],
    message: /invalid port 70000: expected a whole number from 1 to 65535/,
  },
  { name: 'a fractional port', args: [{ target: '127.0.0.1', port: 21.5 }], message: /invalid port 21.5/ },
  { name: 'a port as a string', args: [{ target: '127.0.0.1', port: '21' }], message: /invalid port "21"/ },
  {
    name: 'an unknown family',
    args: [{ target: '127.0.0.1', family: 5 }],
    message: /invalid family 5: expected 4 or 6/,
  },
  {
    name: 'tls as a string',
    args: [{ target: '127.0.0.1', tls: 'yes' }],
    message: /invalid tls "yes": expected true or false/,
  },
  {
    name: 'a user that is not a string',
    args: [{ target: '127.0.0.1', user: 7 }],
    message: /invalid user 7: expected a string/,
  },
  {
    name: 'a misspelt option',
    args: [{ target: '127.0.0.1', timout: 3 }],
    message: /unknown option "timout" \(known: target, port, user/,
  },
  {
    name: 'an option of the CLI, not the library',
    args: [{ target: '127.0.0.1', json: true }],
    message: /unknown option "json"/,
  },
  { name: 'the target twice', args: ['127.0.0.1', { target: '127.0.0.2' }], message: /target given twice/ },
  {
    name: 'options after the target that are not an object',
    args: ['127.0.0.1', 'passive'],
    message: /options after the target must be an object/,
  },
  {
    name: 'a bad option after the target',
    args: ['127.0.0.1', { mode: 'sideways' }],
    message: /invalid mode "sideways"/,
  },
  {
    name: 'a hook that is not a function',
    args: [{ target: '127.0.0.1' }, { onStageEnd: 'print' }],
    message: /hook onStageEnd must be a function/,
  },
  { name: 'a bad host name', args: ['bad host name'], message: /is not a host name or IP address/ },
  {
    name: 'a user name with control characters',
    args: [{ target: '127.0.0.1', user: 'bob\x1b[2J' }],
    message: /invalid user name/,
  },
];

describe('check() input', () => {
  for (const c of cases) {
    it(`refuses ${c.name} with a UsageError`, async () => {
      await assert.rejects(untyped(...c.args), (err: unknown) => {
        assert.ok(err instanceof UsageError, `expected a UsageError, got ${String(err)}`);
        assert.match(err.message, c.message);
        return true;
      });
    });
  }

  it('never repeats a password, not even one of the wrong type', async () => {
    await assert.rejects(untyped({ target: '127.0.0.1', password: 123456789 }), (err: unknown) => {
      assert.ok(err instanceof UsageError);
      assert.match(err.message, /invalid password: expected a string/);
      assert.doesNotMatch(err.message, /123456789/);
      return true;
    });
  });

  it('takes the target as a string, with options after it, and ignores undefined options', async () => {
    // Port 1 on loopback refuses at once: a real check, without waiting.
    const report = (await untyped('127.0.0.1', { port: 1, timeout: 1, mode: undefined })) as {
      target: { port: number };
      findings: { code: string }[];
    };
    assert.equal(report.target.port, 1);
    assert.equal(report.findings[0]?.code, 'control-refused');
  });
});
