// contrib/kubernetes/ against the built CLI: the manifests parse, are the kinds and API versions they
// claim, keep the agent unprivileged, take the token from a Secret, wire Service, Probe and scrape config
// to the same port and module; the Deployment's command line is one `ftpcheck agent` accepts and starts
// with (its ConfigMap's agent.json included), and its liveness path answers without the token.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { startAgentCli } from '../helpers/agent.js';
import { runCli } from '../helpers/run-cli.js';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** A Kubernetes object, as far as this test reads it. */
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

interface Container {
  name: string;
  command: string[];
  args: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext: {
    allowPrivilegeEscalation: boolean;
    readOnlyRootFilesystem: boolean;
    capabilities: { drop?: string[]; add?: string[] };
  };
}

interface PodSpec {
  securityContext: { runAsNonRoot: boolean; runAsUser: number };
  containers: Container[];
}

const manifests = (): K8sObject[] =>
  parseAllDocuments(read('contrib/kubernetes/agent.yaml')).map((d) => d.toJS() as K8sObject);
const byKind = (kind: string): K8sObject => {
  const found = manifests().find((o) => o.kind === kind);
  assert.ok(found, `agent.yaml has a ${kind}`);
  return found;
};
const podSpec = (): PodSpec => (byKind('Deployment').spec as { template: { spec: PodSpec } }).template.spec;
const container = (): Container => {
  const [first] = podSpec().containers;
  assert.ok(first);
  return first;
};
const probe = (): K8sObject => parse(read('contrib/kubernetes/probe.yaml')) as K8sObject;

