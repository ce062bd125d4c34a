import { describeReply } from './wording/replies.js';
import type { Rule } from './rule.js';

export const greetingRejected: Rule<'greeting-rejected'> = {
  code: 'greeting-rejected',
  title: 'The server refuses the connection in its greeting',
  severity: 'error',
  stage: 'greeting',
  explanation:
    'The FTP server answered, but with a refusal instead of "220 ready": usually 421. ' +
    'Servers do this when they have too many connections in total or from your address, ' +
    "when your address is on a deny list (TCP wrappers, the server's own access rules), or while shutting down. " +
    'The network path is fine; the server does not want this connection now.',
  likelyRule:
    "The server's connection limits or access control for your address: " +
    'per-address or total client limits, hosts.deny / TCP wrappers, an IP ban list; not a packet filter.',
  confirm: [
    '`nc HOST PORT` shows the same 4xx greeting.',
    'Try from another address: if that gets "220", the refusal is specific to your address or its connection count.',
  ],
  fix: [
    {
      role: 'user',
      text: 'Close other FTP sessions from this address (including other people behind the same NAT address) and try again later.',
    },
    {
      role: 'server-admin',
      text:
        'Raise or check the limits: vsftpd `max_clients`, `max_per_ip`; ' +
        'ProFTPD `MaxClients`, `MaxClientsPerHost`; Pure-FTPd `-c`/`-C` (MaxClientsNumber, MaxClientsPerIP); ' +
        'FileZilla Server connection limits; IIS "Maximum connections".',
    },
    {
      role: 'server-admin',
      text:
        "Check access rules for the client's address: /etc/hosts.deny with vsftpd `tcp_wrappers=YES`, " +
        'ProFTPD `<Limit LOGIN>`, fail2ban / IP ban lists, IIS "FTP IPv4 Address and Domain Restrictions".',
    },
  ],
  match(o) {
    const g = o.greeting;
    if (g?.kind !== 'rejected') return [];
    return [{ evidence: `The server greeted with ${describeReply(g.reply)}.` }];
  },
};
