// Observations in, findings out. Pure: no I/O, no clock, no randomness.
import { FINDING_CODES, type Finding, type Severity } from '../model/findings.js';
import type { Observations } from '../model/observations.js';
import { STAGE_NAMES } from '../model/stages.js';
import { CATALOGUE } from './catalogue.js';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function diagnose(o: Observations): Finding[] {
  const findings: Finding[] = [];
  for (const code of FINDING_CODES) {
    const rule = CATALOGUE[code];
    for (const m of rule.match(o)) {
      findings.push({
        code,
        severity: m.severity ?? rule.severity,
        stage: m.stage ?? rule.stage,
        title: rule.title,
        evidence: m.evidence,
        explanation: rule.explanation,
        likelyRule: m.likelyRule ?? rule.likelyRule,
        fix: [...(m.fixFirst ?? []), ...rule.fix],
      });
    }
  }
  // Most severe first; within a severity, in the order the connections are made.
  return findings.sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || STAGE_NAMES.indexOf(a.stage) - STAGE_NAMES.indexOf(b.stage),
  );
}
