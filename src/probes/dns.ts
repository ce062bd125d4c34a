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
): Promise<{ observed: { dns: DnsObservation }; target: Target | undefined }> {
  const dns = await probeDns(host, family, ctx);
  return { observed: { dns }, target: targetOf(dns, port) };
}

/** Where the check connects: the chosen address, and one of the other family to fall back to. */
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
  const literal = ipVersion(host);
  if (literal === 4 || literal === 6) return { kind: 'literal', address: host, family: literal };
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const wait = stepWait(ctx);
  let timer: NodeJS.Timeout | undefined;
  // getaddrinfo cannot be cancelled; we stop waiting for it and let it finish in the background.
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), wait.ms);
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
    ctx.transcript.add(
      'control',
      'note',
      `${host} resolves to ${addresses.map((a) => a.address).join(', ')}; using ${chosen.address}`,
    );
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
