// Stage active: listen on the address our control connection uses, tell the server with PORT (EPRT on
// IPv6), ask for a listing and wait for the server to connect back.
import { errorText } from '../model/errors.js';
import type { ActiveObservation } from '../model/observations.js';
import type { Endpoint } from '../model/connections.js';
import type { PassiveObservation } from '../model/passive.js';
import type { Mode } from '../model/settings.js';
import { callbackOrReply, listenForCallback } from '../net/data.js';
import { canonicalAddress } from '../protocol/address.js';
import { encodeEprt, encodePort } from '../protocol/passive.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { type AfterListing, asListed } from './passive.js';
import { leavesControlInSync } from './passive-request.js';
import { openSession, type Session, type SessionPlan } from './session.js';
import { transferOver } from './transfer.js';

/**
 * The active stage, unless only passive mode was asked for: on the check's session, or on a clean one
 * (opened from `reachedPlan`) when the passive stage lost that one or left replies outstanding on it.
 */
export async function activeStage(
  session: Session,
  passive: PassiveObservation | undefined,
  reachedPlan: SessionPlan,
  mode: Mode,
  ctx: ProbeContext,
  after: AfterListing<ActiveObservation> = asListed,
): Promise<{ observed: { active: ActiveObservation } }> {
  if (mode === 'passive')
    return { observed: { active: { kind: 'not-run', reason: 'not asked for (--mode passive)' } } };
  if (session.control.isOpen && leavesControlInSync(passive))
    return { observed: { active: await after(session, await probeActive(session, ctx)) } };
  session.control.destroy();
  ctx.transcript.add('control', 'note', 'opening a new control connection for the active stage');
  return { observed: { active: await probeActiveAlone(reachedPlan, ctx, after) } };
}

/** The active probe on a session of its own, closed afterwards; `after` runs on it before it closes. */
export async function probeActiveAlone(
  plan: SessionPlan,
  ctx: ProbeContext,
  after: AfterListing<ActiveObservation> = asListed,
): Promise<ActiveObservation> {
  const session = await openSession(plan, ctx);
  if (session.kind === 'failed') return { kind: 'not-run', reason: session.reason };
  try {
    return await after(session, await probeActive(session, ctx));
  } finally {
    session.control.close();
  }
}

/**
 * `beforePort` runs between listening and PORT/EPRT, with where ftpcheck listens: `ftpcheck reflect`
 * tells the reflector the same address and port in a form that routers do not rewrite.
 */
export async function probeActive(
  session: Session,
  ctx: ProbeContext,
  beforePort?: (listen: Endpoint) => Promise<void>,
): Promise<ActiveObservation> {
  const { control, protect } = session;
  const { family } = session.address;
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const localAddress = canonicalAddress(control.local.address);
  const command: 'PORT' | 'EPRT' = family === 6 ? 'EPRT' : 'PORT';
  let listener;
  try {
    listener = await listenForCallback(localAddress, family);
  } catch (err) {
    return { kind: 'not-run', reason: `could not listen on ${localAddress}: ${errorText(err)}` };
  }
  try {
    const listen = listener.local;
    await beforePort?.(listen);
    const line = family === 6 ? encodeEprt(listen.address, 6, listen.port) : encodePort(listen.address, listen.port);
    const portResult = await control.command(line, stepWait(ctx));
    const portExchange = { command: line, result: portResult };
    const base = { kind: 'ran' as const, command, listen, portExchange };
    if (portResult.kind !== 'reply' || portResult.reply.code >= 300) {
      return {
        ...base,
        ms: elapsed(),
        callback: undefined,
        listReply: undefined,
        dataTls: undefined,
        transfer: undefined,
      };
    }

    control.send('LIST');
    const { callback, socket, reply: listReply } = await callbackOrReply(listener, control, stepWait(ctx));
    if (callback.kind === 'arrived') {
      ctx.transcript.add('data', 'note', `server connected back from ${callback.from.address}:${callback.from.port}`);
    } else {
      ctx.transcript.add('data', 'note', 'the server did not connect back');
    }
    if (!socket) return { ...base, ms: elapsed(), callback, listReply, dataTls: undefined, transfer: undefined };
    // RFC 4217: the FTP client is the TLS client on data connections, whichever side opened them.
    const { transfer, dataTls, bytes } = await transferOver(socket, control, ctx, { preliminary: listReply, protect });
    ctx.transcript.add('data', 'note', `received ${bytes} bytes of listing`);
    return { ...base, ms: elapsed(), callback, listReply, dataTls, transfer };
  } finally {
    listener.close();
  }
}
