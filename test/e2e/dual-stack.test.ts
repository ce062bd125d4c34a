// A dual-stack name whose IPv6 path is silent (AAAA published, IPv6 dropped on the way): the built CLI
// races the families as RFC 8305 describes and checks the server over IPv4, naming how long IPv6 stayed
// silent. Built in a network namespace of the test's own: its /etc/hosts gives the name ::1 and
// 127.0.0.1, an ip6tables DROP makes every IPv6 SYN go unanswered, and `ftpcheck serve` listens on
// 127.0.0.1. Also: the sweep and the data connections follow the family that answered, an agent's check
// (its addresses resolved once and vetted) races the same way, and -4/-6 stay strict. Needs Linux, root,
// iproute2, ip6tables and curl; skips with the reason otherwise.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../../src/model/report.js';
import { ranStage } from '../../src/model/stage-report.js';
import { startDaemon, type Daemon } from '../lab/daemon.js';
import { runJson } from '../helpers/run-cli.js';

// Not the lab's prefix (fcl-): the lab's sweep of stale namespaces leaves this one alone.
const NS = `fche-${process.pid}`;
const NAME = 'dual.test';
// The namespace is the test's own: nothing else listens there.
const PORT = 2121;
const TIMEOUT_S = 5;

function unavailable(): string | false {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'needs root (a network namespace and ip6tables)';
  for (const [tool, args] of [
    ['ip', ['-V']],
    ['ip6tables', ['--version']],
    ['curl', ['--version']],
  ] as const) {
    try {
      execFileSync(tool, args, { stdio: 'ignore' });
    } catch {
      return `${tool} is not installed`;
    }
  }
  return false;
}

const skip = unavailable();
if (skip) console.log(`dual-stack test skipped: ${skip}`);

