// --audit's posture checks, never run by default. What they send, exactly:
// - the bounce check (RFC 2577; nmap's ftp-bounce): after login, `PORT 192,0,2,1,4,1` (IPv6:
//   `EPRT |2|2001:db8::1|1025|`), a documentation address that belongs to nobody; then no data command,
//   ever: only QUIT. On the check's own connection when it is still in step, else on one of its own.
// - the anonymous check, when the check's user is not anonymous: on a connection of its own (TLS as
//   the check's), `USER anonymous` and `PASS ftpcheck@`, then QUIT.
// A probe whose session is lost at it (a reset, a close, 421, or vsftpd's "500 OOPS", which ends its
// session process) is asked once more, the same way, on a fresh session; lost again, it is not tested.
// - the mod_copy check: on a connection of its own, before any login, `SITE CPFR /` (the login directory,
//   which exists in every session), then QUIT; never SITE CPTO, so nothing is ever copied. When that
//   connection's greeting announces vsftpd 2.3.4 (once distributed with a backdoor listening on TCP
//   6200), a TCP connection to port 6200 of the same address, closed as soon as it opens: nothing sent.
// - the data-protection check (audit-clear-data.ts): on an FTPS session of its own, `PROT C` after the
//   login's PBSZ 0 and PROT P and, when accepted, one passive listing without TLS; then QUIT.
import type { Address, AnonymousLogin, BounceObservation, ModCopyProbe } from '../model/observations.js';
import type { ConnectResult } from '../model/connections.js';
import type { ReplyResult } from '../model/exchanges.js';
import { connectTcp } from '../net/tcp.js';
import { replyText } from '../protocol/reply.js';
import { ANONYMOUS_PASSWORD } from '../model/settings.js';
import type { ControlChannel } from '../net/control.js';
import { BOUNCE_TARGETS, bounceCommand } from '../protocol/posture.js';
import { backdoorPortOf } from '../protocol/vulnerable-versions.js';
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
export async function bounceAlone(reachedPlan: SessionPlan, ctx: ProbeContext): Promise<BounceObservation> {
  const session = await openSession(reachedPlan, ctx);
  if (session.kind === 'failed') return { kind: 'not-run', reason: session.reason };
  try {
    return await askBounce(session.control, session.address.family, 'own', ctx);
  } finally {
    session.control.close();
  }
}

/** An anonymous login on a connection of its own, with the check's TLS; QUIT right after. */
export async function anonymousLogin(reachedPlan: SessionPlan, ctx: ProbeContext): Promise<AnonymousLogin> {
  ctx.transcript.add('control', 'note', '--audit: is anonymous access on? Logging in anonymously on a new connection');
  const session = await openSession(
    { ...reachedPlan, login: { user: 'anonymous', password: ANONYMOUS_PASSWORD } },
    ctx,
  );
  if (session.kind === 'open') session.control.close();
  const { login } = session.observed;
  if (login) return { kind: 'ran', login };
  return { kind: 'not-run', reason: session.kind === 'failed' ? session.reason : 'no login was observed' };
}

/** How a session was lost at a command, or undefined when the command got an answer of its own. */
export function sessionLostAt(r: ReplyResult): string | undefined {
  if (r.kind === 'reset') return 'the connection was reset';
  if (r.kind === 'closed') return 'the server closed the connection';
  if (r.kind !== 'reply') return undefined;
  const { code } = r.reply;
  if (code === 421 || (code === 500 && /\bOOPS\b/.test(replyText(r.reply))))
    return `the server answered ${String(code)} ${replyText(r.reply)} and ended the session`;
  return undefined;
}

/** One audit question's retry: how its answer shows a lost session, and how a retried answer says so. */
interface OnceMore<T> {
  ask: () => Promise<T>;
  lost: (answer: T) => string | undefined;
  /** The transcript note before the second asking. */
  note: (lost: string) => string;
  notTested: (reason: string) => T;
  retried: (answer: T, lost: string) => T;
}

/**
 * An audit answer as it stands, or, when its session was lost at the question, the answer of a fresh
 * session; lost again, not tested (with both reasons).
 */
export async function askedOnceMore<T>(first: T, r: OnceMore<T>, ctx: ProbeContext): Promise<T> {
  const lost = r.lost(first);
  if (lost === undefined) return first;
  ctx.transcript.add('control', 'note', r.note(lost));
  const second = await r.ask();
  const lostAgain = r.lost(second);
  if (lostAgain !== undefined) return r.notTested(`not tested: ${lost}, and on a fresh session ${lostAgain}`);
  return r.retried(second, lost);
}

