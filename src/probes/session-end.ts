// The last questions of a check, after its data stages: STAT (the server's view of this machine) on the
// check's own connection before it closes, and with --audit the bounce check there too; then, on
// connections of their own, what needs one: STAT again behind NAT, the bounce check when the check's
// connection could not take it, the anonymous login, mod_copy's SITE CPFR, and on an FTPS session PROT C.
import type { BounceObservation, Observations, StatProbe } from '../model/observations.js';
import type { CheckSettings } from '../model/settings.js';
import { isAnonymousUser } from '../protocol/posture.js';
import { anonymousChecked, bounceChecked, bounceOnSession, modCopyChecked } from './audit.js';
import { clearDataApplies, clearDataChecked, clearDataRequest } from './audit-clear-data.js';
import type { ProbeContext } from './context.js';
import type { Job } from './jobs.js';
import { askStat, serverView, sessionInStep } from './server-view.js';
import type { Session, SessionPlan } from './session.js';

export type LastObservations = Pick<
  Observations,
  'serverView' | 'bounce' | 'anonymousLogin' | 'modCopy' | 'backdoorPort' | 'clearData'
>;

/** What was asked on the check's own connection before it closed. */
export interface AtSessionEnd {
  stat: StatProbe | undefined;
  bounce: BounceObservation | undefined;
}

/** STAT on the check's own session, when it is still in step. */
export async function statAtEnd(
  session: Session,
  o: Readonly<Observations>,
  ctx: ProbeContext,
): Promise<StatProbe | undefined> {
  if (o.deadlineHit || !sessionInStep(session, o)) return undefined;
  return askStat(session.control, 'check', ctx);
}

/** With --audit, the bounce check on the check's own session, right after a STAT that was answered. */
export async function bounceAtEnd(
  session: Session,
  settings: CheckSettings,
  stat: StatProbe | undefined,
  ctx: ProbeContext,
): Promise<BounceObservation | undefined> {
  // A STAT that got no reply leaves the connection out of step: the bounce check goes elsewhere.
  if (!settings.audit || stat?.exchange.result.kind !== 'reply') return undefined;
  return bounceOnSession(session, ctx);
}

/** After the check's connection closed: what needs a connection of its own, in its order. */
export function lastCheckJobs(
  settings: CheckSettings,
  reachedPlan: SessionPlan,
  atEnd: AtSessionEnd,
  o: Readonly<Observations>,
): Job<LastObservations>[] {
  const { stat } = atEnd;
  const jobs: Job<LastObservations>[] = [
    async (ctx) => ({
      serverView: stat
        ? await serverView(stat, reachedPlan, ctx)
        : { kind: 'not-run', reason: 'the check’s control connection could not take STAT after the data stages' },
    }),
  ];
  if (!settings.audit) return jobs;
  jobs.push(async (ctx) => ({ bounce: await bounceChecked(atEnd.bounce, reachedPlan, ctx) }));
  if (!isAnonymousUser(settings.credentials.user))
    jobs.push(async (ctx) => ({ anonymousLogin: await anonymousChecked(reachedPlan, ctx) }));
  jobs.push((ctx) => modCopyChecked(reachedPlan, ctx));
  if (clearDataApplies(reachedPlan, o)) {
    const request = clearDataRequest(o, reachedPlan.target.address.family);
    jobs.push(async (ctx) => ({ clearData: await clearDataChecked(reachedPlan, request, ctx) }));
  }
  return jobs;
}
