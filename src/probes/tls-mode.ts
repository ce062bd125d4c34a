// When the check's session failed in a way a TLS mix-up explains, the other form of FTP tried once on a
// new connection: an ftps:// check whose handshake failed asks whether the port greets in plain FTP,
// and a check that got no greeting asks whether the port waits for a TLS ClientHello (implicit FTPS).
// One connection at most, within the run's deadline. The TLS probe of a silent port waits less than a
// step: a TLS server answers a ClientHello within a round trip or two (its certificate and key
// exchange), so a second full timeout would only double what a dead port costs.
import type { Observations, TlsModeProbe } from '../model/observations.js';
import { probeConnect } from './connect.js';
import type { ProbeContext } from './context.js';
import { openSession, type SessionPlan } from './session.js';

/**
 * OpenSSL's answers when the first bytes from the server are not a TLS record at all, as with a "220 "
 * greeting. An alert, a reset or silence says nothing of that kind, and a plain probe of an implicit-FTPS
 * port would only wait out its timeout.
 */
const NOT_A_TLS_RECORD = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

/** A second plus four round trips (the check's own connect time stands for one), at most a step. */
export function handshakeWaitMs(o: Readonly<Observations>, ctx: ProbeContext): number {
  const roundTrip = o.connect?.kind === 'connected' ? o.connect.ms : ctx.timeoutMs;
  return Math.min(ctx.timeoutMs, 1000 + 4 * roundTrip);
}

/**
 * `again` opens a session like the check's own, to the address it reached; `o` is what the stages
 * observed. Undefined when no mix-up fits what they saw, or the run's deadline has passed.
 */
export async function probeTlsMode(
  again: SessionPlan,
  o: Readonly<Observations>,
  ctx: ProbeContext,
): Promise<TlsModeProbe | undefined> {
  if (o.deadlineHit || ctx.deadline.expired()) return undefined;
  if (again.tls?.mode === 'implicit') {
    const handshake = o.tls?.kind === 'ran' ? o.tls.handshake : undefined;
    if (handshake?.kind !== 'failed' || !NOT_A_TLS_RECORD.has(handshake.code ?? '')) return undefined;
    ctx.transcript.add('control', 'note', 'the TLS handshake failed: does the port greet in plain FTP instead?');
    const plain = await openSession({ ...again, tls: undefined, login: undefined }, ctx);
    if (plain.kind === 'open') plain.control.close();
    const { connect, greeting } = plain.observed;
    return connect && { kind: 'plain-greeting', connect, greeting };
  }
  // A port that sent part of a plain greeting is not waiting for TLS.
  if (o.greeting?.kind !== 'silent' || o.greeting.partial !== '') return undefined;
  ctx.transcript.add('control', 'note', 'no greeting: does the port wait for a TLS handshake (implicit FTPS)?');
  // The name the user asked for, and their trust anchors when the check uses TLS at all.
  const settings = again.tls?.settings ?? { servername: o.target.host, ca: undefined };
  const tried = await probeConnect(again.target, settings, { ...ctx, timeoutMs: handshakeWaitMs(o, ctx) });
  // Not close(): no FTP was spoken, and a port that is not FTPS should not get a QUIT.
  tried.control?.destroy();
  const { connect, tls } = tried.observed;
  return { kind: 'implicit-handshake', connect, handshake: tls?.kind === 'ran' ? tls.handshake : undefined };
}
