// The data checks after a listing that worked, on the same session and in the same data mode: MLSD
// (once, when FEAT offers MLST) to choose the sample, the bulk sample (RETR of the first bytes of a
// file: full-size packets, which a small listing never needs), and with --upload a small file stored
// and deleted again. Each ends with the control connection known to be in step, or given up.
import { randomBytes } from 'node:crypto';
import {
  type ControlAfter,
  type DataChecks,
  type DataTransfer,
  type MlsdObservation,
  type SampleFile,
  type SampleObservation,
  UPLOAD_BYTES,
  type UploadObservation,
} from '../model/data-checks.js';
import type { KeptListing, TransferResult } from '../model/connections.js';
import type { ActiveObservation, LoginObservation } from '../model/observations.js';
import type { PassiveObservation } from '../model/passive.js';
import type { ReplyResult } from '../model/exchanges.js';
import type { BulkRequest, CheckSettings } from '../model/settings.js';
import type { ControlChannel } from '../net/control.js';
import { SampleReceiver, sendAll } from '../net/sample.js';
import { chooseSample, type ListingEntry, parseListing, writableDirectories } from '../protocol/listing.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { type DataRoute, type OpenedData, openDataFor } from './data-connection.js';
import type { AfterListing } from './passive.js';
import type { Session } from './session.js';
import { receiveListing } from './transfer.js';

export interface DataCheckPlan {
  bulk: BulkRequest | undefined;
  upload: boolean;
  /** Read MLSD to choose the sample and see permissions: FEAT offers MLST and a listing is wanted. */
  mlsd: boolean;
  anonymous: boolean;
}

export const isAnonymousUser = (user: string): boolean => user === 'anonymous' || user === 'ftp';

/** FEAT lists MLST (RFC 3659), and so MLSD. */
export const offersMlst = (features: readonly string[] | undefined): boolean =>
  features?.some((f) => /^MLST\b/i.test(f)) ?? false;

export function dataCheckPlan(settings: CheckSettings, login: LoginObservation | undefined): DataCheckPlan {
  const anonymous = isAnonymousUser(settings.credentials.user);
  const features = login?.kind === 'logged-in' ? login.features : undefined;
  const choosing = settings.bulk !== undefined && settings.bulk.path === undefined;
  const posture = anonymous && (settings.audit || settings.upload);
  return {
    bulk: settings.bulk,
    upload: settings.upload,
    mlsd: (choosing || posture) && offersMlst(features),
    anonymous,
  };
}

type Ran<T> = Extract<T, { kind: 'ran' }>;

/** The file the passive mode chose for its sample, or why it has none, as the active mode reuses it. */
export type SampleChoice =
  { kind: 'file'; file: SampleFile } | Extract<SampleObservation, { kind: 'no-file' }> | { kind: 'not-run' };

/** What the passive mode decided that the active mode reuses: its MLSD listing and its sample's file. */
export interface PriorChoice {
  mlsd: MlsdObservation | undefined;
  sample: SampleChoice | undefined;
}

/** The decisions inside data checks that ran. */
export function priorChoice(checks: DataChecks | undefined): PriorChoice | undefined {
  if (!checks) return undefined;
  const { sample } = checks;
  return {
    mlsd: checks.mlsd,
    sample: sample && choiceOf(sample),
  };
}

function choiceOf(sample: SampleObservation): SampleChoice {
  if (sample.kind === 'ran') return { kind: 'file', file: sample.file };
  return sample.kind === 'no-file' ? sample : { kind: 'not-run' };
}

/** The hooks the data stages run after their listing: passive first, then active with what passive found. */
export interface DataCheckHooks {
  afterPassive: AfterListing<PassiveObservation>;
  /** The active stage's hook, given the passive stage's observation. */
  afterActive: (prior: PassiveObservation | undefined) => AfterListing<ActiveObservation>;
  /**
   * The active stage's hook when it runs beside the passive stage: it waits for the passive mode's
   * choice of file (known before the passive sample downloads it), or for the passive stage's end.
   */
  afterActiveBeside: (on: ProbeContext) => AfterListing<ActiveObservation>;
  /** The passive stage ended (or never started): the active mode waits for no choice any more. */
  passiveDone: () => void;
}

export function dataCheckHooks(plan: DataCheckPlan, ctx: ProbeContext): DataCheckHooks {
  const wanted = plan.bulk !== undefined || plan.upload;
  let decide: (prior: PriorChoice | undefined) => void = () => undefined;
  // Settled once: by the passive mode's choice, or by the passive stage's end without one.
  const decided = new Promise<PriorChoice | undefined>((resolve) => (decide = resolve));
  const after = async <T extends PassiveObservation | ActiveObservation>(
    session: Session,
    observed: T,
    route: DataRoute | undefined,
    prior: () => Promise<PriorChoice | undefined>,
    onChoice?: (prior: PriorChoice) => void,
    on: ProbeContext = ctx,
  ): Promise<T> => {
    if (!wanted || observed.kind !== 'ran' || !route || observed.transfer?.kind !== 'complete') return observed;
    const started = performance.now();
    const dataChecks = await runDataChecks(session, route, observed.transfer, plan, await prior(), on, onChoice);
    return { ...observed, ms: observed.ms + Math.round(performance.now() - started), dataChecks };
  };
  const none = (): Promise<undefined> => Promise.resolve(undefined);
  return {
    afterPassive: async (session, passive) => {
      const used = passive.kind === 'ran' ? passive.used?.command : undefined;
      const done = await after(session, passive, used && { mode: 'passive', request: used }, none, decide);
      decide(priorChoice(done.kind === 'ran' ? done.dataChecks : undefined));
      return done;
    },
    afterActive: (prior) => (session, active) =>
      after(session, active, { mode: 'active' }, () =>
        Promise.resolve(priorChoice(prior?.kind === 'ran' ? prior.dataChecks : undefined)),
      ),
    afterActiveBeside: (on) => (session, active) =>
      after(session, active, { mode: 'active' }, () => decided, undefined, on),
    passiveDone: () => decide(undefined),
  };
}

