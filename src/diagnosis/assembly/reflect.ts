// The report of `ftpcheck reflect`: the usual report (schema ftpcheck/1) of a session with the agent's
// reflector, diagnosed with the rules that speak of this machine's side. Findings about how the
// reflector itself is set up (it is ours, anonymous on purpose, maybe without port 20) are left out.
import type { FindingCode } from '../../model/findings.js';
import type { Report } from '../../model/report.js';
import type { ReflectRun } from '../../probes/reflect.js';
import { reportOf } from './report.js';

/** Codes that judge the server's configuration: about the reflector, they would say nothing of this side. */
export const NOT_ABOUT_THIS_SIDE: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'active-source-port-not-20',
  'anonymous-allowed',
  'anonymous-writable',
  'cleartext-login',
  'tls-offered',
  'tls-certificate-expiring',
  'tls-legacy-version',
  'pasv-low-port',
  'pasv-range-small',
  'port-bounce-allowed',
  'epsv-unsupported',
]);

export function reflectReport(input: string, result: Extract<ReflectRun, { kind: 'ran' }>): Report {
  const { run, host, port } = result;
  return reportOf(
    { input, host, port, credentials: { user: 'anonymous' }, mode: 'both' },
    run,
    (code) => !NOT_ABOUT_THIS_SIDE.has(code),
  );
}
