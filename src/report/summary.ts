// Many targets for people: one summary row each, then the full report of each one that is not ok.
import Table from 'cli-table3';
import type { Report } from '../model/report.js';
import { visibleStrings } from '../safety/visible.js';
import { renderHuman, type HumanOptions } from './human.js';
import { makeStyle } from './style.js';

export function renderSummary(untrusted: Report[], o: HumanOptions): string {
  const reports = visibleStrings(untrusted);
  const s = makeStyle(o.color);
  const paint = { ok: s.green, degraded: s.yellow, failed: s.red } as const;
  const detail = Math.max(20, o.width - 28 - 10 - 10 - 9 - 6);
  const table = new Table({
    head: ['Target', 'Verdict', 'Failing stage', 'Top finding', 'Time'],
    colWidths: [28, 10, 10, detail, 9],
    wordWrap: true,
    style: { compact: true, ...(o.color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] }) },
  });
  for (const r of reports) {
    const failing = r.stages.find((st) => st.status === 'fail')?.name ?? '';
    const top = r.findings.find((f) => f.severity !== 'info');
    table.push([
      r.target.input,
      paint[r.verdict](r.verdict),
      failing,
      top ? `${top.code}: ${top.evidence}` : '',
      `${(r.durationMs / 1000).toFixed(1)} s`,
    ]);
  }
  const bad = reports.filter((r) => r.verdict !== 'ok');
  const details = bad.map((r) => renderHuman(r, o)).join(`\n${'─'.repeat(Math.min(o.width, 100))}\n\n`);
  return `${table.toString()}\n${bad.length ? `\n${details}` : ''}`;
}
