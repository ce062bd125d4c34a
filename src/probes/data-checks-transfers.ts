// The transfers of the data checks (data-checks.ts), each over a new data connection made the way the
// listing's was: MLSD, the bulk sample (RETR, cut off after its bytes) and the upload (STOR, MDTM,
// DELE). Each says whether it left the control connection in step.
import { randomBytes } from 'node:crypto';
import {
  type ControlAfter,
  type DataTransfer,
  type MlsdObservation,
  type SampleFile,
  type SampleObservation,
  UPLOAD_BYTES,
  type UploadObservation,
} from '../model/data-checks.js';
import type { ReplyResult } from '../model/exchanges.js';
import type { ControlChannel } from '../net/control.js';
import { SampleReceiver, sendAll } from '../net/sample.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { type DataRoute, type OpenedData, openDataFor } from './data-connection.js';
import type { Session } from './session.js';
import { receiveListing } from './transfer.js';

type Ran<T> = Extract<T, { kind: 'ran' }>;

/** MLSD over a new data connection made the way the listing's was. */
export async function readMlsd(session: Session, route: DataRoute, ctx: ProbeContext): Promise<MlsdObservation> {
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  const opened = await openDataFor('MLSD', session, route, ctx);
  if (opened.kind === 'failed')
    return {
      ms: ms(),
      failure: opened.failure,
      transfer: undefined,
      control: opened.outOfStep ? 'abandoned' : 'in-sync',
    };
  if (opened.kind === 'refused')
    return {
      ms: ms(),
      failure: undefined,
      transfer: { kind: 'rejected', ms: ms(), reply: opened.reply, bytes: 0 },
      control: 'in-sync',
    };
  const { transfer, bytes } = await receiveListing(opened, session.control, ctx);
  ctx.transcript.add('data', 'note', `received ${bytes} bytes of MLSD listing`);
  const inStep = transfer.kind === 'complete' || transfer.kind === 'rejected';
  return { ms: ms(), failure: undefined, transfer, control: inStep ? 'in-sync' : 'abandoned' };
}

interface Outcome {
  transfer: DataTransfer;
  control: ControlAfter;
}

/** What an opening that gave no data connection means for the transfer and the control connection. */
function notOpened(opened: Exclude<OpenedData, { kind: 'open' }>, ms: number): Outcome {
  if (opened.kind === 'refused')
    return { transfer: { kind: 'rejected', ms, reply: opened.reply, bytes: 0 }, control: 'in-sync' };
  return {
    transfer: { kind: 'no-connection', ms, failure: opened.failure },
    control: opened.outOfStep ? 'abandoned' : 'in-sync',
  };
}

/** The control connection failed or went quiet during a transfer: what that means for the transfer. */
function lost(
  result: Exclude<ReplyResult, { kind: 'reply' }>,
  ms: number,
  bytes: number,
  waitingFor: 'final-reply' | 'preliminary-reply',
  lastByteMs: number | undefined,
): Outcome {
  return {
    transfer:
      result.kind === 'timeout'
        ? { kind: 'stalled', ms, bytes, lastByteMs, waitingFor }
        : { kind: 'control-failed', ms, bytes, result },
    control: 'abandoned',
  };
}

/** Downloads the first `limit` bytes of `file` and ends the transfer. */
export async function download(
  session: Session,
  route: DataRoute,
  file: SampleFile,
  limit: number,
  ctx: ProbeContext,
): Promise<Ran<SampleObservation>> {
  const started = performance.now();
  const opened = await openDataFor(`RETR ${file.path}`, session, route, ctx);
  const base = { kind: 'ran' as const, file, limit };
  if (opened.kind !== 'open')
    return {
      ...base,
      ...notOpened(opened, Math.round(performance.now() - started)),
      bytesPerSecond: undefined,
      ending: [],
    };
  const receiver = new SampleReceiver(opened.socket, limit);
  try {
    const { transfer, control, ending } = await receive(session.control, receiver, opened, ctx);
    const { lastByteAt } = receiver;
    const seconds = lastByteAt === undefined ? 0 : (lastByteAt - opened.sentAt) / 1000;
    const bytesPerSecond = receiver.bytes > 0 && seconds > 0 ? Math.round(receiver.bytes / seconds) : undefined;
    ctx.transcript.add('data', 'note', `received ${receiver.bytes} bytes of ${file.path}`);
    return { ...base, transfer, bytesPerSecond, ending, control };
  } finally {
    receiver.destroy();
    opened.release();
  }
}

