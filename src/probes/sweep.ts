// The passive-range sweep: connect to every port of the server's passive range, a bounded number at a
// time and within the run's deadline, and classify how each attempt ends. With `auto`, the range is
// inferred from the ports of repeated PASV/EPSV replies first.
import type { Address, PortClass, SweepObservation } from '../model/observations.js';
import type { ConnectResult } from '../model/connections.js';
import { SWEEP_CONCURRENCY, SWEEP_CONNECT_MS } from '../model/settings.js';
import { connectTcp } from '../net/tcp.js';
import type { ProbeContext } from './context.js';
import { requestPassive } from './passive-request.js';
import type { Session } from './session.js';

const AUTO_SAMPLES = 10;

/**
 * How a connection attempt classes its port. A reset in the middle of the handshake is the server's
 * answer, like a refusal: the port gets through. It happens to the last port `auto` sampled, when the
 * sampling session's listener closes just as the sweep connects.
 */
export function portClassOf(result: ConnectResult): PortClass {
  switch (result.kind) {
    case 'connected':
      return 'reachable';
    case 'refused':
      return 'closed';
    case 'timeout':
      return 'filtered';
    case 'error':
      return result.errno === 'ECONNRESET' ? 'closed' : 'unreachable';
    case 'unreachable':
      return 'unreachable';
  }
}

/** Asks the server for passive ports several times; the range lies around the ports it names. */
export async function sampleRange(session: Session, ctx: ProbeContext): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < AUTO_SAMPLES && !ctx.deadline.expired(); i++) {
    const r = await requestPassive(session.control, session.address.family === 6 ? 'EPSV' : 'PASV', ctx);
    if (r.exchange.result.kind !== 'reply') break;
    if (r.advertised) ports.push(r.advertised.port);
  }
  return ports;
}

export async function sweepRange(
  server: Address,
  range: { min: number; max: number },
  inferredFrom: number[] | undefined,
  ctx: ProbeContext,
): Promise<SweepObservation> {
  const { address, family } = server;
  const started = performance.now();
  const count = range.max - range.min + 1;
  const classes: PortClass[] = new Array<PortClass>(count).fill('not-tried');
  const waitMs = Math.min(ctx.timeoutMs, SWEEP_CONNECT_MS);
  let next = 0;
  const worker = async (): Promise<void> => {
    // Each worker takes the next port until none is left or the deadline would cut an attempt short.
    while (next < count && ctx.deadline.remaining() > waitMs) {
      const index = next++;
      const { result, socket } = await connectTcp({ address, port: range.min + index }, family, waitMs);
      socket?.destroy();
      classes[index] = portClassOf(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, count) }, worker));
  ctx.transcript.add('data', 'note', `swept ports ${range.min}-${range.max} of ${address}`);
  return { kind: 'ran', ms: Math.round(performance.now() - started), range, inferredFrom, address, classes };
}
