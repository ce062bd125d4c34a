// The real-network lab: each scenario builds namespaces, routers, NAT and firewall rules, runs vsftpd,
// and checks that the built ftpcheck names the right findings and verdict. Needs root, iproute2,
// iptables and vsftpd (installed by scripts/lab-setup.sh when missing); skips itself with the reason
// where that cannot work, so `npm test` never depends on it.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Report } from '../../src/model/report.js';
import { opensslAvailable } from '../helpers/certs.js';
import { labSuite } from './lab-suite.js';
import { labUnavailable } from './prerequisites.js';
import { runScenario, type ScenarioRun } from './run-scenario.js';
import { type Scenario, SCENARIOS } from './scenarios.js';

const skip = labUnavailable();
if (skip) console.log(`lab skipped: ${skip}`);

describe('real-network lab', { skip, concurrency: 1 }, () => {
  const tls = labSuite();
  const rows: string[] = [];

  after(() => {
    console.log(['', '| scenario | verdict | findings | seconds |', '|---|---|---|---|', ...rows].join('\n'));
  });

  for (const scenario of SCENARIOS) {
    it(
      scenario.name,
      {
        skip:
          (scenario.tls || scenario.certificate) && !opensslAvailable()
            ? 'openssl is needed for the TLS certificates'
            : false,
      },
      async () => {
        const run = await runScenario(scenario, tls());
        const { report } = run;
        const codes = report.findings.map((f) => f.code).join(', ') || '—';
        console.log(`${scenario.name}: ${report.verdict} [${codes}] ${run.seconds.toFixed(1)} s`);
        rows.push(`| ${scenario.name} | ${report.verdict} | ${codes} | ${run.seconds.toFixed(1)} |`);
        assertExpected(scenario, run);
      },
    );
  }
});

function assertExpected(scenario: Scenario, run: ScenarioRun): void {
  const { report, exitCode } = run;
  const { expect } = scenario;
  const codes: string[] = report.findings.map((f) => f.code);
  const detail = observed(run);
  for (const code of expect.codes) assert.ok(codes.includes(code), `expected ${code}\n${detail}`);
  for (const code of expect.absent ?? []) assert.ok(!codes.includes(code), `did not expect ${code}\n${detail}`);
  // Beyond what is expected, only information may appear: a stray warning or error is a wrong diagnosis.
  const allowed = [...expect.codes, ...(expect.optional ?? [])];
  const unexpected = report.findings.filter((f) => f.severity !== 'info' && !allowed.includes(f.code));
  assert.deepEqual(
    unexpected.map((f) => f.code),
    [],
    `unexpected findings\n${detail}`,
  );
  assert.equal(report.verdict, expect.verdict, `verdict\n${detail}`);
  if (expect.sweep) assert.equal(report.sweep?.summary, expect.sweep, detail);
  if (expect.activeSourcePort !== undefined) {
    const callback = report.connections.find((c) => c.kind === 'active' && c.status === 'ok');
    assert.equal(callback?.from.port, expect.activeSourcePort, `active callback's source port\n${detail}`);
  }
  assert.equal(exitCode, report.exitCode, `exit code\n${detail}`);
}

/** What the run saw, for a failed assertion: stages with their evidence, findings, the server's log. */
function observed(run: ScenarioRun): string {
  const report: Report = run.report;
  const stages = report.stages.map(
    ({ name, status, summary, durationMs, ...evidence }) =>
      `  ${name} ${status} (${durationMs} ms): ${summary}\n    ${JSON.stringify(evidence)}`,
  );
  const findings = report.findings.map((f) => `  ${f.code} (${f.severity}): ${f.evidence}`);
  const log = run.serverLog
    .trim()
    .split('\n')
    .slice(-40)
    .map((line) => `  ${line}`);
  return ['stages:', ...stages, 'findings:', ...findings, 'vsftpd log (last lines):', ...log].join('\n');
}
