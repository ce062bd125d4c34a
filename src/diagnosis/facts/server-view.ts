// The addresses the server named for this machine, and where: STAT on the check's connection and on a
// second one, a reply of the check's session ("Your IP is …"), a 425 refusing a data connection. Pure.
import type { Observations } from '../../model/observations.js';
import type { Reply } from '../../model/exchanges.js';
import type { TransferResult } from '../../model/connections.js';
import { canonicalAddress, classifyAddress } from '../../protocol/address.js';
import { addressLiterals, clientAddressIn, namedClientAddresses } from '../../protocol/client-address.js';
import { clientAddress, controlPeer } from './common.js';
import { passiveAttempts } from './apart.js';

export interface SeenAddress {
  /** The address the server named for this machine. */
  address: string;
  /** This machine's own address on that connection, when known. */
  local: string | undefined;
  /** The check's control connection, a second control connection, or a data connection a 425 refused. */
  connection: 'check' | 'second' | 'data';
  /** Where the server said it: STAT, the greeting, a login reply, or a 425. */
  said: string;
}

function replies(o: Observations): { reply: Reply; said: string }[] {
  const out: { reply: Reply; said: string }[] = [];
  if (o.greeting?.kind === 'greeted') out.push({ reply: o.greeting.reply, said: 'the greeting' });
  if (o.login?.kind === 'logged-in')
    for (const e of o.login.exchanges)
      if (e.result.kind === 'reply') out.push({ reply: e.result.reply, said: `the reply to ${e.command}` });
  return out;
}

const refusedData = (t: TransferResult | undefined): Reply | undefined =>
  t?.kind === 'rejected' && t.reply.code >= 400 && t.reply.code < 500 ? t.reply : undefined;

/** Every address the server named for this machine, in the order the connections were made. */
export function addressesSeen(o: Observations): SeenAddress[] {
  const local = clientAddress(o);
  const server = controlPeer(o);
  const own = (address: string): boolean => server !== undefined && address === server;
  const seen: SeenAddress[] = [];
  const add = (s: SeenAddress): void => {
    if (own(s.address)) return;
    if (!seen.some((x) => x.address === s.address && x.connection === s.connection)) seen.push(s);
  };
  for (const { reply, said } of replies(o))
    for (const line of reply.lines)
      for (const address of namedClientAddresses(line)) add({ address, local, connection: 'check', said });
  const view = o.serverView;
  if (view?.kind === 'ran')
    for (const stat of view.stats) {
      const r = stat.exchange.result;
      const address = r.kind === 'reply' ? clientAddressIn(r.reply) : undefined;
      if (address !== undefined) add({ address, local: stat.local, connection: stat.connection, said: 'STAT' });
    }
  // `ftpcheck reflect`: the reflector says where the control connection came from.
  const reflected = o.reflect?.view.kind === 'seen' ? o.reflect.view.view.peer.address : undefined;
  if (reflected !== undefined)
    add({ address: canonicalAddress(reflected), local, connection: 'check', said: 'the reflector' });
  for (const a of passiveAttempts(o)) {
    const reply = refusedData(a.transfer);
    if (!reply) continue;
    for (const address of addressLiterals(reply.lines.join(' ')))
      if (address !== local) add({ address, local: undefined, connection: 'data', said: `a ${reply.code} reply` });
  }
  return seen;
}

/** True for an address of the shared (carrier-grade NAT) range, 100.64.0.0/10 (RFC 6598). */
export const isShared = (address: string): boolean => classifyAddress(canonicalAddress(address)) === 'shared';
