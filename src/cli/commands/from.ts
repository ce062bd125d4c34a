// `ftpcheck TARGET --from here --from URL…` and `ftpcheck --from URL --me`: one target checked from
// several vantages (this machine, agents elsewhere) at once, each report printed under its vantage,
// then what comparing them found (vantage-differs). Loaded only when --from is given.
import { readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkWithSettings } from '../../check.js';
import { compareVantages } from '../../diagnosis/assembly/vantages.js';
import type { Finding } from '../../model/findings.js';
import { REPORT_SCHEMA, type Report, USAGE_EXIT_CODE, worstExitCode } from '../../model/report.js';
import { ranStage } from '../../model/stage-report.js';
import {
  type AgentCheckBody,
  type AgentOutcome,
  type AgentReport,
  agentLabel,
  checkOnAgent,
  parseAgentUrl,
} from '../../remote/agent-client.js';
import { type RootSchema, SchemaChecker } from '../../remote/schema-check.js';
import { renderJson, renderJsonLine } from '../../report/json.js';
import { visible } from '../../safety/visible.js';
import type { CheckOptions } from '../../settings/check-options.js';
import { settingsForTarget, type TargetSettings } from '../../settings/settings.js';
import { parseTarget, type Target } from '../../settings/target.js';
import { sourceAddressFor } from '../../net/route-source.js';
import type { CheckArgs } from '../check-options.js';
import { colorWanted, type Io } from '../io.js';
import { baseOptions } from './shared-options.js';
import { checkReportPath, writeReportFile } from '../report-file.js';

type Vantage = { kind: 'here' } | { kind: 'agent'; url: URL };

/** Time the agent may take beyond the check's own deadline: its queue, the report's way back. */
const AGENT_MARGIN_MS = 15_000;

function parseVantages(from: string[]): Vantage[] {
  return from.map((f) => (f === 'here' ? { kind: 'here' } : { kind: 'agent', url: parseAgentUrl(f) }));
}

/** The target as the API takes it: never a password (a URL's is dropped; the agent's module supplies one). */
function apiTarget(input: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) return input;
  return input.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1@');
}

function agentBody(args: CheckArgs): AgentCheckBody {
  const target = args.targets[0];
  return {
    ...(args.me || target === undefined ? { me: true } : { target: apiTarget(target) }),
    ...(args.port === undefined ? {} : { port: args.port }),
    mode: args.mode,
    tls: args.tls,
    tlsStrict: args.tlsStrict,
    ...(args.user === undefined ? {} : { user: args.user }),
    ...(args.module === undefined ? {} : { module: args.module }),
    timeout: args.timeout,
    ...(args.deadline === undefined ? {} : { deadline: args.deadline }),
    ...(args.sweep === undefined ? {} : { sweepPasvRange: args.sweep }),
    transferBytes: args.transferBytes,
    audit: args.audit,
  };
}

/** What this machine's options cannot carry to an agent, said once before the checks. */
function warnings(args: CheckArgs, base: Omit<CheckOptions, 'target'>, target: Target | undefined, io: Io): string[] {
  const lines: string[] = [];
  const passwordGiven = base.password !== undefined || target?.urlPassword !== undefined;
  if (passwordGiven && args.module === undefined)
    lines.push(
      'the password is never sent to agents: they log in without it unless --module names a module whose passwordEnv holds it',
    );
  const local: [boolean, string][] = [
    [args.ca !== undefined, '--ca'],
    [args.family !== undefined, '-4/-6'],
    [args.download !== undefined, '--download'],
    [args.upload, '--upload'],
    [args.expectFiles.length > 0, '--expect-file'],
    [!args.plainFallback, '--no-plain-fallback'],
  ];
  const ignored = local.filter(([given]) => given).map(([, name]) => name);
  if (ignored.length > 0)
    lines.push(`${ignored.join(', ')} apply to "here" only; agents check with their own defaults`);
  if (io.env.FTPCHECK_AGENT_TOKEN === '') lines.push('FTPCHECK_AGENT_TOKEN is empty: no token is sent');
  return lines.map((l) => `ftpcheck: warning: ${l}`);
}

/** The published schema, beside dist/ in the package (bin/ftpcheck.js → ../schema). */
async function loadSchema(): Promise<SchemaChecker> {
  const bin = process.argv[1] ?? '';
  const path = join(dirname(realpathSync(bin)), '..', 'schema', 'report.schema.json');
  return new SchemaChecker(JSON.parse(await readFile(path, 'utf8')) as RootSchema);
}

