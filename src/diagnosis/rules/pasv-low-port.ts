import { passiveAttempts } from '../facts/apart.js';
import { describeReplyResult } from './wording/replies.js';
import { ranPassive } from '../facts/common.js';
import { passiveRangeSettings } from './fixes.js';
import type { Rule } from './rule.js';

/** Ports below this are the well-known ones (RFC 6335), which firewalls treat apart. */
const LOWEST_ORDINARY_PORT = 1024;

export const pasvLowPort: Rule<'pasv-low-port'> = {
  code: 'pasv-low-port',
  title: 'The server names a passive data port below 1024',
  severity: 'warning',
  stage: 'passive',
  explanation:
    'The passive data port the server named is a well-known port (below 1024), where services such as ' +
    'SSH, mail or the web live. Firewalls treat these ports apart: Cisco ASA’s FTP inspection frees the ' +
    'connection when the negotiated port is below 1024, and many rule sets allow only high ports for data. ' +
    'So passive transfers fail from some networks and not others. Servers pick such a port only when their ' +
    'passive range is set to include it, or when they are run with a broken or missing range setting.',
  likelyRule:
    'A passive port range on the server that starts below 1024; in between, strict FTP inspection (Cisco ASA ' +
    '`inspect ftp`) or a firewall rule that allows data connections only to ports 1024-65535.',
  confirm: [
    'With `--verbose`, the transcript shows the 227/229 reply and the port it names.',
    "Check the server's passive range setting (below).",
  ],
  fix: [
    {
      role: 'server-admin',
      text: 'Set a passive range of high ports (for example 50000-50100) and open exactly that range on the firewalls.',
    },
  ],
  serverSettings: passiveRangeSettings,
  match(o) {
    if (!ranPassive(o)) return [];
    const requests = [...(ranPassive(o)?.requests ?? []), ...passiveAttempts(o).map((a) => a.request)];
    const low = new Map<string, string>();
    for (const r of requests) {
      const port = r.advertised?.port;
      if (port === undefined || port >= LOWEST_ORDINARY_PORT) continue;
      const key = `${r.command} ${port}`;
      if (!low.has(key)) low.set(key, `${r.command} named port ${port} (${describeReplyResult(r.exchange.result)})`);
    }
    if (low.size === 0) return [];
    return [{ evidence: `${[...low.values()].join('; ')}.` }];
  },
};