/** How a one-command question's session was lost: why it did not run, or how its command went unanswered. */
export function questionLost(
  q: { kind: 'not-run'; reason: string } | { kind: 'ran'; exchange: { result: ReplyResult } },
): string | undefined {
  return q.kind === 'not-run' ? q.reason : sessionLostAt(q.exchange.result);
}

function anonymousLost(a: AnonymousLogin): string | undefined {
  if (a.kind === 'not-run') return a.reason;
  const l = a.login;
  if (l.kind === 'no-reply') return sessionLostAt(l.result);
  if (l.kind === 'refused') return sessionLostAt({ kind: 'reply', ms: l.ms, reply: l.reply });
  return undefined;
}

/**
 * The bounce check's answer: the one asked on the check's session, or else on one of its own; asked once
 * more on a fresh session when that session was lost at it.
 */
export async function bounceChecked(
  onCheck: BounceObservation | undefined,
  reachedPlan: SessionPlan,
  ctx: ProbeContext,
): Promise<BounceObservation> {
  const first = onCheck ?? (await bounceAlone(reachedPlan, ctx));
  return askedOnceMore(
    first,
    {
      ask: () => bounceAlone(reachedPlan, ctx),
      lost: questionLost,
      note: (lost) => `--audit: ${lost} at the bounce check; asking once more on a fresh session`,
      notTested: (reason) => ({ kind: 'not-run', reason }),
      retried: (b, lost) => (b.kind === 'ran' ? { ...b, retriedAfter: lost } : b),
    },
    ctx,
  );
}

/** The anonymous login, tried once more on a fresh session when the first session was lost at it. */
export async function anonymousChecked(reachedPlan: SessionPlan, ctx: ProbeContext): Promise<AnonymousLogin> {
  return askedOnceMore(
    await anonymousLogin(reachedPlan, ctx),
    {
      ask: () => anonymousLogin(reachedPlan, ctx),
      lost: anonymousLost,
      note: (lost) => `--audit: ${lost} at the anonymous login; trying once more`,
      notTested: (reason) => ({ kind: 'not-run', reason }),
      retried: (a, lost) => (a.kind === 'ran' ? { ...a, retriedAfter: lost } : a),
    },
    ctx,
  );
}

export interface PreLogin {
  modCopy: ModCopyProbe;
  /** Set when the greeting announced a release whose backdoor listens on a port (vsftpd 2.3.4). */
  backdoorPort?: { port: number; result: ConnectResult };
}

/** Connects to the backdoor's port and closes at once: whether something listens, nothing more. */
async function knockBackdoorPort(
  software: string,
  port: number,
  { address, family }: Address,
  ctx: ProbeContext,
): Promise<PreLogin['backdoorPort']> {
  ctx.transcript.add(
    'control',
    'note',
    `--audit: ${software} announced; does TCP ${String(port)} accept (closed at once)?`,
  );
  const { result, socket } = await connectTcp({ address, port }, family, stepWait(ctx).ms);
  socket?.destroy();
  return { port, result };
}

/** The mod_copy question on a connection of its own, before any login: `SITE CPFR /` and nothing after it. */
async function askModCopy(reachedPlan: SessionPlan, ctx: ProbeContext): Promise<PreLogin> {
  ctx.transcript.add('control', 'note', '--audit: does the server take SITE CPFR before login (ProFTPD mod_copy)?');
  const session = await openSession({ ...reachedPlan, login: undefined }, ctx);
  if (session.kind === 'failed') return { modCopy: { kind: 'not-run', reason: session.reason } };
  let result: ReplyResult;
  const command = 'SITE CPFR /';
  try {
    result = await session.control.command(command, stepWait(ctx));
  } finally {
    session.control.close();
  }
  const greeting = session.observed.greeting;
  const found: PreLogin = { modCopy: { kind: 'ran', exchange: { command, result } } };
  const software = greeting?.kind === 'greeted' ? greeting.software : undefined;
  const backdoor = backdoorPortOf(software);
  if (software !== undefined && backdoor !== undefined)
    found.backdoorPort = await knockBackdoorPort(software, backdoor, session.address, ctx);
  return found;
}

/** The mod_copy question, asked once more on a fresh session when the first was lost at it. */
export async function modCopyChecked(reachedPlan: SessionPlan, ctx: ProbeContext): Promise<PreLogin> {
  return askedOnceMore(
    await askModCopy(reachedPlan, ctx),
    {
      ask: () => askModCopy(reachedPlan, ctx),
      lost: (p) => questionLost(p.modCopy),
      note: (lost) => `--audit: ${lost} at SITE CPFR; asking once more on a fresh session`,
      notTested: (reason) => ({ modCopy: { kind: 'not-run', reason } }),
      retried: (p, lost) => (p.modCopy.kind === 'ran' ? { ...p, modCopy: { ...p.modCopy, retriedAfter: lost } } : p),
    },
    ctx,
  );
}
