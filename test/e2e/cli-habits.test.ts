// The command line as people type it and the ways a run ends: `host port` as ftp/telnet/nc take it,
// near-miss options, options without their value, sftp://, the --report file, a reader that goes away,
// Ctrl-C, and a password typed at a terminal. Each runs the built CLI and checks what a user sees.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFixture } from '../../fixtures/fault-server.js';
import type { Report } from '../../src/model/report.js';
import { type EmbeddedServer, startEmbeddedServer } from '../../src/server/embedded-server.js';
import { freePort } from '../helpers/loopback.js';
import { onTerminal } from '../helpers/pty.js';
import { type CliRun, runCli, runJson, startCli } from '../helpers/run-cli.js';

/** A loopback listener that accepts and never speaks; `connected` resolves at its first connection. */
async function silentListener(): Promise<{
  port: number;
  connected: Promise<void>;
  count(): number;
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let count = 0;
  let onFirst: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (onFirst = resolve));
  const server: Server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onFirst();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    connected,
    count: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('targets as people type them', () => {
  let server: EmbeddedServer;
  before(async () => {
    server = await startEmbeddedServer({ port: 0 });
  });
  after(() => server.close());

  it('`ftpcheck 127.0.0.1 PORT` checks 127.0.0.1:PORT, with a note on stderr', async () => {
    const { run, report } = await runJson(['127.0.0.1', String(server.port), '--mode', 'passive', '--timeout', '3']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(report.target.host, '127.0.0.1');
    assert.equal(report.target.port, server.port);
    assert.match(run.stderr, new RegExp(`"127\\.0\\.0\\.1 ${server.port}" read as 127\\.0\\.0\\.1:${server.port}`));
    assert.doesNotMatch(run.stdout + run.stderr, /0\.0\.\d+\.\d+/, 'the port is never read as an address');
  });

  it('each target is read once: its note and its warnings appear once, with --from here and with several targets', async () => {
    const url = `ftp://bob:s3cr3t@127.0.0.1:${server.port}`;
    const quick = ['--mode', 'passive', '--timeout', '3', '--json'];
    const count = (text: string, pattern: RegExp): number => text.split('\n').filter((l) => pattern.test(l)).length;
    for (const args of [
      ['127.0.0.1', String(server.port)],
      ['127.0.0.1', String(server.port), '--from', 'here'],
      [url],
      [url, '--from', 'here'],
      [url, url, `127.0.0.1:${server.port}`],
    ]) {
      const run = await runCli([...args, ...quick]);
      assert.ok(run.code === 0 || run.code === 2, `${args.join(' ')}: ${run.stderr}`);
      const lines = run.stderr;
      if (args.includes(url)) assert.equal(count(lines, /visible to other users/), 1, `${args.join(' ')}: ${lines}`);
      else assert.equal(count(lines, /read as 127\.0\.0\.1:/), 1, `${args.join(' ')}: ${lines}`);
    }
  });

  it('a target that names its port, then a lone number: a usage error naming both', async () => {
    const run = await runCli([`127.0.0.1:${server.port}`, '2200']);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /port given twice: "127\.0\.0\.1:\d+" names port \d+, then 2200 follows/);
  });

  it('an unbracketed IPv6 address ending in a port-like group: a warning naming [addr]:port, and the check goes on', async () => {
    // ::ffff:7f00:1 is 127.0.0.1 as an IPv4-mapped address; its last group "1" could be a port.
    const closed = await freePort();
    const run = await runCli(['::ffff:7f00:1', '--port', String(closed), '--timeout', '2', '--json']);
    assert.match(run.stderr, /warning: ::ffff:7f00:1 is checked as the IPv6 address ::ffff:7f00:1, port \d+/);
    assert.match(run.stderr, /write "\[::ffff:7f00\]:1"/);
    assert.notEqual(run.code, 3, 'a warning, not a usage error');
    const report = JSON.parse(run.stdout) as Report;
    assert.equal(report.target.host, '::ffff:7f00:1');
  });

  it('a --targets file keeps the plain rules: a lone number there is a host name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-targets-'));
    try {
      const file = join(dir, 'targets.txt');
      writeFileSync(file, `127.0.0.1:${server.port}\n`);
      const run = await runCli(['--targets', file, '--mode', 'passive', '--timeout', '3', '--json']);
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /read as/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mistakes fail loud, in one line that says what to type', () => {
  const mistakes: [string[], RegExp][] = [
    [['127.0.0.1', '--tiemout', '3'], /unknown option --tiemout: did you mean --timeout\?/],
    [['127.0.0.1', '--passive'], /unknown option --passive: did you mean --mode passive\?/],
    [['127.0.0.1', '--active'], /unknown option --active: did you mean --mode active\?/],
    [['127.0.0.1', '--password', 'x'], /did you mean FTPCHECK_PASSWORD=… in the environment, or --password-stdin\?/],
    [['127.0.0.1', '--mode'], /--mode needs a value \(passive, active, both\)/],
    [['127.0.0.1', '--timeout'], /--timeout needs a value/],
    [['127.0.0.1', '--timeout', '--json'], /--timeout needs a value/],
    [['127.0.0.1', '-t'], /--timeout needs a value/],
    [['127.0.0.1', '--report'], /--report needs a value/],
    [['127.0.0.1', '--report='], /--report needs a value/],
    [['127.0.0.1', '--report', ''], /--report needs a value/],
    [['demo', '--report'], /--report needs a value/],
    [['serve', '--port'], /--port needs a value/],
    [['serve', '--pasv-rang', '1-2'], /unknown option --pasv-rang for 'ftpcheck serve': did you mean --pasv-range\?/],
    [['reflect', 'http://127.0.0.1:1', '--timeout'], /--timeout needs a value/],
    [['reflect'], /ftpcheck reflect needs <url>: the agent/],
    [['serve', 'extra'], /unexpected argument extra \(usage: ftpcheck serve \[options\]\)/],
    [['sftp://127.0.0.1'], /sftp:\/\/ is SSH, a different protocol from FTP.*"ftpcheck 127\.0\.0\.1:22" still tells/],
    [['sftp://bob@127.0.0.1:2222/home'], /sftp -P 2222 user@host.*"ftpcheck 127\.0\.0\.1:2222"/],
  ];
  for (const [args, message] of mistakes) {
    it(`exit 3 before any check: ${args.join(' ')}`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 3, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(run.stderr.trim().split('\n').length, 2, run.stderr);
    });
  }

  it('what the sftp:// message promises: a check of an SSH port names SSH', async () => {
    const ssh = await startFixture('ssh');
    try {
      const { report } = await runJson([`127.0.0.1:${ssh.port}`, '--timeout', '2']);
      const finding = report.findings.find((f) => f.code === 'not-ftp');
      assert.ok(finding, JSON.stringify(report.findings.map((f) => f.code)));
      assert.match(finding.evidence, /SSH/);
    } finally {
      await ssh.close();
    }
  });
});

