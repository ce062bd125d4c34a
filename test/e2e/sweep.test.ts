// The passive-range sweep on loopback: ports that accept, refuse, and drop, classified as such.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startFixture } from '../../fixtures/fault-server.js';
import { startPortRange } from '../../fixtures/port-range.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { codesOf, runCli, runJson } from '../helpers/run-cli.js';

describe('passive range sweep', () => {
  it('classifies reachable, closed and filtered ports in compact ranges', async () => {
    const server = await startFixture('healthy');
    const range = await startPortRange(['listen', 'closed', 'closed', 'drop', 'drop', 'closed']);
    try {
      const { min, max } = range;
      const { report } = await runJson([
        `127.0.0.1:${server.port}`,
        '--timeout',
        '1',
        '--mode',
        'passive',
        '--sweep-pasv-range',
        `${min}-${max}`,
      ]);
      assert.equal(
        report.sweep?.summary,
        `${min} reachable, ${min + 1}-${min + 2} closed, ${min + 3}-${min + 4} filtered, ${max} closed`,
      );
      assert.deepEqual(report.sweep.counts, { reachable: 1, closed: 3, filtered: 2, unreachable: 0, 'not-tried': 0 });
      assert.ok(codesOf(report).includes('pasv-range-partly-blocked'));
      assert.equal(report.verdict, 'degraded');
      const human = await runCli([
        `127.0.0.1:${server.port}`,
        '--timeout',
        '1',
        '--mode',
        'passive',
        '--sweep-pasv-range',
        `${min}-${max}`,
      ]);
      assert.match(human.stdout, /Passive range sweep/);
      assert.match(human.stdout, new RegExp(`${min + 3}-${min + 4} filtered`));
    } finally {
      await range.close();
      await server.close();
    }
  });

  it('auto infers the range from repeated PASV replies', async () => {
    const server = await startEmbeddedServer({ port: 0, pasvRange: { min: 1024, max: 65535 } });
    try {
      const { report } = await runJson([
        `127.0.0.1:${server.port}`,
        '--timeout',
        '1',
        '--mode',
        'passive',
        '--sweep-pasv-range',
        'auto',
      ]);
      assert.equal(report.sweep?.ran, true);
      assert.ok((report.sweep.inferredFrom?.length ?? 0) >= 2);
      assert.equal(report.sweep.counts.filtered, 0);
    } finally {
      await server.close();
    }
  });

  it('refuses a range that is too large or malformed', async () => {
    for (const bad of ['1-5000', '60000-50000', 'some']) {
      const run = await runCli(['127.0.0.1', '--sweep-pasv-range', bad]);
      assert.equal(run.code, 3, bad);
      assert.match(run.stderr, /sweep-pasv-range/);
    }
  });
});
