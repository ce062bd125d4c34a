// Runs the stages in order, each on what the ones before found, within one deadline. A stage that
// cannot run because an earlier one failed is simply not observed; the follow-up checks
// (follow-ups.ts) run after the stages when they were asked for.
import type { FilesObservation } from '../model/files.js';
import type { CheckSettings } from '../model/settings.js';
import { activeStage } from './active.js';
import { dataCheckHooks, dataCheckPlan } from './bulk.js';
import { dnsStage } from './dns.js';
import { expectedFiles } from './files.js';
import { followUps } from './follow-ups.js';
import { passiveStage } from './passive.js';
import { openSession, planAgain, type SessionResult, sessionPlan } from './session.js';
import { type AtSessionEnd, atSessionEnd, lastChecks } from './session-end.js';
import { type ProbeRun, type StageEvents, StageRunner } from './stage-runner.js';
import { handshakeLookahead, probeTlsMode } from './tls-mode.js';

export type { ProbeRun, StageEvents };

/** The events of a run that nobody watches. */
function unwatched(): void {
  // Deliberately nothing: there is no one to tell.
}
const NO_EVENTS: StageEvents = { started: unwatched, finished: unwatched };

/** Runs a check's probes; a `signal` that aborts ends the run's deadline (see deadlineAfter). */
export async function runProbes(
  settings: CheckSettings,
  events: StageEvents = NO_EVENTS,
  signal?: AbortSignal,
): Promise<ProbeRun> {
  const run = new StageRunner(settings, events, signal);
  const { ctx } = run;
  const dns = await run.step('dns', () =>
    dnsStage(settings.host, settings.family, settings.port, ctx, settings.resolved),
  );
  if (!dns?.target) return run.finish(undefined);

  // Stages connect, greeting, tls and login: the session layer's steps, each recorded as its stage.
  const plan = sessionPlan(settings, dns.target, ctx);
  // A TLS mix-up (ftps:// on a plain port, or the other way round) is told apart on a new connection;
  // for a silent port, one started while the greeting is awaited.
  const lookahead = handshakeLookahead(plan, run.observations, ctx);
  let session: SessionResult;
  try {
    session = await openSession(plan, ctx, run.step, lookahead);
  } catch (err) {
    await lookahead.settle();
    throw err;
  }
  const early = await lookahead.settle();
  if (session.kind === 'failed') {
    const tlsModeProbe = await probeTlsMode(planAgain(plan, session.address), run.observations, ctx, early);
    return run.finish(session.address, tlsModeProbe && { tlsModeProbe });
  }

  const again = planAgain(plan, session.address);
  let atEnd: AtSessionEnd;
  let files: FilesObservation | undefined;
  try {
    // After each listing that worked, on its session: the bulk sample and the upload (probes/bulk.ts).
    const checks = dataCheckHooks(dataCheckPlan(settings, run.observations.login), ctx);
    const passive = await run.step('passive', () => passiveStage(session, settings.mode, ctx, checks.afterPassive));
    if (passive) {
      const afterActive = checks.afterActive(passive.observed.passive);
      await run.step('active', () =>
        activeStage(session, passive.observed.passive, again, settings.mode, ctx, afterActive),
      );
    }
    files =
      settings.expectFiles.length === 0 || run.observations.deadlineHit
        ? undefined
        : await expectedFiles(session, run.observations, settings.expectFiles, again, ctx);
    atEnd = await atSessionEnd(session, settings, run.observations, ctx);
  } finally {
    // Before the follow-ups: they open sessions of their own.
    session.control.close();
  }
  if (run.observations.deadlineHit) return run.finish(session.address, { files });
  const found = await followUps(settings, again, run.observations, ctx);
  return run.finish(session.address, { ...found, ...(await lastChecks(settings, again, atEnd, ctx)), files });
}
