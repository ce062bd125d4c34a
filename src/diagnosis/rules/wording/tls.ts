// TLS in words: handshakes, the certificate, the legacy-version probe. Pure.
import type { CertificateInfo, HandshakeResult } from '../../../model/connections.js';
import type { LegacyTlsObservation } from '../../../model/observations.js';
import { opensslReason } from '../../../protocol/openssl.js';
import { certificateProblems } from '../../facts/common.js';
import { seconds } from './phrases.js';

/** How a TLS handshake ended, after "the handshake" for a failure: `failed after 5 ms: …`. */
export function describeHandshake(h: HandshakeResult): string {
  switch (h.kind) {
    case 'established':
      return `${h.protocol}, ${h.cipher}`;
    case 'failed':
      return `failed after ${h.ms} ms: ${opensslReason(h.error)}${h.code ? ` (${h.code})` : ''}`;
    case 'timeout':
      return `did not finish within ${seconds(h.ms)}${stallDetail(h.received)}`;
  }
}

/** What came back before a handshake's wait ran out, when it was counted. */
function stallDetail(received: number | undefined): string {
  if (received === undefined) return '';
  if (received === 0) return ' (not one byte came back after the ClientHello; the connection stayed open)';
  return ` (${received} bytes came back, then nothing; the connection stayed open)`;
}

/** The certificate's problems, or that it is trusted, and when it expires. */
export function describeCertificate(c: CertificateInfo): string {
  const problems = certificateProblems(c);
  return `certificate ${problems.length ? problems.join(', ') : 'trusted'}, expires ${c.validTo.slice(0, 10)}`;
}

/** How offering only TLS 1.0 and 1.1 went: `TLS 1.0/1.1 refused (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION)`. */
export function describeLegacyTls(l: LegacyTlsObservation): string {
  if (l.kind === 'not-tested') return `TLS 1.0/1.1 not tested: ${l.reason}`;
  const h = l.handshake;
  switch (h.kind) {
    case 'established':
      return `TLS 1.0/1.1 accepted (${h.protocol})`;
    case 'failed':
      return `TLS 1.0/1.1 refused (${h.code ?? h.error})`;
    case 'timeout':
      return `TLS 1.0/1.1 refused (no answer within ${seconds(h.ms)})`;
  }
}

/** "3 days", "1 day", "less than a day". */
export function daysText(days: number): string {
  if (days < 1) return 'less than a day';
  return days === 1 ? '1 day' : `${days} days`;
}
