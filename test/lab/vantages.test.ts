// One server checked from several vantages in the real-network lab: `ftpcheck agent` (the built CLI)
// on the "internet" side with a token, `ftpcheck TARGET --from here --from URL` on the server's own
// LAN, and `ftpcheck --from URL --me` from behind a NAT router. What is asserted is what the user sees:
// the JSON document (results[].vantage, each report's findings, comparison.findings), the exit code,
// and once the human output's headings. Skips with the reason where the lab cannot run.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Finding } from '../../src/model/findings.js';
import type { Report } from '../../src/model/report.js';
import { ranStage } from '../../src/model/stage-report.js';
import { CLI } from '../helpers/run-cli.js';
import { assertSchema } from '../helpers/schema.js';
import { type Daemon, startDaemon } from './daemon.js';
import { onInterrupt } from './interrupt.js';
import { labUnavailable } from './prerequisites.js';
import { inNamespace, type NamespaceRun } from './run-scenario.js';
import { ipt, RANGE } from './scenario-kit.js';
import {
  buildTopology,
  type Host,
  HOSTS,
  PASSIVE_RANGE,
  portForward,
  sweepStale,
  type Topology,
  type TopologySpec,
  V6,
} from './topology.js';
import { type RunningServer, startVsftpd } from './vsftpd.js';

const AGENT_PORT = 9821;
const AGENT_NAME = 'internet';
/** The token of every lab agent run: random, passed by environment only, and looked for in every output. */
const TOKEN = randomBytes(18).toString('base64url');

interface LabSpec {
  topology: TopologySpec;
  rules?: Partial<Record<Host, string[][]>>;
  /** vsftpd in the server namespace with these settings over the lab's defaults. */
  vsftpd?: Record<string, string>;
  /** `ftpcheck serve` in the client namespace with these arguments. */
  serve?: string[];
  /** /etc/hosts lines per namespace: the same name answered differently inside and outside (split DNS). */
  hosts?: Partial<Record<Host | 'lanPeer', string[]>>;
  /** Where the agent runs and the address it listens on. */
  agent: { host: Host; address: string };
}

interface Lab {
  topology: Topology;
  agentUrl: string;
  /** Runs the built CLI in a namespace, with the agent's token in its environment. */
  ftpcheck(ns: string, args: string[]): Promise<NamespaceRun>;
  /** What the agent, the servers and the runs so far printed: a failing assertion's context. */
  context(): string;
}

