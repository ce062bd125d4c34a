// The data checks after a listing that worked, on the same session and in the same data mode: MLSD
// (once, when FEAT offers MLST) to choose the sample, the bulk sample (RETR of the first bytes of a
// file: full-size packets, which a small listing never needs), and with --upload a small file stored
// and deleted again. Each ends with the control connection known to be in step, or given up. What is
// decided (the plan, the file, what the active mode reuses) is here; the transfers themselves are in
// data-checks-transfers.ts.
import type { DataChecks, SampleFile, SampleObservation, ControlAfter, MlsdObservation } from '../model/data-checks.js';
import type { KeptListing } from '../model/connections.js';
import type { ActiveObservation, LoginObservation } from '../model/observations.js';
import type { PassiveObservation } from '../model/passive.js';
import type { TransferResult } from '../model/connections.js';
import type { BulkRequest, CheckSettings } from '../model/settings.js';
import { chooseSample, type ListingEntry, parseListing, writableDirectories } from '../protocol/listing.js';
import { isAnonymousUser } from '../protocol/posture.js';
import type { ProbeContext } from './context.js';
import type { DataRoute } from './data-connection.js';
import { download, readMlsd, upload } from './data-checks-transfers.js';
import type { AfterListing } from './passive.js';
import type { Session } from './session.js';

export interface DataCheckPlan {
  bulk: BulkRequest | undefined;
  upload: boolean;
  /** Read MLSD to choose the sample and see permissions: FEAT offers MLST and a listing is wanted. */
  mlsd: boolean;
  anonymous: boolean;
}

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
