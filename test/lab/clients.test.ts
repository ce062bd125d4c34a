// The client verdicts against the real clients: in each scenario of the lab that concerns the data
// connections or TLS, the installed curl, lftp and Python ftplib run with their default settings, passive
// and active, beside the built ftpcheck, and each verdict that is not "unknown" must match what the real
// client did (its listing of the login directory arrived, or not). Prints the client × scenario table
// and the agreement rate. Needs root like the rest of the lab; skips itself otherwise.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import type { ClientVerdict } from '../../src/model/clients.js';
import { CLI } from '../helpers/run-cli.js';
import { opensslAvailable } from '../helpers/certs.js';
import { parseReport } from '../helpers/schema.js';
import { labSuite } from './lab-suite.js';
import { LAB_USER, labPassword } from './lab-user.js';
import { labUnavailable } from './prerequisites.js';
import { ftpcheckArgs, inClient, type LabTls, type NamespaceRun, withScenario } from './run-scenario.js';
import { type Scenario, SCENARIOS } from './scenarios.js';
import type { Topology } from './topology.js';

const RUN = ['curl', 'lftp', 'python-ftplib'] as const;
type RealClient = (typeof RUN)[number];
type DataMode = 'passive' | 'active';

/** The scenarios where clients can differ: data connections, NAT, firewalls and TLS (not audits, bulk or DNS). */
const COMPARED = new RegExp(
  [
    '^healthy server$',
    '^local user logs in',
    'control port rejected with tcp-reset',
    '^nothing listening',
    '^wrong password',
    '^passive range dropped',
    'passive range rejected',
    'server behind NAT',
    'stateful firewall',
    'client firewall blocks inbound',
    'client behind NAT without',
    'blocks source port 20',
    'mode disabled on the server',
    '^FTPS: vsftpd with TLS and required session reuse',
    '^FTPS through a stateful firewall',
    '^FTPS: the certificate ends',
    '^TLS mix-up',
    'port_promiscuous=YES, active mode breaking',
  ].join('|'),
);

const missing = RUN.map((c) => (c === 'python-ftplib' ? 'python3' : c)).filter((tool) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
});
const skip = labUnavailable() || (missing.length > 0 ? `missing: ${missing.join(', ')}` : false);
if (skip) console.log(`client comparison skipped: ${skip}`);

const SCRIPT = new URL('./ftplib-client.py', import.meta.url).pathname;
/** Each real client's run is bounded: a hang counts as a failure, as it does for a user. */
const CLIENT_SECONDS = 10;

/** The target as a URL, with the lab user where the scenario logs in as one. */
function urlOf(scenario: Scenario, topology: Topology, withUser: boolean): string {
  const target = scenario.client?.target ?? topology.target;
  const url = target.includes('://') ? target : `ftp://${target}`;
  return withUser && scenario.client?.labUser ? url.replace('://', `://${LAB_USER}@`) : url;
}

function password(scenario: Scenario): string {
  return scenario.client?.password ?? labPassword();
}

function runClient(
  client: RealClient,
  mode: DataMode,
  scenario: Scenario,
  topology: Topology,
  tls: LabTls | undefined,
): Promise<NamespaceRun> {
  const explicitTls = Boolean(scenario.tls && tls);
  const kill = (CLIENT_SECONDS + 5) * 1000;
  switch (client) {
    case 'curl': {
      const auth = scenario.client?.labUser ? ['-u', `${LAB_USER}:${password(scenario)}`] : [];
      // --ssl-reqd is how curl is told to use AUTH TLS at all; the lab's CA as ftpcheck's --ca.
      const secure = explicitTls && tls ? ['--ssl-reqd', '--cacert', tls.caFile] : [];
      const active = mode === 'active' ? ['-P', '-'] : [];
      const args = ['curl', '-sS', '--max-time', String(CLIENT_SECONDS), ...active, ...auth, ...secure];
      return inClient(topology, [...args, `${urlOf(scenario, topology, false)}/`], {}, kill);
    }
    case 'lftp': {
      // Bounded retries and waits (lftp retries for minutes by default); the lab's CA as ftpcheck's --ca.
      const settings = [
        'set net:max-retries 1',
        `set net:timeout ${CLIENT_SECONDS}`,
        'set net:reconnect-interval-base 1',
        ...(tls ? [`set ssl:ca-file ${tls.caFile}`] : []),
        ...(mode === 'active' ? ['set ftp:passive-mode off'] : []),
      ];
      const user = scenario.client?.labUser ? ` -u ${LAB_USER},${password(scenario)}` : '';
      const script = `${settings.join('; ')}; open${user} ${urlOf(scenario, topology, false)}; ls`;
      return inClient(topology, ['timeout', String(CLIENT_SECONDS * 2), 'lftp', '-c', script], {}, kill);
    }
    case 'python-ftplib': {
      const env = scenario.client?.labUser ? { FTPLIB_PASSWORD: password(scenario) } : {};
      const args = ['python3', SCRIPT, urlOf(scenario, topology, true), mode, ...(explicitTls ? ['--tls'] : [])];
      return inClient(topology, args, env, kill);
    }
  }
}

