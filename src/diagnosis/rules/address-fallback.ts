import { describeConnect } from '../describe.js';
import type { Rule } from '../rule.js';

export const addressFallback: Rule<'address-fallback'> = {
  code: 'address-fallback',
  title: "The server name's first address is unreachable from here; another one worked",
  severity: 'info',
  stage: 'connect',
  explanation:
    'The name has addresses of both families (IPv6 and IPv4). The first one could not be reached at all ' +
    'from this machine — usually because this network has no IPv6 route — so ftpcheck connected to the other, ' +
    'as dual-stack clients do. Clients that do not fall back wait or fail on the first address.',
  likelyRule:
    "None on the server's side: this network has no route for that address family (or a firewall rejects it with ICMP).",
  confirm: [
    '`ping -6 -c 3 NAME` (`ping -4 -c 3 NAME` when IPv4 was the family that failed) shows whether this machine ' +
      'reaches that family at all; `ip -6 route get` with the address from the evidence shows its route.',
  ],
  fix: [
    { role: 'user', text: 'Force the working family in clients that hang (`-4` for ftpcheck, curl and most clients).' },
    {
      role: 'network-admin',
      text: 'Give the network working IPv6, or remove the AAAA record if the server is not reachable over IPv6.',
    },
  ],
  match(o) {
    const f = o.addressFallback;
    if (!f) return [];
    return [
      { evidence: `${f.address} (IPv${f.family}): ${describeConnect(f.result)}; ftpcheck used the other address.` },
    ];
  },
};
