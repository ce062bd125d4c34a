// Stage connect: a TCP connection to the control port and, for implicit FTPS, the TLS handshake at once.
// Like dual-stack clients, when the name's first address cannot be reached at all (no route, no IPv6
// here) the address of the other family is tried; a refusal or a drop is an answer about the server
// and stays.
import type { Address, ConnectResult, Observations, TlsObservation } from '../model/observations.js';
import { ControlChannel } from '../net/control.js';
import { type ConnectOutcome, connectTcp } from '../net/tcp.js';
import { startTls, type TlsSettings } from '../net/tls.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';

/** Where a session connects: an address of the server's name, and the control port. */
export interface Target {
  address: Address;
  port: number;
  /** An address of the other family, tried when `address` cannot be reached at all. */
  otherFamily: Address | undefined;
}

type AddressFallback = NonNullable<Observations['addressFallback']>;

export interface ConnectStage {
  observed: { addressFallback?: AddressFallback; connect: ConnectResult; tls?: TlsObservation };
  /** The address connected to: the target's, or the other family's after a fallback. */
  address: Address;
  /** Set when the connection, and implicit TLS when asked for, are up. */
  control: ControlChannel | undefined;
}

export async function probeConnect(
  target: Target,
  implicitTls: TlsSettings | undefined,
  ctx: ProbeContext,
): Promise<ConnectStage> {
  const { address, outcome, fallback } = await connectEitherFamily(target, ctx);
  const { result, socket } = outcome;
  const to = `${address.address}:${target.port}`;
  ctx.transcript.add(
    'control',
    'note',
    result.kind === 'connected'
      ? `connected to ${to} from ${result.local.address}:${result.local.port} in ${result.ms} ms`
      : `connect to ${to}: ${result.kind} after ${result.ms} ms`,
  );
  const tcp = { ...(fallback && { addressFallback: fallback }), connect: result };
  if (!socket) return { observed: tcp, address, control: undefined };
  if (!implicitTls) return { observed: tcp, address, control: new ControlChannel(socket, ctx.transcript) };

  // Implicit FTPS: TLS from the first byte, so the greeting arrives encrypted.
  const { result: handshake, socket: secure } = await startTls(socket, implicitTls, {
    timeoutMs: stepWait(ctx).ms,
    describeCertificate: true,
  });
  ctx.transcript.add(
    'control',
    'note',
    handshake.kind === 'established'
      ? `implicit TLS established: ${handshake.protocol}, ${handshake.cipher}`
      : `implicit TLS handshake ${handshake.kind}`,
  );
  const observed = {
    ...tcp,
    tls: { kind: 'ran', ms: handshake.ms, mode: 'implicit', exchange: undefined, handshake } satisfies TlsObservation,
  };
  if (!secure) {
    socket.destroy();
    return { observed, address, control: undefined };
  }
  return { observed, address, control: new ControlChannel(secure, ctx.transcript) };
}

async function connectEitherFamily(
  target: Target,
  ctx: ProbeContext,
): Promise<{ address: Address; outcome: ConnectOutcome; fallback: AddressFallback | undefined }> {
  const first = await connectTo(target.address, target.port, ctx);
  const other = target.otherFamily;
  const cannotReach = first.result.kind === 'unreachable' || first.result.kind === 'error';
  if (!other || !cannotReach) return { address: target.address, outcome: first, fallback: undefined };
  ctx.transcript.add(
    'control',
    'note',
    `connect to ${target.address.address}:${target.port}: ${first.result.kind}; trying ${other.address}`,
  );
  const second = await connectTo(other, target.port, ctx);
  // When the other address fails too, the first attempt is the one reported.
  if (!second.socket) return { address: target.address, outcome: first, fallback: undefined };
  return { address: other, outcome: second, fallback: { ...target.address, result: first.result } };
}

/** The one place where a control connection's endpoint is made of an address and the port. */
function connectTo(address: Address, port: number, ctx: ProbeContext): Promise<ConnectOutcome> {
  return connectTcp({ address: address.address, port }, address.family, stepWait(ctx).ms);
}
