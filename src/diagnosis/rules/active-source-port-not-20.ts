import { describeCallback } from './wording/connections.js';
import { sentence } from './wording/phrases.js';
import { ranActive } from '../facts/common.js';
import type { Rule } from './rule.js';

export const activeSourcePortNot20: Rule<'active-source-port-not-20'> = {
  code: 'active-source-port-not-20',
  title: 'Active data comes from a port other than 20',
  severity: 'info',
  stage: 'active',
  explanation:
    'RFC 959 has the server open active-mode data connections from port 20, and old firewall rules allow active ' +
    'FTP by matching "source port 20". This server connects from another port, which is common (ProFTPD, ftp-srv, ' +
    'servers not running as root). It worked here; firewalls that only allow source port 20 would block it.',
  likelyRule:
    'Only a problem where a firewall allows active FTP by source port 20 (`--sport 20`) instead of with an FTP helper.',
  confirm: ["With `--verbose`, the transcript names the source port of the server's data connection."],
  fix: [
    {
      role: 'network-admin',
      text: 'Allow active FTP with connection tracking (FTP helper, RELATED) rather than a source-port rule.',
    },
  ],
  serverSettings: () => ({
    vsftpd: 'connect_from_port_20=YES (the Debian default)',
    proftpd: 'active data comes from ephemeral ports; allow it with connection tracking rather than a source-port rule',
  }),
  match(o) {
    const cb = ranActive(o)?.callback;
    if (cb?.kind !== 'arrived' || cb.from.port === 20) return [];
    return [{ evidence: `${sentence(describeCallback(cb))}.` }];
  },
};
