// The spinners a person sees on a terminal: one line per stage as it ends, with the stage's final
// status — the same as the report's table, a warning included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startFixture } from '../../fixtures/index.js';
import { forSuite } from '../helpers/suite.js';
import { plainText, runOnTerminal, terminalAvailable } from '../helpers/terminal.js';

describe('progress on a terminal', { skip: terminalAvailable() ? false : 'util-linux script is not installed' }, () => {
  const privatePasv = forSuite(
    () => startFixture('pasv-private'),
    (f) => f.close(),
  );
  const refused = forSuite(
    () => startFixture('port-rejected'),
    (f) => f.close(),
  );

  it('a stage that works with a warning ends with the warning sign, not a tick', async () => {
    const text = plainText(
      await runOnTerminal([`127.0.0.1:${privatePasv().port}`, '--timeout', '2', '--mode', 'passive']),
    );
    assert.match(text, /✔ Logging in: logged in as anonymous/);
    assert.match(text, /⚠ Passive data connection: PASV/);
    assert.doesNotMatch(text, /✔ Passive data connection/);
    // The report's table agrees.
    assert.match(text, /│ passive\s+│ ! warn/);
  });

  it('a stage that fails ends with a cross', async () => {
    const text = plainText(await runOnTerminal([`127.0.0.1:${refused().port}`, '--timeout', '2', '--mode', 'active']));
    assert.match(text, /✖ Active data connection \(callback\): PORT/);
    assert.match(text, /│ active\s+│ ✘ fail/);
  });
});
