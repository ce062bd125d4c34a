// The bulk sample, --upload and anonymous-writable: the CLI's code, run in-process, against ftp-srv (real
// transfers, both modes, plain and implicit TLS) and the scripted bulk fixtures (every listing format,
// a download that stalls after a small listing, an upload never confirmed, a writable directory).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  BULK_FILE,
  type BulkFixture,
  type BulkFixtureName,
  HOSTILE_FILE_NAME,
  STALL_AFTER_BYTES,
  startBulkFixture,
} from '../../fixtures/index.js';
import type { Report } from '../../src/model/report.js';
import { ranStage } from '../../src/model/stage-report.js';
import { type EmbeddedServerOptions, SAMPLE_FILE, startEmbeddedServer } from '../../src/server/embedded-server.js';
import { makeCerts, opensslAvailable } from '../helpers/certs.js';
import { ipv6Loopback } from '../helpers/loopback.js';
import { assertTerminalSafe, jsonStrings } from '../helpers/terminal-safe.js';
import { runInProcess, runJsonInProcess } from '../helpers/in-process.js';
import { codesOf } from '../helpers/run-cli.js';
import { forSuite } from '../helpers/suite.js';

const DEFAULT_SAMPLE = 256 * 1024;

async function withServer<T>(
  options: EmbeddedServerOptions,
  body: (port: number, root: string) => Promise<T>,
): Promise<T> {
  const server = await startEmbeddedServer({ host: '127.0.0.1', port: 0, ...options });
  try {
    return await body(server.port, server.root);
  } finally {
    await server.close();
  }
}

async function withFixture<T>(
  name: BulkFixtureName,
  body: (fixture: BulkFixture) => Promise<T>,
  host: '127.0.0.1' | '::1' = '127.0.0.1',
): Promise<T> {
  const fixture = await startBulkFixture(name, host);
  try {
    return await body(fixture);
  } finally {
    await fixture.close();
  }
}

/** The findings that are not information: what makes the verdict. */
const problems = (report: Report) => report.findings.filter((f) => f.severity !== 'info');

/** The sample and upload evidence of both data stages, and a detail string for failed assertions. */
function dataStages(report: Report) {
  const passive = ranStage(report.stages, 'passive');
  const active = ranStage(report.stages, 'active');
  const detail = JSON.stringify(
    {
      stages: report.stages.map((s) => [s.name, s.status, s.summary]),
      findings: report.findings.map((f) => [f.code, f.severity, f.evidence]),
    },
    null,
    1,
  );
  return { passive, active, detail };
}

