// Another protocol on the FTP port: what answered, by its first words or in reply to what the checks
// sent (a TLS probe's ClientHello, ftps:// on a plain port). Pure; several rules stay silent for it.
import type { Observations, OtherService } from '../../../model/observations.js';
import { describeBanner, describeGreeting, describeService } from './replies.js';
import { describeHandshake } from './tls.js';

/** The other service and how it showed itself, when one answered instead of an FTP server. */
export function otherService(o: Observations): { service: OtherService; evidence: string } | undefined {
  const g = o.greeting;
  if (g?.kind === 'not-ftp') return { service: g.service, evidence: `The port ${describeGreeting(g)}.` };
  const probe = o.tlsModeProbe;
  // A port silent to the greeting's wait that answered the TLS probe's ClientHello with another protocol.
  if (g?.kind === 'silent' && probe?.kind === 'implicit-handshake' && probe.answer) {
    const { service, banner } = probe.answer;
    return {
      service,
      evidence:
        `The connection opened: ${describeGreeting(g)}. A TLS ClientHello on a new connection was answered by ` +
        `${describeService(service)}: ${describeBanner(banner)}.`,
    };
  }
  // ftps:// on a port whose answer was no TLS, and whose answer to a ClientHello named another service.
  const failed = o.tls?.kind === 'ran' && o.tls.handshake.kind !== 'established' ? o.tls.handshake : undefined;
  if (failed && g === undefined && probe?.kind === 'implicit-handshake' && probe.answer) {
    const { service, banner } = probe.answer;
    return {
      service,
      evidence:
        `The implicit TLS handshake ${describeHandshake(failed)}; a TLS ClientHello on a new connection was ` +
        `answered by ${describeService(service)}: ${describeBanner(banner)}.`,
    };
  }
  // ftps:// on a port whose answer was no TLS, and whose plain greeting named another service.
  const asPlain = probe?.kind === 'plain-greeting' ? probe.greeting : undefined;
  if (asPlain?.kind === 'not-ftp' && o.tls?.kind === 'ran' && o.tls.handshake.kind !== 'established')
    return {
      service: asPlain.service,
      evidence:
        `The implicit TLS handshake ${describeHandshake(o.tls.handshake)}; a plain connection to the same port ` +
        `${describeGreeting(asPlain)}.`,
    };
  return undefined;
}

/** Whether another protocol answered on the port, by its first words or in reply to the checks' bytes. */
export function anotherServiceAnswered(o: Observations): boolean {
  return otherService(o) !== undefined;
}
