// --audit's posture checks, never run by default. What they send, exactly:
// - the bounce check (RFC 2577; nmap's ftp-bounce): after login, `PORT 192,0,2,1,4,1` (IPv6:
//   `EPRT |2|2001:db8::1|1025|`), a documentation address that belongs to nobody; then no data command,
//   ever: only QUIT. On the check's own connection when it is still in step, else on one of its own.
// - the anonymous check, when the check's user is not anonymous: on a connection of its own (TLS as
//   the check's), `USER anonymous` and `PASS ftpcheck@`, then QUIT.
import type { AnonymousLogin, BounceObservation } from '../model/observations.js';
import { ANONYMOUS_PASSWORD } from '../model/settings.js';
import type { ControlChannel } from '../net/control.js';
import { BOUNCE_TARGETS, bounceCommand } from '../protocol/posture.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { openSession, type Session, type SessionPlan } from './session.js';

/** Sends the bounce PORT/EPRT and reads its reply; the caller sends no data command after it. */
async function askBounce(
  control: ControlChannel,
  family: 4 | 6,
  connection: 'check' | 'own',
  ctx: ProbeContext,
): Promise<BounceObservation> {
  const line = bounceCommand(family);
  ctx.transcript.add('control', 'note', '--audit: does the server accept PORT to a third party (FTP bounce)?');
  const result = await control.command(line, stepWait(ctx));
  return { kind: 'ran', connection, target: BOUNCE_TARGETS[family], exchange: { command: line, result } };
}

/** The bounce check on the check's own session, which must be in step and is closed by its owner. */
export function bounceOnSession(session: Session, ctx: ProbeContext): Promise<BounceObservation> {
  return askBounce(session.control, session.address.family, 'check', ctx);
}

/** The bounce check on a session of its own, when the check's could not take it. */
export async function bounceAlone(again: SessionPlan, ctx: ProbeContext): Promise<BounceObservation> {
  const session = await openSession(again, ctx);
  if (session.kind === 'failed') return { kind: 'not-run', reason: session.reason };
  try {
    return await askBounce(session.control, session.address.family, 'own', ctx);
  } finally {
    session.control.close();
  }
}

/** An anonymous login on a connection of its own, with the check's TLS; QUIT right after. */
export async function anonymousLogin(again: SessionPlan, ctx: ProbeContext): Promise<AnonymousLogin> {
  ctx.transcript.add('control', 'note', '--audit: is anonymous access on? Logging in anonymously on a new connection');
  const session = await openSession({ ...again, login: { user: 'anonymous', password: ANONYMOUS_PASSWORD } }, ctx);
  if (session.kind === 'open') session.control.close();
  const { login } = session.observed;
  if (login) return { kind: 'ran', login };
  return { kind: 'not-run', reason: session.kind === 'failed' ? session.reason : 'no login was observed' };
}
