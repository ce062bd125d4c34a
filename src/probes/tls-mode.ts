// When the check's session failed in a way a TLS mix-up explains, the other form of FTP tried once on a
// new connection: an ftps:// check whose handshake failed asks whether the port greets in plain FTP,
// and a check that got no greeting asks whether the port waits for a TLS ClientHello (implicit FTPS).
// One connection at most, within the run's deadline. The TLS probe of a silent port waits less than a
// step: a TLS server answers a ClientHello within a round trip or two (its certificate and key
// exchange), so a second full timeout would only double what a dead port costs. It starts while the
// greeting is still awaited, once the port has been silent for half the wait (a server that greets so
// late is broken anyway, and a healthy one never sees the probe), timed to end with that wait: a port
// that never greets gets its verdict when the greeting's wait ends, not a probe later. Its ClientHello
// is also the nudge that makes a service waiting for the client speak: what answered it (a web server's
// status line, an SSH banner, a mail greeting, a TLS alert) is kept, named by a pure classifier.
import type { Address, Observations, TlsModeProbe } from '../model/observations.js';
import type { TlsSettings } from '../net/tls.js';
import { classifyAnswer } from '../protocol/banner.js';
import { probeConnect } from './connect.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { openSession, type SessionHooks, type SessionPlan } from './session.js';

/**
 * OpenSSL's answers when the first bytes from the server are not a TLS record at all, as with a "220 "
 * greeting. An alert, a reset or silence says nothing of that kind, and a plain probe of an implicit-FTPS
 * port would only wait out its timeout.
 */
const NOT_A_TLS_RECORD = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

/** What the TLS probe of a silent port asks, in the transcript. */
const WAITS_FOR_TLS = 'does the port wait for a TLS handshake (implicit FTPS)?';

/** A second plus four round trips (the check's own connect time stands for one), at most a step. */
export function handshakeWaitMs(o: Readonly<Observations>, ctx: ProbeContext): number {
  const roundTrip = o.connect?.kind === 'connected' ? o.connect.ms : ctx.timeoutMs;
  return Math.min(ctx.timeoutMs, 1000 + 4 * roundTrip);
}

/**
 * `reachedPlan` opens a session like the check's own, to the address it reached; `o` is what the stages
 * observed; `early` the lookahead's handshake, when it ran. Undefined when no mix-up fits what they saw,
 * or the run's deadline has passed.
 */
export async function probeTlsMode(
  reachedPlan: SessionPlan,
  o: Readonly<Observations>,
  ctx: ProbeContext,
  early?: TlsModeProbe,
): Promise<TlsModeProbe | undefined> {
  if (o.deadlineHit || ctx.deadline.expired()) return undefined;
  if (reachedPlan.tls?.mode === 'implicit') {
    const handshake = o.tls?.kind === 'ran' ? o.tls.handshake : undefined;
    if (handshake?.kind !== 'failed' || !NOT_A_TLS_RECORD.has(handshake.code ?? '')) return undefined;
    // Something sent bytes that were no TLS record. A service that speaks only when spoken to (a web
    // server) answered the ClientHello and would be silent to a plain connection: its answer to one more
    // ClientHello names it at once. A plain FTP server greets first there, which names nothing, and is
    // asked as plain FTP below.
    const answered = await implicitHandshake(
      reachedPlan.target.address,
      reachedPlan,
      o,
      ctx,
      'the TLS handshake read no TLS record: what answers a ClientHello?',
    );
    if (answered.kind === 'implicit-handshake' && answered.answer !== undefined) return answered;
    if (ctx.deadline.expired()) return undefined;
    ctx.transcript.add('control', 'note', 'the TLS handshake failed: does the port greet in plain FTP instead?');
    const plain = await openSession({ ...reachedPlan, tls: undefined, login: undefined }, ctx);
    if (plain.kind === 'open') plain.control.close();
    const { connect, greeting } = plain.observed;
    return connect && { kind: 'plain-greeting', connect, greeting };
  }
  // A port that sent part of a plain greeting is not waiting for TLS.
  if (o.greeting?.kind !== 'silent' || o.greeting.partial !== '') return undefined;
  return (
    early ?? (await implicitHandshake(reachedPlan.target.address, reachedPlan, o, ctx, `no greeting: ${WAITS_FOR_TLS}`))
  );
}

/** One TLS handshake on a new connection to `address`, as an implicit-FTPS client starts. */
async function implicitHandshake(
  address: Address,
  plan: SessionPlan,
  o: Readonly<Observations>,
  ctx: ProbeContext,
  question: string,
): Promise<TlsModeProbe> {
  ctx.transcript.add('control', 'note', question);
  // What the port sends back to the ClientHello names it when it is no TLS server: a web server's
  // "HTTP/1.1 400", an SSH banner, a TLS alert.
  let first: Buffer = Buffer.alloc(0);
  const tried = await probeConnect(
    { address, port: plan.target.port, otherFamily: undefined },
    { ...handshakeSettings(plan, o), onAnswer: (bytes) => (first = bytes) },
    { ...ctx, timeoutMs: handshakeWaitMs(o, ctx) },
  );
  // Not close(): no FTP was spoken, and a port that is not FTPS should not get a QUIT.
  tried.control?.destroy();
  const { connect, tls } = tried.observed;
  const handshake = tls?.kind === 'ran' ? tls.handshake : undefined;
  const answer = handshake && handshake.kind !== 'established' ? classifyAnswer(first) : undefined;
  if (answer)
    ctx.transcript.add('control', 'note', `the port answered the ClientHello as ${answer.service}: ${answer.banner}`);
  return { kind: 'implicit-handshake', connect, handshake, ...(answer && { answer }) };
}

/** The name the user asked for, and their trust anchors when the check uses TLS at all. */
function handshakeSettings(plan: SessionPlan, o: Readonly<Observations>): Omit<TlsSettings, 'session'> {
  return plan.tls?.settings ?? { servername: o.target.host, ca: undefined };
}

/** The TLS probe of a silent port, started during the greeting's wait (see the top of this file). */
export interface HandshakeLookahead extends SessionHooks {
  /** Stops it from starting; its result when it ran, once its connection is closed. */
  settle(): Promise<TlsModeProbe | undefined>;
}

/** For `plan`'s greeting (none for implicit FTPS, whose handshake came first); `o` are the check's observations. */
export function handshakeLookahead(
  plan: SessionPlan,
  o: Readonly<Observations>,
  ctx: ProbeContext,
): HandshakeLookahead {
  let timer: NodeJS.Timeout | undefined;
  let probe: Promise<TlsModeProbe> | undefined;
  return {
    greetingWait(address, heardNothing) {
      if (plan.tls?.mode === 'implicit') return;
      const wait = stepWait(ctx).ms;
      const after = Math.max(wait / 2, wait - handshakeWaitMs(o, ctx));
      timer = setTimeout(() => {
        if (!heardNothing() || ctx.deadline.expired()) return;
        const question = `no greeting yet after ${Math.round(after)} ms: ${WAITS_FOR_TLS}`;
        probe = implicitHandshake(address, plan, o, ctx, question);
        // Marked handled here; settle() hands a failure on to whoever awaits the check.
        probe.catch(() => undefined);
      }, after);
    },
    async settle() {
      clearTimeout(timer);
      return probe;
    },
  };
}
