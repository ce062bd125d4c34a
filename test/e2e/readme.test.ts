// The README stays true: its commands run against fixtures and the built-in server on loopback, and the
// outputs it shows are compared with what the program prints now, line by line for the key lines, with
// addresses, ports and times made neutral. A wording change that makes the README wrong fails here.
// The long lists of command lines (the Usage examples, the helpdesk's, every --help) run the CLI's code
// in-process; the reports shown, the servers and the agent run the built CLI.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Fixture, startFixture } from '../../fixtures/fault-server.js';
import { startAgentCli } from '../helpers/agent.js';
import { opensslAvailable } from '../helpers/certs.js';
import { freePort, freePortRange } from '../helpers/loopback.js';
import { runInProcess } from '../helpers/in-process.js';
import { CLI, runCli, runJson } from '../helpers/run-cli.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The fenced blocks of the README, each as its lines. */
const BLOCKS: string[][] = [...README.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => (m[1] ?? '').split('\n'));

/** The block whose lines include one that starts with `first`. */
function blockWith(first: string): string[] {
  const block = BLOCKS.find((b) => b.some((line) => line.startsWith(first)));
  assert.ok(block, `no README block has a line starting ${JSON.stringify(first)}`);
  return block;
}

/**
 * A line with what differs from run to run made neutral: names and addresses (with their ports),
 * numbers, paths of temporary directories, and runs of spaces (table padding).
 */
function shape(line: string): string {
  return line
    .replace(/\/tmp\/ftpcheck-root-\w+/g, 'ROOT')
    .replace(
      /(?:\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|invalid)\b)(?::\d+)?/g,
      'ADDR',
    )
    .replace(/\d+(?:\.\d+)?/g, 'N')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Asserts that the README line containing each fragment appears in the output, once made neutral. */
function assertKeyLines(shown: string[], output: string, fragments: string[]): void {
  const actual = new Set(output.split('\n').map(shape));
  for (const fragment of fragments) {
    const line = shown.find((l) => l.includes(fragment));
    assert.ok(line !== undefined, `the README sample has no line with ${JSON.stringify(fragment)}`);
    assert.ok(
      actual.has(shape(line)),
      `the README shows\n  ${line}\nbut the program now prints nothing of that shape; its output:\n${output}`,
    );
  }
}

/** The arguments of a `$ ftpcheck …` line, with the README's example target replaced by a real one. */
function commandOf(block: string[], example: string, target: string): string[] {
  const line = block.find((l) => l.startsWith('$ ftpcheck '));
  assert.ok(line, 'the block shows its command');
  return line
    .slice('$ ftpcheck '.length)
    .split(/\s+/)
    .map((word) => (word === example ? target : word));
}

interface Served {
  stderr: () => string;
  stop: () => Promise<void>;
}

function startServe(args: string[]): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('stop with Ctrl-C'))
        resolve({
          stderr: () => stderr,
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
    });
    void exited.then(() => reject(new Error(`serve exited: ${stderr}`)));
  });
}

