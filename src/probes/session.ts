// The session layer: opening a control session — connect (with the fallback to the other address
// family), implicit or explicit TLS, greeting, login — written once, as steps named for the stages that
// record them. The check's own session runs each step as its recorded stage (pipeline.ts); the active
// stage's clean session, the follow-up checks and any other session open theirs the same way, and
// everyone gets a tagged result that carries what each step observed.
import type { Address, Observations, TlsObservation } from '../model/observations.js';
import type { CheckSettings, Credentials } from '../model/settings.js';
import type { StageName } from '../model/stages.js';
import type { ControlChannel } from '../net/control.js';
import type { TlsSettings } from '../net/tls.js';
import { probeConnect, type Target } from './connect.js';
import type { ProbeContext } from './context.js';
import { probeGreeting } from './greeting.js';
import { probeLogin } from './login.js';
import { probeExplicitTls } from './tls.js';

export type SessionStage = Extract<StageName, 'connect' | 'greeting' | 'tls' | 'login'>;

/** What the steps of opening a session observed, under the names of the stages that record them. */
export type SessionObservations = Pick<Observations, 'addressFallback' | 'connect' | 'tls' | 'greeting' | 'login'>;

export interface SessionTls {
  mode: 'explicit' | 'implicit';
  settings: Omit<TlsSettings, 'session'>;
}

export interface SessionPlan {
  target: Target;
  /** No TLS (plain FTP), AUTH TLS after the greeting, or TLS from the first byte. */
  tls: SessionTls | undefined;
  /** Who logs in; without, opening ends after the greeting and TLS (the AUTH TLS probe needs no more). */
  login: Credentials | undefined;
}

/** An open control session: the channel, the address it reached, and how its data connections go. */
export interface Session {
  control: ControlChannel;
  address: Address;
  /** Data connections use TLS: PROT P was accepted. */
  protect: boolean;
}

export type OpenSession = Session & { kind: 'open'; observed: SessionObservations };

/**
 * `reason` says why in words for a session opened after the check's own, as the active stage, the sweep
 * and the plain comparison report it; the check's own session is reported by its steps' observations.
 * `address` is the one connected to, or tried first.
 */
export interface FailedSession {
  kind: 'failed';
  at: SessionStage;
  reason: string;
  address: Address;
  observed: SessionObservations;
}

export type SessionResult = OpenSession | FailedSession;

/** Runs one step of opening a session, or declines to start it (undefined). */
export type StepRunner = <T extends { observed: SessionObservations }>(
  stage: SessionStage,
  step: () => Promise<T>,
) => Promise<T | undefined>;

const runDirectly: StepRunner = (_stage, step) => step();

/** Told what opening a session is doing, for work that overlaps a step (probes/tls-mode.ts). */
export interface SessionHooks {
  /** The greeting's wait starts on `address`; `heardNothing` says whether no byte has come yet. */
  greetingWait?(address: Address, heardNothing: () => boolean): void;
  /** USER/PASS were accepted; the commands after login are still to come. */
  accepted?(): void;
}

const NOT_STARTED = "the run's deadline had passed";

/** Who is told of each session that failed to open with a given context (watchSessionFailures). */
const failureWatchers = new WeakMap<ProbeContext, (failed: FailedSession) => void>();

/**
 * Tells `onFailed` of every session that fails to open with `ctx` (itself, not a copy of it), whichever
 * probe opened it: a probe run beside others (jobs.ts) learns so whether the server refused it a session.
 */
export function watchSessionFailures(ctx: ProbeContext, onFailed: (failed: FailedSession) => void): void {
  failureWatchers.set(ctx, onFailed);
}

/** The check's own session: to the target found by the dns stage, as the settings ask. */
export function sessionPlan(settings: CheckSettings, target: Target, ctx: ProbeContext): SessionPlan {
  const tls = settings.tls && ctx.tls ? { mode: settings.tls.mode, settings: ctx.tls } : undefined;
  return { target, tls, login: settings.credentials };
}

/** Another session like `plan`, to the address the first one reached: no fallback, that address answered. */
export function planToAddress(plan: SessionPlan, address: Address): SessionPlan {
  return { ...plan, target: { address, port: plan.target.port, otherFamily: undefined } };
}

