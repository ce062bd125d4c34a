// The reflector in the real-network lab: the reflector and its API on the "internet" side, the client
// behind a Linux NAT router. With the kernel's FTP helper attached to the reflector's port (CT
// --helper ftp; nf_nat_ftp rewrites PORT) → alg-rewrites-port and the callback arrives; without it →
// active-callback-blocked; IPv6 without NAT → PORT/EPRT as sent. Skips with the reason where the lab
// or the helper cannot work here.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../../src/model/report.js';
import { ranStage } from '../../src/model/stage-report.js';
import { CLI } from '../helpers/run-cli.js';
import { assertSchema } from '../helpers/schema.js';
import { onInterrupt } from './interrupt.js';
import { labUnavailable } from './prerequisites.js';
import { inClient } from './run-scenario.js';
import { ftpHelperOn } from './scenario-kit.js';
import { buildTopology, type Host, sweepStale, type Topology, type TopologySpec } from './topology.js';

const REFLECTOR_PORT = '2121';
const AGENT_SCRIPT = fileURLToPath(new URL('./reflector-agent.ts', import.meta.url));

/** The client router's FTP helper, attached to the reflector's port instead of 21. */
const HELPER_ON_REFLECTOR = ftpHelperOn(REFLECTOR_PORT);

interface Case {
  name: string;
  topology: TopologySpec;
  /** Where the reflector runs, and on which of its addresses. */
  at: { host: Host; address: string };
  rules?: string[][];
  args?: string[];
  expect: { verdict: Report['verdict']; codes: string[]; absent: string[]; callback: 'arrived' | 'none' };
}

const CASES: Case[] = [
  {
    name: "behind NAT with the kernel's FTP helper on the reflector's port: PORT rewritten, the callback arrives",
    topology: { client: 'nat', server: 'public' },
    at: { host: 'server', address: '198.18.2.2' },
    rules: [HELPER_ON_REFLECTOR],
    expect: {
      verdict: 'degraded',
      codes: ['alg-rewrites-port', 'client-public-address'],
      absent: ['active-callback-blocked'],
      callback: 'arrived',
    },
  },
  {
    name: 'behind NAT without a helper: the callback from outside is blocked',
    topology: { client: 'nat', server: 'public' },
    at: { host: 'server', address: '198.18.2.2' },
    expect: {
      verdict: 'degraded',
      codes: ['active-callback-blocked', 'client-public-address'],
      absent: ['alg-rewrites-port'],
      callback: 'none',
    },
  },
  {
    name: 'IPv6 without NAT: EPRT arrives as sent, the callback arrives',
    topology: { client: 'nat', server: 'public', clientIpv6: { hosts: [] } },
    at: { host: 'clientRouter', address: '2001:db8:1::1' },
    args: ['--ipv6'],
    expect: {
      verdict: 'ok',
      codes: [],
      absent: ['alg-rewrites-port', 'active-callback-blocked', 'client-public-address'],
      callback: 'arrived',
    },
  },
];

/** Whether this kernel can attach the FTP helper by rule (nf_conntrack_ftp built in or loadable). */
function helperUnavailable(topology: Topology): string | false {
  try {
    topology.exec('clientRouter', HELPER_ON_REFLECTOR);
    topology.exec('clientRouter', ['iptables', '-t', 'raw', '-F', 'PREROUTING']);
    return false;
  } catch (err) {
    return `the kernel's FTP helper cannot be attached here (nf_conntrack_ftp): ${String(err).split('\n')[0] ?? ''}`;
  }
}

/** Starts the reflector and its API in a namespace; resolves with the API's URL and the child. */
function startAgentIn(topology: Topology, host: Host, address: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    'ip',
    ['netns', 'exec', topology.ns[host], process.execPath, '--import', 'tsx', AGENT_SCRIPT, address],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the reflector did not start within 15 s: ${err}`));
    }, 15_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /reflector-agent (\S+)/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      resolve({ url: m[1], child });
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the reflector exited (${code ?? 'signal'}): ${err}`));
    });
  });
}

async function stopAgent(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

const skip = labUnavailable();
if (skip) console.log(`reflector lab skipped: ${skip}`);

describe('reflector lab', { skip, concurrency: 1 }, () => {
  const rows: string[] = [];
  before(() => {
    sweepStale();
  });
  after(() => {
    console.log(['', '| scenario | verdict | findings | seconds |', '|---|---|---|---|', ...rows].join('\n'));
  });

  for (const c of CASES) {
    it(c.name, async (t) => {
      const topology = buildTopology(c.topology);
      let agent: ChildProcess | undefined;
      const release = onInterrupt(() => {
        agent?.kill('SIGKILL');
        topology.destroy();
      });
      try {
        if (c.rules) {
          const reason = helperUnavailable(topology);
          if (reason) {
            console.log(`skipped: ${reason}`);
            t.skip(reason);
            return;
          }
          for (const rule of c.rules) topology.exec('clientRouter', rule);
        }
        const started = await startAgentIn(topology, c.at.host, c.at.address);
        agent = started.child;
        const out = await inClient(
          topology,
          [process.execPath, CLI, 'reflect', started.url, '--json', '--timeout', '2', ...(c.args ?? [])],
          {},
        );
        let report: Report;
        try {
          report = JSON.parse(out.stdout) as Report;
        } catch {
          throw new Error(`no JSON report (exit ${out.code ?? 'signal'}): ${out.stdout.slice(0, 200)} ${out.stderr}`);
        }
        assertSchema(report);
        const codes: string[] = report.findings.map((f) => f.code);
        const detail = JSON.stringify(
          {
            findings: report.findings.map((f) => [f.code, f.severity, f.evidence]),
            stages: report.stages.map((s) => [s.name, s.status, s.summary]),
          },
          null,
          1,
        );
        rows.push(`| ${c.name} | ${report.verdict} | ${codes.join(', ') || '—'} | ${out.seconds.toFixed(1)} |`);
        console.log(`${c.name}: ${report.verdict} [${codes.join(', ')}] ${out.seconds.toFixed(1)} s`);
        if (process.env.FTPCHECK_LAB_VERBOSE) console.log(detail);
        for (const code of c.expect.codes) assert.ok(codes.includes(code), `expected ${code}\n${detail}`);
        for (const code of c.expect.absent) assert.ok(!codes.includes(code), `did not expect ${code}\n${detail}`);
        const problems = report.findings.filter((f) => f.severity !== 'info' && !c.expect.codes.includes(f.code));
        assert.deepEqual(
          problems.map((f) => f.code),
          [],
          `unexpected findings\n${detail}`,
        );
        assert.equal(report.verdict, c.expect.verdict, detail);
        assert.equal(out.code, report.exitCode);
        assert.equal(ranStage(report.stages, 'active')?.callback?.kind, c.expect.callback, detail);
        assert.equal(ranStage(report.stages, 'passive')?.status, 'pass', detail);
      } finally {
        release();
        if (agent) await stopAgent(agent);
        topology.destroy();
      }
    });
  }
});
