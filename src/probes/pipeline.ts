// Runs the stages, each on what the ones before found, within one deadline. A stage that cannot run
// because an earlier one failed is simply not observed; the checks after the stages (follow-ups.ts,
// session-end.ts) run when they were asked for.
//
// The order is a graph, not a line: after the login, the active stage needs nothing from the passive
// stage but the file its sample chose, so where sessions beside the check's own pay (besideAllowed) it
// runs on a session of its own beside the passive stage (beside.ts). STAT, asked on the check's own
// session after the data stages, is asked as soon as they are done with it: beside the active stage
// when that runs on a session of its own, else after it. Once the check's session has closed, the
// checks that need sessions of their own run beside each other (jobs.ts). With a budget of 1, or when
// the server refuses the extra sessions, everything runs in one line, and the observations are the
// same either way (ownSessionAnswers, runJobs).
import type { FilesObservation } from '../model/files.js';
import type { Address, BounceObservation, Observations, StatProbe } from '../model/observations.js';
import type { PassiveObservation } from '../model/passive.js';
import { BESIDE_MIN_CONNECT_MS, type CheckSettings, DEFAULT_MAX_SESSIONS, type Mode } from '../model/settings.js';
import { classifyAddress } from '../protocol/address.js';
import { activeStage } from './active.js';
import { type BesideSessions, besideSessions } from './beside.js';
import { dataCheckHooks, dataCheckPlan } from './data-checks.js';
import { dnsStage } from './dns.js';
import { expectedFiles } from './files.js';
import { followUpJobs, sweep } from './follow-ups.js';
import { runJobs } from './jobs.js';
import type { ProbeContext } from './context.js';
import { type AfterListing, passiveStage, probePassive } from './passive.js';
import { activeLeavesControlInSync } from './server-view.js';
import { testApart } from './passive-apart.js';
import {
  type OpenSession,
  openSession,
  planToAddress,
  type SessionPlan,
  type SessionResult,
  sessionPlan,
} from './session.js';
import { SessionBudget } from './session-budget.js';
import { bounceAtEnd, lastCheckJobs, type LastObservations, statAtEnd } from './session-end.js';
import { type FollowUpObservations, type ProbeRun, type StageEvents, StageRunner } from './stage-runner.js';
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
  const budget = new SessionBudget(settings.maxSessions ?? DEFAULT_MAX_SESSIONS);
  const beside = besideSessions(plan, budget, (reached) => besideWanted(settings, reached, run.observations), ctx);
  let session: SessionResult;
  try {
    session = await openSession(plan, ctx, run.step, beside.hooks(lookahead));
  } catch (err) {
    beside.discard();
    await lookahead.settle();
    throw err;
  }
  beside.ownSessionOpened(session.kind === 'open');
  const early = await lookahead.settle();
  if (session.kind === 'failed') {
    beside.discard();
    const tlsModeProbe = await probeTlsMode(planToAddress(plan, session.address), run.observations, ctx, early);
    return run.finish(session.address, tlsModeProbe && { tlsModeProbe });
  }

  const reachedPlan = planToAddress(plan, session.address);
  let answers: OwnSessionAnswers;
  let bounce: BounceObservation | undefined;
  try {
    const asked = await dataStages(run, session, reachedPlan, beside, {
      ask: () => askOwnSession(run, session, reachedPlan),
      early: settings.expectFiles.length === 0,
    });
    answers = ownSessionAnswers(run, asked);
    // Not early: in one line it follows STAT, which is never sent early when the active stage left the
    // session out of step; the bounce is never sent twice.
    bounce = await bounceAtEnd(session, settings, answers.stat, ctx);
  } finally {
    // Before the follow-ups: they open sessions of their own.
    session.control.close();
    beside.discard();
  }
  const { files, stat } = answers;
  if (run.observations.deadlineHit) return run.finish(session.address, { files });
  // The sweep alone first; then the follow-ups and the last checks, beside each other where sessions
  // beside the check's own are worth it (jobs.ts).
  const swept = settings.sweep && { sweep: await sweep(settings.sweep, reachedPlan, ctx) };
  const o = run.observations;
  const jobs = [
    ...followUpJobs(settings, reachedPlan, o),
    ...lastCheckJobs(settings, reachedPlan, { stat, bounce }, o),
  ];
  const found = await runJobs(jobs, ctx, besideAllowed(settings, session.address, o) ? budget : undefined);
  const after: FollowUpObservations & LastObservations = { ...swept };
  for (const observed of found) Object.assign(after, observed);
  return run.finish(session.address, { ...after, files });
}

/** Sessions beside the check's own are worth it: asked for (--max-sessions), or the round trip is long. */
function besideAllowed(settings: CheckSettings, reached: Address, o: Readonly<Observations>): boolean {
  // The first connect of a run also pays for the process warming up (a loaded machine's loopback
  // connect can take 5 ms): loopback never counts as a long round trip.
  const connectMs = o.connect?.kind === 'connected' ? o.connect.ms : 0;
  const short = classifyAddress(reached.address) === 'loopback' || connectMs < BESIDE_MIN_CONNECT_MS;
  return settings.maxSessions !== undefined || !short;
}

/**
 * The sessions worth opening beside the check's own: 2 for the active stage of a check of both modes;
 * 3 for testing EPSV apart beside the passive sample, which happens on IPv4 only. Without
 * --max-sessions, none on a short round trip (model/settings.ts, BESIDE_MIN_CONNECT_MS).
 */
