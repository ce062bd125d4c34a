// --audit's question to an FTPS server whose data connections the check protected (PBSZ 0, PROT P): does it
// also let a client turn that protection off? On a connection of its own (TLS as the check's, whose login
// sends PBSZ 0 and PROT P), `PROT C`; when that is answered 2xx, one passive listing (EPSV or PASV, as the
// check's listing used, to the control connection's peer) over a data connection without TLS; then QUIT,
// which ends the session, so nothing after it runs unprotected. Lost at PROT C, it is asked once more on a
// fresh session, as every audit question is (askedOnceMore).
import type { ClearDataProbe, Observations } from '../model/observations.js';
import { askedOnceMore, questionLost } from './audit.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { attempt } from './passive-apart.js';
import { openSession, type SessionPlan } from './session.js';

type PassiveCommand = 'EPSV' | 'PASV';

/** Whether the question applies: an FTPS check whose own login had PROT P accepted. */
export function clearDataApplies(reachedPlan: SessionPlan, o: Readonly<Observations>): boolean {
  return reachedPlan.tls !== undefined && o.login?.kind === 'logged-in' && o.login.dataProtection === 'private';
}

/** The passive request the check's listing used; else EPSV over IPv6 and PASV over IPv4. */
export function clearDataRequest(o: Readonly<Observations>, family: 4 | 6): PassiveCommand {
  const used = o.passive?.kind === 'ran' ? o.passive.used?.command : undefined;
  return used ?? (family === 6 ? 'EPSV' : 'PASV');
}

async function askClearData(
  reachedPlan: SessionPlan,
  request: PassiveCommand,
  ctx: ProbeContext,
): Promise<ClearDataProbe> {
  ctx.transcript.add('control', 'note', '--audit: does the server let a client turn data protection off (PROT C)?');
  const session = await openSession(reachedPlan, ctx);
  if (session.kind === 'failed') return { kind: 'not-run', reason: session.reason };
  try {
    if (!session.protect) return { kind: 'not-run', reason: 'PROT P was not accepted on the new connection' };
    const command = 'PROT C';
    const result = await session.control.command(command, stepWait(ctx));
    const exchange = { command, result };
    const accepted = result.kind === 'reply' && result.reply.code >= 200 && result.reply.code < 300;
    if (!accepted) return { kind: 'ran', exchange, listing: undefined };
    // The data connection gets no TLS from this side: whether the listing still comes is the answer.
    const listing = await attempt({ ...session, protect: false }, request, ctx);
    return { kind: 'ran', exchange, listing };
  } finally {
    session.control.close();
  }
}

/** The PROT C question, asked once more on a fresh session when the first was lost at it. */
export async function clearDataChecked(
  reachedPlan: SessionPlan,
  request: PassiveCommand,
  ctx: ProbeContext,
): Promise<ClearDataProbe> {
  return askedOnceMore(
    await askClearData(reachedPlan, request, ctx),
    {
      ask: () => askClearData(reachedPlan, request, ctx),
      lost: questionLost,
      note: (lost) => `--audit: ${lost} at PROT C; asking once more on a fresh session`,
      notTested: (reason) => ({ kind: 'not-run', reason }),
      retried: (c, lost) => (c.kind === 'ran' ? { ...c, retriedAfter: lost } : c),
    },
    ctx,
  );
}
