// Stage dns: resolve the name, A and AAAA, and pick the address the check will use.
import { errnoOf } from '../model/errors.js';
import type { Address, DnsObservation, Family } from '../model/observations.js';
import { ipVersion } from '../protocol/ip.js';
import type { Target } from './connect.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';

/** The dns stage: the name's addresses, and the target the check connects to when there is one. */
export async function dnsStage(
  host: string,
  family: Family | undefined,
  port: number,
  ctx: ProbeContext,
  resolved?: DnsObservation,
): Promise<{ observed: { dns: DnsObservation }; target: Target | undefined }> {
  if (resolved) {
    noteResolved(host, resolved, ctx, ' (resolved once before the check; only these addresses are used)');
    return { observed: { dns: resolved }, target: targetOf(resolved, port) };
  }
  const dns = await probeDns(host, family, ctx);
  return { observed: { dns }, target: targetOf(dns, port) };
}

/** Where the check connects: the chosen address, and the first of the other family to race it. */
export function targetOf(dns: DnsObservation, port: number): Target | undefined {
  switch (dns.kind) {
    case 'failed':
      return undefined;
    case 'literal':
      return { address: { address: dns.address, family: dns.family }, port, otherFamily: undefined };
    case 'resolved':
      return { address: dns.chosen, port, otherFamily: dns.addresses.find((a) => a.family !== dns.chosen.family) };
  }
}

export async function probeDns(host: string, family: Family | undefined, ctx: ProbeContext): Promise<DnsObservation> {
  const dns = await resolveName(host, family, stepWait(ctx).ms);
  noteResolved(host, dns, ctx, '');
  return dns;
}

function noteResolved(host: string, dns: DnsObservation, ctx: ProbeContext, how: string): void {
  if (dns.kind !== 'resolved') return;
  ctx.transcript.add(
    'control',
    'note',
    `${host} resolves to ${dns.addresses.map((a) => a.address).join(', ')}; using ${dns.chosen.address}${how}`,
  );
}

/**
 * The name's addresses (an address is its own), waiting at most `waitMs`. Also used before a check
 * whose addresses must be vetted first (the agent): the check then connects to exactly these.
 */
export async function resolveName(host: string, family: Family | undefined, waitMs: number): Promise<DnsObservation> {
  const literal = ipVersion(host);
  if (literal === 4 || literal === 6) return { kind: 'literal', address: host, family: literal };
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  // getaddrinfo cannot be cancelled; we stop waiting for it and let it finish in the background.
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), waitMs);
    timer.unref();
  });
  try {
    // Loaded only for names: an address needs no resolver, nor its start-up cost.
    const { lookup } = await import('node:dns/promises');
    const found = await Promise.race([lookup(host, { all: true, family: family ?? 0 }), timeout]);
    if (found === 'timeout') return { kind: 'failed', ms: elapsed(), reason: 'timeout', errno: 'ETIMEOUT' };
    const addresses = found.map((a): Address => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
    const chosen = addresses[0];
    if (!chosen) return { kind: 'failed', ms: elapsed(), reason: 'not-found', errno: 'ENODATA' };
    return { kind: 'resolved', ms: elapsed(), addresses, chosen };
  } catch (err) {
    const errno = errnoOf(err) ?? 'UNKNOWN';
    const reason =
      errno === 'ENOTFOUND' || errno === 'ENODATA'
        ? 'not-found'
        : errno === 'EAI_AGAIN' || errno === 'ECONNREFUSED'
          ? 'resolver-unavailable'
          : 'other';
    return { kind: 'failed', ms: elapsed(), reason, errno };
  } finally {
    clearTimeout(timer);
  }
}
