// The real-network lab: each scenario builds namespaces, routers, NAT and firewall rules, runs vsftpd,
// and checks that the built ftpcheck names the right findings and verdict. Needs root, iproute2,
// iptables and vsftpd; skips itself with the reason where they are missing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { makeCerts, opensslAvailable, type TestCerts } from '../helpers/certs.js';
import { type LabTls, runScenario } from './run-scenario.js';
import { SCENARIOS } from './scenarios.js';
import { sweepStale } from './topology.js';
import { ensureLabUser } from './vsftpd.js';

function missing(): string | false {
  if (process.platform !== 'linux') return 'the lab needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'the lab needs root (network namespaces and iptables)';
  for (const [tool, args] of [['ip', ['netns', 'list']], ['iptables', ['--version']], ['vsftpd', ['-v']], ['ss', ['-V']]] as const) {
    try {
      execFileSync(tool, [...args], { stdio: 'ignore' });
    } catch (err) {
      // `vsftpd -v` prints its version and exits 0 on Debian; a missing binary throws ENOENT.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return `${tool} is not installed (apt-get install iproute2 iptables vsftpd)`;
    }
  }
  try {
    execFileSync('ip', ['netns', 'add', 'fcl-probe'], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'del', 'fcl-probe'], { stdio: 'ignore' });
  } catch {
    return 'network namespaces cannot be created here';
  }
  return false;
}

const skip = missing();
if (skip) console.log(`# lab skipped: ${skip}`);

describe('real-network lab', { skip, concurrency: 1 }, () => {
  let certs: TestCerts | undefined;
  let tls: LabTls | undefined;
  const rows: string[] = [];

  before(() => {
    sweepStale();
    ensureLabUser();
    if (opensslAvailable()) {
      certs = makeCerts(['IP:198.18.2.2', 'IP:198.18.0.2']);
      tls = { caFile: certs.caFile, key: certs.good.key, cert: certs.good.cert };
    }
  });
  after(() => {
    certs?.cleanup();
    console.log(['', '| scenario | verdict | findings | seconds |', '|---|---|---|---|', ...rows].join('\n'));
  });

  for (const scenario of SCENARIOS) {
    it(scenario.name, { skip: scenario.tls && !opensslAvailable() ? 'openssl is needed for the TLS certificates' : false }, async () => {
      const { report, exitCode, seconds } = await runScenario(scenario, tls);
      const codes: string[] = report.findings.map((f) => f.code);
      rows.push(`| ${scenario.name} | ${report.verdict} | ${codes.join(', ') || '—'} | ${seconds.toFixed(1)} |`);
      const detail = JSON.stringify({ stages: report.stages.map((s) => [s.name, s.status, s.summary]), findings: report.findings.map((f) => [f.code, f.evidence]) }, null, 1);
      for (const code of scenario.expect.codes) assert.ok(codes.includes(code), `expected ${code}\n${detail}`);
      for (const code of scenario.expect.absent ?? []) assert.ok(!codes.includes(code), `did not expect ${code}\n${detail}`);
      const allowed = [...scenario.expect.codes, ...(scenario.expect.optional ?? [])];
      const unexpected = report.findings.filter((f) => f.severity !== 'info' && !allowed.includes(f.code));
      assert.deepEqual(unexpected.map((f) => f.code), [], `unexpected findings\n${detail}`);
      assert.equal(report.verdict, scenario.expect.verdict, detail);
      if (scenario.expect.sweep) assert.equal(report.sweep?.summary, scenario.expect.sweep, detail);
      assert.equal(exitCode, report.exitCode);
    });
  }
});