describe('bulk sample against ftp-srv', () => {
  it('downloads the sample file whole in both modes and reports the throughput', async () => {
    await withServer({}, async (port) => {
      const { run, report } = await runJsonInProcess([`127.0.0.1:${port}`, '--timeout', '2']);
      const { passive, active, detail } = dataStages(report);
      assert.equal(report.verdict, 'ok', detail);
      assert.equal(run.code, 0);
      for (const stage of [passive, active]) {
        assert.equal(stage?.status, 'pass', detail);
        const sample = stage.sample;
        assert.equal(sample?.outcome, 'done', detail);
        assert.equal(sample.file, SAMPLE_FILE.name);
        assert.equal(sample.size, SAMPLE_FILE.bytes);
        assert.equal(sample.from, 'LIST');
        assert.equal(sample.bytes, SAMPLE_FILE.bytes);
        assert.equal(sample.limit, DEFAULT_SAMPLE);
        assert.equal(sample.cut, null, 'smaller than the sample: read whole');
        assert.equal(sample.control, 'in-sync');
        assert.ok((sample.bytesPerSecond ?? 0) > 0, detail);
        assert.match(
          stage.summary,
          /downloaded sample\.bin: 196608 bytes \(192 KiB\), the whole file in \d+ ms, [\d.]+ [kMG]?B\/s/,
        );
        assert.equal(stage.upload, null);
      }
    });
  });

  it('--transfer-bytes cuts the download at that size; the active stage goes on either way', async () => {
    await withServer({}, async (port) => {
      // ftp-srv answers a transfer closed under it with 226 or 551, or now and then not at all: then
      // that control connection is given up, and the active stage opens its own.
      const { report } = await runJsonInProcess([`127.0.0.1:${port}`, '--timeout', '2', '--transfer-bytes', '65536']);
      const { passive, active, detail } = dataStages(report);
      assert.equal(report.verdict, 'ok', detail);
      assert.deepEqual(problems(report), [], detail);
      for (const stage of [passive, active]) {
        assert.equal(stage?.sample?.outcome, 'done', detail);
        assert.equal(stage.sample.bytes, 65536);
        assert.equal(stage.sample.cut, 'size');
      }
      const renewed = report.transcript.some((e) => e.text.includes('opening a new control connection'));
      assert.equal(renewed, passive?.sample?.control === 'abandoned', detail);
    });
  });

  it('--transfer-bytes 0 downloads nothing', async () => {
    await withServer({}, async (port) => {
      const { report } = await runJsonInProcess([
        `127.0.0.1:${port}`,
        '--timeout',
        '2',
        '--transfer-bytes',
        '0',
        '--verbose',
      ]);
      const { passive, active } = dataStages(report);
      assert.equal(passive?.sample, null);
      assert.equal(active?.sample, null);
      assert.ok(!report.transcript.some((e) => e.text.startsWith('RETR')));
    });
  });

  it('--download names the file; a missing one is the server refusing it, not a network problem', async () => {
    await withServer({}, async (port) => {
      const named = await runJsonInProcess([`127.0.0.1:${port}`, '--timeout', '2', '--download', 'pub/hello.txt']);
      const { passive } = dataStages(named.report);
      assert.equal(passive?.sample?.from, 'option');
      assert.equal(passive.sample.bytes, 6);
      const missing = await runJsonInProcess([`127.0.0.1:${port}`, '--timeout', '2', '--download', 'no/such.bin']);
      const stages = dataStages(missing.report);
      assert.equal(stages.passive?.sample?.outcome, 'rejected', stages.detail);
      assert.equal(missing.report.verdict, 'ok', stages.detail);
      assert.ok(!codesOf(missing.report).includes('data-transfer-stalled'), stages.detail);
    });
  });

  it('--upload stores a file and deletes it again in each mode', async () => {
    await withServer({ writable: true }, async (port, root) => {
      const before = readdirSync(root).sort();
      const { report } = await runJsonInProcess([`127.0.0.1:${port}`, '--timeout', '2', '--upload']);
      const { passive, active, detail } = dataStages(report);
      assert.equal(report.verdict, 'ok', detail);
      for (const stage of [passive, active]) {
        assert.equal(stage?.upload?.outcome, 'done', detail);
        assert.match(String(stage.upload.path), /^ftpcheck-[0-9a-f]{12}\.tmp$/);
        assert.equal(stage.upload.bytes, 4096);
        assert.equal(stage.upload.deleted, true, detail);
        assert.match(stage.summary, /stored and deleted again/);
      }
      assert.notEqual(passive?.upload?.path, active?.upload?.path, 'a new name each time');
      assert.deepEqual(readdirSync(root).sort(), before, 'nothing left behind');
    });
  });

  it('--upload to a read-only server: refused by the server, not a network problem', async () => {
    await withServer({}, async (port, root) => {
      const { report } = await runJsonInProcess([
        `127.0.0.1:${port}`,
        '--timeout',
        '2',
        '--upload',
        '--mode',
        'passive',
      ]);
      const { passive, detail } = dataStages(report);
      assert.equal(passive?.upload?.outcome, 'rejected', detail);
      assert.match(String(passive.upload.reason), /not the network/);
      assert.match(passive.summary, /refused by the server: a permission, not the network/);
      assert.equal(report.verdict, 'ok', detail);
      assert.ok(!existsSync(join(root, String(passive.upload.path))));
    });
  });

  describe('over implicit TLS', { skip: opensslAvailable() ? false : 'openssl is needed for certificates' }, () => {
    const certs = forSuite(makeCerts, (c) => c.cleanup());
    it('downloads the sample over protected data connections in both modes', async () => {
      await withServer({ tls: certs().good }, async (port) => {
        const { report } = await runJsonInProcess([
          `ftps://127.0.0.1:${port}`,
          '--timeout',
          '2',
          '--ca',
          certs().caFile,
        ]);
        const { passive, active, detail } = dataStages(report);
        assert.equal(report.verdict, 'ok', detail);
        for (const stage of [passive, active]) {
          assert.equal(stage?.sample?.outcome, 'done', detail);
          assert.equal(stage.sample.bytes, SAMPLE_FILE.bytes);
          assert.equal(stage.sample.control, 'in-sync');
        }
      });
    });

    it('a sample cut short over TLS: ftp-srv may never answer, and then the control connection is given up', async () => {
      await withServer({ tls: certs().good }, async (port) => {
        // ftp-srv does not notice a protected data connection closed under it (no 426 comes): the check
        // gives that control connection up after one wait, and the active stage opens its own.
        const { report } = await runJsonInProcess([
          `ftps://127.0.0.1:${port}`,
          '--timeout',
          '1',
          '--ca',
          certs().caFile,
          '--transfer-bytes',
          '100000',
        ]);
        const { passive, active, detail } = dataStages(report);
        assert.equal(report.verdict, 'ok', detail);
        assert.deepEqual(problems(report), [], detail);
        for (const stage of [passive, active]) {
          assert.equal(stage?.status, 'pass', detail);
          assert.equal(stage.sample?.outcome, 'done', detail);
          assert.equal(stage.sample.bytes, 100000);
          assert.equal(stage.sample.cut, 'size');
        }
        const renewed = report.transcript.some((e) => e.text.includes('opening a new control connection'));
        assert.equal(renewed, passive?.sample?.control === 'abandoned', detail);
      });
    });
  });
});