const inNs = (...args: string[]): void => {
  execFileSync('ip', ['netns', 'exec', NS, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
};

/** The built CLI inside the namespace, with --json; the report and exit code. */
async function checkInNs(args: string[]): Promise<{ code: number | null; report: Report; stderr: string }> {
  const { run, report } = await runJson(args, { via: ['ip', 'netns', 'exec', NS], noStdin: true });
  return { code: run.code, report, stderr: run.stderr };
}

describe('a dual-stack name whose IPv6 path is silent', { skip, concurrency: 1 }, () => {
  let server: Daemon | undefined;

  before(async () => {
    execFileSync('ip', ['netns', 'add', NS]);
    mkdirSync(`/etc/netns/${NS}`, { recursive: true });
    writeFileSync(`/etc/netns/${NS}/hosts`, `127.0.0.1 localhost\n::1 ${NAME}\n127.0.0.1 ${NAME}\n`);
    inNs('ip', 'link', 'set', 'lo', 'up');
    // Every IPv6 SYN is dropped without an answer, as a broken IPv6 path on the way does.
    inNs('ip6tables', '-A', 'INPUT', '-p', 'tcp', '--syn', '-j', 'DROP');
    server = await startDaemon(NS, ['serve', '--host', '127.0.0.1', '--port', String(PORT)], {}, /listening on \S+/);
  });

  after(async () => {
    await server?.stop();
    try {
      execFileSync('ip', ['netns', 'del', NS], { stdio: 'ignore' });
    } finally {
      rmSync(`/etc/netns/${NS}`, { recursive: true, force: true });
    }
  });

  it('checks the server over IPv4, ok, with address-fallback naming the silent wait', async () => {
    const { code, report } = await checkInNs([`${NAME}:${PORT}`, '--timeout', String(TIMEOUT_S)]);
    // The name must list ::1 first for this test to mean anything (RFC 6724 puts ::1 before 127.0.0.1).
    const dns = ranStage(report.stages, 'dns');
    assert.ok(dns && 'chosen' in dns && dns.chosen === '::1', `dns stage: ${JSON.stringify(dns)}`);
    assert.equal(report.verdict, 'ok', JSON.stringify(report.findings));
    assert.equal(code, 0);
    assert.equal(report.target.address, '127.0.0.1');
    const fallback = report.findings.find((f) => f.code === 'address-fallback');
    assert.ok(fallback, `findings: ${report.findings.map((f) => f.code).join(', ')}`);
    assert.equal(fallback.severity, 'info');
    const silent =
      /^::1 \(IPv6\): no answer to the SYN for (\d+) ms; ftpcheck used the other address \(127\.0\.0\.1\)\.$/.exec(
        fallback.evidence,
      );
    assert.ok(silent, `evidence: ${fallback.evidence}`);
    // IPv6 was given up when IPv4 answered, long before the connect wait ran out.
    assert.ok(Number(silent[1]) < TIMEOUT_S * 1000, fallback.evidence);
    assert.ok(!report.findings.some((f) => f.code === 'control-filtered'));
    // The data connections follow the control connection's family.
    const data = report.connections.filter((c) => c.kind !== 'control' && c.status === 'ok');
    assert.ok(data.length > 0, JSON.stringify(report.connections));
    for (const c of data) assert.equal(c.to.address, '127.0.0.1', JSON.stringify(c));
  });

  it('sweeps the passive range on the address the control connection reached', async () => {
    const { report } = await checkInNs([
      `${NAME}:${PORT}`,
      '--mode',
      'passive',
      '--sweep-pasv-range',
      '40000-40009',
      '--timeout',
      String(TIMEOUT_S),
    ]);
    assert.ok(report.sweep?.ran, JSON.stringify(report.sweep));
    assert.equal(report.sweep.address, '127.0.0.1');
    // Nothing listens there in the namespace: every port refuses, none stays silent as IPv6 would.
    assert.equal(report.sweep.counts.closed, 10, report.sweep.summary);
  });

  it("an agent's check races only the addresses it resolved and vetted", async () => {
    // A loopback listener: any target, no token. Its answer is read inside the namespace with curl.
    const agent = await startDaemon(
      NS,
      ['agent', '--listen', '127.0.0.1:9821', '--no-reflector', '--name', 'ns-agent'],
      {},
      /listening on (http:\/\/\S+)/,
    );
    try {
      const out = execFileSync(
        'ip',
        [
          'netns',
          'exec',
          NS,
          'curl',
          '-s',
          '-m',
          '60',
          '-H',
          'Content-Type: application/json',
          '-d',
          JSON.stringify({ target: `${NAME}:${PORT}` }),
          `${agent.ready[1] ?? ''}api/check`,
        ],
        { encoding: 'utf8' },
      );
      const report = JSON.parse(out) as Report;
      assert.equal(report.vantage?.name, 'ns-agent');
      assert.equal(report.verdict, 'ok', out.slice(0, 500));
      assert.ok(
        report.findings.some((f) => f.code === 'address-fallback'),
        out.slice(0, 500),
      );
      assert.equal(report.target.address, '127.0.0.1');
    } finally {
      await agent.stop();
    }
  });

  it('keeps -6 strict: only the silent IPv6 address, and its verdict', async () => {
    const { code, report } = await checkInNs([`${NAME}:${PORT}`, '-6', '--timeout', '1']);
    assert.equal(report.verdict, 'failed');
    assert.notEqual(code, 0);
    const codes = report.findings.map((f) => f.code);
    assert.ok(codes.includes('control-filtered'), codes.join(', '));
    assert.ok(!codes.includes('address-fallback'), codes.join(', '));
  });

  it('keeps -4 strict: IPv4 alone, nothing to fall back from', async () => {
    const { code, report } = await checkInNs([`${NAME}:${PORT}`, '-4', '--timeout', String(TIMEOUT_S)]);
    assert.equal(report.verdict, 'ok');
    assert.equal(code, 0);
    assert.ok(!report.findings.some((f) => f.code === 'address-fallback'));
  });
});
