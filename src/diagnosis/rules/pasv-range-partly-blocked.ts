import { describePortRuns } from './wording/connections.js';
import { OPEN_PASSIVE_RANGE, passiveRangeSettings } from './fixes.js';
import type { Rule } from './rule.js';
import { portRuns } from '../facts/sweep.js';

export const pasvRangePartlyBlocked: Rule<'pasv-range-partly-blocked'> = {
  code: 'pasv-range-partly-blocked',
  title: 'Only part of the passive port range gets through',
  severity: 'warning',
  stage: 'passive',
  explanation:
    'The sweep connected to every port of the passive range. Some ports answered (connected, ' +
    'or refused by the server itself: either way the packets reached it, ' +
    'so the firewall lets them through), others got no answer or an ICMP rejection (blocked on the way). ' +
    'The firewall rule or port forward covers a different range than the server uses, ' +
    'so passive transfers fail at random: whenever the server picks a port outside the open part.',
  likelyRule:
    "The firewall's or router's passive range (allow rule or port forward) does not match the server's configured range: it is narrower, shifted, or split.",
  confirm: [
    'Run the sweep again (`ftpcheck HOST --sweep-pasv-range MIN-MAX`): the same ports are blocked each time.',
    "Compare the firewall's rule or port forward with the server's passive range setting.",
  ],
  fix: [
    OPEN_PASSIVE_RANGE,
    {
      role: 'server-admin',
      text: "Alternatively shrink the server's passive range to the part the firewall lets through.",
    },
  ],
  serverSettings: passiveRangeSettings,
  match(o) {
    const s = o.sweep;
    if (s?.kind !== 'ran') return [];
    const passes = s.classes.some((c) => c === 'reachable' || c === 'closed');
    const blocked = s.classes.some((c) => c === 'filtered' || c === 'unreachable');
    if (!passes || !blocked) return [];
    return [
      {
        evidence: `Sweep of ${s.address} ports ${s.range.min}-${s.range.max}: ${describePortRuns(portRuns(s.range.min, s.classes))}.`,
      },
    ];
  },
};
