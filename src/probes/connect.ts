// Stage connect: a TCP connection to the control port and, for implicit FTPS, the TLS handshake at once.
// Like dual-stack clients (RFC 8305), a name with addresses of both families gets the other family's
// address tried when the first fails or stays silent a moment, so a broken IPv6 path does not hide a
// working IPv4 one; the report says what the first address did (address-fallback).
import type { Address, Observations, TlsObservation } from '../model/observations.js';
import type { ConnectResult } from '../model/connections.js';
import { ControlChannel } from '../net/control.js';
import { type ConnectOutcome, connectTcp } from '../net/tcp.js';
import { startTls, type TlsSettings } from '../net/tls.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';

/** Where a session connects: an address of the server's name, and the control port. */
export interface Target {
  address: Address;
  port: number;
  /** An address of the other family, raced against `address` (connectEitherFamily). */
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

/**
 * RFC 8305's Connection Attempt Delay: how long the first address may stay silent before the other
 * family's attempt starts beside it (both then run; the first to connect wins).
 */
export const ATTEMPT_DELAY_MS = 250;

interface Attempt {
  address: Address;
  outcome: Promise<ConnectOutcome>;
}

/**
 * The control connection as a dual-stack client makes it (RFC 8305): the first address at once; the
 * other family's when the first fails, or after ATTEMPT_DELAY_MS without an answer; the first to connect
 * wins and the other is given up. Both share the step's wait. Only the target's addresses are used (for
 * the agent, the ones it vetted).
 */
async function connectEitherFamily(
  target: Target,
  ctx: ProbeContext,
): Promise<{ address: Address; outcome: ConnectOutcome; fallback: AddressFallback | undefined }> {
  const waitMs = stepWait(ctx).ms;
  const other = target.otherFamily;
  if (!other)
    return {
      address: target.address,
      outcome: await connectTo(target.address, target.port, waitMs),
      fallback: undefined,
    };

  const started = performance.now();
  const giveUp = new AbortController();
  const first: Attempt = {
    address: target.address,
    outcome: connectTo(target.address, target.port, waitMs, giveUp.signal),
  };
  let delay: NodeJS.Timeout | undefined;
  const delayed = new Promise<'delay'>((resolve) => (delay = setTimeout(() => resolve('delay'), ATTEMPT_DELAY_MS)));
  const early = await Promise.race([first.outcome, delayed]);
  clearTimeout(delay);
  if (early !== 'delay' && early.socket) return { address: target.address, outcome: early, fallback: undefined };

  const why = early === 'delay' ? `no answer after ${ATTEMPT_DELAY_MS} ms` : early.result.kind;
  ctx.transcript.add(
    'control',
    'note',
    `connect to ${target.address.address}:${target.port}: ${why}; trying ${other.address}`,
  );
  const remainingMs = Math.max(1, waitMs - Math.round(performance.now() - started));
  const second: Attempt = { address: other, outcome: connectTo(other, target.port, remainingMs, giveUp.signal) };
  await firstConnected([first, second]);
  // The loser, if still waiting, ends now: its result says how long it stayed silent.
  giveUp.abort();
  const [firstOutcome, secondOutcome] = await Promise.all([first.outcome, second.outcome]);
  // When no address connects, the first attempt is the one reported (and it wins a tie).
  if (firstOutcome.socket || !secondOutcome.socket) {
    secondOutcome.socket?.destroy();
    return { address: target.address, outcome: firstOutcome, fallback: undefined };
  }
  return { address: other, outcome: secondOutcome, fallback: { ...target.address, result: firstOutcome.result } };
}

/** Resolves once one attempt has connected, or every one has failed. */
async function firstConnected(attempts: Attempt[]): Promise<void> {
  const pending = new Map(attempts.map((a) => [a, a.outcome.then(() => a)]));
  while (pending.size > 0) {
    const done = await Promise.race(pending.values());
    if ((await done.outcome).socket) return;
    pending.delete(done);
  }
}

/** The one place where a control connection's endpoint is made of an address and the port. */
function connectTo(address: Address, port: number, waitMs: number, signal?: AbortSignal): Promise<ConnectOutcome> {
  return connectTcp({ address: address.address, port }, address.family, waitMs, signal);
}
