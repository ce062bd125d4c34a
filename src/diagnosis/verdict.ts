// The verdict and exit code, pure.
import type { Finding } from '../model/findings.js';
import type { Observations } from '../model/observations.js';
import type { ExitCode, Verdict } from '../model/report.js';
import { activeWorked, passiveWorked } from './facts.js';

/** True when the control path (dns, connect, greeting, login) got all the way through. */
export function controlPathWorked(o: Observations): boolean {
  return o.dns?.kind !== 'failed' && o.connect?.kind === 'connected' && o.greeting?.kind === 'greeted' && o.login?.kind === 'logged-in';
}

export function verdictOf(o: Observations, findings: Finding[]): Verdict {
  if (!controlPathWorked(o)) return 'failed';
  const tested = [o.mode !== 'active' && passiveWorked(o), o.mode !== 'passive' && activeWorked(o)];
  if (!tested.some(Boolean)) return 'failed';
  return findings.some((f) => f.severity !== 'info') ? 'degraded' : 'ok';
}

export const EXIT_CODES: Record<Verdict, ExitCode> = { ok: 0, degraded: 1, failed: 2 };
