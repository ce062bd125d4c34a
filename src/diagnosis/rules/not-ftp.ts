import { describeGreeting } from '../describe.js';
import type { Rule } from '../rule.js';

export const notFtp: Rule<'not-ftp'> = {
  code: 'not-ftp',
  title: 'Another service answers on the FTP port',
  severity: 'error',
  stage: 'greeting',
  explanation:
    'The port answered, but not with an FTP greeting: its first bytes belong to another protocol. ' +
    'The address or port is wrong, or a port forward / NAT rule sends this port to the wrong service or host. ' +
    'If it is SSH: SFTP is a different protocol from FTP and needs an SFTP client, not an FTP one.',
  likelyRule:
    'A port forward or NAT rule that maps the FTP port to the wrong host or port, or the wrong port given to the client.',
  confirm: [
    '`nc HOST 21` prints the other service\'s banner (for example "SSH-2.0-\u2026").',
    'Check which host and port the router forwards the FTP port to.',
  ],
  fix: [
    {
      role: 'user',
      text: 'Check the host and port you were given. An SSH banner means the service is SFTP: connect with an SFTP client (`sftp user@host`).',
    },
    {
      role: 'network-admin',
      text: "Check the port forward on the router/firewall: the public FTP port must map to the FTP server's LAN address and port 21 (or its configured port).",
    },
  ],
  match(o) {
    const g = o.greeting;
    if (g?.kind !== 'not-ftp') return [];
    return [{ evidence: `The port ${describeGreeting(g)}.` }];
  },
};
