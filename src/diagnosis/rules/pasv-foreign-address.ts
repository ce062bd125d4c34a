import { formatEndpoint, isSiteLocal } from '../../protocol/address.js';
import { controlPeer, ranPassive } from '../facts/common.js';
import { hairpinFixes, pasvAddressSettings } from './fixes.js';
import type { Rule } from './rule.js';

export const pasvForeignAddress: Rule<'pasv-foreign-address'> = {
  code: 'pasv-foreign-address',
  title: 'The server advertises another public address for passive mode',
  severity: 'warning',
  stage: 'passive',
  explanation:
    'The server named a public address for the data connection that is not the address you reached it at. ' +
    'Clients that follow it connect to another machine, or to an old address of this one, and hang or fail. ' +
    "ftpcheck never connects to an address other than the server it checks; it used the server's address instead. " +
    'The usual causes are a stale passive address after the public address changed, ' +
    'a server reached through a second internet line or a load balancer, ' +
    'a host name in the passive address that resolves to something else, ' +
    "or a check from inside the server's own network, where it was reached by its internal address. " +
    'In that last case the passive address is right for outside clients: the fixes are hairpin NAT on the ' +
    "router or a client that ignores the PASV address, never the server's passive address, and ftpcheck gives those.",
  likelyRule:
    "The server's configured passive address is wrong for this path (a changed public IP, " +
    'a second WAN line, a load balancer or NAT that gives it another public address).',
  confirm: [
    'With `--verbose`, the transcript shows the PASV reply naming the other address.',
    'Compare with the address you connect to: `getent hosts HOST`.',
  ],
  fix: [
    {
      role: 'user',
      text: 'Use a client that ignores the PASV address (curl by default), or connect to the address the server advertises if that is the intended one.',
    },
  ],
  serverSettings: pasvAddressSettings,
  match(o) {
    const p = ranPassive(o);
    const advertised = p?.requests.find((r) => r.command === 'PASV')?.advertised;
    const peer = controlPeer(o);
    if (p?.relation !== 'foreign' || !advertised?.address || !peer) return [];
    // Reached at an internal address while the server names its public one: a check from inside its network.
    const inside = isSiteLocal(peer);
    return [
      {
        evidence:
          `PASV named ${formatEndpoint({ address: advertised.address, port: advertised.port })}, ` +
          `a public address other than ${peer}, which the control connection reached; ` +
          `ftpcheck did not connect there and used ${formatEndpoint({ address: peer, port: advertised.port })}.`,
        likelyRule: inside
          ? `The server is set up for outside clients (its passive address is the public ${advertised.address}), ` +
            `and this check reached it from inside its own network at ${peer}: ` +
            'inside clients need the router to loop the public address back (hairpin NAT), ' +
            'or to connect to the public address.'
          : undefined,
        fixInstead: inside ? hairpinFixes(advertised.address, peer) : undefined,
      },
    ];
  },
};