describe('bulk sample against the scripted fixtures', () => {
  const formats: [BulkFixtureName, 'LIST' | 'MLSD'][] = [
    ['bulk-unix', 'LIST'],
    ['bulk-dos', 'LIST'],
    ['bulk-eplf', 'LIST'],
    ['bulk-mlsd', 'MLSD'],
  ];
  for (const [name, from] of formats) {
    it(`${name}: finds the large file in the listing and cuts the download at 256 KiB, both modes`, async () => {
      await withFixture(name, async (fixture) => {
        const { run, report } = await runJsonInProcess([`127.0.0.1:${fixture.port}`, '--timeout', '2']);
        const { passive, active, detail } = dataStages(report);
        assert.equal(report.verdict, 'ok', detail);
        assert.equal(run.code, 0);
        for (const stage of [passive, active]) {
          assert.equal(stage?.sample?.outcome, 'done', detail);
          assert.equal(stage.sample.file, BULK_FILE.name);
          assert.equal(stage.sample.size, BULK_FILE.bytes);
          assert.equal(stage.sample.from, from);
          assert.equal(stage.sample.bytes, DEFAULT_SAMPLE);
          assert.equal(stage.sample.cut, 'size');
          assert.equal(stage.sample.reply, '"426 Failure writing network stream."', detail);
          assert.equal(stage.sample.control, 'in-sync');
        }
        // MLSD is read once, in the first mode; the active mode downloads the file passive chose.
        assert.equal(fixture.commands.filter((c) => c === 'MLSD').length, from === 'MLSD' ? 1 : 0);
        assert.equal(fixture.commands.filter((c) => c === `RETR ${BULK_FILE.name}`).length, 2);
      });
    });
  }

  it("the listing's passive port works, the sample's is refused: part of the range, not a verdict of ok", async () => {
    await withFixture('range-part-closed', async (fixture) => {
      const { run, report } = await runJsonInProcess([
        `127.0.0.1:${fixture.port}`,
        '--timeout',
        '2',
        '--mode',
        'passive',
      ]);
      const { passive, detail } = dataStages(report);
      assert.deepEqual(codesOf(report), ['pasv-data-refused'], detail);
      assert.equal(report.verdict, 'failed', detail);
      assert.equal(run.code, 2);
      assert.equal(passive?.status, 'fail');
      assert.equal(passive.transfer, 'complete', 'the listing itself worked');
      assert.equal(passive.sample?.outcome, 'no-connection');
      const finding = report.findings[0];
      assert.match(String(finding?.evidence), /the bulk sample's, to another port the server named: refused/);
      assert.match(String(finding?.likelyRule), /Only part of the server’s passive port range gets through/);
      assert.ok(!fixture.commands.some((c) => c.startsWith('RETR')), 'no RETR without a data connection');
    });
  });

  it('no file of at least 64 KiB: bulk transfer not tested, and not an error', async () => {
    await withFixture('bulk-small-files', async (fixture) => {
      const { run, report } = await runJsonInProcess([`127.0.0.1:${fixture.port}`, '--timeout', '2']);
      const { passive, active, detail } = dataStages(report);
      assert.equal(report.verdict, 'ok', detail);
      assert.equal(run.code, 0);
      for (const stage of [passive, active]) {
        assert.equal(stage?.status, 'pass');
        assert.equal(stage.sample?.outcome, 'no-file');
        assert.match(stage.summary, /bulk transfer not tested: no file of at least 64 KiB in the LIST listing/);
      }
      assert.ok(!fixture.commands.some((c) => c.startsWith('RETR')));
    });
  });

  it('a hostile file name: downloaded as the server named it, shown escaped, the password masked', async () => {
    await withFixture('bulk-hostile-name', async (fixture) => {
      const args = [`127.0.0.1:${fixture.port}`, '--timeout', '2', '--mode', 'passive', '--user', 'bob', '--verbose'];
      const env = { FTPCHECK_PASSWORD: 'sekret-value' };
      const { run, report } = await runJsonInProcess(args, { env });
      const { passive, detail } = dataStages(report);
      assert.equal(passive?.sample?.outcome, 'done', detail);
      assert.ok(fixture.commands.includes(`RETR ${HOSTILE_FILE_NAME}`), 'RETR named the file exactly');
      assert.equal(passive.sample.file, '\\x1b[31mred\\x1b]0;title\\x07-****.bin');
      assert.doesNotMatch(run.stdout, /sekret-value/);
      for (const text of jsonStrings(report)) assertTerminalSafe(text.replace(/\n/g, ' '), 'a JSON string');
      const human = await runInProcess(args, { env });
      assert.doesNotMatch(human.stdout, /sekret-value/);
      assertTerminalSafe(human.stdout, 'the human report');
      assert.match(human.stdout, /\\x1b\[31mred/);
    });
  });

  it('a small listing arrives and the download stalls: the full-size-packet black hole, for one --timeout', async () => {
    await withFixture('bulk-blackhole', async (fixture) => {
      const { run, report } = await runJsonInProcess([
        `127.0.0.1:${fixture.port}`,
        '--timeout',
        '1',
        '--mode',
        'passive',
      ]);
      const { passive, detail } = dataStages(report);
      assert.deepEqual(codesOf(report), ['data-transfer-stalled'], detail);
      assert.equal(report.verdict, 'failed', detail);
      assert.equal(run.code, 2);
      assert.equal(passive?.status, 'fail');
      assert.equal(passive.transfer, 'complete', 'the listing itself worked');
      assert.equal(passive.sample?.outcome, 'stalled');
      assert.equal(passive.sample.bytes, 0);
      assert.equal(passive.sample.lastByteMs, null);
      const finding = report.findings[0];
      assert.match(
        String(finding?.evidence),
        /the listing \(\d+ bytes\) arrived; the download of big\.bin stalled: no data arrived for 1 s/,
      );
      assert.match(String(finding?.likelyRule), /drops full-size packets \(an MTU or PMTUD black hole\)/);
      // One --timeout for the stall, not more.
      assert.ok((passive.sample.ms ?? 0) >= 1000 && (passive.sample.ms ?? 0) < 1500, detail);
      assert.ok(report.durationMs < 1900, `the whole check took ${report.durationMs} ms`);
    });
  });

  it('both modes stall: each mode once, on a control connection of its own', async () => {
    await withFixture('bulk-blackhole', async (fixture) => {
      const { report } = await runJsonInProcess([`127.0.0.1:${fixture.port}`, '--timeout', '1']);
      const { passive, active, detail } = dataStages(report);
      assert.equal(report.verdict, 'failed', detail);
      assert.deepEqual(
        problems(report).map((f) => [f.code, f.stage]),
        [
          ['data-transfer-stalled', 'passive'],
          ['data-transfer-stalled', 'active'],
        ],
        detail,
      );
      assert.equal(passive?.sample?.control, 'abandoned');
      assert.equal(active?.sample?.outcome, 'stalled');
      assert.ok(report.durationMs < 3000, `the whole check took ${report.durationMs} ms`);
    });
  });

  it('a download that stops after some bytes says how many and when', async () => {
    await withFixture('bulk-stall-after-bytes', async (fixture) => {
      const { report } = await runJsonInProcess([`127.0.0.1:${fixture.port}`, '--timeout', '1', '--mode', 'active']);
      const { active, detail } = dataStages(report);
      assert.deepEqual(
        problems(report).map((f) => f.code),
        ['data-transfer-stalled'],
        detail,
      );
      assert.equal(active?.sample?.bytes, STALL_AFTER_BYTES);
      assert.ok(active.sample.lastByteMs !== null && active.sample.lastByteMs < 500, detail);
      assert.match(
        String(report.findings[0]?.evidence),
        /16384 bytes \(16 KiB\) arrived in the first \d+ ms, then nothing for 1 s/,
      );
    });
  });

  it('over IPv6 (::1): EPSV and EPRT, the sample in both modes', async (t) => {
    if (!(await ipv6Loopback())) return t.skip('::1 is not available on this machine');
    await withFixture(
      'bulk-unix',
      async (fixture) => {
        const { report } = await runJsonInProcess([`[::1]:${fixture.port}`, '--timeout', '2']);
        const { passive, active, detail } = dataStages(report);
        assert.equal(report.verdict, 'ok', detail);
        assert.equal(passive?.sample?.bytes, DEFAULT_SAMPLE, detail);
        assert.equal(active?.sample?.bytes, DEFAULT_SAMPLE, detail);
        assert.ok(fixture.commands.filter((c) => c.startsWith('EPRT')).length >= 2);
      },
      '::1',
    );
  });
});

describe('anonymous-writable and --upload against the scripted fixtures', () => {
  it('a world-writable directory: information without --audit', async () => {
    await withFixture('anonymous-writable', async (fixture) => {
      const { run, report } = await runJsonInProcess([
        `127.0.0.1:${fixture.port}`,
        '--timeout',
        '2',
        '--mode',
        'passive',
      ]);
      const finding = report.findings.find((f) => f.code === 'anonymous-writable');
      assert.equal(finding?.severity, 'info');
      assert.match(finding.evidence, /incoming \(drwxrwxrwx\)/);
      assert.equal(report.verdict, 'ok');
      assert.equal(run.code, 0);
      assert.ok(!fixture.commands.some((c) => c.startsWith('STOR')), 'no write without --upload');
    });
  });

  it('with --audit: a warning that counts in the verdict', async () => {
    await withFixture('anonymous-writable', async (fixture) => {
      const { run, report } = await runJsonInProcess([
        `127.0.0.1:${fixture.port}`,
        '--timeout',
        '2',
        '--mode',
        'passive',
        '--audit',
      ]);
      assert.equal(report.findings.find((f) => f.code === 'anonymous-writable')?.severity, 'warning');
      assert.equal(report.verdict, 'degraded');
      assert.equal(run.code, 1);
      assert.equal(ranStage(report.stages, 'login')?.status, 'warn');
    });
  });

  it('a named user is not the anonymous login', async () => {
    await withFixture('anonymous-writable', async (fixture) => {
      const { report } = await runJsonInProcess(
        [`127.0.0.1:${fixture.port}`, '--timeout', '2', '--mode', 'passive', '--audit', '--user', 'alice'],
        { env: { FTPCHECK_PASSWORD: 'secret' } },
      );
      assert.ok(!codesOf(report).includes('anonymous-writable'));
    });
  });

  it('--upload goes to the writable directory, and deletes the file again', async () => {
    await withFixture('anonymous-writable', async (fixture) => {
      const { report } = await runJsonInProcess([`127.0.0.1:${fixture.port}`, '--timeout', '2', '--upload']);
      const { passive, active, detail } = dataStages(report);
      for (const stage of [passive, active]) {
        assert.equal(stage?.upload?.outcome, 'done', detail);
        assert.match(String(stage.upload.path), /^incoming\/ftpcheck-[0-9a-f]{12}\.tmp$/);
        assert.equal(stage.upload.deleted, true);
      }
      assert.equal(fixture.stored.size, 0, 'nothing left behind');
      assert.match(
        String(report.findings.find((f) => f.code === 'anonymous-writable')?.evidence),
        /--upload stored incoming\/ftpcheck-[0-9a-f]{12}\.tmp \(passive mode, deleted again\) and incoming\/ftpcheck-[0-9a-f]{12}\.tmp \(active mode, deleted again\)\./,
      );
    });
  });

  it('an upload never confirmed: a stall on the way up, for one --timeout', async () => {
    await withFixture('upload-stall', async (fixture) => {
      const { report } = await runJsonInProcess([
        `127.0.0.1:${fixture.port}`,
        '--timeout',
        '1',
        '--upload',
        '--mode',
        'passive',
      ]);
      const { passive, detail } = dataStages(report);
      assert.equal(passive?.upload?.outcome, 'stalled', detail);
      assert.equal(passive.upload.control, 'abandoned');
      const stalled = report.findings.find((f) => f.code === 'data-transfer-stalled');
      assert.match(
        String(stalled?.evidence),
        /the upload of incoming\/ftpcheck-[0-9a-f]{12}\.tmp was sent, but the server never confirmed it/,
        detail,
      );
      assert.match(String(stalled?.likelyRule), /drops full-size packets from this side/);
      assert.equal(report.verdict, 'failed');
      assert.ok(report.durationMs < 1900, `the whole check took ${report.durationMs} ms`);
    });
  });
});
