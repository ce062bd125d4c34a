// One listing over an open data connection: LIST's replies on the control connection and the bytes on
// the data connection, each wait bounded. Shared by the passive and the active stage.
import type { Socket } from 'node:net';
import { type HandshakeResult, LISTING_KEEP_BYTES, type TransferResult } from '../model/connections.js';
import type { Reply, ReplyResult } from '../model/exchanges.js';
import type { ControlChannel } from '../net/control.js';
import { DataReceiver } from '../net/data.js';
import { startTls } from '../net/tls.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import type { OpenedData } from './data-connection.js';

const isPositive = (reply: Reply): boolean => reply.code >= 100 && reply.code < 400;

/**
 * Finishes a transfer once LIST has been sent and its data connection exists.
 * `preliminary` is the reply to LIST when the caller already read it (active mode reads it while waiting
 * for the callback).
 */
export async function finishTransfer(
  control: ControlChannel,
  data: DataReceiver,
  ctx: ProbeContext,
  preliminary: ReplyResult | undefined,
): Promise<TransferResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  try {
    const first = preliminary ?? (await control.read(stepWait(ctx)));
    if (first.kind === 'timeout')
      return { kind: 'stalled', ms: elapsed(), bytes: data.bytes, waitingFor: 'preliminary-reply' };
    if (first.kind !== 'reply') return { kind: 'control-failed', ms: elapsed(), result: first };
    if (!isPositive(first.reply)) return { kind: 'rejected', ms: elapsed(), reply: first.reply, bytes: data.bytes };

    let final: Reply | undefined = first.reply.code >= 200 ? first.reply : undefined;
    const end = await data.finished(stepWait(ctx));
    if (end === 'timeout') return { kind: 'stalled', ms: elapsed(), bytes: data.bytes, waitingFor: 'data' };
    const truncated = end === 'capped';
    if (!final) {
      const last = await control.read(stepWait(ctx));
      if (last.kind === 'timeout')
        return { kind: 'stalled', ms: elapsed(), bytes: data.bytes, waitingFor: 'final-reply' };
      if (last.kind !== 'reply') return { kind: 'control-failed', ms: elapsed(), result: last };
      final = last.reply;
    }
    // We cut a listing that exceeded the cap ourselves, so the server's complaint about it proves nothing.
    if (!truncated && !isPositive(final)) return { kind: 'rejected', ms: elapsed(), reply: final, bytes: data.bytes };
    const listing = data.kept();
    return { kind: 'complete', ms: elapsed(), bytes: data.bytes, truncated, final, ...(listing && { listing }) };
  } finally {
    data.destroy();
  }
}

/**
 * A listing (LIST, MLSD) over a data connection `openDataFor` opened, its text kept to LISTING_KEEP_BYTES;
 * the connection's listener is freed once the transfer is over.
 */
export async function receiveListing(
  opened: Extract<OpenedData, { kind: 'open' }>,
  control: ControlChannel,
  ctx: ProbeContext,
): Promise<{ transfer: TransferResult; bytes: number }> {
  const receiver = new DataReceiver(opened.socket, ctx.maxDataBytes, LISTING_KEEP_BYTES);
  try {
    return { transfer: await finishTransfer(control, receiver, ctx, opened.preliminary), bytes: receiver.bytes };
  } finally {
    opened.release();
  }
}

export interface TransferOptions {
  /** The reply to LIST when the caller already read it (active mode reads it while waiting for the callback). */
  preliminary: ReplyResult | undefined;
  /** The data connection is protected with TLS (PROT P). */
  protect: boolean;
}

/**
 * Runs the transfer over a fresh data connection once LIST has been sent: first the TLS handshake when
 * the data connection is protected (resuming the control connection's session), then the listing.
 */
export async function transferOver(
  socket: Socket,
  control: ControlChannel,
  ctx: ProbeContext,
  { preliminary, protect }: TransferOptions,
): Promise<{ transfer: TransferResult; dataTls: HandshakeResult | undefined; bytes: number }> {
  if (!protect || !ctx.tls) {
    const receiver = new DataReceiver(socket, ctx.maxDataBytes, LISTING_KEEP_BYTES);
    return {
      transfer: await finishTransfer(control, receiver, ctx, preliminary),
      dataTls: undefined,
      bytes: receiver.bytes,
    };
  }
  const started = performance.now();
  const { result: dataTls, socket: secure } = await startTls(
    socket,
    { ...ctx.tls, session: control.tlsSession },
    { timeoutMs: stepWait(ctx).ms, describeCertificate: false },
  );
  ctx.transcript.add(
    'data',
    'note',
    dataTls.kind === 'established'
      ? `data TLS established${dataTls.sessionReused ? ', session resumed' : ', new session (not resumed)'}`
      : `data TLS ${dataTls.kind}${dataTls.kind === 'failed' ? `: ${dataTls.error}` : ''}`,
  );
  if (!secure) {
    socket.destroy();
    // The server's reply to LIST tells why it gave up on the data connection (e.g. 522 session reuse).
    const reply =
      preliminary?.kind === 'reply' && preliminary.reply.code >= 400
        ? preliminary
        : await readFinal(control, ctx, preliminary);
    const ms = Math.round(performance.now() - started);
    const transfer: TransferResult =
      reply.kind === 'reply'
        ? { kind: 'rejected', ms, reply: reply.reply, bytes: 0 }
        : reply.kind === 'timeout'
          ? { kind: 'stalled', ms, bytes: 0, waitingFor: 'final-reply' }
          : { kind: 'control-failed', ms, result: reply };
    return { transfer, dataTls, bytes: 0 };
  }
  const receiver = new DataReceiver(secure, ctx.maxDataBytes, LISTING_KEEP_BYTES);
  return { transfer: await finishTransfer(control, receiver, ctx, preliminary), dataTls, bytes: receiver.bytes };
}

/** Reads past a positive preliminary reply to the one that ends the transfer. */
async function readFinal(
  control: ControlChannel,
  ctx: ProbeContext,
  preliminary: ReplyResult | undefined,
): Promise<ReplyResult> {
  let reply = preliminary ?? (await control.read(stepWait(ctx)));
  if (reply.kind === 'reply' && reply.reply.code < 200) reply = await control.read(stepWait(ctx));
  return reply;
}