async function receive(
  control: ControlChannel,
  receiver: SampleReceiver,
  opened: Extract<OpenedData, { kind: 'open' }>,
  ctx: ProbeContext,
): Promise<Outcome & { ending: ReplyResult[] }> {
  const { sentAt } = opened;
  const ms = (): number => Math.round(performance.now() - sentAt);
  const lastByteMs = (): number | undefined =>
    receiver.lastByteAt === undefined ? undefined : Math.round(receiver.lastByteAt - sentAt);
  const plain = (outcome: Outcome): Outcome & { ending: ReplyResult[] } => ({ ...outcome, ending: [] });

  const first = opened.preliminary ?? (await control.read(stepWait(ctx)));
  if (first.kind !== 'reply') return plain(lost(first, ms(), receiver.bytes, 'preliminary-reply', lastByteMs()));
  if (first.reply.code >= 400)
    return plain({
      transfer: { kind: 'rejected', ms: ms(), reply: first.reply, bytes: receiver.bytes },
      control: 'in-sync',
    });
  let final = first.reply.code >= 200 ? first.reply : undefined;

  const step = stepWait(ctx);
  // One step timeout without a byte is a stall; a path that is slow but moving ends the sample after two.
  const end = await receiver.finished(
    { idleMs: step.ms, totalMs: Math.min(2 * ctx.timeoutMs, ctx.deadline.remaining()) },
    sentAt,
  );
  if (end === 'idle') {
    ctx.transcript.add('data', 'note', `nothing more for ${step.ms} ms after ${receiver.bytes} bytes: stalled`);
    return plain({
      transfer: { kind: 'stalled', ms: ms(), bytes: receiver.bytes, lastByteMs: lastByteMs(), waitingFor: 'data' },
      control: 'abandoned',
    });
  }
  if (end === 'eof' || end === 'reset') {
    if (!final) {
      const last = await control.read(stepWait(ctx));
      if (last.kind !== 'reply') return plain(lost(last, ms(), receiver.bytes, 'final-reply', lastByteMs()));
      final = last.reply;
    }
    const transfer: DataTransfer =
      final.code >= 400
        ? { kind: 'rejected', ms: ms(), reply: final, bytes: receiver.bytes }
        : { kind: 'done', ms: ms(), bytes: receiver.bytes, cut: undefined, final };
    return plain({ transfer, control: 'in-sync' });
  }

  // The sample is complete while the file goes on: close the data connection. The server's write
  // then fails and it ends the transfer with one reply (426, 451, 551; or 226 when it had sent all).
  // Not ABOR: servers differ in what they answer to it and when (ftp-srv, in active mode, only after
  // 5 s when the transfer has already ended), and a late reply would be taken for the next command's.
  const bytes = receiver.bytes;
  receiver.destroy();
  const ending: ReplyResult[] = [];
  const wait = cutReplyWaitMs(first.ms, ctx);
  while (!final) {
    // The reply comes one round trip after the close; a server that does not notice (ftp-srv, now and
    // then) costs this wait and the control connection (the next stage opens a new one), not a step.
    const r = await control.read(ctx.deadline.clamp(wait));
    ending.push(r);
    if (r.kind !== 'reply') break;
    if (r.reply.code >= 200) final = r.reply;
  }
  return {
    transfer: { kind: 'done', ms: ms(), bytes, cut: end, final },
    control: final ? 'in-sync' : 'abandoned',
    ending,
  };
}

/** How long the reply that ends a cut sample may take, at most. */
const CUT_REPLY_MS = 1500;

