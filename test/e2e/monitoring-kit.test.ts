// The monitoring kit in contrib/ against the built CLI: a real Prometheus loads contrib/prometheus/alerts.yml
// (every `for:` set to 0 so that a test need not wait), scrapes the exporter's /probe for a healthy server
// and broken ones, and the broken ones' alerts fire while the healthy one stays quiet; and every metric
// name the alert rules and the Grafana dashboard use is one a live exporter serves.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { startFixture } from '../../fixtures/fault-server.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { startExporterWith } from '../helpers/agent.js';
import { makeCerts, opensslAvailable } from '../helpers/certs.js';
import { freePort } from '../helpers/loopback.js';
import { prometheusSkip, startPrometheus, until } from '../helpers/prometheus.js';
import { metricNames } from '../helpers/promql.js';
import { forSuite } from '../helpers/suite.js';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

interface RuleFile {
  groups: { name: string; rules: { alert: string; expr: string; for?: string }[] }[];
}

interface Dashboard {
  panels: { title: string; targets?: { expr: string }[] }[];
  templating: { list: { name: string; definition?: string }[] };
}

/** Every PromQL expression of the dashboard and the alert rules, with where it comes from. */
function expressions(): { where: string; expr: string }[] {
  const dashboard = JSON.parse(read('contrib/grafana/ftpcheck.json')) as Dashboard;
  const rules = parse(read('contrib/prometheus/alerts.yml')) as RuleFile;
  return [
    ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
    ...dashboard.templating.list.flatMap((v) =>
      v.definition === undefined ? [] : [{ where: `variable ${v.name}`, expr: v.definition }],
    ),
    ...rules.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr }))),
  ];
}