interface Cell {
  client: RealClient;
  mode: DataMode;
  worked: boolean;
  detail: string;
  verdict: ClientVerdict | undefined;
}

const agrees = (c: Cell): boolean | undefined =>
  c.verdict === undefined || c.verdict.works === 'unknown' ? undefined : (c.verdict.works === 'yes') === c.worked;

function outcome(run: NamespaceRun): { worked: boolean; detail: string } {
  if (run.code === 0) return { worked: true, detail: 'listed' };
  const last = (run.stderr.trim().split('\n').pop() ?? '').replace(/\|/g, '/').slice(0, 80);
  return { worked: false, detail: `failed (${run.code ?? 'killed'}${last ? `: ${last}` : ''})` };
}

describe('client verdicts against the real clients', { skip, concurrency: 1 }, () => {
  const tls = labSuite();
  const rows: string[] = [];
  let agreed = 0;
  let judged = 0;

  after(() => {
    const rate = judged === 0 ? 'none judged' : `${agreed}/${judged} (${((100 * agreed) / judged).toFixed(0)} %)`;
    const head = '| scenario | client | mode | real client | ftpcheck says | agrees |';
    console.log(['', head, '|---|---|---|---|---|---|', ...rows, '', `agreement: ${rate}`].join('\n'));
  });

  for (const scenario of SCENARIOS.filter((s) => COMPARED.test(s.name))) {
    const needsCerts = scenario.tls === true || scenario.certificate !== undefined;
    it(scenario.name, { skip: needsCerts && !opensslAvailable() ? 'openssl is needed' : false }, async () => {
      const cells = await withScenario(scenario, tls(), async (topology) => {
        const { args, env } = ftpcheckArgs(scenario, topology, tls());
        const out = await inClient(topology, [process.execPath, CLI, ...args], env);
        const report = parseReport(out.stdout);
        const codes: string[] = report.findings.map((f) => f.code);
        console.log(`${scenario.name}: ftpcheck ${report.verdict} [${codes.join(', ')}]`);
        // The scenario's own expectations hold here too (the lab's main file checks them in full).
        for (const code of scenario.expect.codes) assert.ok(codes.includes(code), `expected ${code}`);
        const found: Cell[] = [];
        for (const client of RUN) {
          for (const mode of ['passive', 'active'] as const) {
            const run = await runClient(client, mode, scenario, topology, tls());
            const verdict = report.clients?.find((v) => v.client === client && v.mode === mode);
            found.push({ client, mode, ...outcome(run), verdict });
          }
        }
        return found;
      });
      for (const c of cells) {
        const agreement = agrees(c);
        if (agreement !== undefined) {
          judged++;
          if (agreement) agreed++;
        }
        const says = c.verdict ? `${c.verdict.works}: ${c.verdict.because}` : 'no verdict';
        const mark = agreement === undefined ? '–' : agreement ? 'yes' : '**no**';
        rows.push(`| ${scenario.name} | ${c.client} | ${c.mode} | ${c.detail} | ${says} | ${mark} |`);
      }
      const differ = cells.filter((c) => agrees(c) === false);
      assert.deepEqual(
        differ.map((c) => `${c.client} ${c.mode}: the client ${c.detail}, ftpcheck said ${c.verdict?.works ?? '?'}`),
        [],
      );
    });
  }
});
