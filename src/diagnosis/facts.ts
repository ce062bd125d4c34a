// Small facts derived from the observations, shared by rules, verdict and stage summaries. Pure.
import type {
  ActiveObservation,
  ConnectResult,
  HandshakeResult,
  Observations,
  PassiveObservation,
  Reply,
  ReplyResult,
  TransferResult,
} from '../model/observations.js';
import type { StageName } from '../model/stages.js';
import { classifyAddress, isSiteLocal, normalizeAddress } from '../protocol/address.js';
import { formatReply } from '../protocol/reply.js';

export type Ran<T> = Extract<T, { kind: 'ran' }>;

export function ranPassive(o: Observations): Ran<PassiveObservation> | undefined {
  return o.passive?.kind === 'ran' ? o.passive : undefined;
}

export function ranActive(o: Observations): Ran<ActiveObservation> | undefined {
  return o.active?.kind === 'ran' ? o.active : undefined;
}

/** The address the control connection reached, as the server's address for everything after. */
export function controlPeer(o: Observations): string | undefined {
  return o.connect?.kind === 'connected' ? normalizeAddress(o.connect.remote.address) : undefined;
}

export function clientAddress(o: Observations): string | undefined {
  return o.connect?.kind === 'connected' ? normalizeAddress(o.connect.local.address) : undefined;
}

/** ftpcheck has a private address and talks to a public one: a NAT router must be in between. */
export function clientBehindNat(o: Observations): boolean {
  const local = clientAddress(o);
  const peer = controlPeer(o);
  return local !== undefined && peer !== undefined && isSiteLocal(local) && classifyAddress(peer) === 'public';
}

export function transferWorked(t: TransferResult | undefined): boolean {
  return t?.kind === 'complete';
}

export function passiveWorked(o: Observations): boolean {
  return transferWorked(ranPassive(o)?.transfer);
}

export function activeWorked(o: Observations): boolean {
  return transferWorked(ranActive(o)?.transfer);
}

/** The run's deadline, not the step's own timeout, ended this stage: its timeouts prove nothing. */
export function cutByDeadline(o: Observations, stage: StageName): boolean {
  return o.deadlineHit?.stage === stage;
}

export const seconds = (ms: number): string => (ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 100) / 10} s`);

export function describeReply(reply: Reply): string {
  const text = formatReply(reply);
  return `"${text.length > 160 ? `${text.slice(0, 160)}…` : text}"`;
}

export function describeReplyResult(r: ReplyResult): string {
  switch (r.kind) {
    case 'reply':
      return describeReply(r.reply);
    case 'timeout':
      return `no reply within ${seconds(r.ms)}`;
    case 'closed':
      return 'the server closed the connection';
    case 'reset':
      return 'the connection was reset';
    case 'violation':
      return `a reply that breaks the protocol (${r.reason})`;
    case 'deadline':
      return "no reply before the run's deadline";
  }
}

export function describeConnect(r: ConnectResult): string {
  switch (r.kind) {
    case 'connected':
      return `connected in ${r.ms} ms`;
    case 'refused':
      return `refused after ${r.ms} ms (TCP reset or ICMP port unreachable)`;
    case 'timeout':
      return `no answer within ${seconds(r.ms)} (the SYN was not answered)`;
    case 'unreachable':
      return `unreachable after ${r.ms} ms (${r.errno})`;
    case 'error':
      return `failed after ${r.ms} ms (${r.errno})`;
  }
}

export type FailedResult = Exclude<ReplyResult, { kind: 'reply' }>;

/** Every command after the greeting whose reply never came, in the order they were sent. */
export function controlFailures(o: Observations): Array<{ stage: StageName; command: string; result: FailedResult }> {
  const out: Array<{ stage: StageName; command: string; result: FailedResult }> = [];
  if (o.tls?.kind === 'auth-refused' && o.tls.exchange.result.kind !== 'reply') out.push({ stage: 'tls', command: 'AUTH TLS', result: o.tls.exchange.result });
  if (o.login?.kind === 'no-reply') out.push({ stage: 'login', command: o.login.command, result: o.login.result });
  const p = ranPassive(o);
  if (p) {
    for (const r of p.requests) if (r.exchange.result.kind !== 'reply') out.push({ stage: 'passive', command: r.command, result: r.exchange.result });
    if (p.transfer?.kind === 'control-failed') out.push({ stage: 'passive', command: 'LIST', result: p.transfer.result });
  }
  const a = ranActive(o);
  if (a) {
    const port = a.portExchange.result;
    if (port.kind !== 'reply') out.push({ stage: 'active', command: a.command, result: port });
    // A LIST reply that never came while no callback arrived is the callback's story, not the control's.
    const list = a.listReply;
    if (list && list.kind !== 'reply' && list.kind !== 'timeout') out.push({ stage: 'active', command: 'LIST', result: list });
    if (a.transfer?.kind === 'control-failed') out.push({ stage: 'active', command: 'LIST', result: a.transfer.result });
  }
  return out;
}

/** The control connection's TLS handshake, when one was established. */
export function controlTls(o: Observations): Extract<HandshakeResult, { kind: 'established' }> | undefined {
  return o.tls?.kind === 'ran' && o.tls.handshake.kind === 'established' ? o.tls.handshake : undefined;
}

/** Certificate findings are warnings, or errors when the user asked for strict TLS. */
export function certificateSeverity(o: Observations): 'warning' | 'error' {
  return o.tlsRequest?.strict ? 'error' : 'warning';
}

/**
 * The server refused a protected data connection whose TLS session was not resumed from the control
 * connection (vsftpd's require_ssl_reuse answers "522 SSL connection failed: session reuse required").
 */
export function sessionReuseRefused(t: TransferResult | undefined, dataTls: HandshakeResult | undefined): boolean {
  if (!dataTls || t?.kind !== 'rejected') return false;
  const resumed = dataTls.kind === 'established' && dataTls.sessionReused;
  return !resumed && (t.reply.code === 522 || /reuse|session/i.test(t.reply.lines.join(' ')));
}

/** The server software, as its greeting, or else its SYST and FEAT replies, name it. */
export function serverSoftwareOf(o: Observations): string | undefined {
  const fromGreeting = o.greeting?.kind === 'greeted' ? o.greeting.software : undefined;
  return fromGreeting ?? (o.login?.kind === 'logged-in' ? o.login.software : undefined);
}
