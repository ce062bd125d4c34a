// PASV and EPSV tested apart. On IPv4 the passive stage lists over PASV's port; a client that tries EPSV
// first (curl, Python's ftplib) connects to EPSV's port instead, and an FTP-inspecting firewall or NAT
// helper can treat the two differently: it opens the port it reads from a 227 reply but not from a 229,
// or rewrites one and not the other. So the stage also asks EPSV for a port and lists over it; when
// exactly one of the two worked, it asks the failing command once more, so that one unlucky port of a
// partly blocked range is not taken for the command. Each attempt is a new request and a new data
// connection, its connect wait bounded like the sweep's.
import { ownAttemptCounts, type PassiveAttempt, type PassiveObservation } from '../model/passive.js';
import { SWEEP_CONNECT_MS } from '../model/settings.js';
import { connectTcp } from '../net/tcp.js';
import { canonicalAddress } from '../protocol/address.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { leavesControlInSync, requestPassive } from './passive-request.js';
import type { Session } from './session.js';
import { transferOver } from './transfer.js';

type RanPassive = Extract<PassiveObservation, { kind: 'ran' }>;
type Command = 'PASV' | 'EPSV';

const worked = (a: { transfer: PassiveAttempt['transfer'] }): boolean => a.transfer?.kind === 'complete';
const connectFailed = (a: { data: PassiveAttempt['data'] }): boolean =>
  a.data !== undefined && a.data.kind !== 'connected';

/** The passive stage's own data connection, as an attempt of the command it used. */
function stageAttempt(p: RanPassive): PassiveAttempt | undefined {
  return (
    p.used && { request: p.used, dataTarget: p.dataTarget, data: p.data, dataTls: p.dataTls, transfer: p.transfer }
  );
}

/**
 * The attempts to add after the stage's own data connection, decided one at a time: EPSV first; then,
 * when one command has worked and the other's data connections all failed, the failing one again until
 * it failed twice; and PASV on a port of its own when the stage's connection does not count (its port
 * was EPSV's, see ownAttemptCounts). Three at most.
 */
export function nextApart(
  stage: PassiveAttempt,
  apart: readonly PassiveAttempt[],
  stageCounts = true,
): Command | undefined {
  if (apart.length === 0) return 'EPSV';
  if (apart.length >= 3) return undefined;
  const of = (command: Command): PassiveAttempt[] => [
    ...(stageCounts && stage.request.command === command ? [stage] : []),
    ...apart.filter((a) => a.request.command === command),
  ];
  const [pasv, epsv] = [of('PASV'), of('EPSV')];
  const failedAll = (xs: PassiveAttempt[]): boolean => xs.length > 0 && xs.every(connectFailed);
  if (pasv.some(worked) && failedAll(epsv) && epsv.length < 2) return 'EPSV';
  if (epsv.some(worked) && failedAll(pasv) && pasv.length < 2) return 'PASV';
  if (epsv.some(worked) && pasv.length === 0) return 'PASV';
  return undefined;
}

/** The wait for one attempt's data connection: the step's, at most the sweep's per-port wait. */
function connectWait(ctx: ProbeContext): number {
  return Math.min(stepWait(ctx).ms, SWEEP_CONNECT_MS);
}

/**
 * The passive observation with PASV and EPSV tested apart, when that can tell something: on IPv4, after
 * a PASV whose EPSV also named a port, on a control connection still in step, with time left for the
 * active stage after it.
 */
export async function testApart(
  session: Session,
  p: PassiveObservation,
  ctx: ProbeContext,
): Promise<PassiveObservation> {
  if (p.kind !== 'ran' || session.address.family !== 4) return p;
  const stage = stageAttempt(p);
  const epsvNamedPort = p.requests.some((r) => r.command === 'EPSV' && r.advertised !== undefined);
  if (stage?.request.command !== 'PASV' || !epsvNamedPort) return p;
  const apart: PassiveAttempt[] = [];
  for (;;) {
    const observed: RanPassive = { ...p, apart };
    if (!session.control.isOpen || !leavesControlInSync(observed)) break;
    const command = nextApart(stage, apart, ownAttemptCounts(p));
    // Keep what the active stage needs: its PORT, the callback and the listing.
    if (!command || ctx.deadline.remaining() < connectWait(ctx) + 3 * ctx.timeoutMs) break;
    ctx.transcript.add('data', 'note', `testing ${command} apart: asking for another port`);
    apart.push(await attempt(session, command, ctx));
  }
  return apart.length === 0 ? p : { ...p, apart };
}

/** One more passive data connection: the request, the connection to the control peer, the listing. */
export async function attempt(session: Session, command: Command, ctx: ProbeContext): Promise<PassiveAttempt> {
  const { control, protect } = session;
  const request = await requestPassive(control, command, ctx);
  const none = { dataTarget: undefined, data: undefined, dataTls: undefined, transfer: undefined };
  if (!request.advertised) return { request, ...none };
  const dataTarget = { address: canonicalAddress(control.peer.address), port: request.advertised.port };
  const { result: data, socket } = await connectTcp(dataTarget, session.address.family, connectWait(ctx));
  ctx.transcript.add(
    'data',
    'note',
    data.kind === 'connected'
      ? `${command} data connection to port ${dataTarget.port} open (${data.ms} ms)`
      : `${command} data connection to port ${dataTarget.port} ${data.kind} after ${data.ms} ms`,
  );
  if (!socket) return { request, dataTarget, data, dataTls: undefined, transfer: undefined };
  control.send('LIST');
  const { transfer, dataTls } = await transferOver(socket, control, ctx, { preliminary: undefined, protect });
  return { request, dataTarget, data, dataTls, transfer };
}
