// What `ftpcheck reflect` found, as the rules read it: the reflector's view of each session, and the
// PORT/EPRT commands that arrived otherwise than this machine sent them. Pure.
import type { Endpoint, Observations } from '../../model/observations.js';
import type { ReflectObservation, ReflectorPortSeen, ReflectorView, ReflectorViewResult } from '../../model/reflect.js';
import type { ReflectorEvidence } from '../../model/stage-report.js';
import { formatEndpoint, sameAddress } from '../../protocol/address.js';

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

export const describeRewrite = (r: Rewrite): string =>
  `this machine sent ${r.port.command} with ${formatEndpoint(r.sent)} and the reflector received ` +
  `"${r.port.command} ${r.port.text}", ${formatEndpoint(r.port.parsed)}`;

/** The active stage's evidence of a reflect run. */
export function reflectorEvidence(r: ReflectObservation): ReflectorEvidence {
  const view = seenView(r.view);
  const port = view?.ports.at(-1);
  const callback = view?.callbacks.at(-1);
  return {
    seenAs: view?.peer.address ?? null,
    announced: r.announced ?? view?.announced?.parsed ?? null,
    received: port
      ? {
          command: port.command,
          text: port.text,
          address: port.parsed?.address ?? null,
          port: port.parsed?.port ?? null,
          asAnnounced: port.matchesAnnounced,
          accepted: port.accepted,
        }
      : null,
    callbackFrom: callback?.from ?? null,
    notFromPort20: callback?.from ? callback.notFromPort20 : null,
    activeNonce: r.activeNonce.kind,
    passiveNonce: r.passiveNonce.kind,
    unavailable: r.view.kind === 'unavailable' ? r.view.reason : null,
  };
}

/** What the reflector saw, appended to the active stage's summary. */
export function reflectorSummary(r: ReflectObservation): string {
  const view = seenView(r.view);
  if (!view) return r.view.kind === 'unavailable' ? `; the reflector's view: ${r.view.reason}` : '';
  const port = view.ports.at(-1);
  const parts = [`the reflector sees this machine as ${view.peer.address}`];
  if (port?.parsed)
    parts.push(
      `received ${port.command} ${formatEndpoint(port.parsed)}` +
        (port.matchesAnnounced === null ? '' : port.matchesAnnounced ? ' as sent' : ' rewritten on the way'),
    );
  const callback = view.callbacks.at(-1);
  if (callback?.from && callback.notFromPort20 !== null)
    parts.push(`it connected back from port ${callback.from.port}, not 20 (${callback.notFromPort20})`);
  return `; ${parts.join(', ')}`;
}
