// One listing over an open data connection: LIST's replies on the control connection and the bytes on
// the data connection, each wait bounded. Shared by the passive and the active stage.
import type { Reply, ReplyResult, TransferResult } from '../model/observations.js';
import type { ControlChannel } from '../net/control.js';
import type { DataReceiver } from '../net/data.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';

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
    if (first.kind === 'timeout') return { kind: 'stalled', ms: elapsed(), bytes: data.bytes, waitingFor: 'preliminary-reply' };
    if (first.kind !== 'reply') return { kind: 'control-failed', ms: elapsed(), result: first };
    if (!isPositive(first.reply)) return { kind: 'rejected', ms: elapsed(), reply: first.reply, bytes: data.bytes };

    let final: Reply | undefined = first.reply.code >= 200 ? first.reply : undefined;
    const end = await data.finished(stepWait(ctx));
    if (end === 'timeout') return { kind: 'stalled', ms: elapsed(), bytes: data.bytes, waitingFor: 'data' };
    const truncated = end === 'capped';
    if (!final) {
      const last = await control.read(stepWait(ctx));
      if (last.kind === 'timeout') return { kind: 'stalled', ms: elapsed(), bytes: data.bytes, waitingFor: 'final-reply' };
      if (last.kind !== 'reply') return { kind: 'control-failed', ms: elapsed(), result: last };
      final = last.reply;
    }
    // We cut a listing that exceeded the cap ourselves, so the server's complaint about it proves nothing.
    if (!truncated && !isPositive(final)) return { kind: 'rejected', ms: elapsed(), reply: final, bytes: data.bytes };
    return { kind: 'complete', ms: elapsed(), bytes: data.bytes, truncated, final };
  } finally {
    data.destroy();
  }
}
