// Asking for a passive port (PASV or EPSV) and reading what the reply advertises, and whether a passive
// stage left every reply read: what the passive stage, EPSV tested apart, the data checks' connections
// and the sweep share.
import type { PassiveObservation, PassiveRequest } from '../model/passive.js';
import type { ReplyResult } from '../model/exchanges.js';
import type { TransferResult } from '../model/connections.js';
import type { ControlChannel } from '../net/control.js';
import { parseEpsv, parsePasv } from '../protocol/passive.js';
import { replyText } from '../protocol/reply.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';

const transferInSync = (t: TransferResult | undefined): boolean =>
  t === undefined || t.kind === 'complete' || t.kind === 'rejected';

/** True when every command of the passive stage got its reply, so the next command's reply is its own. */
export function leavesControlInSync(passive: PassiveObservation | undefined): boolean {
  if (!passive || passive.kind === 'not-run') return true;
  if (passive.requests.some((r) => r.exchange.result.kind !== 'reply')) return false;
  if (!transferInSync(passive.transfer)) return false;
  return (passive.apart ?? []).every((a) => a.request.exchange.result.kind === 'reply' && transferInSync(a.transfer));
}

export async function requestPassive(
  control: ControlChannel,
  command: 'PASV' | 'EPSV',
  ctx: ProbeContext,
): Promise<PassiveRequest> {
  return passiveRequest(command, await control.command(command, stepWait(ctx)));
}

/** The reply to a passive request sent already (pipelined), read in its turn. */
export async function readPassive(
  control: ControlChannel,
  command: 'PASV' | 'EPSV',
  ctx: ProbeContext,
): Promise<PassiveRequest> {
  return passiveRequest(command, await control.read(stepWait(ctx)));
}

function passiveRequest(command: 'PASV' | 'EPSV', result: ReplyResult): PassiveRequest {
  const exchange = { command, result };
  if (result.kind !== 'reply') return { command, exchange, advertised: undefined };
  const text = replyText(result.reply);
  if (command === 'PASV' && result.reply.code === 227) {
    const parsed = parsePasv(text);
    return { command, exchange, advertised: parsed && { address: parsed.address, port: parsed.port } };
  }
  if (command === 'EPSV' && result.reply.code === 229) {
    const port = parseEpsv(text);
    return { command, exchange, advertised: port === undefined ? undefined : { address: undefined, port } };
  }
  return { command, exchange, advertised: undefined };
}