/**
 * Opens a session step by step; `runStep` decides how each step runs (the pipeline records each as its
 * stage). Whatever fails, the control connection is closed; an open session's caller closes it.
 */
export async function openSession(
  plan: SessionPlan,
  ctx: ProbeContext,
  runStep: StepRunner = runDirectly,
  hooks: SessionHooks = {},
): Promise<SessionResult> {
  const observed: SessionObservations = {};
  const failed = (at: SessionStage, reason: string, address: Address): FailedSession => {
    const failure: FailedSession = { kind: 'failed', at, reason, address, observed };
    failureWatchers.get(ctx)?.(failure);
    return failure;
  };

  const connected = await runStep('connect', () =>
    probeConnect(plan.target, plan.tls?.mode === 'implicit' ? plan.tls.settings : undefined, ctx),
  );
  if (!connected) return failed('connect', NOT_STARTED, plan.target.address);
  Object.assign(observed, connected.observed);
  const { control, address } = connected;
  if (!control) {
    const tcp = connected.observed.connect;
    return failed(
      'connect',
      tcp.kind === 'connected'
        ? 'the implicit TLS handshake failed on a new connection'
        : `could not connect again (${tcp.kind})`,
      address,
    );
  }
  try {
    for (const { stage, run } of stepsOn(control, plan, hooks, ctx)) {
      if (stage === 'greeting') hooks.greetingWait?.(address, () => control.firstBytes.length === 0);
      const step = await runStep(stage, run);
      if (step) Object.assign(observed, step.observed);
      const failure = step ? step.failure : NOT_STARTED;
      if (failure !== undefined) {
        control.close();
        return failed(stage, failure, address);
      }
    }
  } catch (err) {
    control.destroy();
    throw err;
  }
  const { login } = observed;
  return {
    kind: 'open',
    control,
    address,
    protect: login?.kind === 'logged-in' && login.dataProtection === 'private',
    observed,
  };
}

/** A step on the open control connection: what it observed, and why the session cannot go on, if so. */
interface ControlStep {
  observed: SessionObservations;
  failure: string | undefined;
}

function stepsOn(
  control: ControlChannel,
  plan: SessionPlan,
  hooks: SessionHooks,
  ctx: ProbeContext,
): { stage: SessionStage; run: () => Promise<ControlStep> }[] {
  const steps: { stage: SessionStage; run: () => Promise<ControlStep> }[] = [
    { stage: 'greeting', run: () => greet(control, ctx) },
    { stage: 'tls', run: () => secure(control, plan.tls, ctx) },
  ];
  const { login } = plan;
  if (login) steps.push({ stage: 'login', run: () => logIn(control, login, hooks, ctx) });
  return steps;
}

async function greet(control: ControlChannel, ctx: ProbeContext): Promise<ControlStep> {
  const greeting = await probeGreeting(control, ctx);
  return {
    observed: { greeting },
    failure: greeting.kind === 'greeted' ? undefined : `no greeting on a new connection (${greeting.kind})`,
  };
}

async function secure(control: ControlChannel, tls: SessionTls | undefined, ctx: ProbeContext): Promise<ControlStep> {
  if (!tls)
    return {
      observed: { tls: { kind: 'not-run', reason: 'plain FTP (use --tls or ftps:// to check FTPS)' } },
      failure: undefined,
    };
  // Implicit FTPS shook hands right after connecting, and the connect step observed it.
  if (tls.mode === 'implicit') return { observed: {}, failure: undefined };
  const observation = await probeExplicitTls(control, tls.settings, ctx);
  return {
    observed: { tls: observation },
    failure: tlsUp(observation) ? undefined : 'AUTH TLS failed on a new connection',
  };
}

async function logIn(
  control: ControlChannel,
  credentials: Credentials,
  hooks: SessionHooks,
  ctx: ProbeContext,
): Promise<ControlStep> {
  const login = await probeLogin(control, credentials, ctx, () => hooks.accepted?.());
  if (login.kind === 'logged-in') return { observed: { login }, failure: undefined };
  return {
    observed: { login },
    failure: `could not log in again (${login.kind === 'refused' ? `${login.reply.code} to ${login.command}` : login.kind})`,
  };
}

function tlsUp(tls: TlsObservation): boolean {
  return tls.kind === 'ran' && tls.handshake.kind === 'established';
}
