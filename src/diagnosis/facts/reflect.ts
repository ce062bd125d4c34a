// What `ftpcheck reflect` found, as the rules read it: the reflector's view of each session, and the
// PORT/EPRT commands that arrived otherwise than this machine sent them. Pure.
import type { Endpoint } from '../../model/connections.js';
import type { Observations } from '../../model/observations.js';
import type { ReflectorPortSeen, ReflectorView, ReflectorViewResult } from '../../model/reflect.js';
import { sameAddress } from '../../protocol/address.js';

export function seenView(result: ReflectorViewResult | undefined): ReflectorView | undefined {
  return result?.kind === 'seen' ? result.view : undefined;
}

/** The reflector's view of the reflect run's own session (TLS with --tls). */
export const reflectorView = (o: Observations): ReflectorView | undefined => seenView(o.reflect?.view);

/** With --tls: the reflector's view of the plain session before it. */
export const plainReflectorView = (o: Observations): ReflectorView | undefined => seenView(o.reflect?.plainView);

export interface Rewrite {
  /** What this machine announced (SITE CLIENT, in hex: no router rewrites it). */
  sent: Endpoint;
  port: ReflectorPortSeen & { parsed: Endpoint };
}

const sameEndpoint = (a: Endpoint, b: Endpoint): boolean => sameAddress(a.address, b.address) && a.port === b.port;

/** The PORT/EPRT commands of a session that arrived naming another address or port than announced. */
export function rewrites(view: ReflectorView | undefined): Rewrite[] {
  const sent = view?.announced?.parsed;
  if (!view || !sent) return [];
  return view.ports.flatMap((port) =>
    port.parsed && !sameEndpoint(port.parsed, sent) ? [{ sent, port: { ...port, parsed: port.parsed } }] : [],
  );
}