/** Builds the network, starts the server and the agent, runs `body`, and tears it all down on every path. */
async function withLab(spec: LabSpec, body: (lab: Lab) => Promise<void>): Promise<void> {
  const configDir = mkdtempSync(join(tmpdir(), 'ftpcheck-lab-agent-'));
  const topology = buildTopology(spec.topology);
  let vsftpd: RunningServer | undefined;
  const daemons: Daemon[] = [];
  const release = onInterrupt(() => {
    for (const d of daemons) d.kill();
    vsftpd?.kill();
    topology.destroy();
  });
  const runs: string[] = [];
  try {
    for (const host of HOSTS) for (const rule of spec.rules?.[host] ?? []) topology.exec(host, rule);
    for (const [host, lines] of Object.entries(spec.hosts ?? {})) {
      const ns = host === 'lanPeer' ? topology.lanPeer?.ns : topology.ns[host as Host];
      // ip netns exec mounts this file over /etc/hosts; the namespace's teardown removes it.
      if (!ns) continue;
      mkdirSync(`/etc/netns/${ns}`, { recursive: true });
      writeFileSync(`/etc/netns/${ns}/hosts`, `127.0.0.1 localhost\n${lines.join('\n')}\n`);
    }
    if (spec.vsftpd) vsftpd = await startVsftpd(topology, spec.vsftpd);
    if (spec.serve)
      daemons.push(await startDaemon(topology.ns.client, ['serve', ...spec.serve], {}, /listening on \S+/));
    const { host, address } = spec.agent;
    const listen = address.includes(':') ? `[${address}]:${AGENT_PORT}` : `${address}:${AGENT_PORT}`;
    // The lab's internet is the benchmarking range, which an agent refuses unless told: the operator's
    // exception, as the README shows it. (Its IPv6 internet, 2001:db8::/32, needs none.)
    const config = join(configDir, 'agent.json');
    writeFileSync(config, JSON.stringify({ allowTargets: ['198.18.*:*', '198.19.*:*'] }));
    const agent = await startDaemon(
      topology.ns[host],
      ['agent', '--listen', listen, '--name', AGENT_NAME, '--no-reflector', '--config', config],
      { FTPCHECK_AGENT_TOKEN: TOKEN },
      /listening on (http:\/\/\S+)/,
    );
    daemons.push(agent);
    const agentUrl = agent.ready[1] ?? '';
    await body({
      topology,
      agentUrl,
      ftpcheck: async (ns, args) => {
        const out = await inNamespace(ns, [process.execPath, CLI, ...args], {
          NO_COLOR: '1',
          FTPCHECK_AGENT_TOKEN: TOKEN,
        });
        runs.push(`$ ftpcheck ${args.join(' ')} → ${out.code ?? 'signal'}\n${out.stderr}`);
        return out;
      },
      context: () =>
        [
          ...runs,
          ...daemons.map((d) => d.output()),
          vsftpd ? `vsftpd log:\n${vsftpd.log().split('\n').slice(-40).join('\n')}` : '',
        ].join('\n'),
    });
    for (const d of daemons) assert.ok(!d.output().includes(TOKEN), 'the token appeared in the output of a lab daemon');
  } finally {
    release();
    for (const d of daemons) await d.stop();
    await vsftpd?.stop();
    topology.destroy();
    rmSync(configDir, { recursive: true, force: true });
  }
}

/** What `ftpcheck … --from … --json` prints. */
interface Document {
  schema: string;
  results: Report[];
  comparison: { findings: Finding[] };
}

function parseDocument(out: NamespaceRun, lab: Lab): Document {
  assert.ok(!out.stdout.includes(TOKEN) && !out.stderr.includes(TOKEN), 'the token appeared in the output');
  let doc: Document;
  try {
    doc = JSON.parse(out.stdout) as Document;
  } catch {
    throw new Error(`no JSON document (exit ${out.code ?? 'signal'}): ${out.stdout.slice(0, 300)}\n${lab.context()}`);
  }
  assert.equal(doc.schema, 'ftpcheck/1');
  for (const r of doc.results) assertSchema(r);
  return doc;
}

const codes = (findings: readonly Finding[]): string[] => findings.map((f) => f.code);
const problems = (r: Report): string[] => codes(r.findings.filter((f) => f.severity !== 'info'));
const passiveStatus = (r: Report): string | undefined => ranStage(r.stages, 'passive')?.status;
/** How the first connection of a kind ended (control, passive, active), as the comparison reads it. */
const connection = (r: Report, kind: string): string | undefined =>
  r.connections.find((c) => c.kind === kind && c.status !== 'not-tried')?.status;

function summary(doc: Document): string {
  return JSON.stringify(
    {
      results: doc.results.map((r) => ({
        vantage: r.vantage,
        target: r.target,
        verdict: r.verdict,
        findings: r.findings.map((f) => [f.code, f.severity, f.evidence]),
        connections: r.connections.map((c) => [c.kind, c.status, c.to, c.detail]),
      })),
      comparison: doc.comparison.findings.map((f) => [f.code, f.stage, f.evidence, f.likelyRule]),
    },
    null,
    1,
  );
}

/** `ftpcheck TARGET --from here --from AGENT --timeout 2` as the server's LAN peer runs it. */
const fromBoth = (lab: Lab, target: string): string[] => [
  target,
  '--from',
  'here',
  '--from',
  lab.agentUrl,
  '--timeout',
  '2',
];

