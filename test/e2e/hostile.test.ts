// The built CLI against hostile servers, asserted on the raw bytes a user's terminal would receive:
// a server whose every reply carries terminal escapes, 8-bit CSI, CR and bidi overrides, and servers
// that repeat the password back. Every output format (human, verbose, JSON, JSON Lines, Nagios, the
// HTML report, the exporter's metrics) and stderr, piped and on a real pseudo-terminal.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startFixture } from '../../fixtures/index.js';
import type { Report } from '../../src/model/report.js';
import { freePort } from '../helpers/loopback.js';
import { CLI, type CliRun, codesOf, runCli } from '../helpers/run-cli.js';
import { assertSchema } from '../helpers/schema.js';
import { forSuite } from '../helpers/suite.js';
import { runOnTerminal, terminalAvailable } from '../helpers/terminal.js';
import { assertTerminalSafe, jsonStrings } from '../helpers/terminal-safe.js';

const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-hostile-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The output formats a user can ask for, each with what it prints on stdout. */
const FORMATS: { name: string; args: string[]; json?: 'document' | 'lines' }[] = [
  { name: 'human', args: [] },
  { name: 'human --verbose', args: ['--verbose'] },
  { name: '--json', args: ['--json'], json: 'document' },
  { name: '--jsonl', args: ['--jsonl'], json: 'lines' },
  { name: '--format nagios', args: ['--format', 'nagios'] },
];

/** Runs one format and returns everything it wrote: stdout, stderr, and the HTML report when asked. */
async function runFormat(
  target: string,
  format: (typeof FORMATS)[number],
  extra: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ run: CliRun; html: string; reports: Report[] }> {
  const htmlPath = join(dir, `${format.name.replace(/\W+/g, '-')}-${Math.random().toString(16).slice(2)}.html`);
  const run = await runCli([target, '--timeout', '2', ...format.args, ...extra, '--report', htmlPath], { env });
  assert.equal(run.killed, false, `${format.name}: the CLI ended by itself`);
  const html = readFileSync(htmlPath, 'utf8');
  const reports: Report[] =
    format.json === 'document'
      ? [JSON.parse(run.stdout) as Report]
      : format.json === 'lines'
        ? run.stdout
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Report)
        : [];
  for (const r of reports) assertSchema(r);
  return { run, html, reports };
}

describe('a server whose every reply carries terminal control sequences', () => {
  const fixture = forSuite(
    () => startFixture('hostile-text'),
    (f) => f.close(),
  );

  for (const format of FORMATS) {
    it(`${format.name}: stdout, stderr and the HTML report cannot drive a terminal, and say what the server sent`, async () => {
      const { run, html, reports } = await runFormat(`127.0.0.1:${fixture().port}`, format, ['--mode', 'both']);
      assertTerminalSafe(Buffer.from(run.stdout), `${format.name} stdout`);
      assertTerminalSafe(Buffer.from(run.stderr), `${format.name} stderr`);
      assertTerminalSafe(html, `${format.name} HTML report`);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      // The sequences are shown, escaped, where the server put them: in the greeting.
      assert.ok(html.includes('\\x1b[31mRED\\x1b]0;pwned-title\\x07'), 'the HTML report shows the escaped greeting');
      if (format.json) {
        for (const report of reports) {
          assert.deepEqual(codesOf(report), ['active-source-port-not-20', 'server-sends-control-characters']);
          assert.equal(report.verdict, 'ok');
          // What `jq -r` prints of any string: nothing that drives a terminal, and no \u001b escapes
          // in the JSON text either (the strings themselves were made visible, not merely encoded).
          for (const text of jsonStrings(report)) assertTerminalSafe(text, `${format.name} string`);
          assert.ok(
            report.server.greeting?.includes('\\x1b[31mRED\\x1b]0;pwned-title\\x07\\x1b]8;;http://link.invalid/'),
          );
        }
        // A JSON escape of a raw character is a single backslash; `\\u202e` is the made-visible text.
        assert.doesNotMatch(run.stdout, /(?<!\\)\\u(001b|009b|202e)/i);
      } else if (format.name.startsWith('human')) {
        assert.match(run.stdout, /server-sends-control-characters/);
        assert.ok(run.stdout.includes('\\x1b[31mRED'), 'the human report shows the escaped sequence');
      } else {
        assert.match(run.stdout, /^FTP OK - /);
        assert.match(run.stdout, /\[INFO\] server-sends-control-characters: Control characters in the greeting/);
      }
    });
  }

  it('a refused login: the 530 is shown escaped, and the check fails as a login failure', async () => {
    const { run, reports } = await runFormat(
      `127.0.0.1:${fixture().port}`,
      FORMATS[2] ?? { name: '--json', args: ['--json'], json: 'document' },
      ['--user', 'bob'],
      { FTPCHECK_PASSWORD: 'not-echoed' },
    );
    assertTerminalSafe(Buffer.from(run.stdout), 'stdout');
    assertTerminalSafe(Buffer.from(run.stderr), 'stderr');
    const [report] = reports;
    assert.ok(report);
    assert.deepEqual(codesOf(report), ['login-failed', 'server-sends-control-characters']);
    assert.match(report.findings[0]?.evidence ?? '', /PASS answered "530 \\x1b\[31mRED.*Login incorrect\."/);
    assert.equal(run.code, 2);
  });
});

/** What the hostile server sends and ftpcheck's own terminal output never contains. */
const SERVER_SEQUENCES: [string, string][] = [
  ['an OSC window title', '\x1b]0;'],
  ['an OSC 8 hyperlink', '\x1b]8;'],
  ['the 8-bit CSI', '\u009b'],
  ['a right-to-left override', '\u202e'],
  ['DEL', '\x7f'],
  ['BEL', '\x07'],
];