/** This machine's report, with its vantage: the local address its control connection used. */
async function checkHere(settings: TargetSettings): Promise<AgentReport> {
  const report = await checkWithSettings(settings, {});
  const connect = ranStage(report.stages, 'connect');
  const address =
    connect?.outcome === 'connected'
      ? connect.local.address
      : report.target.address === null
        ? null
        : await sourceAddressFor(report.target.address);
  return { ...report, vantage: { name: 'here', address } };
}

export async function runFrom(args: CheckArgs, io: Io, width: number): Promise<number> {
  const vantages = parseVantages(args.from);
  const base = await baseOptions(args, io);
  // The target is parsed once, here: mistakes in it or in the options end the run before any traffic,
  // as with a check from here, and its warnings are given now. With --me there is none: the agent
  // checks the caller, and the deadline is that of any target with these options.
  const target = args.targets[0] === undefined ? undefined : parseTarget(args.targets[0]);
  const settings = settingsForTarget(target ?? parseTarget('127.0.0.1'), base);
  const deadlineMs = settings.deadlineMs;
  if (args.report !== undefined) await checkReportPath(args.report);
  if (vantages.some((v) => v.kind === 'agent'))
    for (const line of warnings(args, base, target, io)) io.stderr.write(`${line}\n`);
  const schema = vantages.some((v) => v.kind === 'agent') ? await loadSchema() : undefined;
  const body = agentBody(args);
  const token = io.env.FTPCHECK_AGENT_TOKEN === '' ? undefined : io.env.FTPCHECK_AGENT_TOKEN;

  const outcomes = await Promise.all(
    vantages.map(async (v): Promise<AgentOutcome> => {
      const outcome: AgentOutcome =
        v.kind === 'here'
          ? { kind: 'report', report: await checkHere(settings) }
          : schema
            ? await checkOnAgent({ agent: v.url, body, token, timeoutMs: deadlineMs + AGENT_MARGIN_MS, schema })
            : { kind: 'failed', message: 'internal error: no schema' };
      if (outcome.kind === 'report' && args.format === 'jsonl') io.stdout.write(renderJsonLine(outcome.report));
      return outcome;
    }),
  );
  const reports: Report[] = [];
  let failed = false;
  for (const [i, outcome] of outcomes.entries()) {
    const v = vantages[i];
    if (outcome.kind === 'report') reports.push(outcome.report);
    else {
      failed = true;
      io.stderr.write(`ftpcheck: --from ${v?.kind === 'agent' ? agentLabel(v.url) : 'here'}: ${outcome.message}\n`);
    }
  }
  if (args.me)
    for (const r of reports)
      io.stderr.write(
        `ftpcheck: your address as ${visible(r.vantage?.name ?? 'the agent')} sees it: ${visible(r.target.address ?? r.target.host)} (port ${r.target.port} checked)\n`,
      );
  const comparison = compareVantages(reports);
  const written = reports.length === 0 || (await print(reports, comparison, args, io, width));
  return failed || !written ? USAGE_EXIT_CODE : worstExitCode(reports);
}

/** Prints the reports; false when the --report file could not be written. */
async function print(
  reports: Report[],
  comparison: Finding[],
  args: CheckArgs,
  io: Io,
  width: number,
): Promise<boolean> {
  let written = true;
  if (args.report !== undefined) {
    const { renderHtmlVantages } = await import('../../report/html.js');
    written = await writeReportFile(args.report, renderHtmlVantages(reports, comparison), io);
  }
  await printFormat(reports, comparison, args, io, width);
  return written;
}

async function printFormat(
  reports: Report[],
  comparison: Finding[],
  args: CheckArgs,
  io: Io,
  width: number,
): Promise<void> {
  switch (args.format) {
    case 'json':
      io.stdout.write(renderJson({ schema: REPORT_SCHEMA, results: reports, comparison: { findings: comparison } }));
      return;
    case 'jsonl':
      // Each report was written as its vantage finished; JSON Lines carries reports only.
      return;
    case 'nagios': {
      const { renderNagiosVantages } = await import('../../report/vantages.js');
      io.stdout.write(renderNagiosVantages(reports, comparison));
      return;
    }
    case 'human': {
      const { renderHumanVantages } = await import('../../report/vantages.js');
      io.stdout.write(
        renderHumanVantages(reports, comparison, { color: colorWanted(args.color, io), verbose: args.verbose, width }),
      );
    }
  }
}