/** That run with --json on the LAN peer, its document read and checked, and the detail for assertions. */
async function compareOnLan(lab: Lab, target: string): Promise<{ out: NamespaceRun; doc: Document; detail: string }> {
  const out = await lab.ftpcheck(lab.topology.lanPeer?.ns ?? '', [...fromBoth(lab, target), '--json']);
  const doc = parseDocument(out, lab);
  return { out, doc, detail: `${summary(doc)}\n${lab.context()}` };
}

const rows: string[] = [];
function row(scenario: string, doc: Document, out: NamespaceRun): void {
  const vantages = doc.results.map((r) => `${r.vantage?.name ?? '?'} (${r.vantage?.address ?? '—'})`).join(', ');
  const findings = doc.results.map((r) => `${r.vantage?.name ?? '?'}: ${codes(r.findings).join(', ') || '—'}`);
  const compared = doc.comparison.findings.map((f) => `${f.code} (${f.stage})`).join(', ') || '—';
  const verdicts = doc.results.map((r) => r.verdict).join(' / ');
  rows.push(
    `| ${scenario} | ${vantages} | ${findings.join('; ')}; compared: ${compared} | ${verdicts} (exit ${out.code ?? '?'}) | ${out.seconds.toFixed(1)} |`,
  );
  console.log(`${scenario}: ${verdicts} [${findings.join('; ')}] compared [${compared}] ${out.seconds.toFixed(1)} s`);
  if (process.env.FTPCHECK_LAB_VERBOSE) console.log(summary(doc), JSON.stringify(doc.results.map((r) => r.sweep)));
}

/**
 * The server's name as its office knows it (split-horizon DNS): its LAN address on the LAN, its router's
 * public address everywhere else. The same name checked from both sides reaches the server each way.
 */
const SERVER_NAME = 'ftp.lab.test';
const SPLIT_DNS = { lanPeer: [`192.168.2.2 ${SERVER_NAME}`], client: [`198.18.0.2 ${SERVER_NAME}`] };

/** A NATed server's router: drops what is addressed to itself (as routers do), forwards port 21. */
const ROUTER_DROPS_INBOUND = [
  ipt('-P', 'INPUT', 'DROP'),
  ipt('-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'),
];

const skip = labUnavailable();
if (skip) console.log(`vantages lab skipped: ${skip}`);

