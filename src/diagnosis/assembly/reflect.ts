// What the agent's reflector saw of this machine's session in `ftpcheck reflect`, as the active stage
// line shows it: its evidence and the summary's words. The reflect command's report is reflectReport
// (report.ts), beside reportOf which it narrows. Pure.
import type { ReflectObservation } from '../../model/reflect.js';
import type { ReflectorEvidence } from '../../model/stage-report.js';
import { formatEndpoint } from '../../protocol/address.js';
import { seenView } from '../facts/reflect.js';

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
