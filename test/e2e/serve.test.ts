// `ftpcheck serve` as an admin runs it: it starts, says where it listens, passes checks (also after a
// sweep of its passive range, and many in a row on a small range), releases its passive ports, refuses
// a root that is not a directory, and stops on SIGTERM with exit code 0. `serve` is the built CLI; the
// checks of it run the CLI's code in-process, but for one of each form (JSON and human) as a user runs it.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { makeCerts, opensslAvailable } from '../helpers/certs.js';
import { freePort, freePortRange } from '../helpers/loopback.js';
import { runJsonInProcess } from '../helpers/in-process.js';
import { CLI, codesOf, runCli, runJson } from '../helpers/run-cli.js';

interface Served {
  port: number;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

/** Starts `ftpcheck serve` on loopback and waits for the last line of what it prints at start. */
async function startServe(extra: string[], port?: number): Promise<Served> {
  port ??= await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'serve', '--host', '127.0.0.1', '--port', String(port), ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('stop with Ctrl-C')) resolve();
    });
    void exited.then((code) => reject(new Error(`serve exited (${code ?? 'signal'}): ${stderr}`)));
  });
  return {
    port,
    stderr: () => stderr,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Whether something accepts connections on the port now. */
const accepting = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/** Polls until no port of the range accepts connections; false if some still do after 10 s. */
async function rangeReleased(range: { min: number; max: number }): Promise<boolean> {
  const ports = Array.from({ length: range.max - range.min + 1 }, (_, i) => range.min + i);
  for (let i = 0; i < 200; i++) {
    if (!(await Promise.all(ports.map(accepting))).some(Boolean)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('serve', () => {
  it("serves anonymous read-only FTP until SIGTERM, greeting without ftp-srv's own line", async () => {
    const served = await startServe([]);
    try {
      assert.match(served.stderr(), new RegExp(`listening on 127\\.0\\.0\\.1:${served.port}`));
      const { report } = await runJson([`127.0.0.1:${served.port}`, '--timeout', '2']);
      assert.equal(report.verdict, 'ok');
      assert.equal(report.server.software, 'ftp-srv');
      const human = await runCli([`127.0.0.1:${served.port}`, '--timeout', '2']);
      // The table may wrap the greeting inside its cell: read the cell's lines as one.
      const cells = human.stdout.replace(/[│\s]+/g, ' ');
      assert.match(cells, /"220 ftpcheck test server \(ftp-srv\), read-only"/);
      assert.doesNotMatch(human.stdout, /Features: a/);
    } finally {
      assert.equal(await served.stop(), 0);
    }
  });

  it('keeps its passive ports usable: a sweep, then 20 checks of an 11-port range, all ok, ports released', async () => {
    const range = await freePortRange(11);
    const served = await startServe(['--pasv-range', `${range.min}-${range.max}`]);
    try {
      const sweep = await runJsonInProcess([
        `127.0.0.1:${served.port}`,
        '--timeout',
        '2',
        '--sweep-pasv-range',
        'auto',
      ]);
      assert.equal(sweep.report.verdict, 'ok', JSON.stringify(sweep.report.findings.map((f) => f.code)));
      for (let i = 0; i < 20; i++) {
        const { report } = await runJsonInProcess([`127.0.0.1:${served.port}`, '--timeout', '2']);
        assert.equal(report.verdict, 'ok', `check ${i + 1}: ${report.findings.map((f) => f.code).join(', ')}`);
      }
      assert.ok(await rangeReleased(range), 'no passive port still listens once the checks have ended');
    } finally {
      await served.stop();
    }
  });

  it('refuses a --root that is missing or not a directory, in one line with exit code 3', async () => {
    const missing = await runCli(['serve', '--host', '127.0.0.1', '--port', '2121', '--root', '/nonexistent/typo']);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /^ftpcheck: --root \/nonexistent\/typo: no such directory$/m);
    const file = await runCli(['serve', '--host', '127.0.0.1', '--port', '2121', '--root', CLI]);
    assert.equal(file.code, 3);
    assert.match(file.stderr, /: not a directory$/m);
  });

  it(
    'serves explicit and implicit FTPS with --tls, with a made certificate whose fingerprint it prints',
    {
      skip: !opensslAvailable() && 'no openssl command',
    },
    async () => {
      const implicitPort = await freePort();
      const served = await startServe(['--tls', '--implicit-port', String(implicitPort)]);
      try {
        const fingerprint = /certificate SHA-256 ([0-9A-F:]{95}) \(self-signed/.exec(served.stderr())?.[1];
        assert.ok(fingerprint, served.stderr());
        assert.match(served.stderr(), new RegExp(`implicit FTPS on 127\\.0\\.0\\.1:${implicitPort}`));
        // A made certificate is nobody's trusted one: ftpcheck says so, and nothing else.
        for (const target of [[`127.0.0.1:${served.port}`, '--tls'], [`ftps://127.0.0.1:${implicitPort}`]]) {
          const { report } = await runJsonInProcess([...target, '--timeout', '3']);
          const problems = report.findings.filter((f) => f.severity !== 'info').map((f) => f.code);
          assert.deepEqual(problems, ['tls-certificate-untrusted'], target.join(' '));
          assert.ok(JSON.stringify(report).includes(fingerprint), 'the certificate the client saw is the one printed');
        }
        const plain = await runJsonInProcess([`127.0.0.1:${served.port}`, '--timeout', '3']);
        assert.equal(plain.report.verdict, 'ok', 'plain FTP still works on the control port');
      } finally {
        assert.equal(await served.stop(), 0);
      }
    },
  );

  it(
    'serves FTPS with the given --cert and --key; AUTH TLS works for curl every time',
    {
      skip: !opensslAvailable() && 'no openssl command',
    },
    async () => {
      const certs = makeCerts();
      const served = await startServe([
        '--tls',
        '--cert',
        join(certs.dir, 'good.pem'),
        '--key',
        join(certs.dir, 'good.key'),
      ]);
      try {
        assert.doesNotMatch(served.stderr(), /self-signed/);
        const { report } = await runJsonInProcess([
          `127.0.0.1:${served.port}`,
          '--tls',
          '--ca',
          certs.caFile,
          '--timeout',
          '3',
        ]);
        assert.equal(report.verdict, 'ok', codesOf(report).join(', '));
        // ftp-srv's own AUTH TLS read the start of the handshake as a command about one time in three.
        const curl = (): Promise<string> =>
          new Promise((resolve) =>
            execFile(
              'curl',
              ['-sS', '--ssl-reqd', '--cacert', certs.caFile, '--max-time', '5', `ftp://127.0.0.1:${served.port}/pub/`],
              (err, stdout, stderr) => resolve(err ? `error: ${stderr}` : stdout),
            ),
          );
        for (let i = 0; i < 20; i++) assert.match(await curl(), /hello\.txt/, `curl attempt ${i + 1}`);
      } finally {
        await served.stop();
        certs.cleanup();
      }
    },
  );

  it('refuses --cert without --key', async () => {
    const alone = await runCli(['serve', '--host', '127.0.0.1', '--port', '2121', '--tls', '--cert', CLI]);
    assert.equal(alone.code, 3);
    assert.match(alone.stderr, /--cert and --key go together/);
  });
});
