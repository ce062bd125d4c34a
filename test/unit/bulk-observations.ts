// Canned observations of the data checks after a listing (model/bulk.ts): the bulk sample, the upload
// and the listing texts they read, as small edits of the healthy run in observations.ts.
import type { DataChecks, DataTransfer, SampleObservation, UploadObservation } from '../../src/model/data-checks.js';
import type { Observations } from '../../src/model/observations.js';
import { activeOf, edited, healthy, passiveOf, reply } from './observations.js';

export type DataMode = 'passive' | 'active';

const ranOf = (o: Observations, mode: DataMode) => (mode === 'passive' ? passiveOf(o) : activeOf(o));

/** A Unix listing of the login directory with these lines (and a 64 KiB+ file). */
export const unixListing = (...lines: string[]): string =>
  ['-rw-r--r--    1 0        0          262144 Jan 31 09:15 big.bin', ...lines].map((l) => `${l}\r\n`).join('');

/** The mode's listing transfer kept this text (its byte count follows the text). */
export const listed =
  (text: string, mode: DataMode = 'passive') =>
  (o: Observations) => {
    const t = ranOf(o, mode).transfer;
    if (t?.kind !== 'complete') throw new Error('the canned listing did not complete');
    t.listing = { text, cut: false };
    t.bytes = Buffer.byteLength(text);
  };

/** The mode's data checks are these. */
export const checked =
  (checks: DataChecks, mode: DataMode = 'passive') =>
  (o: Observations) => {
    ranOf(o, mode).dataChecks = checks;
  };

/** A sample of big.bin that went this way. */
export function sampleOf(transfer: DataTransfer, bytesPerSecond?: number): SampleObservation {
  return {
    kind: 'ran',
    file: { path: 'big.bin', size: 262144, from: 'LIST' },
    limit: 262144,
    transfer,
    bytesPerSecond,
    ending: [],
    control: transfer.kind === 'stalled' || transfer.kind === 'control-failed' ? 'abandoned' : 'in-sync',
  };
}

/** An upload that went this way; `removed` is DELE's reply when there was a file to remove. */
export function uploadOf(transfer: DataTransfer, removed?: [number, string]): UploadObservation {
  return {
    kind: 'ran',
    path: 'ftpcheck-0a1b2c3d4e5f.tmp',
    bytes: 4096,
    transfer,
    remove: removed && {
      command: 'DELE ftpcheck-0a1b2c3d4e5f.tmp',
      result: { kind: 'reply', ms: 2, reply: reply(...removed) },
    },
    control: transfer.kind === 'stalled' || transfer.kind === 'control-failed' ? 'abandoned' : 'in-sync',
  };
}

export const SAMPLED: DataTransfer = {
  kind: 'done',
  ms: 40,
  bytes: 262144,
  cut: 'size',
  final: reply(426, 'Failure writing network stream.'),
};

/** Nothing at all arrived after RETR's 150: every packet of the download was full-size, and dropped. */
export const STALLED_AT_ONCE: DataTransfer = {
  kind: 'stalled',
  ms: 2000,
  bytes: 0,
  lastByteMs: undefined,
  waitingFor: 'data',
};

/** The healthy run whose mode's small listing worked and whose sample went this way. */
export const sampled = (transfer: DataTransfer, mode: DataMode = 'passive', listing = unixListing()) =>
  edited((o) => {
    listed(listing, mode)(o);
    checked({ sample: sampleOf(transfer) }, mode)(o);
  });

/** The healthy run with the upload after a good sample going this way. */
export const uploaded = (transfer: DataTransfer, removed?: [number, string], mode: DataMode = 'passive') =>
  edited((o) => {
    listed(unixListing(), mode)(o);
    checked({ sample: sampleOf(SAMPLED, 6_500_000), upload: uploadOf(transfer, removed) }, mode)(o);
  });

/** A healthy run logged in as `user` whose passive listing is `text` (and MLSD, when given). */
export function anonymousListing(text: string, options: { user?: string; audit?: boolean; mlsd?: string } = {}) {
  const o = healthy();
  const user = options.user ?? 'anonymous';
  o.target.user = user;
  if (o.login?.kind === 'logged-in') o.login.user = user;
  o.posture.audit = options.audit ?? false;
  listed(text)(o);
  if (options.mlsd !== undefined)
    passiveOf(o).dataChecks = {
      mlsd: {
        ms: 3,
        failure: undefined,
        transfer: {
          kind: 'complete',
          ms: 3,
          bytes: options.mlsd.length,
          truncated: false,
          final: reply(226, 'Transfer complete.'),
          listing: { text: options.mlsd, cut: false },
        },
        control: 'in-sync',
      },
    };
  return o;
}
