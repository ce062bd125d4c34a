// The monitoring kit's files in contrib/ hold together with the code and the docs: every alert has a
// severity, names its target and finding codes and links an article that exists; the codes the rules
// name are finding codes. (Whether the metric names exist is checked against a live exporter, in
// test/e2e/monitoring-kit.test.ts; whether the rules fire, by promtool and that test's Prometheus.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { FINDING_CODES } from '../../src/model/findings.js';

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
