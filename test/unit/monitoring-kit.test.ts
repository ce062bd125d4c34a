// The monitoring kit's files in contrib/ hold together with the code and the docs: every alert has a
// severity, names its target and finding codes and links an article that exists; the codes the rules
// name are finding codes. (Whether the metric names exist is checked against a live exporter, in
// test/e2e/monitoring-kit.test.ts; whether the rules fire, by promtool and that test's Prometheus.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { FINDING_CODES } from '../../src/model/findings.js';
import { metricNames } from '../helpers/promql.js';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const alertRules = (): AlertRule[] =>
  (parse(read('contrib/prometheus/alerts.yml')) as { groups: { rules: AlertRule[] }[] }).groups.flatMap((g) => g.rules);

/** The anchors of docs/troubleshooting.md (`<a id="CODE">`) and the README's heading slugs. */
function anchors(): { docs: Set<string>; readme: Set<string> } {
  const docs = new Set([...read('docs/troubleshooting.md').matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1] ?? ''));
  const readme = new Set(
    [...read('README.md').matchAll(/^#+ (.+)$/gm)].map((m) =>
      (m[1] ?? '')
        .toLowerCase()
        .replace(/[^\w\s-]/g, '')
        .trim()
        .replace(/\s/g, '-'),
    ),
  );
  return { docs, readme };
}