function besideWanted(settings: CheckSettings, reached: Address, o: Readonly<Observations>): number[] {
  if (!besideAllowed(settings, reached, o)) return [];
  const wanted: number[] = [];
  if (settings.mode === 'both') wanted.push(2);
  const sampled = settings.bulk !== undefined || settings.upload;
  if (settings.mode !== 'active' && reached.family === 4 && sampled) wanted.push(3);
  return wanted;
}

/** What the check's own session is asked once the data stages are done with it. */
interface OwnSessionAnswers {
  files: FilesObservation | undefined;
  stat: StatProbe | undefined;
}

/** --expect-file's questions, then STAT, on the check's own session. */
async function askOwnSession(
  run: StageRunner,
  session: OpenSession,
  reachedPlan: SessionPlan,
): Promise<OwnSessionAnswers> {
  const { settings, ctx } = run;
  const files =
    settings.expectFiles.length === 0 || run.observations.deadlineHit
      ? undefined
      : await expectedFiles(session, run.observations, settings.expectFiles, reachedPlan, ctx);
  return { files, stat: await statAtEnd(session, run.observations, ctx) };
}

/**
 * The answers as in one line. Asked beside the active stage (`early`), they were asked before that stage
 * had ended; in one line it runs on this session first, so that when it hits the deadline nothing is
 * asked after it, and when it leaves its control connection out of step STAT is not asked. The same holds
 * here, so that the observations do not depend on the session budget. (--expect-file is never asked
 * early: which route and clock it uses depends on the active stage's result.)
 */
function ownSessionAnswers(run: StageRunner, asked: { answers: OwnSessionAnswers; early: boolean }): OwnSessionAnswers {
  const o = run.observations;
  if (!asked.early || (!o.deadlineHit && activeLeavesControlInSync(o.active))) return asked.answers;
  return { files: undefined, stat: undefined };
}

/**
 * The passive and the active stage. The active one runs on session 2 when it is open before the passive
 * stage ends, else after the passive stage on the check's session (or a clean one, activeStage). The
 * passive stage tests EPSV apart on session 3 when that is open once its listing is done, beside its
 * sample on the check's session; else in line before the sample, as always. After each listing that
 * worked, on its session: the bulk sample and the upload (probes/data-checks.ts). `own.ask` runs on the
 * check's session once both are done with it: after the passive stage when the active one has a session
 * of its own and `own.early` allows it, else after both.
 */
async function dataStages<T>(
  run: StageRunner,
  session: OpenSession,
  reachedPlan: SessionPlan,
  beside: BesideSessions,
  own: { ask: () => Promise<T>; early: boolean },
): Promise<{ answers: T; early: boolean }> {
  const { ctx, settings } = run;
  const checks = dataCheckHooks(dataCheckPlan(settings, run.observations.login), ctx);
  const passive = run
    .step('passive', () => passiveBeside(session, settings.mode, ctx, checks.afterPassive, beside))
    .finally(checks.passiveDone);
  let decide: (early: boolean) => void = () => undefined;
  const activeBeside = new Promise<boolean>((resolve) => (decide = resolve));
  const active = (async (): Promise<void> => {
    // Session 2, unless the passive stage is over before it is open (a server slow to accept it, or a
    // firewall that drops its SYN): then the active stage is no later than in one line.
    const extra = await Promise.race([beside.session(2), passive.then(() => beside.sessionNow(2))]);
    decide(extra !== undefined);
    if (extra) {
      try {
        await run.step('active', () =>
          activeStage(
            extra.session,
            undefined,
            reachedPlan,
            settings.mode,
            extra.ctx,
            checks.afterActiveBeside(extra.ctx),
          ),
        );
      } finally {
        extra.close();
      }
      return;
    }
    const passed = await passive;
    if (!passed) return;
    const afterActive = checks.afterActive(passed.observed.passive);
    await run.step('active', () =>
      activeStage(session, passed.observed.passive, reachedPlan, settings.mode, ctx, afterActive),
    );
  })();
  const asking = (async (): Promise<{ answers: T; early: boolean }> => {
    await passive;
    const early = own.early && (await Promise.race([activeBeside, active.then(() => false)]));
    if (!early) await active;
    return { answers: await own.ask(), early };
  })();
  const [, , asked] = await Promise.all([passive, active, asking]);
  return asked;
}

/** The passive stage (passiveStage), with EPSV tested apart on session 3 beside the sample when it is open. */
async function passiveBeside(
  session: OpenSession,
  mode: Mode,
  ctx: ProbeContext,
  after: AfterListing<PassiveObservation>,
  beside: BesideSessions,
): Promise<{ observed: { passive: PassiveObservation } }> {
  if (mode === 'active') return passiveStage(session, mode, ctx, after);
  const listed = await probePassive(session, ctx);
  const extra = beside.sessionNow(3);
  if (!extra) return { observed: { passive: await after(session, await testApart(session, listed, ctx)) } };
  let apart: PassiveObservation;
  let sampled: PassiveObservation;
  try {
    [apart, sampled] = await Promise.all([testApart(extra.session, listed, extra.ctx), after(session, listed)]);
  } finally {
    extra.close();
  }
  if (apart.kind !== 'ran' || sampled.kind !== 'ran' || apart.apart === undefined)
    return { observed: { passive: sampled } };
  return { observed: { passive: { ...sampled, apart: apart.apart } } };
}