describe('contrib/kubernetes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-k8s-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the kinds and API versions it claims', () => {
    assert.deepEqual(
      manifests().map((o) => `${o.apiVersion} ${o.kind}`),
      ['v1 ConfigMap', 'apps/v1 Deployment', 'v1 Service'],
    );
    assert.equal(`${probe().apiVersion} ${probe().kind}`, 'monitoring.coreos.com/v1 Probe');
    for (const o of [...manifests(), probe()]) assert.ok(o.metadata.name && o.metadata.namespace, o.kind);
  });

  it('runs the agent unprivileged, with the token from a Secret and probes on /healthz', () => {
    assert.equal(podSpec().securityContext.runAsNonRoot, true);
    assert.ok(podSpec().securityContext.runAsUser > 0);
    const c = container();
    assert.equal(c.securityContext.allowPrivilegeEscalation, false);
    assert.equal(c.securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(c.securityContext.capabilities.drop, ['ALL']);
    assert.equal(c.securityContext.capabilities.add, undefined, 'no capability while the reflector is off');
    assert.ok(c.args.includes('--no-reflector'));
    assert.ok(c.resources.requests?.cpu && c.resources.requests.memory && c.resources.limits?.memory);
    const token = c.env?.find((e) => e.name === 'FTPCHECK_AGENT_TOKEN');
    assert.ok(token?.valueFrom?.secretKeyRef, 'the token comes from a Secret');
    assert.equal(token.value, undefined);
    assert.ok(!JSON.stringify(c.args).includes('TOKEN'), 'the token never goes on the command line');
    for (const check of [c.livenessProbe, c.readinessProbe]) {
      assert.equal(check.httpGet.path, '/healthz');
      assert.equal(check.httpGet.port, 'http');
    }
  });

  it('wires the Service, the Probe and the scrape config to the agent and a module it has', () => {
    const c = container();
    const port = c.ports.find((p) => p.name === 'http')?.containerPort;
    assert.ok(c.args.includes(`0.0.0.0:${String(port)}`), 'the agent listens on the container port');
    const service = byKind('Service');
    const deployment = byKind('Deployment');
    const podLabels = (deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template
      .metadata.labels;
    const svc = service.spec as { selector: Record<string, string>; ports: { port: number; targetPort: string }[] };
    for (const [k, v] of Object.entries(svc.selector)) assert.equal(podLabels[k], v, 'the Service selects the pods');
    const [servicePort] = svc.ports;
    assert.ok(servicePort);
    assert.equal(servicePort.targetPort, 'http');
    const address = `${service.metadata.name}.${service.metadata.namespace ?? ''}.svc:${String(servicePort.port)}`;

    const modules = Object.keys(
      (JSON.parse(byKind('ConfigMap').data?.['agent.json'] ?? '{}') as { modules: object }).modules,
    );
    const p = probe().spec as {
      module: string;
      prober: { url: string; path: string };
      authorization: { credentials: { name: string; key: string } };
      targets: { staticConfig: { static: string[] } };
    };
    assert.equal(p.prober.url, address);
    assert.equal(p.prober.path, '/probe');
    assert.ok(modules.includes(p.module), `the Probe's module ${p.module} is in agent.json`);
    assert.equal(p.targets.staticConfig.static.length, 2);
    const secretRef = container().env?.find((e) => e.name === 'FTPCHECK_AGENT_TOKEN')?.valueFrom?.secretKeyRef;
    assert.deepEqual(p.authorization.credentials, secretRef, 'Prometheus sends the Secret the agent reads');

    const scrape = parse(read('contrib/kubernetes/scrape-config.yml')) as {
      scrape_configs: {
        job_name: string;
        metrics_path?: string;
        params?: { module: string[] };
        static_configs: { targets: string[] }[];
        relabel_configs?: { target_label: string; replacement?: string }[];
      }[];
    };
    const ftp = scrape.scrape_configs.find((j) => j.metrics_path === '/probe');
    assert.ok(ftp);
    assert.deepEqual(ftp.params?.module, [p.module]);
    assert.deepEqual(ftp.static_configs[0]?.targets, p.targets.staticConfig.static, 'the same two targets');
    assert.equal(ftp.relabel_configs?.find((r) => r.target_label === '__address__')?.replacement, address);
  });

  it(
    'the scrape config is one Prometheus accepts',
    { skip: existsSync('/usr/bin/promtool') ? false : 'promtool is not installed (apt-get install prometheus)' },
    () => {
      const secrets = join(dir, 'secrets');
      mkdirSync(secrets);
      writeFileSync(join(secrets, 'token'), 'a-token-of-sufficient-length\n');
      const config = join(dir, 'prometheus.yml');
      writeFileSync(
        config,
        read('contrib/kubernetes/scrape-config.yml').replaceAll('/etc/prometheus/secrets/ftpcheck-agent', secrets),
      );
      const run = spawnSync('/usr/bin/promtool', ['check', 'config', config], { encoding: 'utf8' });
      assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    },
  );

  it("the container's command and flags are `ftpcheck agent`'s, and it starts with them", async () => {
    const c = container();
    assert.deepEqual(c.command, ['node', '/opt/ftpcheck/bin/ftpcheck.js', 'agent']);
    const help = await runCli(['agent', '--help']);
    assert.equal(help.code, 0, help.stderr);
    const known = new Set([...help.stdout.matchAll(/(?<![\w-])--([a-z][a-z-]+)/g)].map((m) => m[1]));
    const used = c.args.filter((a) => a.startsWith('--')).map((a) => a.slice(2));
    assert.ok(used.length >= 3);
    assert.deepEqual(
      used.filter((o) => !known.has(o) && !(o.startsWith('no-') && known.has(o.slice(3)))),
      [],
    );
    // The same arguments on loopback, with the ConfigMap's agent.json as the file the volume mounts.
    const config = join(dir, 'agent.json');
    writeFileSync(config, byKind('ConfigMap').data?.['agent.json'] ?? '');
    const args = c.args.map((a) =>
      a === '/etc/ftpcheck/agent.json' ? config : a.startsWith('0.0.0.0:') ? '127.0.0.1:0' : a,
    );
    const agent = await startAgentCli(args);
    try {
      const health = await fetch(new URL('/healthz', agent.url));
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      assert.equal((await fetch(new URL('/metrics', agent.url))).status, 401, 'the rest wants the token');
      assert.doesNotMatch(agent.stderr(), /reflector/i);
    } finally {
      await agent.stop();
    }
  });
});
