// The command line as a user meets it: help, version, mistakes, secrets, colour, the demo.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Report } from '../../src/model/report.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { runCli, runJson } from '../helpers/run-cli.js';

describe('command line', () => {
  it('--version prints the version', async () => {
    const run = await runCli(['--version']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('--help shows usage and examples on stdout', async () => {
    const run = await runCli(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Usage: ftpcheck <target>/);
    assert.match(run.stdout, /Examples:/);
    assert.match(run.stdout, /Exit codes/);
  });

  const mistakes: [string[], RegExp][] = [
    [['127.0.0.1', '--port', '99999'], /invalid --port 99999: expected a whole number from 1 to 65535/],
    [['127.0.0.1', '--bogus'], /unknown option --bogus/],
    [['[::1'], /unbalanced brackets|not an IPv6/],
    [['host', '--mode', 'sideways'], /invalid --mode "sideways": expected passive, active or both/],
    [['host', '--timeout', 'soon'], /invalid --timeout/],
    [['http://example.com'], /unsupported scheme/],
    [[], /missing target/],
    [['127.0.0.1', '--ca', '/nonexistent/ca.pem', '--tls'], /--ca/],
  ];
  for (const [args, message] of mistakes) {
    it(`a mistake gets one line and exit 3: ${args.join(' ') || '(no arguments)'}`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 3);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      assert.ok(run.stderr.trim().split('\n').length <= 2, run.stderr);
    });
  }

  it('never shows a password: not from the URL, not from the environment', async () => {
    const server = await startEmbeddedServer({ port: 0, users: [{ name: 'bob', password: 's3cr3t-url' }] });
    try {
      for (const args of [[`ftp://bob:s3cr3t-url@127.0.0.1:${server.port}`], [`ftp://bob@127.0.0.1:${server.port}`]]) {
        for (const format of [['--json', '--verbose'], ['--verbose']]) {
          const run = await runCli([...args, ...format, '--timeout', '2', '--mode', 'passive'], {
            env: { FTPCHECK_PASSWORD: 's3cr3t-env' },
          });
          const all = run.stdout + run.stderr;
          assert.doesNotMatch(all, /s3cr3t/);
          assert.match(run.stdout, /PASS \*\*\*\*/);
          if (format.includes('--json')) {
            const report = JSON.parse(run.stdout) as Report;
            assert.ok(
              report.transcript.some((e) => e.dir === 'send' && e.text === 'PASS ****'),
              'the transcript shows the masked PASS',
            );
          }
        }
      }
      const warned = await runCli([
        `ftp://bob:s3cr3t-url@127.0.0.1:${server.port}`,
        '--timeout',
        '2',
        '--mode',
        'passive',
      ]);
      assert.match(warned.stderr, /visible to other users/);
    } finally {
      await server.close();
    }
  });

  it('human output without colour codes when NO_COLOR is set or output is piped', async () => {
    const server = await startEmbeddedServer({ port: 0 });
    try {
      const run = await runCli([`127.0.0.1:${server.port}`, '--timeout', '2']);
      assert.equal(run.code, 0);
      assert.ok(!run.stdout.includes('\x1b['), 'no escape sequences when stdout is not a terminal');
      assert.match(run.stdout, /OK \(exit 0\)/);
      assert.match(run.stdout, /passive\s+│ ✔ pass/);
      assert.equal(run.stderr, '', 'no spinners when stderr is not a terminal');
    } finally {
      await server.close();
    }
  });

  it('explain shows an article, lists all codes, and suggests the nearest for a typo', async () => {
    const article = await runCli(['explain', 'pasv-data-filtered']);
    assert.equal(article.code, 0);
    assert.match(article.stdout, /How to confirm:/);
    assert.match(article.stdout, /vsftpd: pasv_min_port=MIN/);
    const list = await runCli(['explain']);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^dns-unresolved\s+error/m);
    const typo = await runCli(['explain', 'pasv-filtered']);
    assert.equal(typo.code, 3);
    assert.match(typo.stderr, /nearest are: pasv-data-filtered/);
    assert.equal(typo.stdout, '');
  });

  it('guide prints the troubleshooting guide', async () => {
    const run = await runCli(['guide']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Works without TLS, fails with TLS/);
    assert.match(run.stdout, /tls-hides-pasv-from-firewall — /);
  });

  it('demo checks the built-in server and passes', async () => {
    const { run, report } = await runJson(['demo']);
    assert.equal(run.code, 0);
    assert.equal(report.verdict, 'ok');
    assert.equal(report.server.software, 'ftp-srv');
  });
});
