// Sessions beside the check's own: opened while the check's session logs in, so that probes can run
// on them as soon as the login has worked. They connect as soon as the check's session has connected (so
// that their greeting and login overlap its own), and send USER/PASS only once the check's own login
// succeeded: a wrong password is never tried twice. Each has
// its number (the check's own is 1) and its transcript lines are marked "[session N]".
//
// When one cannot be opened, whatever the reason, or is not open yet when its probe could start, the
// probe runs in line on the check's own session (pipeline.ts): its failure is never an observation. A
// failure that looks like a limit on sessions per client lowers the budget for the rest of the check
// and is noted in the transcript.
import type { Address } from '../model/observations.js';
import type { ProbeContext } from './context.js';
import {
  openSession,
  type OpenSession,
  planToAddress,
  type SessionHooks,
  type SessionPlan,
  type SessionResult,
  type StepRunner,
} from './session.js';
import { type SessionBudget, sessionLimitReason } from './session-budget.js';

const NOT_STARTED = "the run's deadline had passed";

/** Read through a call: the flag changes while a caller awaits. */
const stillFree = (extra: { taken: boolean }): boolean => !extra.taken;

/** An open session beside the check's own, handed to one probe, which closes it. */
export interface Beside {
  session: OpenSession;
  /** The context of probes on it: its transcript view marks its lines. */
  ctx: ProbeContext;
  close(): void;
}

/** One extra session: opening, open (until handed out), or not to be had. */
interface Extra {
  ctx: ProbeContext;
  opening: Promise<SessionResult>;
  /** Set once opening settled. */
  settled: SessionResult | undefined;
  /** Handed to a probe, or given up: nobody else may use it. */
  taken: boolean;
  released: boolean;
}

export interface BesideSessions {
  /**
   * Adds to the hooks: learning the address the check's own session reached and opening the extra ones
   * there, and letting them log in once its own USER/PASS were accepted.
   */
  hooks(inner: SessionHooks): SessionHooks;
  /**
   * The check's session is open (logged in) or failed: the extra ones may log in, or must not. They may
   * already from the moment its USER/PASS were accepted (hooks' `accepted`).
   */
  ownSessionOpened(open: boolean): void;
  /** Session `n` once it is open, or undefined when it will not be (not wanted, no budget, refused). */
  session(n: number): Promise<Beside | undefined>;
  /** Session `n` if it is open now; otherwise it is given up, and undefined. */
  sessionNow(n: number): Beside | undefined;
  /** Closes every extra session not handed out; one still connecting is closed when it settles. */
  discard(): void;
}

/**
 * `numbers`: the sessions wanted beside the check's own (2, 3…) to the address the check's session
 * reached, each opened only if `budget` has room
 * when the check's session has connected. Without a budget nothing is opened.
 */
export function besideSessions(
  plan: SessionPlan,
  budget: SessionBudget | undefined,
  numbers: (reached: Address) => readonly number[],
  ctx: ProbeContext,
): BesideSessions {
  let letLogin: (ok: boolean) => void = () => undefined;
  const ownLogin = new Promise<boolean>((resolve) => (letLogin = resolve));
  let reached: Address | undefined;
  const extras = new Map<number, Extra>();

  // The extra sessions' own steps: their login waits for the check's login to have worked.
  const gated: StepRunner = async (stage, step) => {
    if (stage !== 'login') return step();
    return (await ownLogin) ? step() : undefined;
  };
  const release = (extra: Extra): void => {
    if (extra.released) return;
    extra.released = true;
    budget?.release();
  };
  const startAll = (): void => {
    if (!budget || !reached || !plan.login || ctx.deadline.expired()) return;
    for (const n of numbers(reached)) {
      if (extras.has(n) || !budget.take()) continue;
      const extraCtx: ProbeContext = { ...ctx, transcript: ctx.transcript.session(n) };
      const extra: Extra = {
        ctx: extraCtx,
        opening: openSession(planToAddress(plan, reached), extraCtx, gated),
        settled: undefined,
        taken: false,
        released: false,
      };
      void extra.opening.then((result) => (extra.settled = result));
      extras.set(n, extra);
    }
  };
  const hand = (extra: Extra, result: SessionResult): Beside | undefined => {
    extra.taken = true;
    if (result.kind === 'open')
      return {
        session: result,
        ctx: extra.ctx,
        close: () => {
          result.control.close();
          release(extra);
        },
      };
    release(extra);
    refused(result);
    return undefined;
  };
  const refused = (result: Extract<SessionResult, { kind: 'failed' }>): void => {
    const reason = sessionLimitReason(result);
    if (reason && budget) {
      budget.lower(reason);
      ctx.transcript.add(
        'control',
        'note',
        `the server limits sessions per client (${reason}): what was meant for that session runs in line`,
      );
    } else if (result.reason !== NOT_STARTED) {
      ctx.transcript.add('control', 'note', `no session beside this one (${result.reason}): going on in line`);
    }
  };
  const giveUp = (extra: Extra): void => {
    extra.taken = true;
    // Its lines no longer enter the check's transcript: it may settle after the check has ended.
    extra.ctx.transcript.end();
    void extra.opening.then((result) => {
      if (result.kind === 'open' && result.control.isOpen) result.control.close();
      release(extra);
    });
  };

  return {
    hooks: (inner) => ({
      ...inner,
      greetingWait(address, heardNothing) {
        reached = address;
        startAll();
        inner.greetingWait?.(address, heardNothing);
      },
      accepted() {
        letLogin(true);
        inner.accepted?.();
      },
    }),
    ownSessionOpened: (open) => letLogin(open),
    async session(n) {
      const extra = extras.get(n);
      if (!extra || extra.taken) return undefined;
      const result = await extra.opening;
      // sessionNow may have given it up, or handed it out, meanwhile.
      return stillFree(extra) ? hand(extra, result) : undefined;
    },
    sessionNow(n) {
      const extra = extras.get(n);
      if (!extra || extra.taken) return undefined;
      if (extra.settled) return hand(extra, extra.settled);
      giveUp(extra);
      return undefined;
    },
    discard() {
      letLogin(false);
      for (const extra of extras.values()) if (!extra.taken) giveUp(extra);
    },
  };
}
