// The library API as a program uses it: `import { check } from 'ftpcheck'` (the built package, through
// its exports map) returns the same typed report that `ftpcheck --json` prints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as Ftpcheck from '../../src/index.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { assertSchema } from '../helpers/schema.js';

// Through the package's own name and exports map, as a user imports it (the build must have run).
// The specifier is a variable so that the type check does not depend on the build's declarations.
const specifier = 'ftpcheck';
const lib = (await import(specifier)) as typeof Ftpcheck;

describe('library API', () => {
  it('check() against ftp-srv returns a report that matches the schema', async () => {
    const server = await startEmbeddedServer({ port: 0 });
    try {
      const stages: string[] = [];
      const report = await lib.check(
        { target: `127.0.0.1:${server.port}`, timeout: 2 },
        { onStageEnd: (s) => stages.push(`${s.name}:${s.status}`) },
      );
      assertSchema(report);
      assert.equal(report.schema, lib.REPORT_SCHEMA);
      assert.equal(report.verdict, 'ok');
      assert.deepEqual(stages, [
        'dns:skip',
        'connect:pass',
        'greeting:pass',
        'tls:skip',
        'login:pass',
        'passive:pass',
        'active:pass',
      ]);
    } finally {
      await server.close();
    }
  });

  it('network failures are findings, not exceptions; bad options are UsageErrors', async () => {
    const report = await lib.check({ target: '127.0.0.1:1', timeout: 1 });
    assert.equal(report.findings[0]?.code, 'control-refused');
    await assert.rejects(lib.check({ target: 'bad host name' }), lib.UsageError);
    await assert.rejects(lib.check({ target: 'host', timeout: 0 }), lib.UsageError);
  });

  it('check(target, options) is the same check; bad input is a UsageError through the package too', async () => {
    const server = await startEmbeddedServer({ port: 0 });
    try {
      const report = await lib.check(`127.0.0.1:${server.port}`, { mode: 'passive', timeout: 2 });
      assertSchema(report);
      assert.equal(report.mode, 'passive');
      assert.equal(report.verdict, 'ok');
    } finally {
      await server.close();
    }
    const untyped = lib.check as unknown as (...args: unknown[]) => Promise<unknown>;
    await assert.rejects(
      untyped('ftp.example.com', { mode: 'bogus' }),
      (err: unknown) => err instanceof lib.UsageError && err.message.includes('invalid mode "bogus"'),
    );
    await assert.rejects(
      untyped({}),
      (err: unknown) => err instanceof lib.UsageError && err.message.includes('missing target'),
    );
  });
});
