// A new data connection for one more command (MLSD, RETR, STOR) in a data mode whose listing worked:
// passive with the request that listing used (EPSV or PASV), always to the control connection's peer;
// active with PORT/EPRT and the server's connection back. With PROT P, TLS on top, resuming the control
// connection's session. Failures are data: which step failed and what the server said.
import type { Socket } from 'node:net';
import type { DataSetupFailure } from '../model/data-checks.js';
import { errorText } from '../model/errors.js';
import type { Reply, ReplyResult } from '../model/exchanges.js';
import { callbackOrReply, listenForCallback } from '../net/data.js';
import { connectTcp } from '../net/tcp.js';
import { startTls } from '../net/tls.js';
import { canonicalAddress } from '../protocol/address.js';
import { encodeEprt, encodePort } from '../protocol/passive.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { requestPassive } from './passive-request.js';
import type { Session } from './session.js';

/** How the listing's data connection was made, to make the next one the same way. */
export type DataRoute = { mode: 'passive'; request: 'PASV' | 'EPSV' } | { mode: 'active' };

export type OpenedData =
  | {
      kind: 'open';
      socket: Socket;
      /** The reply to the command, when it was read while waiting for the connection (active mode). */
      preliminary: ReplyResult | undefined;
      /** performance.now() when the command was sent. */
      sentAt: number;
      /** Frees the listener of an active connection; the socket itself is the caller's. */
      release(): void;
    }
  /** The server refused the command at once, without a data connection (active mode: e.g. 550, 553). */
  | { kind: 'refused'; reply: Reply; sentAt: number }
  | {
      kind: 'failed';
      failure: DataSetupFailure;
      /** The control connection may still hold a reply to come: it is out of step. */
      outOfStep: boolean;
    };

const nothing = (): void => {
  // A passive connection has no listener to free.
};

/** Opens a data connection the way `route` says and sends `command` over the control connection. */
export async function openDataFor(
  command: string,
  session: Session,
  route: DataRoute,
  ctx: ProbeContext,
): Promise<OpenedData> {
  const opened =
    route.mode === 'passive'
      ? await openPassive(command, session, route.request, ctx)
      : await openActive(command, session, ctx);
  if (opened.kind !== 'open' || !session.protect || !ctx.tls) return opened;
  return secure(opened, session, ctx);
}

async function openPassive(
  command: string,
  session: Session,
  request: 'PASV' | 'EPSV',
  ctx: ProbeContext,
): Promise<OpenedData> {
  const { control } = session;
  const asked = await requestPassive(control, request, ctx);
  if (!asked.advertised)
    return {
      kind: 'failed',
      failure: { step: 'request', exchange: asked.exchange },
      outOfStep: asked.exchange.result.kind !== 'reply',
    };
  // Never follow the advertised address elsewhere: the data connection goes to the host we are checking.
  const target = { address: canonicalAddress(control.peer.address), port: asked.advertised.port };
  const { result, socket } = await connectTcp(target, session.address.family, stepWait(ctx).ms);
  if (!socket) {
    ctx.transcript.add('data', 'note', `data connection to port ${target.port} ${result.kind} after ${result.ms} ms`);
    return { kind: 'failed', failure: { step: 'connect', result }, outOfStep: false };
  }
  control.send(command);
  return { kind: 'open', socket, preliminary: undefined, sentAt: performance.now(), release: nothing };
}

async function openActive(command: string, session: Session, ctx: ProbeContext): Promise<OpenedData> {
  const { control } = session;
  const { family } = session.address;
  const localAddress = canonicalAddress(control.local.address);
  let listener;
  try {
    listener = await listenForCallback(localAddress, family);
  } catch (err) {
    return { kind: 'failed', failure: { step: 'listen', error: errorText(err) }, outOfStep: false };
  }
  let handedOver = false;
  try {
    const { address, port } = listener.local;
    const line = family === 6 ? encodeEprt(address, 6, port) : encodePort(address, port);
    const result = await control.command(line, stepWait(ctx));
    if (result.kind !== 'reply' || result.reply.code >= 300)
      return {
        kind: 'failed',
        failure: { step: 'request', exchange: { command: line, result } },
        outOfStep: result.kind !== 'reply',
      };
    control.send(command);
    const sentAt = performance.now();
    const { callback, socket, reply: preliminary } = await callbackOrReply(listener, control, stepWait(ctx));
    if (socket) {
      handedOver = true;
      ctx.transcript.add(
        'data',
        'note',
        `server connected back from ${callback.kind === 'arrived' ? `${callback.from.address}:${callback.from.port}` : '?'}`,
      );
      const held = listener;
      return { kind: 'open', socket, preliminary, sentAt, release: () => held.close() };
    }
    if (preliminary.kind === 'reply' && preliminary.reply.code >= 400)
      return { kind: 'refused', reply: preliminary.reply, sentAt };
    const none = callback.kind === 'none' ? callback : { kind: 'none' as const, ms: callback.ms };
    // A 150 without a connection leaves the server's final reply still to come.
    return {
      kind: 'failed',
      failure: { step: 'callback', result: none, reply: preliminary },
      outOfStep: !(preliminary.kind === 'reply' && preliminary.reply.code >= 200),
    };
  } finally {
    if (!handedOver) listener.close();
  }
}

/** RFC 4217: the FTP client is the TLS client on data connections, whichever side opened them. */
async function secure(
  opened: Extract<OpenedData, { kind: 'open' }>,
  session: Session,
  ctx: ProbeContext,
): Promise<OpenedData> {
  const { control } = session;
  const tls = ctx.tls;
  if (!tls) return opened;
  const { result, socket } = await startTls(
    opened.socket,
    { ...tls, session: control.tlsSession },
    { timeoutMs: stepWait(ctx).ms, describeCertificate: false },
  );
  if (socket) return { ...opened, socket };
  opened.socket.destroy();
  opened.release();
  // The server's reply tells why it gave up on the data connection (e.g. 522 session reuse required).
  let reply = opened.preliminary ?? (await control.read(stepWait(ctx)));
  if (reply.kind === 'reply' && reply.reply.code < 200) reply = await control.read(stepWait(ctx));
  return {
    kind: 'failed',
    failure: { step: 'tls', handshake: result, reply },
    outOfStep: reply.kind !== 'reply',
  };
}
