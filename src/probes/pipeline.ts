// Runs the stages, each on what the ones before found, within one deadline. A stage that cannot run
// because an earlier one failed is simply not observed; the follow-up checks (follow-ups.ts) run after
// the stages when they were asked for.
//
// The order is a graph, not a line: after the login, the active stage needs nothing from the passive
// stage but the file its sample chose, so with a session budget above 1 (--max-sessions) it runs on a
// session of its own beside the passive stage (beside.ts). STAT waits for both data stages, as it asks
// on the check's own session once they are done with it; the follow-ups wait for that session to close.
// With a budget of 1, or when the server refuses the extra session, everything runs in one line.
import { DEFAULT_MAX_SESSIONS, type CheckSettings } from '../model/settings.js';
import { activeStage } from './active.js';
import { besideSession } from './beside.js';
import { dataCheckHooks, dataCheckPlan } from './bulk.js';
import { dnsStage } from './dns.js';
import { followUps } from './follow-ups.js';
import { passiveStage } from './passive.js';
import { type OpenSession, openSession, planAgain, type SessionResult, sessionPlan } from './session.js';
import { SessionBudget } from './session-budget.js';
import { type AtSessionEnd, atSessionEnd, lastChecks } from './session-end.js';
import { type ProbeRun, type StageEvents, StageRunner } from './stage-runner.js';
import { handshakeLookahead, probeTlsMode } from './tls-mode.js';

export type { ProbeRun, StageEvents };

/** The events of a run that nobody watches. */
function unwatched(): void {
  // Deliberately nothing: there is no one to tell.
}
const NO_EVENTS: StageEvents = { started: unwatched, finished: unwatched };

export async function runProbes(settings: CheckSettings, events: StageEvents = NO_EVENTS): Promise<ProbeRun> {
  const run = new StageRunner(settings, events);
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
  const budget = new SessionBudget(settings.maxSessions ?? DEFAULT_MAX_SESSIONS);
  // Only a check of both modes has a stage to run beside another.
  const beside = besideSession(plan, settings.mode === 'both' ? budget : undefined, ctx);
  let session: SessionResult;
  try {
    session = await openSession(plan, ctx, beside.watch(run.step), beside.hooks(lookahead));
  } catch (err) {
    await Promise.all([lookahead.settle(), beside.discard()]);
    throw err;
  }
  beside.ownSessionOpened(session.kind === 'open');
  const early = await lookahead.settle();
  if (session.kind === 'failed') {
    await beside.discard();
    const tlsModeProbe = await probeTlsMode(planAgain(plan, session.address), run.observations, ctx, early);
    return run.finish(session.address, tlsModeProbe && { tlsModeProbe });
  }

  const again = planAgain(plan, session.address);
  let atEnd: AtSessionEnd;
  try {
    await dataStages(run, session, beside);
    atEnd = await atSessionEnd(session, settings, run.observations, ctx);
  } finally {
    // Before the follow-ups: they open sessions of their own.
    session.control.close();
    await beside.discard();
  }
  if (run.observations.deadlineHit) return run.finish(session.address);
  const found = await followUps(settings, again, run.observations, ctx);
  return run.finish(session.address, { ...found, ...(await lastChecks(settings, again, atEnd, ctx)) });
}

/**
 * The passive and the active stage: the active one on the session opened beside the check's own when
 * it is open before the passive stage ends, else after the passive stage on the check's session (or a clean one, activeStage).
 * After each listing that worked, on its session: the bulk sample and the upload (probes/bulk.ts).
 */
async function dataStages(
  run: StageRunner,
  session: OpenSession,
  beside: ReturnType<typeof besideSession>,
): Promise<void> {
  const { ctx, settings } = run;
  const checks = dataCheckHooks(dataCheckPlan(settings, run.observations.login), ctx);
  const again = planAgain(beside.plan, session.address);
  const passive = run
    .step('passive', () => passiveStage(session, settings.mode, ctx, checks.afterPassive))
    .finally(checks.passiveDone);
  const active = (async (): Promise<void> => {
    // The second session, unless the passive stage is over before it is open (a server slow to accept
    // it, or a firewall that drops its SYN): then the active stage is no later than in one line.
    const extra = await Promise.race([beside.session(), passive.then(() => undefined)]);
    if (extra) {
      await run.step('active', () =>
        activeStage(extra.session, undefined, again, settings.mode, extra.ctx, checks.afterActiveBeside(extra.ctx)),
      );
      await extra.close();
      return;
    }
    const passed = await passive;
    if (!passed) return;
    const afterActive = checks.afterActive(passed.observed.passive);
    await run.step('active', () =>
      activeStage(session, passed.observed.passive, again, settings.mode, ctx, afterActive),
    );
  })();
  await Promise.all([passive, active]);
}
