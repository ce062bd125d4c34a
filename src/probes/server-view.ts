// The server's view of this machine: STAT's reply names the address the server sees the control
// connection come from ("Connected to 198.18.1.2", vsftpd). Asked on the check's own connection after
// the data stages; when that names another address than ours (NAT in between), asked once more on a
// second connection, because NAT with several public addresses can give each connection another one,
// the known cause of "425 Security: Bad IP connecting" (Pure-FTPd; vsftpd's pasv_promiscuous=NO).
import type { ActiveObservation, Observations, StatProbe, ServerView } from '../model/observations.js';
import type { ControlChannel } from '../net/control.js';
import { canonicalAddress } from '../protocol/address.js';
import { capReply, clientAddressIn } from '../protocol/client-address.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { leavesControlInSync } from './passive-request.js';
import { openSession, type Session, type SessionPlan } from './session.js';

/** STAT on an open, logged-in control connection; the reply is kept capped (lines and characters). */
export async function askStat(
  control: ControlChannel,
  connection: StatProbe['connection'],
  ctx: ProbeContext,
): Promise<StatProbe> {
  const result = await control.command('STAT', stepWait(ctx));
  const kept = result.kind === 'reply' ? { ...result, reply: capReply(result.reply) } : result;
  return { connection, local: canonicalAddress(control.local.address), exchange: { command: 'STAT', result: kept } };
}

/** True when the active stage, run on this connection, left no reply outstanding on it. */
export function activeLeavesControlInSync(a: ActiveObservation | undefined): boolean {
  if (!a || a.kind === 'not-run') return true;
  const port = a.portExchange.result;
  if (port.kind !== 'reply') return false;
  if (port.reply.code >= 300) return true;
  const t = a.transfer;
  if (t) return t.kind === 'complete' || t.kind === 'rejected';
  // No data connection: the exchange ended only when the server refused LIST (a 4xx or 5xx).
  return a.listReply?.kind === 'reply' && a.listReply.reply.code >= 400;
}

/** The check's own session can still take commands whose replies are their own. */
export function sessionInStep(session: Session, o: Readonly<Observations>): boolean {
  return session.control.isOpen && leavesControlInSync(o.passive) && activeLeavesControlInSync(o.active);
}

/** The address STAT named for this machine, unless it is ours or the server's own. */
function otherAddress(stat: StatProbe, server: string): string | undefined {
  const r = stat.exchange.result;
  const named = r.kind === 'reply' ? clientAddressIn(r.reply) : undefined;
  return named === undefined || named === stat.local || named === canonicalAddress(server) ? undefined : named;
}

/** The server's view from the STAT on the check's connection and, behind NAT, one more connection like it. */
export async function serverView(onCheck: StatProbe, reachedPlan: SessionPlan, ctx: ProbeContext): Promise<ServerView> {
  if (otherAddress(onCheck, reachedPlan.target.address.address) === undefined) return { kind: 'ran', stats: [onCheck] };
  ctx.transcript.add(
    'control',
    'note',
    "STAT named another address than this machine's: asking on a second connection",
  );
  const session = await openSession(reachedPlan, ctx);
  if (session.kind === 'failed') return { kind: 'ran', stats: [onCheck] };
  try {
    return { kind: 'ran', stats: [onCheck, await askStat(session.control, 'second', ctx)] };
  } finally {
    session.control.close();
  }
}
