// Checks after the stages, each on a session of its own: the passive-range sweep, the plain-FTP
// comparison of a TLS check, the AUTH TLS probe behind tls-offered, and whether a TLS server still
// accepts TLS 1.0 or 1.1 (legacy-tls.ts).
import type { Exchange } from '../model/exchanges.js';
import type { Observations, PlainComparison, SweepObservation } from '../model/observations.js';
import type { TransferResult } from '../model/connections.js';
import { ANONYMOUS_PASSWORD, type CheckSettings, SWEEP_MAX_PORTS, type SweepRequest } from '../model/settings.js';
import { probeActive, probeActiveAlone } from './active.js';
import type { ProbeContext } from './context.js';
import { offersAuthTls } from '../protocol/features.js';
import { stepWait } from './context.js';
import { probeLegacyTls } from './legacy-tls.js';
import { probePassive } from './passive.js';
import { leavesControlInSync, requestPassive } from './passive-request.js';
import { openSession, type SessionPlan } from './session.js';
import type { Job } from './jobs.js';
import type { FollowUpObservations } from './stage-runner.js';
import { sampleRange, sweepRange } from './sweep.js';

/**
 * The follow-ups a logged-in check asks for after the sweep (which runs alone: another session's
 * passive port would be one more open port in the range), each on sessions of its own, in their order. `reachedPlan`
 * opens a session like the check's own, to the address it reached; `observations` are the stages' (the
 * comparison repeats the data steps that failed).
 */
export function followUpJobs(
  settings: CheckSettings,
  reachedPlan: SessionPlan,
  observations: Readonly<Observations>,
): Job<FollowUpObservations>[] {
  const jobs: Job<FollowUpObservations>[] = [];
  const { login } = observations;
  if (settings.tls) {
    jobs.push(async (ctx) => ({ legacyTls: await probeLegacyTls(reachedPlan, ctx) }));
    jobs.push(async (ctx) => ({ plain: await comparePlain(settings, reachedPlan, observations, ctx) }));
  } else if (login?.kind === 'logged-in' && login.features?.some(offersAuthTls))
    jobs.push(async (ctx) => ({ authTlsProbe: await probeAuthTls(reachedPlan, ctx) }));
  return jobs;
}

/**
 * FEAT lists AUTH TLS, but some servers list it without having TLS configured: ask on a second
 * connection whether AUTH TLS is really accepted, and leave before any handshake.
 */
export async function probeAuthTls(reachedPlan: SessionPlan, ctx: ProbeContext): Promise<Exchange | undefined> {
  ctx.transcript.add('control', 'note', 'FEAT lists AUTH TLS: asking on a second connection whether it is accepted');
  const session = await openSession({ ...reachedPlan, tls: undefined, login: undefined }, ctx);
  if (session.kind === 'failed') return undefined;
  try {
    return { command: 'AUTH TLS', result: await session.control.command('AUTH TLS', stepWait(ctx)) };
  } finally {
    // Not close(): after a 234 the server expects a TLS handshake, not a QUIT.
    session.control.destroy();
  }
}

export async function sweep(
  request: SweepRequest,
  reachedPlan: SessionPlan,
  ctx: ProbeContext,
): Promise<SweepObservation> {
  const server = reachedPlan.target.address;
  if (request.kind === 'range') return sweepRange(server, { min: request.min, max: request.max }, undefined, ctx);
  const session = await openSession(reachedPlan, ctx);
  if (session.kind === 'failed') return { kind: 'not-run', reason: session.reason };
  let ports: number[];
  try {
    ports = await sampleRange(session, ctx);
  } finally {
    session.control.close();
  }
  if (ports.length === 0)
    return { kind: 'not-run', reason: 'the server named no passive port to infer its range from' };
  const min = Math.min(...ports);
  const max = Math.min(Math.max(...ports), min + SWEEP_MAX_PORTS - 1);
  return sweepRange(server, { min, max }, ports, ctx);
}

/**
 * After a TLS check: the same steps over plain FTP, when the user allows it. The PASV reply is compared
 * with the one under TLS (a router's FTP ALG can rewrite only the plain one), and data steps that failed
 * under TLS are repeated to see whether a firewall helper, blind to encrypted commands, is the cause.
 */
export async function comparePlain(
  settings: CheckSettings,
  reachedPlan: SessionPlan,
  obs: Readonly<Observations>,
  ctx: ProbeContext,
): Promise<PlainComparison> {
  if (!settings.plainFallback) return { kind: 'not-run', reason: 'turned off with --no-plain-fallback' };
  if (settings.tls?.mode !== 'explicit')
    return { kind: 'not-run', reason: 'implicit FTPS has no plain FTP on the same port' };
  const incomplete = (transfer: TransferResult | undefined): boolean => transfer?.kind !== 'complete';
  const passiveFailed = obs.passive?.kind === 'ran' && incomplete(obs.passive.transfer);
  const activeFailed =
    obs.active?.kind === 'ran' && obs.active.callback?.kind !== 'arrived' && incomplete(obs.active.transfer);
  ctx.transcript.add(
    'control',
    'note',
    'comparing with plain FTP (no TLS) on a new control connection, logged in anonymously',
  );
  // Never send the user's password without TLS: the comparison logs in anonymously.
  const anonymous: SessionPlan = {
    ...reachedPlan,
    tls: undefined,
    login: { user: 'anonymous', password: ANONYMOUS_PASSWORD },
  };
  const plain = await openSession(anonymous, ctx);
  if (plain.kind === 'failed')
    return { kind: 'not-run', reason: `plain anonymous FTP is not possible: ${plain.reason}` };
  try {
    const pasv = plain.address.family === 4 ? await requestPassive(plain.control, 'PASV', ctx) : undefined;
    const passive = passiveFailed ? await probePassive(plain, ctx) : undefined;
    if (!activeFailed) return { kind: 'ran', pasv, passive, active: undefined };
    if (leavesControlInSync(passive)) return { kind: 'ran', pasv, passive, active: await probeActive(plain, ctx) };
    plain.control.destroy();
    return { kind: 'ran', pasv, passive, active: await probeActiveAlone(anonymous, ctx) };
  } finally {
    plain.control.close();
  }
}
