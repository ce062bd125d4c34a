// The data checks after a listing (model/data-checks.ts) as the verdict and the rules read them: what failed
// the way a network fails and what the server refused. Pure.
import type {
  DataChecks,
  DataSetupFailure,
  DataTransfer,
  SampleObservation,
  UploadObservation,
} from '../../model/data-checks.js';
import type { ActiveObservation } from '../../model/observations.js';
import type { PassiveObservation } from '../../model/passive.js';

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
 * The passive data connection of the sample download or the upload that could not be opened, after the
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

/** The sample download or the upload of this mode failed on the way. */
export function dataChecksFailed(checks: DataChecks | undefined): boolean {
  return [checks?.sample, checks?.upload].some((c) => c?.kind === 'ran' && failedOnTheWay(c.transfer));
}

/** The mode's listing worked and nothing after it failed on the way. */
export function modeWorked(ran: Ran<PassiveObservation> | Ran<ActiveObservation> | undefined): boolean {
  return ran?.transfer?.kind === 'complete' && !dataChecksFailed(ran.dataChecks);
}
