// The finding codes are a public contract: monitoring matches on them. Add codes; never rename one.
import type { ServerKind } from './server.js';
import type { StageName } from './stages.js';

export const FINDING_CODES = [
  'dns-unresolved',
  'control-filtered',
  'control-refused',
  'control-unreachable',
  'banner-timeout',
  'not-ftp',
  'greeting-rejected',
  'control-reset',
  'control-lost',
  'protocol-violation',
  'login-failed',
  'tls-required',
  'pasv-rejected',
  'pasv-private-address',
  'pasv-foreign-address',
  'pasv-data-filtered',
  'pasv-data-refused',
  'data-transfer-stalled',
  'active-port-rejected',
  'active-callback-blocked',
  'active-source-port-not-20',
  'client-behind-nat',
  'epsv-unsupported',
  'deadline-reached',
  'tls-unsupported',
  'tls-handshake-failed',
  'tls-certificate-untrusted',
  'tls-certificate-expired',
  'tls-certificate-name-mismatch',
  'tls-session-reuse-required',
  'tls-hides-pasv-from-firewall',
  'tls-hides-port-from-firewall',
  'tls-offered',
  'alg-rewrites-pasv',
  'pasv-range-partly-blocked',
  'active-callback-other-address',
  'address-fallback',
  'server-sends-control-characters',
  // TLS posture and protocol mix-ups.
  'tls-mode-mismatch',
  'tls-certificate-expiring',
  'tls-legacy-version',
  'cleartext-login',
  // PASV and EPSV apart, the server's view of this machine, middleboxes, --audit's bounce and anonymous checks.
  'pasv-epsv-differ',
  'client-public-address',
  'reply-masked-by-inspection',
  'pasv-low-port',
  'pasv-range-small',
  'port-bounce-allowed',
  'anonymous-allowed',
  // The anonymous login's write access (the upload of the data checks).
  'anonymous-writable',
  // One target checked from several vantages (--from), compared (diagnosis/assembly/vantages.ts).
  'vantage-differs',
  // The reflector: active mode from behind this machine's router.
  'alg-rewrites-port',
  'data-tampered',
  // A TLS handshake that gets no answer while its connection stays open (a path-MTU black hole).
  'tls-handshake-stalled',
  // A certificate sent without the chain to its CA (the intermediate missing).
  'tls-chain-incomplete',
  // Files that must be on the server, fresh and big enough (--expect-file).
  'file-missing',
  'file-stale',
  'file-too-small',
  // A server's own failure of the active-mode transfer, told apart from a firewall's drop.
  'active-server-error',
  // --audit's safe fingerprints: from what the server announces, never exploiting.
  'known-vulnerable-server',
  'mod-copy-unauthenticated',
  // --audit: an FTPS server whose data connections can be forced into the clear by a client setting.
  'tls-data-unprotected-allowed',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export type Severity = 'error' | 'warning' | 'info';

/** Who can act on a fix step. */
export type Role = 'user' | 'server-admin' | 'network-admin';

export interface FixStep {
  role: Role;
  text: string;
  /** Set when the step is one server software's own setting. */
  server?: ServerKind;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  stage: StageName;
  title: string;
  /** What this run observed, in one or two sentences with the concrete addresses, ports and replies. */
  evidence: string;
  explanation: string;
  likelyRule: string;
  /** How to confirm the finding by hand. */
  confirm: string[];
  fix: FixStep[];
}

export function isFindingCode(value: string): value is FindingCode {
  return (FINDING_CODES as readonly string[]).includes(value);
}
