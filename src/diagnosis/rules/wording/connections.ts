// Connections in words: TCP connects, listings, the server's call back, passive attempts, the name
// lookup and the port sweep. Pure.
import type { CallbackResult, ConnectResult, TransferResult } from '../../../model/connections.js';
import type { DnsObservation } from '../../../model/observations.js';
import type { ReplyResult } from '../../../model/exchanges.js';
import type { PortRun } from '../../../model/report.js';
import { formatEndpoint } from '../../../protocol/address.js';
import { type Form, seconds } from './phrases.js';
import { describeReply, describeReplyResult } from './replies.js';

/** How a TCP connection attempt ended. */
export function describeConnect(r: ConnectResult): string {
  switch (r.kind) {
    case 'connected':
      return `connected in ${r.ms} ms`;
    case 'refused':
      return `refused after ${r.ms} ms (TCP reset or ICMP port unreachable)`;
    case 'timeout':
      return `no answer to the SYN within ${seconds(r.ms)}`;
    case 'unreachable':
      return `unreachable after ${r.ms} ms (${r.errno})`;
    case 'error':
      return `failed after ${r.ms} ms (${r.errno})`;
  }
}

const STALLED: Record<Extract<TransferResult, { kind: 'stalled' }>['waitingFor'], string> = {
  data: 'the listing never finished',
  'final-reply': 'the server never confirmed the end of the transfer',
  'preliminary-reply': 'the server never answered LIST',
};

/** How a listing went once its data connection was open. */
export function describeTransfer(t: TransferResult, form: Form = 'long'): string {
  switch (t.kind) {
    case 'complete':
      return `listing received (${t.bytes} bytes${t.truncated ? ', cut at the size limit' : ''})`;
    case 'rejected':
      return `the server answered ${form === 'long' ? describeReply(t.reply) : t.reply.code} (${t.bytes} bytes received)`;
    case 'stalled':
      return `${STALLED[t.waitingFor]} within ${seconds(t.ms)} (${t.bytes} bytes received)`;
    case 'control-failed':
      return `the control connection failed (${describeReplyResult(t.result)})`;
  }
}

/** How waiting for the server's active-mode connection ended. */
export function describeCallback(cb: CallbackResult, form: Form = 'long'): string {
  if (cb.kind === 'none') return `the server did not connect back within ${seconds(cb.ms)}`;
  return form === 'long'
    ? `the server connected back from ${formatEndpoint(cb.from)} in ${cb.ms} ms`
    : `connected back in ${cb.ms} ms`;
}

type Lookup = Exclude<DnsObservation, { kind: 'literal' }>;

/** How looking up the server's name ended. */
export function describeNameLookup(d: Lookup): string {
  if (d.kind === 'resolved') {
    const list = d.addresses.map((a) => a.address);
    return `${d.chosen.address}${list.length > 1 ? ` (of ${list.join(', ')})` : ''}`;
  }
  switch (d.reason) {
    case 'not-found':
      return `the name does not exist or has no address record (${d.errno})`;
    case 'resolver-unavailable':
      return `no DNS server answered (${d.errno})`;
    case 'timeout':
      return `no answer within ${seconds(d.ms)}`;
    case 'other':
      return `failed with ${d.errno}`;
  }
}

/** The sweep in compact ranges: "50000-50009 closed, 50010-50019 filtered". */
export const describePortRuns = (runs: PortRun[]): string =>
  runs.map((r) => `${r.from === r.to ? r.from : `${r.from}-${r.to}`} ${r.class}`).join(', ');

/**
 * One passive data connection of PASV or EPSV: `EPSV → 198.18.2.2:50003: listing received (129 bytes)`,
 * or how its request or connection ended.
 */
export function describeAttempt(a: {
  request: { command: string; exchange: { result: ReplyResult } };
  dataTarget: { address: string; port: number } | undefined;
  data: ConnectResult | undefined;
  transfer: TransferResult | undefined;
}): string {
  const { command } = a.request;
  if (!a.dataTarget) return `${command}: no port (${describeReplyResult(a.request.exchange.result)})`;
  const head = `${command} → ${formatEndpoint(a.dataTarget)}`;
  if (a.data?.kind !== 'connected') return `${head}: ${a.data ? describeConnect(a.data) : 'not tried'}`;
  return `${head}: ${a.transfer ? describeTransfer(a.transfer) : 'no transfer'}`;
}