describe('vantages lab: --from and --me over real NAT', { skip, concurrency: 1 }, () => {
  before(() => {
    sweepStale();
  });
  after(() => {
    console.log(
      ['', '| scenario | vantages | findings | verdicts | seconds |', '|---|---|---|---|---|', ...rows].join('\n'),
    );
  });

  it('server behind NAT forwarding 21 but not the passive range: inside works, the agent outside fails passive', async () => {
    await withLab(
      {
        topology: { client: 'public', server: 'nat', forwardPassive: false, lanPeer: true },
        rules: { serverRouter: ROUTER_DROPS_INBOUND },
        hosts: SPLIT_DNS,
        vsftpd: {},
        agent: { host: 'client', address: '198.18.1.2' },
      },
      async (lab) => {
        const { out, doc, detail } = await compareOnLan(lab, SERVER_NAME);
        row('NAT, 21 forwarded, passive range not', doc, out);
        assert.deepEqual(
          doc.results.map((r) => r.vantage),
          [
            { name: 'here', address: lab.topology.lanPeer?.address },
            { name: AGENT_NAME, address: '198.18.1.2' },
          ],
          detail,
        );
        const [here, outside] = doc.results as [Report, Report];
        assert.equal(here.verdict, 'ok', detail);
        assert.equal(passiveStatus(here), 'pass', detail);
        assert.deepEqual(problems(here), [], detail);
        assert.ok(codes(outside.findings).includes('pasv-data-filtered'), detail);
        assert.equal(connection(outside, 'control'), 'ok', detail);
        assert.equal(connection(outside, 'passive'), 'failed', detail);
        assert.equal(connection(outside, 'active'), 'ok', detail);
        assert.equal(outside.verdict, 'degraded', detail);
        const differs = doc.comparison.findings.filter((f) => f.code === 'vantage-differs');
        assert.deepEqual(
          differs.map((f) => f.stage),
          ['passive'],
          `only the passive data connection differs\n${detail}`,
        );
        const [passive] = differs as [Finding];
        assert.match(passive.evidence, /^The passive data connection works from here/, detail);
        assert.match(passive.evidence, /inside/, detail);
        assert.match(passive.evidence, new RegExp(`fails from ${AGENT_NAME} at 198\\.18\\.1\\.2, outside`), detail);
        assert.match(passive.likelyRule, /forwards the control port but not the passive port range/, detail);
        assert.match(passive.likelyRule, /edge firewall/, detail);
        assert.equal(out.code, 1, detail);

        // The same run for people: a heading per vantage, then the comparison naming both.
        const human = await lab.ftpcheck(lab.topology.lanPeer?.ns ?? '', fromBoth(lab, SERVER_NAME));
        assert.ok(!human.stdout.includes(TOKEN));
        const headings = human.stdout.split('\n').filter((l) => l.startsWith('── '));
        assert.deepEqual(
          headings.map((h) => h.replace(/ ─+$/, '')),
          [
            `── from here (${lab.topology.lanPeer?.address ?? ''})`,
            `── from ${AGENT_NAME} (198.18.1.2)`,
            `── compared: here (${lab.topology.lanPeer?.address ?? ''}), ${AGENT_NAME} (198.18.1.2)`,
          ],
          human.stdout,
        );
        assert.match(human.stdout, /vantage-differs/, human.stdout);
        assert.equal(human.code, 1, human.stdout);
      },
    );
  });

  it('server behind NAT forwarding the passive range too: the vantages agree', async () => {
    await withLab(
      {
        topology: { client: 'public', server: 'nat', forwardPassive: true, lanPeer: true },
        rules: { serverRouter: ROUTER_DROPS_INBOUND },
        hosts: SPLIT_DNS,
        vsftpd: {},
        agent: { host: 'client', address: '198.18.1.2' },
      },
      async (lab) => {
        const { out, doc, detail } = await compareOnLan(lab, SERVER_NAME);
        row('NAT, 21 and the passive range forwarded', doc, out);
        for (const r of doc.results) {
          assert.equal(connection(r, 'passive'), 'ok', detail);
          assert.equal(connection(r, 'active'), 'ok', detail);
        }
        // Outside, the server still names its LAN address in PASV (ftpcheck connects to the control
        // address instead, as most clients do): a finding of that report, not a difference of vantages.
        const [here, outside] = doc.results as [Report, Report];
        assert.deepEqual(problems(here), [], detail);
        assert.deepEqual(problems(outside), ['pasv-private-address'], detail);
        assert.deepEqual(codes(doc.comparison.findings), [], detail);
        assert.equal(out.code, 1, detail);
      },
    );
  });

  it('the public name used on the server’s LAN without hairpin NAT: outside works, inside fails', async () => {
    await withLab(
      {
        topology: { client: 'public', server: 'nat', forwardPassive: true, lanPeer: true },
        rules: { serverRouter: ROUTER_DROPS_INBOUND },
        // No split DNS: the LAN resolves the name to the router's public address too.
        hosts: { lanPeer: [`198.18.0.2 ${SERVER_NAME}`], client: [`198.18.0.2 ${SERVER_NAME}`] },
        vsftpd: {},
        agent: { host: 'client', address: '198.18.1.2' },
      },
      async (lab) => {
        const { out, doc, detail } = await compareOnLan(lab, SERVER_NAME);
        row('public name on the LAN, no hairpin NAT', doc, out);
        const [here, outside] = doc.results as [Report, Report];
        assert.equal(here.verdict, 'failed', detail);
        assert.equal(connection(here, 'control'), 'failed', detail);
        assert.equal(connection(outside, 'control'), 'ok', detail);
        const differs = doc.comparison.findings.filter((f) => f.code === 'vantage-differs');
        assert.deepEqual(
          differs.map((f) => f.stage),
          ['connect'],
          `only the control connection differs (here tried no other)\n${detail}`,
        );
        const [control] = differs as [Finding];
        assert.match(control.evidence, /^The control connection works from internet at 198\.18\.1\.2, outside/, detail);
        assert.match(control.evidence, /fails from here at 192\.168\.2\.3, behind NAT/, detail);
        assert.match(control.likelyRule, /hairpin NAT/, detail);
        assert.equal(out.code, 2, detail);
      },
    );
  });

  it('IPv6 without NAT: the server and the agent on IPv6, the vantages agree', async () => {
    await withLab(
      {
        topology: { client: 'public', server: 'public', lanPeer: true, ipv6: true },
        vsftpd: { listen: 'NO', listen_ipv6: 'YES' },
        agent: { host: 'client', address: V6.client },
      },
      async (lab) => {
        const { out, doc, detail } = await compareOnLan(lab, `[${V6.server}]`);
        row('IPv6 without NAT', doc, out);
        assert.deepEqual(
          doc.results.map((r) => r.vantage),
          [
            { name: 'here', address: V6.lanPeer },
            { name: AGENT_NAME, address: V6.client },
          ],
          detail,
        );
        for (const r of doc.results) {
          assert.equal(r.target.address, V6.server, detail);
          assert.equal(r.verdict, 'ok', detail);
          assert.equal(passiveStatus(r), 'pass', detail);
          assert.equal(ranStage(r.stages, 'active')?.status, 'pass', detail);
        }
        assert.deepEqual(codes(doc.comparison.findings), [], detail);
        assert.equal(out.code, 0, detail);
      },
    );
  });

  it('--me from behind NAT: the agent checks the router’s public address, through its port forward', async () => {
    const forward = (ports: string): string[] => portForward(ports, '192.168.1.2');
    await withLab(
      {
        topology: { client: 'nat', server: 'public' },
        rules: { clientRouter: [...ROUTER_DROPS_INBOUND, forward('21'), forward(RANGE)] },
        serve: [
          '--host',
          '192.168.1.2',
          '--port',
          '21',
          '--pasv-range',
          `${PASSIVE_RANGE.min}-${PASSIVE_RANGE.max}`,
          '--pasv-address',
          '198.18.0.1',
        ],
        agent: { host: 'server', address: '198.18.2.2' },
      },
      async (lab) => {
        const out = await lab.ftpcheck(lab.topology.ns.client, [
          '--from',
          lab.agentUrl,
          '--me',
          // The whole passive range, probed from the agent: does the router forward every port of it?
          '--sweep-pasv-range',
          `${PASSIVE_RANGE.min}-${PASSIVE_RANGE.max}`,
          '--timeout',
          '2',
          '--json',
        ]);
        const doc = parseDocument(out, lab);
        const detail = `${summary(doc)}\n${lab.context()}`;
        row('--me behind NAT with a port forward', doc, out);
        assert.equal(doc.results.length, 1, detail);
        const [r] = doc.results as [Report];
        assert.deepEqual(r.vantage, { name: AGENT_NAME, address: '198.18.2.2' }, detail);
        assert.equal(r.target.address, '198.18.0.1', `the router's public address\n${detail}`);
        assert.equal(r.target.port, 21, detail);
        assert.equal(r.verdict, 'ok', detail);
        assert.equal(passiveStatus(r), 'pass', detail);
        // Every port of the range answers through the forward (reachable, or closed: the forward reached a
        // host with nothing listening there yet); none is filtered.
        assert.equal(r.sweep?.address, '198.18.0.1', detail);
        assert.equal(r.sweep.counts.filtered + r.sweep.counts.unreachable, 0, `${r.sweep.summary}\n${detail}`);
        assert.equal(r.sweep.counts.reachable + r.sweep.counts.closed, PASSIVE_RANGE.max - PASSIVE_RANGE.min + 1);
        assert.match(out.stderr, /your address as internet sees it: 198\.18\.0\.1 \(port 21 checked\)/, detail);
        assert.equal(out.code, 0, detail);
      },
    );
  });
});
