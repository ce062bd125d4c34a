// Many targets for people: one summary row each, then the full report of each one that is not ok.
import Table from 'cli-table3';
import type { Report } from '../model/report.js';
import { visibleStrings } from '../safety/visible.js';
import { renderHuman, type HumanOptions } from './human.js';
import { duration, makeStyle } from './style.js';

export function renderSummary(untrusted: Report[], o: HumanOptions): string {
  const reports = visibleStrings(untrusted);
  const s = makeStyle(o.color);
  const paint = { ok: s.green, degraded: s.yellow, failed: s.red } as const;
  // The target column is as wide as the longest target (host:port whole), up to about a third of the
  // width, and on 80 columns still a user@host:port URL whole (the finding's column is the one that
  // narrows); a longer target wraps by characters instead of losing its end (its port).
  const fixed = 10 + 10 + 9 + 6;
  const longest = Math.max(...reports.map((r) => r.target.input.length), 'Target'.length);
  const target = Math.max(10, Math.min(longest + 2, Math.max(30, Math.round(o.width * 0.36)), o.width - fixed - 15));
  const detail = Math.max(15, o.width - target - fixed);
  const table = new Table({
    head: ['Target', 'Verdict', 'Failing stage', 'Top finding', 'Time'],
    colWidths: [target, 10, 10, detail, 9],
    wordWrap: true,
    style: { compact: true, ...(o.color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] }) },
  });
  for (const r of reports) {
    const failing = r.stages.find((st) => st.status === 'fail')?.name ?? '';
    const top = r.findings.find((f) => f.severity !== 'info');
    table.push([
      { content: r.target.input, wrapOnWordBoundary: false },
      paint[r.verdict](r.verdict),
      failing,
      top ? `${top.code}: ${top.evidence}` : '',
      duration(r.durationMs),
    ]);
  }
  const bad = reports.filter((r) => r.verdict !== 'ok');
  const details = bad.map((r) => renderHuman(r, o)).join(`\n${'─'.repeat(Math.min(o.width, 100))}\n\n`);
  return `${table.toString()}\n${bad.length ? `\n${details}` : ''}`;
}
