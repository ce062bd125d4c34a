// The session beside the check's own: opened while the check's session logs in, so that a stage can
// run on it as soon as the login has worked. It connects once the check's session was greeted, and
// sends USER/PASS only once the check's own login succeeded: a wrong password is never tried twice.
// Its transcript lines are marked "[session 2]".
//
// When it cannot be opened, whatever the reason, the stage it was for runs in line on the check's own
// session (pipeline.ts): its failure is never an observation. A failure that looks like a limit on
// sessions per client lowers the budget for the rest of the check and is noted in the transcript.
import type { Address } from '../model/observations.js';
import type { ProbeContext } from './context.js';
import {
  openSession,
  type OpenSession,
  planAgain,
  type SessionHooks,
  type SessionPlan,
  type SessionResult,
  type StepRunner,
} from './session.js';
import { type SessionBudget, sessionLimitReason } from './session-budget.js';

export interface Beside {
  session: OpenSession;
  /** The context of probes on it: its transcript view marks its lines. */
  ctx: ProbeContext;
  close(): Promise<void>;
}

export interface BesideSession {
  plan: SessionPlan;
  /** Wraps the check's own step runner to learn when it was greeted and whether its login worked. */
  watch(step: StepRunner): StepRunner;
  /** Adds learning the address the check's own session reached to the greeting hooks. */
  hooks(inner: SessionHooks): SessionHooks;
  /** The check's session is open (logged in) or failed: the extra one may log in, or must not. */
  ownSessionOpened(open: boolean): void;
  /** The open extra session, or undefined when there is none (not wanted, no budget, refused). */
  session(): Promise<Beside | undefined>;
  /** Closes the extra session if it is still open. */
  discard(): Promise<void>;
}

/** `budget` undefined: nothing is run beside the check's session. */
export function besideSession(plan: SessionPlan, budget: SessionBudget | undefined, ctx: ProbeContext): BesideSession {
  const extraCtx: ProbeContext = { ...ctx, transcript: ctx.transcript.session(2) };
  let letLogin: (ok: boolean) => void = () => undefined;
  const ownLogin = new Promise<boolean>((resolve) => (letLogin = resolve));
  let reached: Address | undefined;
  let opening: Promise<SessionResult> | undefined;
  let handed: Beside | undefined;
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    budget?.release();
  };

  // The extra session's own steps: its login waits for the check's login to have worked.
  const gated: StepRunner = async (stage, step) => {
    if (stage !== 'login') return step();
    return (await ownLogin) ? step() : undefined;
  };
  const start = (): void => {
    if (opening || !budget || !reached || !plan.login || ctx.deadline.expired()) return;
    if (!budget.take()) return;
    opening = openSession(planAgain(plan, reached), extraCtx, gated);
  };

  return {
    plan,
    watch: (step) => async (stage, body) => {
      const result = await step(stage, body);
      if (stage === 'greeting' && result?.observed.greeting?.kind === 'greeted') start();
      return result;
    },
    hooks: (inner) => ({
      greetingWait(address, heardNothing) {
        reached = address;
        inner.greetingWait?.(address, heardNothing);
      },
    }),
    ownSessionOpened: (open) => letLogin(open),
    async session() {
      if (!opening) return undefined;
      const result = await opening;
      if (result.kind === 'open') {
        handed = {
          session: result,
          ctx: extraCtx,
          close: () => {
            result.control.close();
            release();
            return Promise.resolve();
          },
        };
        return handed;
      }
      release();
      const reason = sessionLimitReason(result);
      if (reason && budget) {
        budget.lower(reason);
        ctx.transcript.add(
          'control',
          'note',
          `the server limits sessions per client (${reason}): going on with ${budget.limit} at a time`,
        );
      } else if (result.reason !== "the run's deadline had passed" || !ctx.deadline.expired()) {
        ctx.transcript.add('control', 'note', `no second session (${result.reason}): going on in one line`);
      }
      return undefined;
    },
    discard() {
      letLogin(false);
      if (!opening) return Promise.resolve();
      // A session still connecting (its SYN unanswered) is not waited for: it is closed when it
      // settles, and its lines no longer enter the check's transcript.
      extraCtx.transcript.end();
      void opening.then((result) => {
        if (result.kind === 'open' && result.control.isOpen) result.control.close();
        release();
      });
      return Promise.resolve();
    },
  };
}