/** The metric names in a Prometheus text exposition. */
const servedNames = (exposition: string): string[] =>
  [...exposition.matchAll(/^([a-zA-Z_:][\w:]*)[{ ]/gm)].map((m) => m[1] ?? '');

const skip = opensslAvailable() ? false : 'the openssl command is not installed (needed to make test certificates)';

describe('the monitoring kit against a live exporter', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftpcheck-kit-'));
  const certs = forSuite(makeCerts, (c) => c.cleanup());
  const healthy = forSuite(
    () => startEmbeddedServer({ port: 0 }),
    (s) => s.close(),
  );
  const filtered = forSuite(
    () => startFixture('pasv-filtered'),
    (f) => f.close(),
  );
  // A certificate that ends in 3 days, on implicit TLS.
  const expiring = forSuite(
    () => startEmbeddedServer({ port: 0, tls: certs().expiring }),
    (s) => s.close(),
  );
  const closed = forSuite(freePort, () => undefined);
  const exporter = forSuite(
    () =>
      startExporterWith(dir, {
        passive: { mode: 'passive', timeout: 1 },
        // The embedded server's readme.txt, and a file it does not have.
        files: {
          mode: 'passive',
          timeout: 1,
          expectFiles: [{ path: 'readme.txt', maxAge: '7d', minSize: '10' }, { path: 'nope.txt' }],
        },
      }),
    (e) => e.stop(),
  );
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const base = (): string => exporter().url.replace(/\/$/, '');
  const targets = (): Record<'healthy' | 'filtered' | 'expiring' | 'closed', string> => ({
    healthy: `127.0.0.1:${healthy().port}`,
    filtered: `127.0.0.1:${filtered().port}`,
    expiring: `ftps://127.0.0.1:${expiring().port}`,
    closed: `127.0.0.1:${closed()}`,
  });

  it(
    "fires the broken targets' alerts in a real Prometheus, and none for the healthy one",
    { skip: prometheusSkip() },
    async () => {
      const rules = parse(read('contrib/prometheus/alerts.yml')) as RuleFile;
      for (const group of rules.groups) for (const rule of group.rules) rule.for = '0s';
      writeFileSync(join(dir, 'alerts.yml'), stringify(rules));
      writeFileSync(
        join(dir, 'prometheus.yml'),
        stringify({
          global: { scrape_interval: '3s', scrape_timeout: '2500ms', evaluation_interval: '1s' },
          rule_files: [join(dir, 'alerts.yml')],
          scrape_configs: [
            ...[
              { job: 'ftp', module: 'passive', targets: Object.values(targets()) },
              { job: 'ftp-files', module: 'files', targets: [targets().healthy] },
            ].map(({ job, module, targets: list }) => ({
              job_name: job,
              metrics_path: '/probe',
              params: { module: [module] },
              static_configs: [{ targets: list }],
              relabel_configs: [
                { source_labels: ['__address__'], target_label: '__param_target' },
                { source_labels: ['__param_target'], target_label: 'instance' },
                { target_label: '__address__', replacement: base().replace('http://', '') },
              ],
            })),
          ],
        }),
      );
      const prometheus = await startPrometheus(join(dir, 'prometheus.yml'), dir);
      try {
        const t = targets();
        const expected = [
          { alert: 'FtpDataChannelBroken', instance: t.filtered, code: 'pasv-data-filtered' },
          { alert: 'FtpUnreachable', instance: t.closed, code: 'control-refused' },
          { alert: 'FtpsCertificateExpiringCritical', instance: t.expiring, code: 'tls-certificate-expiring' },
          { alert: 'FtpFileMissing', instance: t.healthy, code: 'file-missing' },
        ];
        const firing = await until(40_000, async () => {
          const all = (await prometheus.alerts()).filter((a) => a.state === 'firing');
          const healthyScraped = (await prometheus.query(`ftpcheck_probe_success{job="ftp",instance="${t.healthy}"}`))
            .length;
          const done = expected.every((e) =>
            all.some((a) => a.labels.alertname === e.alert && a.labels.instance === e.instance),
          );
          return done && healthyScraped === 1 ? all : undefined;
        });
        assert.ok(firing, `the alerts fire within 40 s; now: ${JSON.stringify(await prometheus.alerts())}`);
        for (const e of expected) {
          const alert = firing.find((a) => a.labels.alertname === e.alert && a.labels.instance === e.instance);
          assert.ok(alert);
          assert.ok(alert.labels.severity === 'critical', JSON.stringify(alert));
          assert.ok(alert.annotations.description?.includes(e.code), JSON.stringify(alert));
          assert.ok(alert.annotations.runbook_url?.endsWith(`#${e.code}`), JSON.stringify(alert));
        }
        const pending = (await prometheus.alerts())
          .filter((a) => a.labels.job === 'ftp')
          .map((a) => `${a.labels.alertname ?? ''} ${a.labels.instance ?? ''}`);
        assert.deepEqual(
          pending.filter((a) => a.endsWith(` ${t.healthy}`)),
          [],
          'no alert for the healthy server',
        );
        assert.deepEqual(
          (await prometheus.query(`ftpcheck_probe_success{job="ftp",instance="${t.healthy}"}`)).map((s) => s.value[1]),
          ['1'],
        );
        // The file alert names the missing file only, not the one that is there.
        assert.deepEqual(
          firing.filter((a) => a.labels.alertname === 'FtpFileMissing').map((a) => a.labels.path),
          ['nope.txt'],
        );
      } finally {
        await prometheus.stop();
      }
    },
  );

  it('uses only metric names a live exporter serves, in the dashboard and the alert rules', async () => {
    const served = new Set(['up']); // Prometheus's own, for each scrape
    const probes = [
      ...Object.values(targets()).map((target) => ({ target, module: 'passive' })),
      { target: targets().healthy, module: 'files' },
    ];
    for (const { target, module } of probes) {
      const res = await fetch(`${base()}/probe?target=${encodeURIComponent(target)}&module=${module}`);
      assert.equal(res.status, 200, target);
      for (const name of servedNames(await res.text())) served.add(name);
    }
    for (const name of servedNames(await (await fetch(`${base()}/metrics`)).text())) served.add(name);
    assert.ok(
      served.has('ftpcheck_tls_cert_expiry_timestamp_seconds') && served.has('ftpcheck_sample_bytes_per_second'),
    );
    const used = expressions().flatMap(({ where, expr }) => metricNames(expr).map((name) => ({ where, name })));
    assert.ok(used.length >= 15);
    assert.deepEqual(
      used.filter((u) => !served.has(u.name)),
      [],
    );
    // Names inside the alerts' template queries and the dashboard's text, too.
    const mentioned = [
      ...`${read('contrib/prometheus/alerts.yml')}${read('contrib/grafana/ftpcheck.json')}`.matchAll(
        /\bftpcheck_[a-z_]+\b/g,
      ),
    ].map((m) => m[0]);
    assert.deepEqual(
      [...new Set(mentioned)].filter((name) => !served.has(name)),
      [],
    );
  });
});
