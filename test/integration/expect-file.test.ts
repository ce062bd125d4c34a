// --expect-file against ftp-srv (MDTM, SIZE and CWD; it has no MLST), with files
// whose modification times the test sets: fresh, stale, too small, missing, a directory, names with
// spaces and non-ASCII characters; in --json, the human report, Nagios' perfdata, and the exporter's
// metrics through a module's expectFiles. The checks run the CLI's code in-process; the exporter, a
// server of its own, is the built CLI.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLOCK_AHEAD_MS, LISTED, startBulkFixture } from '../../fixtures/bulk-server.js';
import { startFixture } from '../../fixtures/fault-server.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { startAgentCli } from '../helpers/agent.js';
import { runInProcess, runJsonInProcess } from '../helpers/in-process.js';
import { codesOf, runCli } from '../helpers/run-cli.js';
import { forSuite } from '../helpers/suite.js';
import { assertTerminalSafe, jsonStrings } from '../helpers/terminal-safe.js';

const HOUR = 3600;
const FRESH = 'exports/daily report é.csv';
const STALE = 'exports/old feed.csv';
const TINY = 'exports/tiny.csv';
const DIRECTORY = 'exports/archive';
const MISSING = 'exports/nope.csv';

/** A file of `bytes` bytes last modified `ageSeconds` ago, under `root`. */
function place(root: string, path: string, bytes: number, ageSeconds: number): void {
  const full = join(root, path);
  writeFileSync(full, Buffer.alloc(bytes, 'x'));
  const at = Date.now() / 1000 - ageSeconds;
  utimesSync(full, at, at);
}

