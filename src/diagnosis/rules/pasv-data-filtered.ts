import { commandsDiffer } from '../facts/apart.js';
import { laterPortFailure, PART_OF_RANGE } from './wording/later-port.js';
import { describeConnect } from './wording/connections.js';
import { formatEndpoint } from '../../protocol/address.js';
import { cutByDeadline, ranPassive } from '../facts/common.js';
import { OPEN_PASSIVE_RANGE, passiveRangeSettings } from './fixes.js';
import type { Rule } from './rule.js';

export const pasvDataFiltered: Rule<'pasv-data-filtered'> = {
  code: 'pasv-data-filtered',
  title: 'The passive data port is filtered',
  severity: 'error',
  stage: 'passive',
  explanation:
    'Login worked and the server offered a passive data port, but the connection to that port got ' +
    'no answer at all: its packets are silently dropped on the way. This is the classic "login works, ' +
    'but the directory listing hangs" failure. Port 21 is allowed through, ' +
    'the ports the server uses for data are not: the firewall in front of the server only opens 21, ' +
    'the NAT router forwards only 21, or a stateful firewall expects its FTP helper to open data ports on the ' +
    "fly and the helper is not active. It also happens when the client's own network only lets out a few ports.",
  likelyRule:
    'The server-side firewall drops inbound TCP to the passive port range (only port 21 is allowed), ' +
    'or the router forwards port 21 but not the passive range (or forwards it to an address where no host answers), ' +
    "or a stateful firewall relies on an FTP helper (Linux nf_conntrack_ftp, a router's FTP ALG) " +
    'that is not attached to this connection.',
  confirm: [
    'Run `ftpcheck HOST --mode passive` twice: a different passive port times out each time.',
    '`nc -vz -w 5 HOST DATAPORT` for the offered port hangs, while `nc -vz HOST PORT` connects.',
    'On the server: `tcpdump -ni any tcp portrange MIN-MAX` shows no SYNs arriving (dropped before the server) or SYNs without answers (dropped on it).',
  ],
  fix: [
    OPEN_PASSIVE_RANGE,
    {
      role: 'network-admin',
      text:
        'On Linux firewalls that rely on connection tracking, the FTP helper must be attached explicitly ' +
        '(Linux 4.7+): `iptables -t raw -A PREROUTING -p tcp --dport PORT -j CT --helper ftp` ' +
        '(nftables: a `ct helper` object of type "ftp"). This only works for unencrypted FTP; ' +
        'opening the range explicitly works for FTPS too.',
    },
    {
      role: 'user',
      text:
        'If it works from another network (home, mobile), your own network blocks outbound ' +
        "connections to high ports: ask its admin to allow the server's passive range.",
    },
  ],
  serverSettings: passiveRangeSettings,
  match(o) {
    // The listing's port worked and a later one did not: part of the range.
    const partly = laterPortFailure(o, ['timeout']);
    if (partly) return [{ evidence: partly, likelyRule: PART_OF_RANGE }];
    // When the other passive command's port worked, the command is the cause: pasv-epsv-differ says so.
    if (commandsDiffer(o)) return [];
    const p = ranPassive(o);
    if (p?.data?.kind !== 'timeout' || !p.used || !p.dataTarget || cutByDeadline(o, 'passive')) return [];
    const natHint = p.relation !== undefined && p.relation !== 'same' && p.relation !== 'foreign';
    return [
      {
        evidence: `Connecting to the data port ${formatEndpoint(p.dataTarget)} (from ${p.used.command}): ${describeConnect(p.data)}.`,
        likelyRule: natHint
          ? 'The server is behind NAT (it advertised an internal address): the router forwards port 21 but ' +
            'not the passive port range (or forwards it to the wrong address), or its firewall drops it.'
          : undefined,
      },
    ];
  },
};
