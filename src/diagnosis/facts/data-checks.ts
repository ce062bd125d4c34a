// The data checks after a listing (model/bulk.ts) for the stage lines, the verdict and the rules: what
// failed the way a network fails, the stage evidence, and the words added to the stage summary. Pure.
import type {
  DataChecks,
  DataSetupFailure,
  DataTransfer,
  SampleObservation,
  UploadObservation,
} from '../../model/bulk.js';
import type { ActiveObservation, PassiveObservation } from '../../model/observations.js';
import type { DataCheckEvidence } from '../../model/stage-report.js';
import { describeReply, describeReplyResult } from '../rules/wording/replies.js';
import { describeSample, describeUpload } from '../rules/wording/data-checks.js';

type Ran<T> = Extract<T, { kind: 'ran' }>;

/** The server refused the transfer itself (permissions, no such file, disk full): not the network. */
export function refusedByServer(t: DataTransfer): boolean {
  return t.kind === 'rejected' && t.reply.code !== 425 && t.reply.code !== 426;
}

/**
 * The transfer went wrong the way networks make it: it stalled, the control connection failed, 425/426,
 * or its new passive data connection could not be opened (refused, dropped) although the listing's was.
 */
export function failedOnTheWay(t: DataTransfer): boolean {
  return (
    t.kind === 'stalled' ||
    t.kind === 'control-failed' ||
    (t.kind === 'rejected' && !refusedByServer(t)) ||
    (t.kind === 'no-connection' && t.failure.step === 'connect')
  );
}

/**
 * The passive data connection of the bulk sample or the upload that could not be opened, after the
 * listing's data connection to another port the server named had worked: what it was for, and how it ended.
 */
export function laterDataPortFailed(
  ran: Ran<PassiveObservation> | undefined,
): { what: string; failure: Extract<DataSetupFailure, { step: 'connect' }> } | undefined {
  if (ran?.data?.kind !== 'connected') return undefined;
  const checks: [string, SampleObservation | UploadObservation | undefined][] = [
    ['the bulk sample', ran.dataChecks?.sample],
    ['the upload', ran.dataChecks?.upload],
  ];
  for (const [what, check] of checks) {
    if (check?.kind !== 'ran') continue;
    const t = check.transfer;
    if (t.kind === 'no-connection' && t.failure.step === 'connect') return { what, failure: t.failure };
  }
  return undefined;
}

/** The bulk sample or the upload of this mode failed on the way. */
export function dataChecksFailed(checks: DataChecks | undefined): boolean {
  return [checks?.sample, checks?.upload].some((c) => c?.kind === 'ran' && failedOnTheWay(c.transfer));
}

/** The mode's listing worked and nothing after it failed on the way. */
export function modeWorked(ran: Ran<PassiveObservation> | Ran<ActiveObservation> | undefined): boolean {
  return ran?.transfer?.kind === 'complete' && !dataChecksFailed(ran.dataChecks);
}

function replyOf(t: DataTransfer): string | null {
  if (t.kind === 'rejected') return describeReply(t.reply);
  if (t.kind === 'done' && t.final) return describeReply(t.final);
  if (t.kind === 'control-failed') return describeReplyResult(t.result);
  return null;
}

function sampleEvidence(s: SampleObservation | undefined): DataCheckEvidence['sample'] {
  if (!s) return null;
  if (s.kind !== 'ran')
    return {
      outcome: s.kind,
      file: null,
      size: null,
      from: null,
      limit: null,
      bytes: null,
      ms: null,
      bytesPerSecond: null,
      cut: null,
      lastByteMs: null,
      reply: null,
      control: null,
      reason: describeSample(s),
    };
  const t = s.transfer;
  return {
    outcome: t.kind,
    file: s.file.path,
    size: s.file.size ?? null,
    from: s.file.from,
    limit: s.limit,
    bytes: t.kind === 'no-connection' ? null : t.bytes,
    ms: t.ms,
    bytesPerSecond: s.bytesPerSecond ?? null,
    cut: t.kind === 'done' ? (t.cut ?? null) : null,
    lastByteMs: t.kind === 'stalled' ? (t.lastByteMs ?? null) : null,
    reply: replyOf(t),
    control: s.control,
    reason: null,
  };
}

function uploadEvidence(u: UploadObservation | undefined): DataCheckEvidence['upload'] {
  if (!u) return null;
  if (u.kind === 'not-run')
    return {
      outcome: u.kind,
      path: null,
      bytes: null,
      ms: null,
      reply: null,
      deleted: null,
      control: null,
      reason: u.reason,
    };
  const t = u.transfer;
  const removed = u.remove?.result;
  return {
    outcome: t.kind,
    path: u.path,
    bytes: t.kind === 'no-connection' ? null : t.bytes,
    ms: t.ms,
    reply: replyOf(t),
    deleted: removed === undefined ? null : removed.kind === 'reply' && removed.reply.code < 300,
    control: u.control,
    reason: refusedByServer(t) ? 'refused by the server (a permission or a path, not the network)' : null,
  };
}

/** The evidence fields the data checks add to a data stage's line. */
export function dataCheckEvidence(ran: Ran<PassiveObservation> | Ran<ActiveObservation>): DataCheckEvidence {
  return { sample: sampleEvidence(ran.dataChecks?.sample), upload: uploadEvidence(ran.dataChecks?.upload) };
}

/** What the data checks add to a data stage's summary: `; ` and a phrase each, or nothing. */
export function dataCheckSummary(ran: Ran<PassiveObservation> | Ran<ActiveObservation>): string {
  const { sample, upload } = ran.dataChecks ?? {};
  const parts: string[] = [];
  if (sample) parts.push(describeSample(sample));
  if (upload) {
    const refused = upload.kind === 'ran' && refusedByServer(upload.transfer);
    parts.push(`${describeUpload(upload)}${refused ? ' (refused by the server: a permission, not the network)' : ''}`);
  }
  return parts.map((p) => `; ${p}`).join('');
}
