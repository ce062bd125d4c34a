// The built CLI against fault fixtures: the exit codes a script reads, written out as numbers, with the
// verdict and findings of the report they stand for. Every fault's findings are checked in-process
// through check() in test/integration/faults.test.ts; here the CLI itself is the subject.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FixtureName, startFixture } from '../../fixtures/index.js';
import { codesOf, runCli, runJson } from '../helpers/run-cli.js';

/** The built CLI's --json run against this fixture with --timeout 1 and these arguments. */
async function against(fault: FixtureName, args: string[]) {
  const fixture = await startFixture(fault);
  try {
    const result = await runJson([`127.0.0.1:${fixture.port}`, '--timeout', '1', ...args]);
    assert.equal(result.run.killed, false, 'the CLI ended by itself');
    return result;
  } finally {
    await fixture.close();
  }
}

describe('exit codes of the built CLI', () => {
  it('0 when the check is ok (information only)', async () => {
    const { run, report } = await against('healthy', ['--mode', 'both']);
    assert.equal(run.code, 0);
    assert.equal(report.verdict, 'ok');
    assert.deepEqual(codesOf(report), ['active-source-port-not-20']);
  });

  it('1 when a warning degrades the check', async () => {
    const { run, report } = await against('pasv-private', ['--mode', 'passive']);
    assert.equal(run.code, 1);
    assert.equal(report.verdict, 'degraded');
    assert.deepEqual(codesOf(report), ['pasv-private-address']);
  });

  it('2 when the check fails', async () => {
    const { run, report } = await against('close-at-once', ['--mode', 'passive']);
    assert.equal(run.code, 2);
    assert.equal(report.verdict, 'failed');
    assert.deepEqual(codesOf(report), ['control-reset']);
  });

  it('2 for a named user refused for want of TLS, in human output too', async () => {
    const fixture = await startFixture('tls-required');
    try {
      const run = await runCli([`127.0.0.1:${fixture.port}`, '--timeout', '1', '--user', 'alice'], {
        env: { FTPCHECK_PASSWORD: 'pw' },
      });
      assert.equal(run.code, 2);
      assert.equal(run.killed, false, 'the CLI ended by itself');
      assert.match(run.stdout, /tls-required/);
      assert.doesNotMatch(run.stdout + run.stderr, /\bpw\b/, 'the password is not shown');
    } finally {
      await fixture.close();
    }
  });

  it('3 for a usage error, before any connection', async () => {
    const run = await runCli(['127.0.0.1:1', '--timeout', '0', '--json']);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^ftpcheck: invalid --timeout 0: /);
  });
});
