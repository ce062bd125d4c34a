// Monitoring outputs of the built CLI: many targets, JSON Lines, the Nagios plugin format.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Fixture, startFixture } from '../../fixtures/fault-server.js';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/run-cli.js';
import { assertSchema } from '../helpers/schema.js';

describe('monitoring outputs', () => {
  let healthy: Fixture;
  let filtered: Fixture;
  let silent: Fixture;
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-mon-'));
  before(async () => {
    [healthy, filtered, silent] = await Promise.all([
      startFixture('healthy'),
      startFixture('pasv-filtered'),
      startFixture('silent'),
    ]);
  });
  after(async () => {
    await Promise.all([healthy.close(), filtered.close(), silent.close()]);
    rmSync(dir, { recursive: true, force: true });
  });
  const targets = (): string[] => [
    `127.0.0.1:${healthy.port}`,
    `127.0.0.1:${filtered.port}`,
    `127.0.0.1:${silent.port}`,
  ];
  const common = ['--timeout', '1', '--mode', 'passive'];

  it('--json with several targets: one document with all results, exit code the worst', async () => {
    const run = await runCli([...targets(), ...common, '--json']);
    const doc = JSON.parse(run.stdout) as { schema: string; results: Report[] };
    assertSchema(doc);
    assert.deepEqual(
      doc.results.map((r) => r.verdict),
      ['ok', 'failed', 'failed'],
    );
    assert.deepEqual(
      doc.results.map((r) => r.target.port),
      [healthy.port, filtered.port, silent.port],
    );
    assert.equal(run.code, 2);
  });

  it('--jsonl streams one valid report per line, and --targets reads a file with comments', async () => {
    const file = join(dir, 'targets.txt');
    writeFileSync(file, `# monitored servers\n${targets().join('\n')}   # the last one never greets\n\n`);
    const run = await runCli(['--targets', file, ...common, '--jsonl', '--concurrency', '2']);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 3);
    for (const line of lines) assertSchema(JSON.parse(line));
    assert.equal(run.code, 2);
  });

  it('human output for several targets: a summary row each, then the failing ones in detail', async () => {
    const run = await runCli([...targets(), ...common]);
    assert.match(run.stdout, /Target\s+│ Verdict/);
    assert.match(run.stdout, /pasv-data-filtered/);
    assert.match(run.stdout, /banner-timeout/);
    assert.equal(run.code, 2);
  });

  it('several targets: each warning once on stderr (no password for a user), each target whole in the table', async () => {
    const backup = `ftp://backup@127.0.0.1:${healthy.port}`;
    const run = await runCli([`127.0.0.1:${healthy.port}`, backup, backup, ...common], {
      env: { FTPCHECK_PASSWORD: undefined },
    });
    const warnings = run.stderr.match(/warning: no password for backup: set FTPCHECK_PASSWORD/g) ?? [];
    assert.equal(warnings.length, 1, run.stderr);
    assert.ok(run.stdout.includes(`│ ${backup} `), 'the target with its port, in one piece');
  });

  it('--format nagios: status line with performance data, long output, plugin exit codes', async () => {
    const ok = await runCli([targets()[0] ?? '', ...common, '--format', 'nagios']);
    assert.equal(ok.code, 0);
    assert.match(
      ok.stdout,
      /^FTP OK - 127\.0\.0\.1:\d+: control and passive data work \| connect=\d+\.\d{3}s;;;0 greeting=/,
    );
    const bad = await runCli([targets()[1] ?? '', ...common, '--format', 'nagios']);
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /^FTP CRITICAL - .*\(pasv-data-filtered\) \| .*passive=1\.\d{3}s;;;0/);
    assert.match(bad.stdout, /\n\[ERROR\] pasv-data-filtered: /);
    const many = await runCli([...targets(), ...common, '--format', 'nagios']);
    assert.match(many.stdout, /^FTP CRITICAL - 3 targets: 2 failed, 0 degraded, 1 ok \| failed=2;;;0/);
    const usage = await runCli(['--format', 'nagios', '127.0.0.1', '--port', '0']);
    assert.equal(usage.code, 3);
  });
});