describe('--expect-file against ftp-srv', () => {
  const root = mkdtempSync(join(tmpdir(), 'ftpcheck-files-'));
  mkdirSync(join(root, DIRECTORY), { recursive: true });
  place(root, FRESH, 20 * 1024, HOUR);
  place(root, STALE, 20 * 1024, 3 * 24 * HOUR);
  place(root, TINY, 100, 60);
  const ftp = forSuite(
    () => startEmbeddedServer({ port: 0, root }),
    (s) => s.close(),
  );
  after(() => {
    rmSync(root, { recursive: true, force: true });
  });
  const target = (): string => `127.0.0.1:${ftp().port}`;
  const expect = (...paths: string[]): string[] => paths.flatMap((p) => ['--expect-file', p]);
  const limits = ['--max-age', '26h', '--min-size', '10k'];

  it('a fresh file big enough: ok, with its size and age in the report', async () => {
    const { run, report } = await runJsonInProcess([target(), '--mode', 'passive', ...expect(FRESH), ...limits]);
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(codesOf(report), []);
    const [file] = report.files ?? [];
    assert.ok(file);
    assert.equal(file.path, FRESH);
    assert.equal(file.present, true);
    assert.equal(file.kind, 'file');
    assert.equal(file.method, 'MDTM+SIZE');
    assert.equal(file.sizeBytes, 20 * 1024);
    assert.equal(file.maxAgeSeconds, 26 * HOUR);
    assert.equal(file.minBytes, 10 * 1024);
    // Set to an hour ago; the check takes moments, and ftp-srv gives milliseconds.
    assert.ok(file.ageSeconds !== null && Math.abs(file.ageSeconds - HOUR) < 120, String(file.ageSeconds));
    assert.equal(file.stale, false);
    assert.equal(file.tooSmall, false);
  });

  it('a missing file and a directory given as a file: file-missing each, and the check fails', async () => {
    const { run, report } = await runJsonInProcess([
      target(),
      '--mode',
      'passive',
      ...expect(MISSING, DIRECTORY, FRESH),
    ]);
    assert.equal(run.code, 2);
    assert.equal(report.verdict, 'failed');
    assert.deepEqual(codesOf(report), ['file-missing', 'file-missing']);
    const [missing, directory] = report.findings;
    assert.match(missing?.evidence ?? '', /^"exports\/nope\.csv" is not on the server: MDTM exports\/nope\.csv: "550 /);
    assert.match(directory?.evidence ?? '', /^"exports\/archive" is a directory, not a file \(CWD into it worked\)/);
    assert.deepEqual(
      report.files?.map((f) => [f.path, f.kind, f.present]),
      [
        [MISSING, 'missing', false],
        [DIRECTORY, 'directory', false],
        [FRESH, 'file', true],
      ],
    );
    // The CWD into the directory was undone: the fresh file, asked by a relative path after it, was found.
    const stage = report.stages.find((s) => s.name === 'login');
    assert.equal(stage?.status, 'warn', 'the login worked; the findings belong to its session');
  });

  it('a stale file and one too small: warnings naming the age, the limit and the size', async () => {
    const { run, report } = await runJsonInProcess([target(), '--mode', 'passive', ...expect(STALE, TINY), ...limits]);
    assert.equal(run.code, 1);
    assert.deepEqual(codesOf(report), ['file-stale', 'file-too-small']);
    const stale = report.findings.find((f) => f.code === 'file-stale');
    assert.match(
      stale?.evidence ?? '',
      /^"exports\/old feed\.csv" was last modified \S+Z \(MDTM\), 3 d ago; the limit is 1 d 2 h;/,
    );
    const small = report.findings.find((f) => f.code === 'file-too-small');
    assert.equal(small?.evidence, '"exports/tiny.csv" has 100 bytes (SIZE); the minimum is 10240 bytes (10 KiB).');
  });

  it('shows the files for people, and as Nagios perfdata labelled by path', async () => {
    const human = await runInProcess([target(), '--mode', 'passive', ...expect(FRESH, MISSING), ...limits]);
    assert.equal(human.code, 2);
    assert.match(
      human.stdout,
      /Expected files\n {2}✓ "exports\/daily report é\.csv": 20480 bytes \(20 KiB\), modified 1 h ago\s+\(MDTM\+SIZE\)\n {2}✗ "exports\/nope\.csv": missing\n/,
    );
    const nagios = await runInProcess([
      target(),
      '--mode',
      'passive',
      ...expect(FRESH, MISSING),
      ...limits,
      '--format',
      'nagios',
    ]);
    assert.equal(nagios.code, 2);
    const [status = ''] = nagios.stdout.split('\n');
    assert.match(
      status,
      /^FTP CRITICAL - 127\.0\.0\.1:\d+: an expected file is not on the server \(file-missing\) \| /,
    );
    assert.match(
      status,
      / 'exports\/daily report é\.csv present'=1;;1:;0;1 'exports\/daily report é\.csv age'=\d+s;93600;;0 'exports\/daily report é\.csv size'=20480B;10240:;;0 'exports\/nope\.csv present'=0;;1:;0;1$/,
    );
  });

  it('refuses limits without a file, a bad duration, and a path with a line break', async () => {
    const noFile = await runInProcess([target(), '--max-age', '1h']);
    assert.equal(noFile.code, 3);
    assert.match(noFile.stderr, /--max-age and --min-size apply to --expect-file/);
    const bad = await runInProcess([target(), ...expect(FRESH), '--max-age', '3 weeks']);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /invalid --max-age "3 weeks": expected a duration such as 90m, 26h or 7d/);
    const injected = await runInProcess([target(), ...expect('a.csv\r\nDELE b.csv')]);
    assert.equal(injected.code, 3);
    assert.match(injected.stderr, /invalid --expect-file path/);
  });

  it("the exporter serves a module's expectFiles as metrics by path", async () => {
    const config = join(root, '..', `${root.split('/').at(-1) ?? 'x'}-exporter.json`);
    writeFileSync(
      config,
      JSON.stringify({
        modules: {
          files: {
            mode: 'passive',
            timeout: 2,
            expectFiles: [
              { path: FRESH, maxAge: '26h', minSize: '10k' },
              { path: STALE, maxAge: '26h' },
              { path: MISSING },
            ],
          },
        },
        allowTargets: ['127.0.0.1:*'],
      }),
    );
    const exporter = await startAgentCli(['--config', config], {}, 'exporter');
    try {
      const metrics = await (await fetch(new URL(`/probe?target=${target()}&module=files`, exporter.url))).text();
      assert.match(metrics, /^ftpcheck_file_present\{path="exports\/daily report é\.csv"\} 1$/m);
      assert.match(metrics, /^ftpcheck_file_present\{path="exports\/nope\.csv"\} 0$/m);
      assert.match(metrics, /^ftpcheck_file_size_bytes\{path="exports\/daily report é\.csv"\} 20480$/m);
      const age = /^ftpcheck_file_age_seconds\{path="exports\/old feed\.csv"\} (\d+)$/m.exec(metrics)?.[1];
      assert.ok(age !== undefined && Math.abs(Number(age) - 3 * 24 * HOUR) < 120, metrics);
      assert.doesNotMatch(metrics, /ftpcheck_file_age_seconds\{path="exports\/nope\.csv"\}/);
      assert.match(metrics, /^ftpcheck_finding\{code="file-stale",severity="warning"\} 1$/m);
      assert.match(metrics, /^ftpcheck_verdict 2$/m);
    } finally {
      await exporter.stop();
      rmSync(config, { force: true });
    }
  });

  it('refuses a module whose expectFiles has a bad size, at start', async () => {
    const config = join(root, 'bad.json');
    writeFileSync(config, JSON.stringify({ modules: { m: { expectFiles: [{ path: 'a', minSize: 'huge' }] } } }));
    const run = await runCli(['exporter', '--listen', '127.0.0.1:0', '--config', config], { killAfterMs: 10_000 });
    assert.equal(run.code, 3);
    assert.match(run.stderr, /module "m": invalid expectFiles: invalid --min-size "huge"/);
  });
});

