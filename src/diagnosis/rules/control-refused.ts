import { describeConnect } from './wording/connections.js';
import type { Rule } from './rule.js';

export const controlRefused: Rule<'control-refused'> = {
  code: 'control-refused',
  title: 'The connection to the FTP port is refused',
  severity: 'error',
  stage: 'connect',
  explanation:
    "The server's address answered the connection request with a refusal (a TCP reset or an ICMP " +
    'port-unreachable). Packets do reach a host, but nothing accepts connections on this port there: ' +
    'the FTP server is not running, listens on another port or address, ' +
    'or a firewall REJECT rule answers in its place.',
  likelyRule:
    'Nothing listens on the port (FTP server stopped, or bound to another port/address), ' +
    'a REJECT rule (iptables `-j REJECT --reject-with tcp-reset` or icmp-port-unreachable), ' +
    'or a port forward that points to a LAN host where nothing listens.',
  confirm: [
    '`nc -vz HOST PORT` answers at once with "Connection refused".',
    "On the server: `ss -ltnp 'sport = :PORT'` shows whether anything listens; if something does, a REJECT rule answers instead of it.",
  ],
  fix: [
    { role: 'user', text: 'Check the port: the server may use another one than 21 (give it as host:port).' },
    {
      role: 'server-admin',
      text:
        'Start the server and check what it listens on: `systemctl status vsftpd` / `proftpd` / `pure-ftpd`, ' +
        'then `ss -ltnp`. vsftpd needs `listen=YES` (IPv4) or `listen_ipv6=YES`; ' +
        "`listen_address` limits it to one address. ProFTPD: `Port`; IIS: the site's FTP binding.",
    },
    {
      role: 'network-admin',
      text:
        'Look for REJECT rules (`iptables -S | grep REJECT`, `nft list ruleset | grep reject`), ' +
        "and check that the port forward on the router points to the FTP server's current LAN address.",
    },
  ],
  match(o) {
    if (o.connect?.kind !== 'refused') return [];
    return [{ evidence: `Connecting to port ${o.target.port}: ${describeConnect(o.connect)}.` }];
  },
};