const NOT_IN_STEP = 'the control connection was given up: its replies were no longer in step';

/**
 * MLSD, the sample and the upload in one mode whose listing (`listed`) worked. `prior` is what the
 * passive mode found, so that the active mode downloads the same file without choosing again.
 */
export async function runDataChecks(
  session: Session,
  route: DataRoute,
  listed: Extract<TransferResult, { kind: 'complete' }>,
  plan: DataCheckPlan,
  prior: PriorChoice | undefined,
  ctx: ProbeContext,
  onChoice?: (choice: PriorChoice) => void,
): Promise<DataChecks> {
  const checks: DataChecks = {};
  const { control } = session;
  /** False, and the control connection closed, once a step left it out of step. */
  const usable = (after: ControlAfter): boolean => {
    if (after === 'in-sync') return true;
    ctx.transcript.add('control', 'note', 'giving up this control connection: its replies are no longer in step');
    control.destroy();
    return false;
  };
  const unavailable = (): string | undefined => {
    if (!control.isOpen) return NOT_IN_STEP;
    return ctx.deadline.expired() ? "the run's deadline had passed" : undefined;
  };

  let listing: { command: 'LIST' | 'MLSD'; kept: KeptListing | undefined } = { command: 'LIST', kept: listed.listing };
  const priorMlsd = prior?.mlsd?.transfer;
  if (priorMlsd?.kind === 'complete') listing = { command: 'MLSD', kept: priorMlsd.listing };
  else if (plan.mlsd && prior?.mlsd === undefined && needsListing(plan, prior)) {
    checks.mlsd = await readMlsd(session, route, ctx);
    if (!usable(checks.mlsd.control)) return checks;
    const t = checks.mlsd.transfer;
    if (t?.kind === 'complete') listing = { command: 'MLSD', kept: t.listing };
  }
  const entries = listing.kept ? parseListing(listing.kept.text, listing.command, listing.kept.cut) : [];

  if (plan.bulk) {
    const reason = unavailable();
    const choice = reason === undefined ? sampleFile(plan.bulk, entries, listing.command, prior?.sample) : undefined;
    if (reason !== undefined) checks.sample = { kind: 'not-run', reason };
    else if (choice?.kind === 'no-file') checks.sample = choice;
    // Told before the download, so that a mode running beside this one can start its own at once.
    onChoice?.({ mlsd: checks.mlsd, sample: choice ?? { kind: 'not-run' } });
    if (choice?.kind === 'file') {
      checks.sample = await download(session, route, choice.file, plan.bulk.bytes, ctx);
      if (!usable(checks.sample.control)) return checks;
    }
  }
  if (plan.upload) {
    const reason =
      unavailable() ?? (sampleFailed(checks.sample) ? 'the download did not work in this mode' : undefined);
    checks.upload =
      reason === undefined
        ? await upload(session, route, uploadDirectory(entries, plan.anonymous), ctx)
        : { kind: 'not-run', reason };
    if (checks.upload.kind === 'ran') usable(checks.upload.control);
  }
  return checks;
}

/** A file must still be chosen from a listing (not given, not chosen by the passive mode). */
function needsListing(plan: DataCheckPlan, prior: PriorChoice | undefined): boolean {
  return (plan.bulk !== undefined && plan.bulk.path === undefined && prior?.sample === undefined) || plan.anonymous;
}

function sampleFile(
  request: BulkRequest,
  entries: ListingEntry[],
  command: 'LIST' | 'MLSD',
  prior: SampleChoice | undefined,
): { kind: 'file'; file: SampleFile } | Extract<SampleObservation, { kind: 'no-file' }> {
  if (request.path !== undefined)
    return { kind: 'file', file: { path: request.path, size: undefined, from: 'option' } };
  if (prior?.kind === 'file' || prior?.kind === 'no-file') return prior;
  const chosen = chooseSample(entries);
  if (chosen) return { kind: 'file', file: { path: chosen.name, size: chosen.size, from: command } };
  const files = entries.filter((e) => e.type === 'file');
  const sizes = files.map((e) => e.size).filter((s): s is number => s !== undefined);
  return {
    kind: 'no-file',
    listing: command,
    files: files.length,
    largest: sizes.length > 0 ? Math.max(...sizes) : undefined,
  };
}

/** The sample went wrong the way a network does: it stalled, or the transfer broke. */
export function sampleFailed(sample: SampleObservation | undefined): boolean {
  if (sample?.kind !== 'ran') return false;
  const t = sample.transfer;
  return (
    t.kind === 'stalled' || t.kind === 'control-failed' || (t.kind === 'rejected' && [425, 426].includes(t.reply.code))
  );
}

/** Where the upload goes: the login directory; for an anonymous login, a directory its listing shows as writable. */
function uploadDirectory(entries: ListingEntry[], anonymous: boolean): string {
  if (!anonymous) return '';
  const writable = writableDirectories(entries);
  if (writable.some((e) => e.self)) return '';
  return writable.find((e) => !/[\r\n\0\ufffd]/.test(e.name))?.name ?? '';
}

async function readMlsd(session: Session, route: DataRoute, ctx: ProbeContext): Promise<MlsdObservation> {
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
async function download(
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

async function upload(
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