describe('README', () => {
  let filtered: Fixture;
  let healthy: Fixture;
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-readme-'));
  before(async () => {
    [filtered, healthy] = await Promise.all([startFixture('pasv-filtered'), startFixture('healthy')]);
  });
  after(async () => {
    await Promise.all([filtered.close(), healthy.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('"For people": the report of a filtered passive range', async () => {
    const block = blockWith('$ ftpcheck 198.18.2.2 --timeout 2');
    const run = await runCli(commandOf(block, '198.18.2.2', `127.0.0.1:${filtered.port}`));
    assert.equal(run.code, 1);
    assertKeyLines(block, run.stdout, [
      ': DEGRADED (exit 1)',
      '│ Stage ',
      '│ passive  │ ✘ fail',
      '  passive data client',
      'Findings',
      '✘ ERROR pasv-data-filtered — ',
      '  Seen           Connecting to the data port',
      'Each finding on its own',
    ]);
  });

  it('"Nagios and Icinga": the plugin output', async () => {
    const block = blockWith('$ ftpcheck ftp.example.com --mode passive --format nagios');
    const run = await runCli(commandOf(block, 'ftp.example.com', `127.0.0.1:${filtered.port}`));
    assert.equal(run.code, 2);
    assertKeyLines(block, run.stdout, ['FTP CRITICAL - ', '[ERROR] pasv-data-filtered: ']);
  });

  it('"Testing a firewall": serve as shown, and the check from outside passes', async () => {
    const shown = blockWith('$ ftpcheck serve ');
    const recipe = blockWith('ftpcheck serve --port 21 ');
    assert.ok(recipe.includes('ftpcheck 203.0.113.7'), 'the recipe checks the address it advertises');
    const port = await freePort();
    const free = await freePortRange(11);
    const range = `${free.min}-${free.max}`;
    const args = commandOf(shown, '203.0.113.7', '127.0.0.1').slice(1);
    assert.deepEqual(args, ['--pasv-range', '50000-50010', '--pasv-address', '127.0.0.1']);
    const served = await startServe([
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      ...args.map((a) => (a === '50000-50010' ? range : a)),
    ]);
    try {
      // The README shows the default host; here the server listens on loopback only.
      assertKeyLines(
        shown.map((l) => l.replace('0.0.0.0', '127.0.0.1')),
        served.stderr(),
        [
          'ftpcheck test server: ',
          'listening on',
          'passive ports',
          'PASV replies name',
          'test it from outside',
          'stop with',
        ],
      );
      const { report } = await runJson([`127.0.0.1:${port}`, '--timeout', '2']);
      assert.equal(report.verdict, 'ok');
    } finally {
      await served.stop();
    }
  });

  it('"Usage": every option the synopsis and the option table name exists in that command\'s --help', async () => {
    const synopsis = blockWith('ftpcheck <target> [options]');
    // The check's option table: the first table of the Usage section.
    const usage = README.slice(README.indexOf('## Usage'));
    const table = usage
      .slice(usage.indexOf('| option |'), usage.indexOf('\n\n', usage.indexOf('| option |')))
      .split('\n');
    assert.ok(table.length > 10, 'the option table is there');
    const helps = new Map<string, string>();
    const helpOf = async (command: string): Promise<string> => {
      const known = helps.get(command);
      if (known !== undefined) return known;
      const run = await runInProcess([...(command === '' ? [] : [command]), '--help']);
      assert.equal(run.code, 0);
      helps.set(command, run.stdout);
      return run.stdout;
    };
    const lines = [...synopsis.map((l) => l.replace(/\s+#.*$/, '')), ...table.map((l) => `ftpcheck <target> ${l}`)];
    for (const line of lines) {
      const command = /^ftpcheck ([a-z]+)\b/.exec(line)?.[1];
      const help = await helpOf(command === undefined || command === 'target' ? '' : command);
      for (const option of line.match(/--[a-z][a-z0-9-]*/g) ?? []) {
        assert.ok(
          help.includes(option),
          `${option} (README: ${line.slice(0, 60)}…) is not in ftpcheck ${command ?? ''} --help`,
        );
      }
    }
  });

  it('"Usage" examples and "Many targets": the command lines are valid and run', async () => {
    const target = (example: string): string => {
      const port = String(healthy.port);
      if (example.startsWith('ftp://')) return `ftp://${example.slice(6).split('@')[0] ?? ''}@127.0.0.1:${port}`;
      return `127.0.0.1:${port}`;
    };
    const examples = [...blockWith('ftpcheck ftp.example.com '), ...blockWith('ftpcheck ftp1.example.com ')];
    const targets = join(dir, 'servers.txt');
    writeFileSync(targets, `127.0.0.1:${healthy.port}\n`);
    let ran = 0;
    for (const line of examples) {
      const command = line
        .replace(/\s+#.*$/, '')
        .replace(/\s*\|.*$/, '')
        .trim();
      const start = command.indexOf('ftpcheck ');
      if (start < 0) continue;
      const env = command.startsWith('FTPCHECK_PASSWORD=') ? { FTPCHECK_PASSWORD: 'secret' } : {};
      const args = command
        .slice(start + 'ftpcheck '.length)
        .split(/\s+/)
        .map((w) => w.replace(/^'(.*)'$/, '$1'))
        .map((w) =>
          /example\.com|^203\.0\.113\.|^\[2001:db8/.test(w) ? target(w) : w === 'servers.txt' ? targets : w,
        );
      const run = await runInProcess([...args, ...(args.includes('--timeout') ? [] : ['--timeout', '2'])], { env });
      assert.ok(run.code !== 3, `${command}: exit ${run.code}: ${run.stderr}`);
      assert.ok(run.stdout.length > 0, command);
      ran++;
    }
    assert.ok(ran >= 6, `ran ${ran} commands`);
  });

  it('"For the helpdesk": every command runs', async () => {
    const block = blockWith('ftpcheck explain glossary');
    const target = `127.0.0.1:${healthy.port}`;
    const report = join(dir, 'ticket.html');
    for (const line of block) {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (!command.startsWith('ftpcheck ')) continue;
      const quoted = /"([^"]+)"/.exec(command)?.[1];
      const words = command
        .replace(/"[^"]+"/, 'QUOTED')
        .split(/\s+/)
        .slice(1);
      const args = words.map((w) =>
        w === 'HOST' ? target : w === 'ticket.html' ? report : w === 'QUOTED' ? (quoted ?? '') : w,
      );
      const run = await runInProcess([...args, ...(args[0] === target ? ['--timeout', '2'] : [])]);
      assert.ok(run.code === 0 || run.code === 1, `${command}: exit ${run.code}, ${run.stderr}`);
      assert.ok(run.stdout.length > 0, command);
    }
    assert.ok(existsSync(report), 'the HTML report was written');
  });

  it(
    '"FTPS": the plain comparison runs for --tls, anonymously, and not for ftps://',
    {
      skip: !opensslAvailable() && 'no openssl command',
    },
    async () => {
      assert.match(README, /That\s+comparison always logs in \*\*anonymously\*\*/);
      assert.match(README, /`ftps:\/\/`\s+\(implicit FTPS\) has no plain FTP on its port, so there is no comparison/);
      const port = await freePort();
      const implicitPort = await freePort();
      const served = await startServe([
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--tls',
        '--implicit-port',
        String(implicitPort),
      ]);
      try {
        const explicit = await runJson([`127.0.0.1:${port}`, '--tls', '--timeout', '3']);
        assert.equal(explicit.report.plainComparison?.ran, true);
        assert.match(explicit.report.plainComparison.summary, /anonymous connection/);
        const implicit = await runJson([`ftps://127.0.0.1:${implicitPort}`, '--timeout', '3']);
        assert.equal(implicit.report.plainComparison?.ran, false);
        assert.match(implicit.report.plainComparison.summary, /implicit FTPS has no plain FTP/);
      } finally {
        await served.stop();
      }
    },
  );

  it('"Run an agent": the recipe\'s options put the reflector where the internet can reach it', async () => {
    const block = blockWith('git clone REPOSITORY');
    const options = /FTPCHECK_OPTIONS=([^\\]+)\\n/.exec(block.join('\n'))?.[1];
    assert.ok(options?.includes('--reflector-host 0.0.0.0'), `FTPCHECK_OPTIONS: ${options ?? 'missing'}`);
    // Run here on loopback only: the recipe's 0.0.0.0 becomes 127.0.0.2, an address of its own, to show
    // that --reflector-host, not --listen, decides where the reflector listens.
    const args = (options ?? '')
      .trim()
      .split(/\s+/)
      .map((w) => (w === '0.0.0.0' ? '127.0.0.2' : w));
    const reflectorPort = await freePort();
    const agent = await startAgentCli([...args, '--reflector-port', String(reflectorPort)]);
    try {
      assert.match(
        await agent.stderrMatching(/reflector on/),
        new RegExp(`reflector on ftp://127\\.0\\.0\\.2:${reflectorPort}`),
      );
    } finally {
      await agent.stop();
    }
    const plain = await startAgentCli(['--reflector-port', String(reflectorPort)]);
    try {
      assert.match(
        await plain.stderrMatching(/reflector on/),
        new RegExp(`reflector on ftp://127\\.0\\.0\\.1:${reflectorPort}`),
      );
    } finally {
      await plain.stop();
    }
  });
});