describe('the --report file', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ftpcheck-report-'));
    writeFileSync(join(dir, 'a-file'), '');
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const paths: [string, (dir: string) => string, RegExp][] = [
    ['a folder', (d) => d, /a folder; give a file name/],
    ['a folder with a slash', (d) => `${d}/`, /a folder; give a file name/],
    ['a missing folder', (d) => join(d, 'missing', 'r.html'), /the folder .*missing does not exist/],
    ['a file as its folder', (d) => join(d, 'a-file', 'r.html'), /a-file is not a folder/],
  ];
  for (const [what, path, message] of paths) {
    it(`${what}: exit 3 before the check connects`, async () => {
      const listener = await silentListener();
      try {
        const run = await runCli([`127.0.0.1:${listener.port}`, '--timeout', '1', '--report', path(dir)]);
        assert.equal(run.code, 3);
        assert.match(run.stderr, message);
        assert.equal(listener.count(), 0, 'no connection was made');
      } finally {
        await listener.close();
      }
    });
  }

  it('demo judges its --report up front too', async () => {
    const run = await runCli(['demo', '--report', dir]);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /a folder; give a file name/);
    assert.doesNotMatch(run.stderr, /Started the built-in FTP server/);
  });

  it('a report that cannot be written at the end: exit 3, the report still printed', async () => {
    const listener = await silentListener();
    const folder = mkdtempSync(join(dir, 'gone-'));
    try {
      const run = startCli(
        [`127.0.0.1:${listener.port}`, '--timeout', '1', '--report', join(folder, 'r.html'), '--mode', 'passive'],
        { noStdin: true },
      );
      // The path was judged fine and the check is under way: now its folder goes away.
      await listener.connected;
      rmSync(folder, { recursive: true, force: true });
      const { code, stdout, stderr } = await run.ended;
      assert.equal(code, 3, stderr);
      assert.match(stderr, /could not write the report to .*r\.html: /);
      assert.match(stdout, /ftpcheck 127\.0\.0\.1:\d+: FAILED/);
    } finally {
      await listener.close();
    }
  });
});

