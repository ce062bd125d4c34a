// Builds one scenario's network, starts its server, installs its rules, runs the built CLI in the
// client namespace, and tears everything down again, whatever happens.
import { spawn } from 'node:child_process';
import type { Report } from '../../src/model/report.js';
import { CLI } from '../helpers/run-cli.js';
import { assertSchema } from '../helpers/schema.js';
import type { Scenario } from './scenarios.js';
import { onInterrupt } from './interrupt.js';
import { LAB_USER, labPassword } from './lab-user.js';
import { buildTopology, HOSTS, type Topology } from './topology.js';
import { type RunningServer, startVsftpd } from './vsftpd.js';

export interface LabTls {
  caFile: string;
  key: string;
  cert: string;
  /** The certificate of scenarios that ask for one about to end. */
  expiring: { key: string; cert: string };
}

/** The key and certificate a scenario's server gets, if any. */
function serverCertificate(scenario: Scenario, tls: LabTls | undefined): { key: string; cert: string } | undefined {
  if (!tls || (!scenario.tls && !scenario.certificate)) return undefined;
  return scenario.certificate === 'expiring' ? tls.expiring : tls;
}

export interface ScenarioRun {
  report: Report;
  exitCode: number | null;
  seconds: number;
  stderr: string;
  /** vsftpd's log of the scenario (empty when no server runs). */
  serverLog: string;
}

export interface NamespaceRun {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a command in the client namespace and collects its output (bounded by `killAfterMs`). */
export function inClient(
  topology: Topology,
  args: string[],
  env: NodeJS.ProcessEnv,
  killAfterMs = 60_000,
): Promise<NamespaceRun> {
  return inNamespace(topology.ns.client, args, env, killAfterMs);
}

/** Runs a command in a namespace and collects its output (bounded by `killAfterMs`). */
export function inNamespace(
  ns: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  killAfterMs = 60_000,
): Promise<NamespaceRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('ip', ['netns', 'exec', ns, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Sets up a scenario and hands its network to `body`; tears it down afterwards, also on failure. */
export async function withScenario<T>(
  scenario: Scenario,
  tls: LabTls | undefined,
  body: (topology: Topology, server: RunningServer | undefined) => Promise<T>,
): Promise<T> {
  const topology = buildTopology(scenario.topology);
  let server: RunningServer | undefined;
  // Interrupted (Ctrl-C, a CI timeout): stop the server and tear the network down before leaving.
  const release = onInterrupt(() => {
    server?.kill();
    topology.destroy();
  });
  try {
    for (const host of HOSTS) {
      for (const rule of scenario.rules?.[host] ?? []) topology.exec(host, rule);
    }
    if (scenario.server !== false) {
      const pair = serverCertificate(scenario, tls);
      const files: Record<string, string> = {
        ...scenario.serverFiles,
        ...(pair ? { 'cert.pem': pair.cert, 'key.pem': pair.key } : {}),
      };
      server = await startVsftpd(topology, scenario.server, files);
    }
    return await body(topology, server);
  } finally {
    release();
    await server?.stop();
    topology.destroy();
  }
}

export function ftpcheckArgs(
  scenario: Scenario,
  topology: Topology,
  tls: LabTls | undefined,
): { args: string[]; env: NodeJS.ProcessEnv } {
  const target = scenario.client?.target ?? topology.target;
  const args = [target, '--json', '--timeout', '2', ...(scenario.client?.args ?? [])];
  if (scenario.client?.labUser) args.push('--user', LAB_USER);
  if (scenario.tls && tls) args.push('--tls', '--ca', tls.caFile);
  const env = scenario.client?.labUser ? { FTPCHECK_PASSWORD: scenario.client.password ?? labPassword() } : {};
  return { args, env };
}

export async function runScenario(scenario: Scenario, tls: LabTls | undefined): Promise<ScenarioRun> {
  return withScenario(scenario, tls, async (topology, server) => {
    const { args, env } = ftpcheckArgs(scenario, topology, tls);
    const out = await inClient(topology, [process.execPath, CLI, ...args], env);
    let report: Report;
    try {
      report = JSON.parse(out.stdout) as Report;
    } catch {
      throw new Error(
        `ftpcheck printed no JSON report (exit ${out.code ?? 'none: killed by a signal'}): ${out.stdout.slice(0, 200)} ${out.stderr.slice(0, 400)}`,
      );
    }
    assertSchema(report);
    return { report, exitCode: out.code, seconds: out.seconds, stderr: out.stderr, serverLog: server?.log() ?? '' };
  });
}
