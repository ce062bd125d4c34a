// The evidence of the control connection's stage lines: the connect (with the addresses the server
// named for this machine), the greeting and the legacy TLS probe. Pure.
import type { ConnectResult } from '../../model/connections.js';
import type { GreetingObservation, LegacyTlsObservation, Observations } from '../../model/observations.js';
import type { ConnectEvidence, GreetingEvidence, LegacyTlsEvidence, SeenAsEvidence } from '../../model/stage-report.js';
import { addressesSeen } from '../facts/server-view.js';
import { describeLegacyTls } from '../rules/wording/tls.js';

/** The connect stage's evidence of it: null when nothing was asked and nothing named. */
export function seenAsEvidence(o: Observations): SeenAsEvidence[] | null {
  const seen = addressesSeen(o);
  if (seen.length === 0 && o.serverView?.kind !== 'ran') return null;
  return seen.map(({ address, connection, said }) => ({ address, connection, said }));
}

export function connectEvidence(c: ConnectResult, seenAs: SeenAsEvidence[] | null): ConnectEvidence {
  switch (c.kind) {
    case 'connected':
      return { outcome: c.kind, local: c.local, remote: c.remote, seenAs };
    case 'refused':
    case 'timeout':
      return { outcome: c.kind };
    case 'unreachable':
    case 'error':
      return { outcome: c.kind, errno: c.errno };
  }
}

export function greetingEvidence(g: GreetingObservation): GreetingEvidence {
  switch (g.kind) {
    case 'greeted':
      return { outcome: g.kind, reply: g.reply, software: g.software ?? null };
    case 'rejected':
      return { outcome: g.kind, reply: g.reply };
    case 'silent':
      return { outcome: g.kind, partial: g.partial };
    case 'not-ftp':
      return { outcome: g.kind, service: g.service, banner: g.banner };
    case 'violation':
      return { outcome: g.kind, reason: g.reason };
    case 'closed':
    case 'reset':
    case 'deadline':
      return { outcome: g.kind };
  }
}

export function legacyTlsEvidence(l: LegacyTlsObservation): LegacyTlsEvidence {
  const detail = describeLegacyTls(l);
  if (l.kind === 'not-tested') return { outcome: l.kind, protocol: null, detail };
  const h = l.handshake;
  return h.kind === 'established'
    ? { outcome: 'accepted', protocol: h.protocol, detail }
    : { outcome: 'refused', protocol: null, detail };
}