describe('a reader that goes away ends the run quietly', () => {
  let server: EmbeddedServer;
  before(async () => {
    server = await startEmbeddedServer({ port: 0 });
  });
  after(() => server.close());

  /** The CLI with a stdout whose reader has already gone: every write meets EPIPE. */
  function closedStdout(args: string[]): Promise<CliRun> {
    const run = startCli(args, { noStdin: true });
    run.child.stdout.destroy();
    return run.ended;
  }

  const target = (): string => `127.0.0.1:${server.port}`;
  const commands: [string, () => string[]][] = [
    ['a check, human', () => [target(), '--mode', 'passive']],
    ['a check, --json', () => [target(), '--mode', 'passive', '--json']],
    ['a check, --jsonl', () => [target(), '--mode', 'passive', '--jsonl']],
    ['a check, nagios', () => [target(), '--mode', 'passive', '--format', 'nagios']],
    ['two targets, --jsonl', () => [target(), target(), '--mode', 'passive', '--jsonl']],
    ['demo --jsonl', () => ['demo', '--jsonl']],
    ['demo', () => ['demo']],
    ['guide', () => ['guide']],
    ['explain', () => ['explain']],
    ['explain CODE', () => ['explain', 'pasv-data-filtered']],
    ['--help', () => ['--help']],
    ['serve --help', () => ['serve', '--help']],
  ];
  for (const [what, args] of commands) {
    it(`${what}: exit 0, nothing on stderr about the pipe`, async () => {
      const run = await closedStdout(args());
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /EPIPE|\n\s+at |Error/);
    });
  }
});

describe('Ctrl-C', () => {
  for (const format of [['--json'], []]) {
    it(`says "interrupted", exits 130${format.length ? ', and --json prints nothing or one whole document' : ''}`, async () => {
      const listener = await silentListener();
      try {
        const run = startCli([`127.0.0.1:${listener.port}`, '--timeout', '30', ...format], { noStdin: true });
        // It waits for a greeting that never comes: interrupt it there.
        await listener.connected;
        run.child.kill('SIGINT');
        const { code, stdout, stderr } = await run.ended;
        assert.equal(code, 130);
        assert.match(stderr, /ftpcheck: interrupted\n$/);
        if (format.length > 0 && stdout !== '') assert.doesNotThrow(() => JSON.parse(stdout) as unknown, stdout);
        if (format.length === 0) assert.equal(stdout, '');
      } finally {
        await listener.close();
      }
    });
  }
});

describe('Ctrl-C on a terminal', () => {
  it('while a stage waits: the spinner stops, "interrupted", exit 130, the cursor shown again', async () => {
    const listener = await silentListener();
    try {
      const { code, screen } = await onTerminal([`127.0.0.1:${listener.port}`, '--timeout', '30'], {
        keys: ['Waiting for the greeting', '\\x03'],
      });
      const shown = screen.toString('utf8');
      assert.equal(code, 130, shown);
      // The last words: interrupted (the spinner stopped before), then at most the cursor shown again.
      const showCursor = '\x1b[?25h';
      const end = shown.endsWith(showCursor) ? shown.slice(0, -showCursor.length) : shown;
      assert.match(end, /ftpcheck: interrupted\r?\n$/);
      // ora hides the cursor while it spins; the last word on the cursor must be "show".
      assert.ok(shown.lastIndexOf('\x1b[?25h') > shown.lastIndexOf('\x1b[?25l'), JSON.stringify(shown.slice(-200)));
    } finally {
      await listener.close();
    }
  });

  it('at the password prompt: "interrupted", exit 130, no check', async () => {
    const listener = await silentListener();
    try {
      const { code, screen } = await onTerminal([`127.0.0.1:${listener.port}`, '--password-stdin'], {
        keys: ['password', '\\x03'],
      });
      assert.equal(code, 130, screen.toString('utf8'));
      assert.match(screen.toString('utf8'), /ftpcheck: interrupted/);
      assert.equal(listener.count(), 0);
    } finally {
      await listener.close();
    }
  });
});

describe('--password-stdin', () => {
  let server: EmbeddedServer;
  before(async () => {
    server = await startEmbeddedServer({ port: 0, users: [{ name: 'bob', password: 'pw-on-tty-7' }] });
  });
  after(() => server.close());

  for (const [typed, verdict] of [
    ['pw-on-tty-7', /FTP OK/],
    ['wrong-pw-on-tty', /login-failed/],
  ] as const) {
    it(`on a terminal: a prompt on the terminal, no echo, and the typed password is used (${verdict.source})`, async () => {
      const { screen } = await onTerminal(
        [`ftp://bob@127.0.0.1:${server.port}`, '--password-stdin', '--mode', 'passive', '--format', 'nagios'],
        { answer: ['password', typed] },
      );
      const shown = screen.toString('utf8');
      assert.match(shown, /FTP password \(not shown\): /);
      assert.ok(!shown.includes(typed), `the password was echoed: ${JSON.stringify(shown)}`);
      assert.match(shown, verdict);
    });
  }

  it('from a pipe: read as before, no prompt', async () => {
    const run = await runCli(
      [`ftp://bob@127.0.0.1:${server.port}`, '--password-stdin', '--mode', 'passive', '--format', 'nagios'],
      { input: 'pw-on-tty-7\n' },
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.doesNotMatch(run.stderr, /FTP password/);
  });
});
