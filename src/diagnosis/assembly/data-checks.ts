// The data checks after a listing (model/data-checks.ts) on the passive and active stage lines: their
// evidence, and the words added to the stage summary. Pure.
import type { DataTransfer, SampleObservation, UploadObservation } from '../../model/data-checks.js';
import type { ActiveObservation } from '../../model/observations.js';
import type { PassiveObservation } from '../../model/passive.js';
import type { DataCheckEvidence } from '../../model/stage-report.js';
import { refusedByServer } from '../facts/data-checks.js';
import { describeSample, describeUpload } from '../rules/wording/data-checks.js';
import { describeReply, describeReplyResult } from '../rules/wording/replies.js';

type Ran<T> = Extract<T, { kind: 'ran' }>;

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
