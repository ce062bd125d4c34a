// Facts about TLS that several rules share: a mix-up of implicit FTPS and plain FTP on the control
// port, the certificate's remaining days, and the legacy-version probe. Pure.
import type { CertificateInfo, HandshakeResult } from '../../model/connections.js';
import type { GreetingObservation, Observations } from '../../model/observations.js';
import type { Reply } from '../../model/exchanges.js';
import { controlTls } from './common.js';

type Established = Extract<HandshakeResult, { kind: 'established' }>;
type Silent = Extract<GreetingObservation, { kind: 'silent' }>;

/**
 * The form of FTP the check used did not fit the port, and the other form, tried on a new connection,
 * did. `implicit-on-plain`: ftps:// (TLS from the first byte), but the port greets in plain FTP;
 * `plain-on-implicit`: plain FTP or AUTH TLS waited for a greeting, but the port waits for a TLS handshake.
 */
export type TlsModeMismatch =
  | {
      kind: 'implicit-on-plain';
      handshake: Exclude<HandshakeResult, { kind: 'established' }>;
      greeting: Reply;
    }
  | { kind: 'plain-on-implicit'; asked: 'plain' | 'explicit'; silence: Silent; handshake: Established };

export function mixedTlsMode(o: Observations): TlsModeMismatch | undefined {
  const probe = o.tlsModeProbe;
  if (!probe) return undefined;
  if (probe.kind === 'plain-greeting') {
    const handshake = o.tls?.kind === 'ran' && o.tls.mode === 'implicit' ? o.tls.handshake : undefined;
    const greeting = probe.greeting;
    if (!handshake || handshake.kind === 'established' || greeting?.kind !== 'greeted') return undefined;
    return { kind: 'implicit-on-plain', handshake, greeting: greeting.reply };
  }
  const silence = o.greeting?.kind === 'silent' ? o.greeting : undefined;
  const handshake = probe.handshake;
  if (!silence || o.tlsRequest?.mode === 'implicit' || handshake?.kind !== 'established') return undefined;
  return { kind: 'plain-on-implicit', asked: o.tlsRequest ? 'explicit' : 'plain', silence, handshake };
}

/** The control connection's certificate when it is valid today but ends within the warning threshold. */
export function certificateEnding(o: Observations): CertificateInfo | undefined {
  const cert = controlTls(o)?.certificate;
  if (!cert || cert.expired || cert.notYetValid) return undefined;
  return cert.daysLeft < o.posture.certWarnDays ? cert : undefined;
}
