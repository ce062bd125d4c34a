import { commandsDiffer } from '../facts/apart.js';
import { laterPortFailure, PART_OF_RANGE } from './wording/later-port.js';
import { describeConnect } from './wording/connections.js';
import { formatEndpoint } from '../../protocol/address.js';
import { ranPassive } from '../facts/common.js';
import { OPEN_PASSIVE_RANGE, passiveRangeSettings } from './fixes.js';
import type { Rule } from './rule.js';

export const pasvDataRefused: Rule<'pasv-data-refused'> = {
  code: 'pasv-data-refused',
  title: 'The passive data port is refused',
  severity: 'error',
  stage: 'passive',
  explanation:
    'The server offered a passive data port, but connecting to it was actively refused: ' +
    'a TCP reset or an ICMP error came back. The packets reach a host, but nothing listens on that port there, ' +
    'or a firewall rejects them. Typical causes: the router forwards the passive range to another machine, ' +
    'or forwards a different range than the server uses, or a REJECT rule covers the range; ' +
    'on a server with several addresses, it may listen for data on another one.',
  likelyRule:
    'A port forward for the passive range that points to the wrong host or covers a different ' +
    "range than the server's, or a firewall REJECT rule (tcp-reset or ICMP) on the passive ports.",
  confirm: [
    '`nc -vz HOST DATAPORT` for the offered port is refused at once.',
    'On the server: `ss -ltn` while a client waits in passive mode shows whether the server listens on that port.',
  ],
  fix: [
    OPEN_PASSIVE_RANGE,
    {
      role: 'network-admin',
      text:
        "Check that the router forwards exactly the server's passive range to the server's current LAN address, " +
        'and look for REJECT rules on those ports (`iptables -S | grep REJECT`).',
    },
  ],
  serverSettings: passiveRangeSettings,
  match(o) {
    // The listing's port worked and a later one did not: part of the range.
    const partly = laterPortFailure(o, ['refused', 'unreachable', 'error']);
    if (partly) return [{ evidence: partly, likelyRule: PART_OF_RANGE }];
    // When the other passive command's port worked, the command is the cause: pasv-epsv-differ says so.
    if (commandsDiffer(o)) return [];
    const p = ranPassive(o);
    const d = p?.data;
    if (!p?.used || !p.dataTarget || !d || (d.kind !== 'refused' && d.kind !== 'unreachable' && d.kind !== 'error'))
      return [];
    return [
      {
        evidence: `Connecting to the data port ${formatEndpoint(p.dataTarget)} (from ${p.used.command}): ${describeConnect(d)}.`,
        likelyRule:
          d.kind === 'unreachable'
            ? 'A firewall REJECT rule answering with ICMP (host- or admin-prohibited) for the passive port range.'
            : undefined,
      },
    ];
  },
};
