// After a TLS check whose handshake worked: does the server still accept TLS 1.0 or 1.1? One handshake
// on a connection of its own, offering only those versions, as the check's own TLS mode does it (at once
// for implicit FTPS, after AUTH TLS for explicit). When this machine's OpenSSL cannot offer them, the
// answer is "not tested", found out before any connection.
import type { HandshakeResult } from '../model/connections.js';
import type { LegacyTlsObservation } from '../model/observations.js';
import { LEGACY_TLS, type TlsSettings } from '../net/tls.js';
import { cannotOffer } from '../net/tls-offer.js';
import { probeConnect } from './connect.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { openSession, type SessionPlan } from './session.js';

const OFFERED = [LEGACY_TLS.min, LEGACY_TLS.max];

export async function probeLegacyTls(reachedPlan: SessionPlan, ctx: ProbeContext): Promise<LegacyTlsObservation> {
  const tls = reachedPlan.tls;
  if (!tls) return { kind: 'not-tested', reason: 'the check does not use TLS' };
  const unable = await cannotOffer(LEGACY_TLS);
  if (unable !== undefined)
    return { kind: 'not-tested', reason: `this machine's OpenSSL cannot offer TLS 1.0 or 1.1: ${unable}` };
  if (ctx.deadline.expired()) return { kind: 'not-tested', reason: "the run's deadline had passed" };
  ctx.transcript.add(
    'control',
    'note',
    'offering only TLS 1.0 and 1.1 on a new connection: does the server accept them?',
  );
  const started = performance.now();
  const settings: TlsSettings = { ...tls.settings, versions: LEGACY_TLS };
  const outcome =
    tls.mode === 'implicit' ? await implicit(reachedPlan, settings, ctx) : await explicit(reachedPlan, settings, ctx);
  if (typeof outcome === 'string') return { kind: 'not-tested', reason: outcome };
  return { kind: 'ran', ms: Math.round(performance.now() - started), offered: OFFERED, handshake: outcome };
}

/** The handshake's result, or why the connection did not get as far as a handshake. */
type Outcome = HandshakeResult | string;

async function implicit(reachedPlan: SessionPlan, settings: TlsSettings, ctx: ProbeContext): Promise<Outcome> {
  const tried = await probeConnect(reachedPlan.target, settings, ctx);
  tried.control?.close();
  const { connect, tls } = tried.observed;
  if (tls?.kind !== 'ran') return `could not connect again (${connect.kind})`;
  return tls.handshake;
}

async function explicit(reachedPlan: SessionPlan, settings: TlsSettings, ctx: ProbeContext): Promise<Outcome> {
  const session = await openSession({ ...reachedPlan, tls: undefined, login: undefined }, ctx);
  if (session.kind === 'failed') return session.reason;
  const { control } = session;
  try {
    const auth = await control.command('AUTH TLS', stepWait(ctx));
    if (auth.kind !== 'reply' || auth.reply.code !== 234)
      return `AUTH TLS on the new connection got ${auth.kind === 'reply' ? `a ${auth.reply.code} reply` : auth.kind}`;
    return await control.startTls(settings, stepWait(ctx));
  } finally {
    control.close();
  }
}