describe('--expect-file against scripted servers: MLST, and a server clock that runs ahead', () => {
  const mlsd = forSuite(
    () => startBulkFixture('bulk-mlsd'),
    (f) => f.close(),
  );
  const writable = forSuite(
    () => startBulkFixture('anonymous-writable'),
    (f) => f.close(),
  );

  it('asks MLST when FEAT offers it: a file, a directory, a missing file, with no MDTM or CWD', async () => {
    const args = [`127.0.0.1:${mlsd().port}`, '--mode', 'passive', '--transfer-bytes', '0'];
    const { run, report } = await runJsonInProcess([
      ...args,
      ...['readme.txt', 'pub', 'nope.txt'].flatMap((p) => ['--expect-file', p]),
      '--max-age',
      '7d',
    ]);
    assert.equal(run.code, 2);
    assert.deepEqual(
      report.files?.map((f) => [f.path, f.kind, f.method, f.sizeBytes, f.modified]),
      [
        ['readme.txt', 'file', 'MLST', 51, '2024-01-31T09:15:00.000Z'],
        ['pub', 'directory', 'MLST', null, null],
        ['nope.txt', 'missing', 'MLST', null, null],
      ],
    );
    assert.deepEqual(codesOf(report), ['file-missing', 'file-missing', 'file-stale']);
    assert.match(report.findings.find((f) => f.code === 'file-stale')?.evidence ?? '', /\(MLST modify\)/);
    assert.match(
      report.findings.find((f) => f.code === 'file-missing')?.evidence ?? '',
      /^"pub" is a directory, not a file \(MLST type=dir\)/,
    );
    const asked = mlsd().commands.filter((c) => /^(MLST|MDTM|SIZE|CWD|PWD) /.test(c));
    assert.deepEqual(asked, ['MLST readme.txt', 'MLST pub', 'MLST nope.txt']);
  });

  it("measures the age by the server's clock, as the MDTM of an --upload shows it", async () => {
    const { report } = await runJsonInProcess([
      `127.0.0.1:${writable().port}`,
      '--mode',
      'passive',
      '--transfer-bytes',
      '0',
      '--upload',
      '--expect-file',
      'big.bin',
      '--max-age',
      '1h',
    ]);
    const stale = report.findings.find((f) => f.code === 'file-stale');
    assert.match(
      stale?.evidence ?? '',
      /the server's clock is 2 h ahead of this machine's \(MDTM of the file --upload stored\), and the age allows for it\.$/,
    );
    const [file] = report.files ?? [];
    const expected = (Date.now() + CLOCK_AHEAD_MS - Date.UTC(2024, 0, 31, 9, 15)) / 1000;
    assert.ok(file?.ageSeconds != null && Math.abs(file.ageSeconds - expected) < 120, String(file?.ageSeconds));
  });
});

