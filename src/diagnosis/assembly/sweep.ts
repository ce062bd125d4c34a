// The sweep's result in compact ranges ("50000-50009 closed, 50010-50019 filtered"). Pure.
import type { Observations } from '../../model/observations.js';
import { portRuns } from '../facts/sweep.js';
import type { SweepReport } from '../../model/report.js';
import { describePortRuns } from '../rules/wording/connections.js';

export function sweepReport(o: Observations): SweepReport | null {
  const s = o.sweep;
  if (!s) return null;
  if (s.kind === 'not-run')
    return {
      ran: false,
      summary: `not swept: ${s.reason}`,
      range: null,
      inferredFrom: null,
      address: null,
      ranges: [],
      counts: null,
      durationMs: 0,
    };
  const runs = portRuns(s.range.min, s.classes);
  const counts = { reachable: 0, closed: 0, filtered: 0, unreachable: 0, 'not-tried': 0 };
  for (const c of s.classes) counts[c]++;
  return {
    ran: true,
    summary: describePortRuns(runs),
    range: s.range,
    inferredFrom: s.inferredFrom ?? null,
    address: s.address,
    ranges: runs,
    counts,
    durationMs: s.ms,
  };
}