/**
 * The wait for the reply that ends a cut sample: the server answers about one round trip after the
 * close, and the reply to RETR took one round trip plus the server's own time, so a few of those (and a
 * quarter second for a busy server) is plenty; never more than CUT_REPLY_MS or a step. On a near path
 * this keeps a server that never notices the close from costing more than a reconnection.
 */
export function cutReplyWaitMs(retrReplyMs: number, ctx: Pick<ProbeContext, 'timeoutMs'>): number {
  return Math.min(ctx.timeoutMs, CUT_REPLY_MS, 250 + 4 * retrReplyMs);
}

/** The upload's content: recognisable as ftpcheck's by anyone who finds it. */
function uploadContent(): Buffer {
  return Buffer.alloc(UPLOAD_BYTES, 'ftpcheck upload test: this file is deleted again at once\n');
}

/** Stores a small file in `directory`, asks its time (MDTM) and removes it again (DELE). */
export async function upload(
  session: Session,
  route: DataRoute,
  directory: string,
  ctx: ProbeContext,
): Promise<Ran<UploadObservation>> {
  const { control } = session;
  const name = `ftpcheck-${randomBytes(6).toString('hex')}.tmp`;
  const path = directory === '' ? name : `${directory}/${name}`;
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  const base = { kind: 'ran' as const, path, bytes: UPLOAD_BYTES };
  const opened = await openDataFor(`STOR ${path}`, session, route, ctx);
  if (opened.kind !== 'open') return { ...base, ...notOpened(opened, ms()), remove: undefined };
  try {
    const { sent, ...outcome } = await store(control, opened, ctx);
    const storedAt = Date.now();
    if (!sent || outcome.control === 'abandoned') return { ...base, ...outcome, remove: undefined };
    // The file's time is the server's clock at the end of the upload: asked before it is removed.
    const stamped =
      outcome.transfer.kind === 'done'
        ? {
            mdtm: { command: `MDTM ${path}`, result: await control.command(`MDTM ${path}`, stepWait(ctx)) },
            localMs: storedAt,
          }
        : undefined;
    // Whatever the server said of the transfer, a file may now exist: remove it.
    const remove = { command: `DELE ${path}`, result: await control.command(`DELE ${path}`, stepWait(ctx)) };
    return {
      ...base,
      ...outcome,
      remove,
      stamped,
      control: remove.result.kind === 'reply' ? 'in-sync' : 'abandoned',
    };
  } finally {
    opened.socket.destroy();
    opened.release();
  }
}

async function store(
  control: ControlChannel,
  opened: Extract<OpenedData, { kind: 'open' }>,
  ctx: ProbeContext,
): Promise<Outcome & { sent: boolean }> {
  const ms = (): number => Math.round(performance.now() - opened.sentAt);
  const first = opened.preliminary ?? (await control.read(stepWait(ctx)));
  if (first.kind !== 'reply') return { ...lost(first, ms(), 0, 'preliminary-reply', undefined), sent: false };
  if (first.reply.code >= 400)
    return { transfer: { kind: 'rejected', ms: ms(), reply: first.reply, bytes: 0 }, control: 'in-sync', sent: false };
  const sending = await sendAll(opened.socket, uploadContent(), stepWait(ctx).ms);
  const sent = (outcome: Outcome): Outcome & { sent: boolean } => ({ ...outcome, sent: true });
  if (sending === 'timeout')
    return sent({
      transfer: { kind: 'stalled', ms: ms(), bytes: 0, lastByteMs: undefined, waitingFor: 'data' },
      control: 'abandoned',
    });
  const bytes = sending === 'sent' ? UPLOAD_BYTES : 0;
  let final = first.reply.code >= 200 ? first.reply : undefined;
  if (!final) {
    const last = await control.read(stepWait(ctx));
    if (last.kind !== 'reply') return sent(lost(last, ms(), bytes, 'final-reply', undefined));
    final = last.reply;
  }
  return sent(
    final.code >= 400
      ? { transfer: { kind: 'rejected', ms: ms(), reply: final, bytes }, control: 'in-sync' }
      : { transfer: { kind: 'done', ms: ms(), bytes, cut: undefined, final }, control: 'in-sync' },
  );
}