describe('--expect-file against a server with none of MLST, MDTM and SIZE: LIST as the last resort', () => {
  const listOnly = forSuite(
    () => startBulkFixture('list-only'),
    (f) => f.close(),
  );
  const run = (paths: string[], ...more: string[]): ReturnType<typeof runJsonInProcess> =>
    runJsonInProcess([
      `127.0.0.1:${listOnly().port}`,
      '--mode',
      'passive',
      '--transfer-bytes',
      '0',
      ...paths.flatMap((p) => ['--expect-file', p]),
      ...more,
    ]);
  const fresh = `exports/${LISTED.fresh.name}`;
  const old = `exports/${LISTED.old.name}`;

  it("finds a fresh file whose name has spaces and é in its directory's listing: size, time, method LIST", async () => {
    const { run: out, report } = await run([fresh], '--max-age', '26h', '--min-size', '10k');
    assert.equal(out.code, 0, out.stdout);
    assert.deepEqual(codesOf(report), []);
    const [file] = report.files ?? [];
    assert.equal(file?.kind, 'file');
    assert.equal(file.method, 'LIST');
    assert.equal(file.present, true);
    assert.equal(file.sizeBytes, LISTED.fresh.bytes);
    // Listed to the minute an hour ago: the age is an hour, less the part of the minute the line drops.
    assert.ok(file.ageSeconds !== null && Math.abs(file.ageSeconds - 3600) <= 120, String(file.ageSeconds));
    assert.equal(file.stale, false);
    assert.match(file.detail, /\(LIST\)$/);
    // MDTM and SIZE were asked first (the name in UTF-8; the fixture reads bytes as latin1) and refused
    // as not implemented; then one listing of the directory.
    const asked = listOnly()
      .commands.filter((c) => /^(MLST|MDTM|SIZE|CWD|PWD|LIST)\b/.test(c))
      .map((c) => Buffer.from(c, 'latin1').toString('utf8'));
    assert.deepEqual(asked.slice(-3), [`MDTM ${fresh}`, `SIZE ${fresh}`, 'LIST exports']);
  });

  it('an old file (a date with a year) is stale, and the evidence names LIST and its precision', async () => {
    const { run: out, report } = await run([old], '--max-age', '7d');
    assert.equal(out.code, 1);
    assert.deepEqual(codesOf(report), ['file-stale']);
    const evidence = report.findings[0]?.evidence ?? '';
    assert.match(evidence, /^"exports\/old feed\.csv" was last modified 2024-01-31T00:00:00\.000Z \(LIST\), /);
    assert.match(
      evidence,
      /LIST times are to the day, in the server's local time of an unknown zone: the file can be up to 1 d 12 h younger, and it is stale only when older than the limit by more than that;/,
    );
    const [file] = report.files ?? [];
    assert.equal(file?.method, 'LIST');
    assert.equal(file.sizeBytes, LISTED.old.bytes);
  });

  it('over the limit by less than LIST times can be off by: not stale, and the report says why', async () => {
    // Listed 20 h ago, to the minute; with a 10 h limit it may still be 8 h old in the server's zone.
    const within = await run([`exports/${LISTED.yesterday.name}`], '--max-age', '10h');
    assert.equal(within.run.code, 0, within.run.stdout);
    assert.deepEqual(codesOf(within.report), []);
    const [file] = within.report.files ?? [];
    assert.equal(file?.stale, false);
    assert.match(file.detail, /over the limit by less than LIST's precision: not counted stale/);
    // Beyond the zone and the minute, it is stale: 20 h against a 7 h limit.
    const beyond = await run([`exports/${LISTED.yesterday.name}`], '--max-age', '7h');
    assert.deepEqual(codesOf(beyond.report), ['file-stale']);
    assert.match(beyond.report.findings[0]?.evidence ?? '', /LIST times are to the minute, the year inferred, /);
  });

  it('a missing file, a directory, and a file in a directory that is not there: file-missing each', async () => {
    const paths = ['exports/nope.csv', `exports/${LISTED.directory}`, 'elsewhere/feed.csv', fresh];
    const { run: out, report } = await run(paths);
    assert.equal(out.code, 2);
    assert.deepEqual(
      report.files?.map((f) => [f.path, f.kind, f.method, f.present]),
      [
        ['exports/nope.csv', 'missing', 'LIST', false],
        ['exports/archive', 'directory', 'LIST', false],
        ['elsewhere/feed.csv', 'missing', 'LIST', false],
        [fresh, 'file', 'LIST', true],
      ],
    );
    const evidence = report.findings.filter((f) => f.code === 'file-missing').map((f) => f.evidence);
    assert.equal(evidence.length, 3);
    assert.match(
      evidence[0] ?? '',
      /^"exports\/nope\.csv" is not on the server \(LIST of its directory does not show it\): MDTM exports\/nope\.csv: "502 [^"]*"; SIZE exports\/nope\.csv: "502 [^"]*"; LIST exports: "226 /,
    );
    assert.match(evidence[1] ?? '', /^"exports\/archive" is a directory, not a file \(LIST shows it as a directory\)/);
    // No CWD: the listing told the directory apart.
    assert.ok(!listOnly().commands.some((c) => c.startsWith('CWD')));
  });

  it('in active mode, the listing goes over a data connection the server makes back', async () => {
    const { run: out, report } = await runJsonInProcess([
      `127.0.0.1:${listOnly().port}`,
      '--mode',
      'active',
      '--transfer-bytes',
      '0',
      '--expect-file',
      fresh,
    ]);
    assert.equal(out.code, 0, out.stdout);
    assert.deepEqual(
      report.files?.map((f) => [f.kind, f.method, f.sizeBytes]),
      [['file', 'LIST', LISTED.fresh.bytes]],
    );
    const { commands } = listOnly();
    const listed = commands.lastIndexOf('LIST exports');
    assert.ok(listed > 0, commands.join('\n'));
    assert.match(commands[listed - 1] ?? '', /^(PORT|EPRT) /);
  });

  it('a file at the top of the login directory: LIST without an argument', async () => {
    const { report } = await run(['readme.txt']);
    assert.deepEqual(
      report.files?.map((f) => [f.kind, f.method, f.sizeBytes, f.modified?.slice(5, 16)]),
      [['file', 'LIST', 51, '01-31T09:15']],
    );
    assert.equal(
      listOnly().commands.filter((c) => c === 'LIST').length >= 2,
      true,
      "the check's listing, then this one",
    );
  });
});

describe('--expect-file against a server whose every reply carries terminal escapes', () => {
  const hostile = forSuite(
    () => startFixture('hostile-text'),
    (f) => f.close(),
  );
  const args = (): string[] => [`127.0.0.1:${hostile().port}`, '--mode', 'passive', '--expect-file', 'feed.csv'];

  it('shows its replies escaped in every format, and still finds the file missing', async () => {
    const { run, report } = await runJsonInProcess(args());
    assert.equal(run.code, 2);
    assert.ok(codesOf(report).includes('file-missing'));
    for (const text of jsonStrings(report)) assertTerminalSafe(text, '--json string');
    const evidence = report.findings.find((f) => f.code === 'file-missing')?.evidence ?? '';
    assert.ok(evidence.includes('MDTM feed.csv: "550 \\x1b[31mRED'), evidence);
    for (const format of [[], ['--format', 'nagios'], ['--verbose']]) {
      const out = await runInProcess([...args(), ...format]);
      assert.equal(out.code, 2);
      assertTerminalSafe(Buffer.from(out.stdout), `${format.join(' ') || 'human'} stdout`);
      assert.match(out.stdout, /file-missing/);
    }
  });
});
