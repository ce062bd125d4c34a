// `ftpcheck TARGET --from …` as a user runs it: the built CLI, a real agent (`ftpcheck agent`) on
// loopback, the embedded server as the target. The vantages differ for real where a second agent runs
// in a mount namespace of its own whose /etc/hosts knows a name this machine's does not (split DNS).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Report } from '../../src/model/report.js';
import type { ReportSet } from '../../src/report/json.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { canUnshareMount, startAgentCli, startWithHosts, TEST_TOKEN } from '../helpers/agent.js';
import { freePort } from '../helpers/loopback.js';
import { runCli } from '../helpers/run-cli.js';
import { assertSchema } from '../helpers/schema.js';
import { forSuite } from '../helpers/suite.js';

const env = { FTPCHECK_AGENT_TOKEN: TEST_TOKEN };

/** Runs with --json and returns the one document, checked against the schema. */
async function fromJson(args: string[]): Promise<{ code: number | null; stderr: string; doc: ReportSet }> {
  const run = await runCli([...args, '--json'], { env });
  let doc: ReportSet;
  try {
    doc = JSON.parse(run.stdout) as ReportSet;
  } catch {
    throw new Error(`not one JSON document (exit ${String(run.code)}): ${run.stdout}\n${run.stderr}`);
  }
  assertSchema(doc);
  return { code: run.code, stderr: run.stderr, doc };
}

/** What must be equal between two checks of one server from one machine: no timings, ports or vantage. */
const comparable = (r: Report): unknown => ({
  target: r.target,
  verdict: r.verdict,
  exitCode: r.exitCode,
  server: r.server,
  stages: r.stages.map((s) => [s.name, s.status]),
  findings: r.findings.map((f) => f.code),
  connections: r.connections.map((c) => [c.kind, c.status, c.from.address, c.to.address]),
});

/** An HTTP server on loopback that answers every request with this status, headers and body. */
async function fakeAgent(status: number, body: string, headers: Record<string, string> = {}): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const urlOf = (server: Server): string => {
  const a = server.address();
  return typeof a === 'object' && a ? `http://127.0.0.1:${a.port}/` : '';
};

