// Readable at 80 columns and without colour: every --help, explain, the guide and a report fit the
// width (COLUMNS, or 80 when piped), example commands are never broken, long text is paged on a terminal,
// and NO_COLOR / --no-color leave no escape sequence on either stream. The built CLI, piped or on a
// pseudo-terminal.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMMANDS, type CommandName } from '../../src/cli/command-specs.js';
import { FINDING_CODES } from '../../src/model/findings.js';
import { type EmbeddedServer, startEmbeddedServer } from '../../src/server/embedded-server.js';
import { freePort } from '../helpers/loopback.js';
import { onTerminal } from '../helpers/pty.js';
import { runInProcess } from '../helpers/in-process.js';
import { runCli } from '../helpers/run-cli.js';

const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** Lines wider than `width` terminal columns (code points: the text has no wide characters). */
function tooWide(text: string, width: number): string[] {
  return text.split('\n').filter((line) => Array.from(line).length > width);
}

const helpArgs = (command: CommandName): string[] => (command === 'check' ? ['--help'] : [command, '--help']);

describe('--help at the terminal width', () => {
  for (const command of COMMAND_NAMES) {
    it(`ftpcheck ${helpArgs(command).join(' ')}: 80 columns, examples whole, every option described`, async () => {
      const run = await runCli(helpArgs(command), { env: { COLUMNS: '80' } });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(tooWide(run.stdout, 80), []);
      const lines = run.stdout.split('\n');
      for (const [example] of COMMANDS[command].examples)
        assert.ok(lines.includes(`    ${example}`), `example on a line of its own: ${example}`);
      for (const name of Object.keys(COMMANDS[command].options)) {
        // The option's line, then its description: beside it (two spaces at least) or on the next line.
        const at = lines.findIndex((l) => new RegExp(`^ {2}(-\\w, | {4})--${name}( \\S+)?( {2,}\\S|$)`).test(l));
        assert.ok(at >= 0, `--${name} is listed with room before its description:\n${run.stdout}`);
        const beside = /\S {2,}\S/.test(lines[at] ?? '');
        assert.ok(beside || /^ {6,}\S/.test(lines[at + 1] ?? ''), `--${name} has a description`);
      }
    });
  }

  it('piped help honours COLUMNS', async () => {
    const run = await runCli(['--help'], { env: { COLUMNS: '60' } });
    const examples = new Set(COMMANDS.check.examples.map(([example]) => `    ${example}`));
    assert.deepEqual(
      tooWide(run.stdout, 60).filter((line) => !examples.has(line)),
      [],
      'only an example command longer than the width may pass it, whole',
    );
    assert.ok(tooWide((await runCli(['--help'], { env: { COLUMNS: '120' } })).stdout, 80).length > 0, 'wider with 120');
  });

  it('piped help without COLUMNS is 80 columns wide', async () => {
    const run = await runCli(['--help'], { env: { COLUMNS: '' } });
    assert.deepEqual(tooWide(run.stdout, 80), []);
  });

  it('on a terminal, help follows its width', async () => {
    const { screen } = await onTerminal(['serve', '--help'], { columns: 50 });
    const text = screen.toString('utf8').replace(/\r/g, '');
    const examples = new Set(COMMANDS.serve.examples.map(([example]) => `    ${example}`));
    assert.deepEqual(
      tooWide(text, 50).filter((line) => !examples.has(line)),
      [],
    );
    assert.ok(text.split('\n').includes('    ftpcheck serve --pasv-range 50000-50010 --pasv-address 203.0.113.7'));
  });
});

describe('explain and the guide at 80 columns', () => {
  it('explain (the list of codes)', async () => {
    const run = await runCli(['explain'], { env: { COLUMNS: '80' } });
    assert.equal(run.code, 0);
    assert.deepEqual(tooWide(run.stdout, 80), []);
  });

  // The CLI's code in this process: one process for every code's article would cost a Node start each.
  it('explain CODE, for every code', async () => {
    for (const code of FINDING_CODES) {
      const run = await runInProcess(['explain', code], { env: { COLUMNS: '80' } });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(tooWide(run.stdout, 80), [], code);
    }
  });

  it('the guide', async () => {
    const run = await runCli(['guide'], { env: { COLUMNS: '80' } });
    assert.equal(run.code, 0);
    assert.ok(run.stdout.split('\n').length > 500, 'the whole guide');
    assert.deepEqual(tooWide(run.stdout, 80), []);
  });
});

describe('a report at 80 columns', () => {
  let server: EmbeddedServer;
  before(async () => {
    server = await startEmbeddedServer({ port: 0 });
  });
  after(() => server.close());

  it('findings, headlines and the table fit', async () => {
    // A closed port (control-refused) and a TLS check of a plain server: findings with long headlines.
    for (const args of [
      [`127.0.0.1:${await freePort()}`],
      [`127.0.0.1:${server.port}`, '--tls', '--mode', 'passive'],
    ]) {
      const run = await runCli([...args, '--timeout', '2'], { env: { COLUMNS: '80' } });
      assert.match(run.stdout, /Findings/);
      assert.deepEqual(tooWide(run.stdout, 80), [], args.join(' '));
    }
  });
});

describe('the pager', () => {
  const pager = { PAGER: "sed 's/^/PAGED: /'" };

  it('guide goes through $PAGER on a terminal', async () => {
    const { screen } = await onTerminal(['guide'], { env: pager });
    assert.match(screen.toString('utf8'), /PAGED: FTP TROUBLESHOOTING GUIDE/);
  });

  it('a long explain goes through $PAGER on a terminal', async () => {
    const { screen } = await onTerminal(['explain'], { env: pager });
    assert.match(screen.toString('utf8'), /PAGED: control-refused/);
  });

  it('never when piped', async () => {
    const run = await runCli(['guide'], { env: pager });
    assert.doesNotMatch(run.stdout, /PAGED/);
    assert.match(run.stdout, /^FTP TROUBLESHOOTING GUIDE/);
  });
});

describe('no colour means no escape sequence, on both streams', () => {
  const ESC = '\x1b';

  it('on a terminal, colour and spinners are there by default (the control case)', async () => {
    const { screen } = await onTerminal(['demo']);
    assert.ok(screen.includes(ESC));
  });

  for (const [what, args, env] of [
    ['NO_COLOR=1', ['demo'], { NO_COLOR: '1' }],
    ['--no-color', ['demo', '--no-color'], {}],
  ] as const) {
    it(`${what} on a terminal: not one ESC byte (spinner and marks included)`, async () => {
      const { code, screen } = await onTerminal([...args], { env });
      assert.equal(code, 0, screen.toString('utf8'));
      assert.ok(!screen.includes(ESC), JSON.stringify(screen.toString('utf8').slice(0, 400)));
      assert.match(screen.toString('utf8'), /✔ Logging in/);
    });
  }

  it('--no-color piped: not one ESC byte on stdout or stderr', async () => {
    const run = await runCli(['demo', '--no-color'], { env: { NO_COLOR: '' } });
    assert.equal(run.code, 0);
    assert.ok(!run.stdout.includes(ESC) && !run.stderr.includes(ESC));
  });
});