describe('contrib/prometheus/alerts.yml', () => {
  it('gives every alert a severity, a summary and description naming the target, and a runbook', () => {
    const rules = alertRules();
    assert.ok(rules.length >= 10);
    for (const rule of rules) {
      const where = `alert ${rule.alert}`;
      assert.match(rule.labels?.severity ?? '', /^(critical|warning)$/, where);
      assert.match(rule.annotations?.summary ?? '', /\{\{ \$labels\.instance \}\}/, where);
      assert.match(rule.annotations?.description ?? '', /\{\{ \$labels\.instance \}\}/, where);
      assert.match(
        rule.annotations?.runbook_url ?? '',
        /^https:\/\/ftpcheck\.example\/(docs\/troubleshooting|README)\.md#/,
      );
    }
  });

  it("links articles that exist: a code's anchor, or the finding code of the alert's own target", () => {
    const { docs, readme } = anchors();
    for (const rule of alertRules()) {
      const url = rule.annotations?.runbook_url ?? '';
      const anchor = url.slice(url.indexOf('#') + 1);
      if (anchor.includes('{{')) {
        // Templated: the alert's own code label, or the first finding of the same job and instance.
        assert.ok(
          anchor === '{{ $labels.code }}' ||
            /^\{\{ with printf "ftpcheck_finding\{job=%q,instance=%q[^}]*\}" \$labels\.job \$labels\.instance \| query/.test(
              anchor,
            ),
          `${rule.alert}: ${anchor}`,
        );
        if (anchor === '{{ $labels.code }}') assert.match(rule.expr, /ftpcheck_finding\{code=/, rule.alert);
      } else if (url.includes('/README.md#')) assert.ok(readme.has(anchor), `${rule.alert}: README has no #${anchor}`);
      else assert.ok(docs.has(anchor), `${rule.alert}: docs/troubleshooting.md has no #${anchor}`);
    }
  });

  it('names only finding codes that exist', () => {
    const codes = new Set<string>(FINDING_CODES);
    const text = read('contrib/prometheus/alerts.yml');
    const named = [
      ...[...text.matchAll(/code=~?"([^"]+)"/g)].flatMap((m) => (m[1] ?? '').split('|')),
      ...[...text.matchAll(/finding code ([a-z-]+)/g)].map((m) => m[1] ?? ''),
    ];
    assert.ok(named.length >= 5);
    assert.deepEqual(
      named.filter((c) => !codes.has(c)),
      [],
    );
  });
});

describe('metric names in PromQL (the helper the dashboard and alert tests use)', () => {
  const cases: [string, string[]][] = [
    ['up == 0', ['up']],
    ['ftpcheck_finding{code=~"a|b", severity!="info"} == 1', ['ftpcheck_finding']],
    ['min by (job, instance) (ftpcheck_stage_success{stage=~"dns|connect"}) == 0', ['ftpcheck_stage_success']],
    ['avg_over_time(ftpcheck_probe_duration_seconds[10m]) > 5', ['ftpcheck_probe_duration_seconds']],
    [
      '(ftpcheck_tls_cert_expiry_timestamp_seconds{job=~"$job"} - time()) / 86400',
      ['ftpcheck_tls_cert_expiry_timestamp_seconds'],
    ],
    ['a and on (job) (count by (job) (count_over_time(b[1d])) or c offset 5m)', ['a', 'b', 'c']],
    ['label_values(ftpcheck_probe_success{job=~"$job"}, instance)', ['ftpcheck_probe_success']],
    ['rate(x_total[${__rate_interval}]) * 1e3', ['x_total']],
  ];
  for (const [expr, names] of cases) it(expr, () => assert.deepEqual(metricNames(expr), names));
});

interface Panel {
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { expr: string; datasource?: { uid: string } }[];
  fieldConfig?: unknown;
}

interface Dashboard {
  __inputs: { name: string; type: string; pluginId?: string }[];
  __requires: { type: string; id: string }[];
  schemaVersion: number;
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown; datasource?: { uid: string } }[] };
}

const dashboard = (): Dashboard => JSON.parse(read('contrib/grafana/ftpcheck.json')) as Dashboard;

describe('contrib/grafana/ftpcheck.json', () => {
  it('is importable: a Prometheus datasource input, every plugin it uses required, a current schema', () => {
    const d = dashboard();
    assert.ok(d.schemaVersion >= 36, 'a schema Grafana 9 and later read without migrating');
    assert.deepEqual(
      d.__inputs.filter((i) => i.type === 'datasource').map((i) => [i.name, i.pluginId]),
      [['DS_PROMETHEUS', 'prometheus']],
    );
    const required = new Set(d.__requires.map((r) => `${r.type}:${r.id}`));
    assert.ok(required.has('grafana:grafana') && required.has('datasource:prometheus'));
    for (const p of d.panels.filter((p) => p.type !== 'row')) {
      assert.ok(required.has(`panel:${p.type}`), `__requires lists the ${p.type} panel`);
      assert.equal(p.datasource?.uid, '${DS_PROMETHEUS}', p.title);
      assert.ok((p.targets ?? []).length > 0, p.title);
      for (const t of p.targets ?? []) assert.equal(t.datasource?.uid, '${DS_PROMETHEUS}', p.title);
    }
    const ids = d.panels.map((p) => p.title);
    assert.equal(new Set(ids).size, ids.length, 'panel titles are unique');
  });

  it('has job and target variables, and every panel follows them', () => {
    const vars = dashboard().templating.list;
    assert.deepEqual(
      vars.filter((v) => v.type === 'query').map((v) => v.name),
      ['job', 'target'],
    );
    for (const p of dashboard().panels)
      for (const t of p.targets ?? []) assert.match(t.expr, /job=~"\$job", instance=~"\$target"/, p.title);
  });

  it('shows what the monitoring kit promises', () => {
    const exprs = dashboard().panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    for (const name of [
      'ftpcheck_verdict',
      'ftpcheck_stage_success',
      'ftpcheck_stage_duration_seconds',
      'ftpcheck_tls_cert_expiry_timestamp_seconds',
      'ftpcheck_finding',
      'ftpcheck_sample_bytes_per_second',
    ])
      assert.ok(
        exprs.some((e) => metricNames(e).includes(name)),
        `a panel shows ${name}`,
      );
    const findings = dashboard().panels.find((p) => p.title === 'Active findings');
    assert.match(JSON.stringify(findings?.fieldConfig), /"url":"\$\{docs\}#\$\{__value\.raw\}"/);
  });

  it('lays its panels out without overlaps, within 24 columns', () => {
    const cells = new Set<string>();
    for (const p of dashboard().panels) {
      assert.ok(p.gridPos.x + p.gridPos.w <= 24, p.title);
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++)
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          assert.ok(!cells.has(`${x},${y}`), `${p.title} overlaps another panel at ${x},${y}`);
          cells.add(`${x},${y}`);
        }
    }
  });
});