describe('--from: one target from several vantages', () => {
  const ftp = forSuite(
    () => startEmbeddedServer({ port: 0 }),
    (s) => s.close(),
  );
  const agent = forSuite(
    () => startAgentCli(['--name', 'test-vantage']),
    (a) => a.stop(),
  );
  const target = (): string => `127.0.0.1:${ftp().port}`;

  it('--from URL prints the report a check from here gives, with the agent as its vantage', async () => {
    const [{ code, doc }, local] = await Promise.all([
      fromJson([target(), '--from', agent().url, '--mode', 'passive']),
      runCli([target(), '--mode', 'passive', '--json']),
    ]);
    assert.equal(code, 0);
    assert.equal(doc.results.length, 1);
    const [remote] = doc.results;
    assert.ok(remote);
    assert.deepEqual(remote.vantage, { name: 'test-vantage', address: '127.0.0.1' });
    assert.deepEqual(comparable(remote), comparable(JSON.parse(local.stdout) as Report));
    assert.deepEqual(doc.comparison, { findings: [] });
  });

  it('--from here --from URL against a healthy server: both reports, named, and no vantage-differs', async () => {
    const { code, doc } = await fromJson([target(), '--from', 'here', '--from', agent().url, '--mode', 'passive']);
    assert.equal(code, 0);
    assert.deepEqual(
      doc.results.map((r) => r.vantage?.name),
      ['here', 'test-vantage'],
    );
    assert.deepEqual(doc.comparison?.findings, []);
    const human = await runCli([target(), '--from', 'here', '--from', agent().url, '--mode', 'passive'], { env });
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^── from here \(127\.0\.0\.1\) ─+$/m);
    assert.match(human.stdout, /^── from test-vantage \(127\.0\.0\.1\) ─+$/m);
    assert.match(human.stdout, /The vantages agree/);
    const nagios = await runCli(
      [target(), '--from', 'here', '--from', agent().url, '--mode', 'passive', '--format', 'nagios'],
      { env },
    );
    assert.equal(nagios.code, 0);
    assert.match(nagios.stdout, /^FTP OK - 127\.0\.0\.1:\d+ from 2 vantages: here ok, test-vantage ok \| /);
  });

  it('--me: the agent checks the address it sees this machine come from (127.0.0.1 on loopback)', async () => {
    const { code, stderr, doc } = await fromJson([
      '--from',
      agent().url,
      '--me',
      '--port',
      String(ftp().port),
      '--mode',
      'passive',
    ]);
    assert.equal(code, 0, stderr);
    const report = doc.results[0];
    assert.ok(report);
    assert.equal(report.target.address, '127.0.0.1');
    assert.equal(report.target.port, ftp().port);
    assert.equal(report.verdict, 'ok');
    assert.match(stderr, /your address as test-vantage sees it: 127\.0\.0\.1 \(port \d+ checked\)/);
  });

  it('refusals and broken agents: one line each on stderr, exit 3, never the token', async () => {
    const wrong = await runCli([target(), '--from', agent().url], {
      env: { FTPCHECK_AGENT_TOKEN: 'not-the-token-at-all' },
    });
    assert.equal(wrong.code, 3);
    assert.match(
      wrong.stderr,
      /^ftpcheck: --from http:\/\/127\.0\.0\.1:\d+: the agent did not accept the token \(401\)/m,
    );
    assert.doesNotMatch(wrong.stderr + wrong.stdout, /not-the-token-at-all/);

    const withPassword = await runCli([target(), '--from', `http://user:${TEST_TOKEN}@127.0.0.1:1/`], { env });
    assert.equal(withPassword.code, 3);
    assert.match(withPassword.stderr, /remove the user and password from the URL/);
    assert.ok(!withPassword.stderr.includes(TEST_TOKEN));

    const nobody = await runCli([target(), '--from', `http://127.0.0.1:${await freePort()}`, '--timeout', '2'], {
      env,
    });
    assert.equal(nobody.code, 3);
    assert.match(nobody.stderr, /could not reach the agent: .*ECONNREFUSED/);

    const busy = await fakeAgent(429, '{"error":"rate limit"}', { 'retry-after': '7' });
    const shapeless = await fakeAgent(200, '{"schema":"ftpcheck/1","target":"\\u001b[2Jx"}');
    try {
      const both = await runCli([target(), '--from', urlOf(busy), '--from', urlOf(shapeless), '--from', 'here'], {
        env,
      });
      assert.equal(both.code, 3, 'an agent without a report makes the run exit 3');
      assert.match(both.stderr, /\(429\): rate limit; try again in 7 s/);
      assert.match(both.stderr, /report does not match schema ftpcheck\/1 at \/: missing "user"/);
      assert.ok(!both.stderr.includes('\x1b'));
      assert.match(both.stdout, /── from here /, 'the vantages that answered still print');
    } finally {
      busy.close();
      shapeless.close();
    }
  });

  it('usage mistakes are caught before any traffic', async () => {
    for (const [args, message] of [
      [['--from', 'here', '--me'], /--me is for agents/],
      [['127.0.0.1', '--me'], /--me needs --from URL/],
      [['a', 'b', '--from', 'here'], /exactly one target/],
      [['a', '--from', 'ftp://x'], /starts with http:\/\/ or https:\/\//],
      [['a', '--from', 'here', '--from', 'here'], /each vantage once/],
    ] as const) {
      const run = await runCli([...args], { env });
      assert.equal(run.code, 3, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });
});

describe(
  '--from: vantages that differ for real (split DNS)',
  { skip: !canUnshareMount() && 'needs unshare --mount' },
  () => {
    const dir = forSuite(
      () => mkdtempSync(join(tmpdir(), 'ftpcheck-from-')),
      (d) => rmSync(d, { recursive: true, force: true }),
    );
    const ftp = forSuite(
      () => startEmbeddedServer({ host: '127.0.0.2', port: 0 }),
      (s) => s.close(),
    );
    const inside = forSuite(
      () => {
        const hosts = join(dir(), 'hosts');
        writeFileSync(hosts, `${readFileSync('/etc/hosts', 'utf8')}\n127.0.0.2 ftp-inside.test\n`);
        return startWithHosts(hosts, ['--name', 'inside-dns'], env);
      },
      (a) => a.stop(),
    );

    it('the name resolves at the agent only: vantage-differs on the name lookup, and each report as it ended', async () => {
      const { code, doc } = await fromJson([
        `ftp-inside.test:${ftp().port}`,
        '--from',
        'here',
        '--from',
        inside().url,
        '--mode',
        'passive',
        '--timeout',
        '3',
      ]);
      assert.equal(code, 2, 'the worst vantage: here cannot resolve the name');
      const [here, there] = [doc.results[0], doc.results[1]];
      assert.ok(here && there);
      assert.equal(here.verdict, 'failed');
      assert.equal(here.findings[0]?.code, 'dns-unresolved');
      assert.equal(there.verdict, 'ok');
      assert.equal(there.target.address, '127.0.0.2');
      const findings = doc.comparison?.findings ?? [];
      assert.deepEqual(
        findings.map((f) => [f.code, f.stage]),
        [['vantage-differs', 'dns']],
      );
      assert.match(findings[0]?.evidence ?? '', /works from inside-dns .* and fails from here/);
      assert.match(findings[0]?.likelyRule ?? '', /internal DNS zone/);
    });
  },
);
