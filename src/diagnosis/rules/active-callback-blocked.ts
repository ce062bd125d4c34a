import { describeCallback } from './wording/connections.js';
import { formatEndpoint } from '../../protocol/address.js';
import { describeExchange } from './wording/replies.js';
import { clientBehindNat, cutByDeadline, ranActive } from '../facts/common.js';
import { reflectorView } from '../facts/reflect.js';
import { activeServerError } from './active-server-error.js';
import type { Rule } from './rule.js';

export const activeCallbackBlocked: Rule<'active-callback-blocked'> = {
  code: 'active-callback-blocked',
  title: 'The server cannot connect back (active mode blocked)',
  severity: 'error',
  stage: 'active',
  explanation:
    'The server accepted the PORT command, but its data connection back to this machine never arrived. ' +
    'Active mode needs the server to open a connection inward, to the client, ' +
    'which most client-side firewalls and NAT routers block. The server may also be unable to send it: ' +
    'its own outbound firewall blocks connections from port 20 or to high ports.',
  likelyRule:
    "An inbound block on the client side (the client's firewall or NAT router drops the server's connection; " +
    "no FTP helper opens it), or the server's outbound firewall blocks its data connections (source port 20).",
  confirm: [
    '`curl -P - ftp://HOST/` hangs on the listing while `curl --ftp-pasv ftp://HOST/` works.',
    "On this machine: `tcpdump -ni any tcp and src host HOST` shows whether the server's " +
      'connection attempts arrive (blocked here) or not (blocked on the way or at the server).',
  ],
  fix: [
    {
      role: 'user',
      text:
        'Use passive mode (the default of most clients). ' +
        "If active mode is required, allow inbound connections from the server in this machine's firewall " +
        '(Windows Defender Firewall: allow the FTP client program).',
    },
    {
      role: 'network-admin',
      text:
        'On a Linux client-side firewall, let the FTP helper open the callback: ' +
        '`iptables -t raw -A OUTPUT -p tcp --dport PORT -j CT --helper ftp` (on the client itself) ' +
        'or `-t raw -A PREROUTING` (on a router) with `-m conntrack --ctstate RELATED -j ACCEPT`; plain FTP only.',
    },
    {
      role: 'server-admin',
      text:
        "Allow the server's outbound data connections: `iptables -A OUTPUT -p tcp --sport 20 -j ACCEPT` " +
        "(or to the client's ports), and check that the server uses the address it should for outbound connections.",
    },
  ],
  match(o) {
    const a = ranActive(o);
    const cb = a?.callback;
    if (!a || !cb || cb.kind === 'arrived' || cutByDeadline(o, 'active')) return [];
    // The server answered LIST with an error of its own before trying: active-server-error, not the network.
    if (activeServerError(a)) return [];
    const reply = a.listReply ? describeExchange('LIST', a.listReply) : 'LIST got no reply';
    const nat = clientBehindNat(o);
    const tried = reflectorView(o)?.callbacks.at(-1);
    const evidence = `${a.command} ${formatEndpoint(a.listen)} was accepted, but ${describeCallback(cb)}; ${reply}.`;
    if (tried && tried.outcome !== 'connected')
      // ftpcheck reflect: the reflector connects back to the address it sees, so only the client's side can block it.
      return [
        {
          evidence: `${evidence} The reflector connected to ${formatEndpoint(tried.to)} (this machine as the outside sees it): ${tried.outcome}.`,
          likelyRule:
            'The router or firewall in front of this machine lets nothing from outside in: no FTP helper opens ' +
            'the callback (or it cannot read the command) and no port is forwarded to this machine.',
        },
      ];
    return [
      {
        evidence,
        likelyRule: nat
          ? `ftpcheck is behind NAT and announced its private address ${a.listen.address}: ` +
            `the router has no FTP helper (ALG) to forward the server's connection, ` +
            'and the server does not check the PORT address.'
          : undefined,
      },
    ];
  },
};
