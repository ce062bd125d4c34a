// The sweep of the passive range as runs of ports that answered alike. Pure.
import type { PortClass } from '../../model/observations.js';
import type { PortRun } from '../../model/report.js';

/** Neighbouring ports of one class joined: 50000-50009 closed, 50010-50019 filtered. */
export function portRuns(min: number, classes: PortClass[]): PortRun[] {
  const runs: PortRun[] = [];
  classes.forEach((c, i) => {
    const last = runs.at(-1);
    if (last?.class === c && last.to === min + i - 1) last.to = min + i;
    else runs.push({ from: min + i, to: min + i, class: c });
  });
  return runs;
}
