import { describeConnect } from './wording/connections.js';
import type { Rule } from './rule.js';

const WHY: Record<string, string> = {
  EHOSTUNREACH:
    'A router or firewall answered with ICMP "host unreachable" or "administratively prohibited": ' +
    "a REJECT rule such as iptables `--reject-with icmp-host-prohibited` (firewalld's default) " +
    'or `icmp-admin-prohibited`, or the host is down and its gateway says so.',
  ENETUNREACH: 'There is no route to that network from here, or a router answered "network unreachable".',
  EHOSTDOWN: 'The host does not answer on its local network (no ARP/neighbour reply): it is down or disconnected.',
  ENETDOWN: "This machine's network interface is down.",
  EPERM: "This machine's own firewall refused to send the packet (an OUTPUT/outbound rule).",
  EACCES: "This machine's own firewall or security policy refused to send the packet.",
};

export const controlUnreachable: Rule<'control-unreachable'> = {
  code: 'control-unreachable',
  title: 'The server is unreachable (ICMP unreachable or no route)',
  severity: 'error',
  stage: 'connect',
  explanation:
    'The connection request was answered not by the server but by the network: ' +
    'a router or firewall said the host or network cannot be reached, or this machine has no route to it. ' +
    'This is either a firewall that rejects with an ICMP message, or a host that is really down or misrouted.',
  likelyRule:
    'A REJECT rule with an ICMP type (host-prohibited, admin-prohibited) on a firewall on the path, ' +
    "a missing route, or a host that is down; when the error is EPERM, this machine's own outbound firewall.",
  confirm: [
    '`nc -vz HOST PORT` fails at once with "No route to host" (or "Network is unreachable").',
    '`traceroute -T -p PORT HOST` shows the last hop that answers: the firewall that rejects is right after it.',
  ],
  fix: [
    {
      role: 'user',
      text: 'Check that the address is right and that other services of the same host answer (ping may be blocked too, so its failure alone proves little).',
    },
    {
      role: 'network-admin',
      text:
        'Look for REJECT rules with ICMP types on the firewalls on the path (`iptables -S | grep icmp`; ' +
        'firewalld rejects with icmp-host-prohibited by default): allow TCP to the FTP port.',
    },
    {
      role: 'network-admin',
      text: "Check routing (`ip route get ADDRESS`, `traceroute -T -p PORT ADDRESS`) and, for EPERM, this machine's OUTPUT chain or Windows outbound rules.",
    },
  ],
  match(o) {
    const c = o.connect;
    if (c?.kind !== 'unreachable') return [];
    return [{ evidence: `Connecting to port ${o.target.port}: ${describeConnect(c)}.`, likelyRule: WHY[c.errno] }];
  },
};
