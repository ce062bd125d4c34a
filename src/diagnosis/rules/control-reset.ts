import { describeConnect } from './wording/connections.js';
import { describeGreeting } from './wording/replies.js';
import type { Rule } from './rule.js';

export const controlReset: Rule<'control-reset'> = {
  code: 'control-reset',
  title: 'The connection is closed right after it opens',
  severity: 'error',
  stage: 'greeting',
  explanation:
    'The TCP connection was accepted and then closed or reset before any greeting. ' +
    'Something accepts the connection only to drop it: access control that works at the TCP level (TCP wrappers ' +
    '/ hosts.deny without a message, fail2ban or an intrusion-prevention system that has banned your address), ' +
    'a server at its connection limit that closes without a reply, ' +
    'or a proxy or port forward whose backend refuses.',
  likelyRule:
    'An access rule that bans your address after accepting (TCP wrappers, fail2ban, an IPS), ' +
    'a connection limit, or a proxying firewall / load balancer whose backend refuses the connection.',
  confirm: [
    '`nc -v HOST PORT` connects and is closed at once, without a greeting.',
    "The server's log (or fail2ban's, `fail2ban-client status`) shows a refused or banned connection from your address.",
  ],
  fix: [
    {
      role: 'user',
      text: "Try from another network: if it works there, your address is banned or limited; ask the server's admin to check their ban list.",
    },
    {
      role: 'server-admin',
      text:
        'Check hosts.deny / TCP wrappers (vsftpd `tcp_wrappers=YES`), fail2ban (`fail2ban-client status`), ' +
        "and the server's log for rejected connections from the client's address; " +
        'check connection limits (vsftpd `max_clients`, ProFTPD `MaxInstances`).',
    },
    {
      role: 'network-admin',
      text: 'If a load balancer or proxy sits in front, check its backend health; check IPS/threat-prevention logs for resets sent to this client.',
    },
  ],
  match(o) {
    const g = o.greeting;
    if (g?.kind === 'closed' || g?.kind === 'reset')
      return [{ evidence: `The connection was ${describeGreeting(g)}.` }];
    // On a short path the reset can overtake the handshake's completion: the socket reports it while connecting.
    const c = o.connect;
    if (c?.kind === 'error' && (c.errno === 'ECONNRESET' || c.errno === 'EPIPE')) {
      return [
        {
          stage: 'connect',
          evidence: `Connecting to port ${o.target.port}: ${describeConnect(c)}, a reset as soon as the server accepted the connection.`,
        },
      ];
    }
    return [];
  },
};