describe(
  'on a real terminal (pseudo-terminal, spinners and colour on)',
  { skip: terminalAvailable() ? false : 'util-linux script is not installed' },
  () => {
    const hostile = forSuite(
      () => startFixture('hostile-text'),
      (f) => f.close(),
    );
    const echo = forSuite(
      () => startFixture('echo-password'),
      (f) => f.close(),
    );

    it('a hostile server cannot set the title, link, clear the screen or reorder text', async () => {
      const bytes = await runOnTerminal([`127.0.0.1:${hostile().port}`, '--timeout', '2', '--verbose'], {});
      const text = bytes.toString('utf8');
      assert.match(text, /Logging in/, 'the spinners ran');
      assert.match(text, /\\x1b\[31mRED/, 'the report shows the escaped sequence');
      for (const [name, sequence] of SERVER_SEQUENCES)
        assert.ok(!text.includes(sequence), `${name} reached the terminal`);
    });

    it('an echoed password reaches neither the spinners nor the report', async () => {
      const password = 'Tty-S3cret-pw';
      const bytes = await runOnTerminal([`ftp://bob@127.0.0.1:${echo().port}`, '--timeout', '2', '--verbose'], {
        FTPCHECK_PASSWORD: password,
      });
      const text = bytes.toString('utf8');
      assert.match(text, /Logging in/, 'the spinners ran');
      assert.match(text, /Password \*\*\*\* accepted/, 'the server did echo it, and it was masked');
      assert.ok(!text.includes(password), 'the password reached the terminal');
    });
  },
);

describe('servers that repeat the password back', () => {
  const PASSWORD = 'S3cr3t-echo-pw';
  const echo = forSuite(
    () => startFixture('echo-password'),
    (f) => f.close(),
  );
  const refused = forSuite(
    () => startFixture('echo-password-530'),
    (f) => f.close(),
  );

  for (const format of FORMATS) {
    it(`${format.name}: the password appears in no output, though the server echoed it everywhere`, async () => {
      const { run, html } = await runFormat(`127.0.0.1:${echo().port}`, format, ['--user', 'bob', '--mode', 'both'], {
        FTPCHECK_PASSWORD: PASSWORD,
      });
      for (const [name, output] of [
        ['stdout', run.stdout],
        ['stderr', run.stderr],
        ['HTML report', html],
      ] as const) {
        assert.ok(!output.includes(PASSWORD), `the password is in ${format.name} ${name}`);
      }
      assert.equal(run.code, 0, run.stdout + run.stderr);
      // Proof that the server did repeat it: its multi-line 230, and the greeting of the second
      // session (the AUTH TLS probe), show the mask where the password was.
      assert.ok(html.includes('Password **** accepted for bob'), 'the 230 echoed the password');
      assert.ok(html.includes('The last password sent here was ****'), 'the next session greeted with it');
      assert.ok(html.includes('226 Sent the listing for password ****'), 'the transfer reply echoed it');
      assert.ok(html.includes('PASS ****'));
    });
  }

  it('a 530 that names the password, read from --password-stdin', async () => {
    const run = await runCli(
      [`127.0.0.1:${refused().port}`, '--timeout', '2', '--user', 'bob', '--password-stdin', '--json'],
      { input: `${PASSWORD}\n` },
    );
    assert.ok(!run.stdout.includes(PASSWORD) && !run.stderr.includes(PASSWORD), 'the password is in the output');
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(codesOf(report), ['login-failed']);
    assert.match(report.findings[0]?.evidence ?? '', /530 Login incorrect for bob with password \*\*\*\*\./);
    assert.equal(run.code, 2);
  });

  it("the exporter's metrics, answers and log never carry it either", async () => {
    const config = join(dir, 'exporter.json');
    writeFileSync(
      config,
      JSON.stringify({
        modules: { bob: { user: 'bob', passwordEnv: 'ECHO_TEST_PASSWORD', timeout: 2 } },
        allowTargets: ['127.0.0.1:*'],
      }),
    );
    const port = await freePort();
    let log = '';
    const exporter: ChildProcess = spawn(
      process.execPath,
      [CLI, 'exporter', '--listen', `127.0.0.1:${port}`, '--config', config],
      { env: { ...process.env, ECHO_TEST_PASSWORD: PASSWORD }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    exporter.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    exporter.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    try {
      const base = `http://127.0.0.1:${port}`;
      for (
        let i = 0;
        i < 40 &&
        !(await fetch(`${base}/`)
          .then((r) => r.ok)
          .catch(() => false));
        i++
      )
        await new Promise((r) => setTimeout(r, 250));
      const answers: string[] = [];
      for (const fixture of [echo(), refused()])
        answers.push(await (await fetch(`${base}/probe?target=127.0.0.1:${fixture.port}&module=bob`)).text());
      answers.push(await (await fetch(`${base}/metrics`)).text());
      assert.match(answers[0] ?? '', /^ftpcheck_probe_success 1$/m, 'the echoing server was checked, logged in');
      assert.match(answers[1] ?? '', /^ftpcheck_finding\{code="login-failed",severity="error"\} 1$/m);
      for (const answer of answers) assert.ok(!answer.includes(PASSWORD), 'the password is in an exporter answer');
    } finally {
      exporter.kill('SIGTERM');
      await new Promise((resolve) => exporter.once('close', resolve));
    }
    assert.ok(!log.includes(PASSWORD), 'the password is in the exporter log');
  });
});
