// The single executable (npm run build:sea) run with no Node.js on the PATH (an empty environment, PATH an
// empty directory): --version, a check, serve, agent, exporter, explain and guide, as a user would.
import assert from 'node:assert/strict';
import { type ChildProcessByStdio, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import type { Report } from '../../src/model/report.js';
import { freePort } from '../helpers/loopback.js';
import { type CliRun, runProcess } from '../helpers/run-cli.js';
import { assertSchema } from '../helpers/schema.js';
import { forSuite } from '../helpers/suite.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEA = join(ROOT, 'dist', 'sea', 'ftpcheck');
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** A PATH with nothing on it, so no node either (on merged-/usr systems even /bin has one). */
const PATH = mkdtempSync(join(tmpdir(), 'ftpcheck-sea-path-'));
after(() => {
  rmSync(PATH, { recursive: true, force: true });
});

const skip =
  process.platform === 'linux' && process.arch === 'x64' ? false : 'the single executable is built for linux-x64';

/** Runs the executable with an empty environment but PATH, and resolves with what a user sees. */
const runSea = (args: string[]): Promise<CliRun> => runProcess(SEA, args, { env: { PATH }, cwd: '/' });

/** A long-running subcommand, until it prints the URL it listens on (at most 20 s). */
async function startSea(args: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(SEA, args, {
    env: { PATH },
    cwd: '/',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let err = '';
  const url = await new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 20_000);
    const read = (d: Buffer): void => {
      err += d.toString();
      // The agent names its URL; serve says "listening on HOST:PORT".
      const found = /https?:\/\/[^\s/]+\/?|(?<=listening on )[\d.]+:\d+/.exec(err)?.[0];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then(() => resolve(undefined));
  });
  if (url === undefined) {
    await stop();
    throw new Error(`it did not say where it listens: ${err}`);
  }
  return { url, stop };
}

describe('the single executable, without Node.js', { skip }, () => {
  forSuite(
    () => execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-sea.mjs')], { cwd: ROOT, stdio: 'pipe' }),
    () => undefined,
  );
  const ftp = forSuite(
    () => startEmbeddedServer({ port: 0 }),
    (s) => s.close(),
  );

  it('prints its version, and explains a finding code and the guide', async () => {
    assert.ok(!existsSync(join(PATH, 'node')));
    const v = await runSea(['--version']);
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.stderr, '', 'no warnings of its own');
    assert.equal(v.stdout.trim(), version);
    const explain = await runSea(['explain', 'file-missing']);
    assert.equal(explain.code, 0, explain.stderr);
    assert.match(explain.stdout, /^file-missing — An expected file is not on the server/);
    const guide = await runSea(['guide']);
    assert.equal(guide.code, 0, guide.stderr);
    assert.match(guide.stdout, /FTP TROUBLESHOOTING GUIDE/);
  });

  it('checks a server, as the CLI does', async () => {
    const run = await runSea([`127.0.0.1:${ftp().port}`, '--mode', 'passive', '--json', '--expect-file', 'readme.txt']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assertSchema(report);
    assert.equal(report.verdict, 'ok');
    assert.equal(report.files?.[0]?.present, true);
    const refused = await runSea(['127.0.0.1:1', '--timeout', '1', '--format', 'nagios']);
    assert.equal(refused.code, 2);
    assert.match(refused.stdout, /^FTP CRITICAL - 127\.0\.0\.1:1: .*\(control-refused\)/);
  });

  it('serves FTP, runs an agent and an exporter', async () => {
    const server = await startSea(['serve', '--host', '127.0.0.1', '--port', String(await freePort())]);
    try {
      const check = await runSea([server.url, '--mode', 'passive', '--json']);
      assert.equal((JSON.parse(check.stdout) as Report).verdict, 'ok', check.stderr);
    } finally {
      await server.stop();
    }
    const agent = await startSea(['agent', '--listen', '127.0.0.1:0', '--no-reflector']);
    try {
      // On loopback without a token (the environment is empty), every page is open.
      assert.equal(((await (await fetch(new URL('/healthz', agent.url))).json()) as { status: string }).status, 'ok');
      const metrics = await (
        await fetch(new URL(`/probe?target=127.0.0.1:${ftp().port}&module=default`, agent.url))
      ).text();
      assert.match(metrics, /^ftpcheck_probe_success 1$/m);
    } finally {
      await agent.stop();
    }
    const exporter = await startSea(['exporter', '--listen', '127.0.0.1:0']);
    try {
      const own = await (await fetch(new URL('/metrics', exporter.url))).text();
      assert.match(own, /^ftpcheck_exporter_probes_in_flight 0$/m);
    } finally {
      await exporter.stop();
    }
  });
});
