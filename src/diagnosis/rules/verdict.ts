// The verdict and exit code, pure.
import type { Finding } from '../../model/findings.js';
import type { Observations } from '../../model/observations.js';
import type { Verdict } from '../../model/report.js';
import { activeWorked, controlTls, passiveWorked } from '../facts/common.js';

/** True when the control path (dns, connect, greeting, TLS when asked for, login) got all the way through. */
export function controlPathWorked(o: Observations, findings: Finding[]): boolean {
  const tlsOk =
    !o.tlsRequest ||
    (controlTls(o) !== undefined && !findings.some((f) => f.stage === 'tls' && f.severity === 'error'));
  return (
    o.dns?.kind !== 'failed' &&
    o.connect?.kind === 'connected' &&
    o.greeting?.kind === 'greeted' &&
    tlsOk &&
    o.login?.kind === 'logged-in'
  );
}

export function verdictOf(o: Observations, findings: Finding[]): Verdict {
  if (!controlPathWorked(o, findings)) return 'failed';
  const tested = [o.mode !== 'active' && passiveWorked(o), o.mode !== 'passive' && activeWorked(o)];
  if (!tested.some(Boolean)) return 'failed';
  // A file the check was asked to find is absent: what is monitored is not there, whatever FTP did.
  if (findings.some((f) => f.code === 'file-missing')) return 'failed';
  return findings.some((f) => f.severity !== 'info') ? 'degraded' : 'ok';
}
