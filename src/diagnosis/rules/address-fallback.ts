import type { ConnectResult } from '../../model/connections.js';
import { describeConnect } from './wording/connections.js';
import { controlPeer } from '../facts/common.js';
import type { Rule } from './rule.js';

export const addressFallback: Rule<'address-fallback'> = {
  code: 'address-fallback',
  title: "The server name's first address did not answer from here; its other address family did",
  severity: 'info',
  stage: 'connect',
  explanation:
    'The name has addresses of both families (IPv6 and IPv4). The first one failed or stayed silent from this ' +
    'machine, so ftpcheck also tried the other family — after 250 ms without an answer, or at once after a ' +
    'failure — and used the one that connected first, as dual-stack clients do (Happy Eyeballs, RFC 8305). ' +
    'Usually this network, or one on the way, has no working IPv6 while the name publishes an AAAA record. ' +
    'Clients that do not race the families wait the whole timeout or fail on the first address.',
  likelyRule:
    "None on the server's side when the first address is unreachable or silent: a network on the way has no " +
    'route for that address family, or a firewall drops or rejects it. A refusal means nothing listens on ' +
    'that address: the server listens on one family only.',
  confirm: [
    '`ip -6 route get ADDRESS` (or `ping -6 ADDRESS`) shows whether this machine has an IPv6 route.',
    '`curl -v -6 ftp://HOST/` and `curl -v -4 ftp://HOST/` try each family alone.',
  ],
  fix: [
    { role: 'user', text: 'Force the working family in clients that hang (`-4` for ftpcheck, curl and most clients).' },
    {
      role: 'network-admin',
      text: 'Give the network working IPv6, or remove the AAAA record if the server is not reachable over IPv6.',
    },
    {
      role: 'server-admin',
      text: 'When the first address refuses: make the FTP server listen on both families (vsftpd `listen_ipv6=YES`).',
    },
  ],
  match(o) {
    const f = o.addressFallback;
    if (!f) return [];
    const peer = controlPeer(o);
    const used = peer === undefined ? '' : ` (${peer})`;
    return [
      { evidence: `${f.address} (IPv${f.family}): ${whatItDid(f.result)}; ftpcheck used the other address${used}.` },
    ];
  },
};

/** What the first address did; a silent one is given in milliseconds, as the race measures it. */
function whatItDid(result: ConnectResult): string {
  return result.kind === 'timeout' ? `no answer to the SYN for ${result.ms} ms` : describeConnect(result);
}
