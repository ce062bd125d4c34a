import { natBetween } from '../facts/common.js';
import type { Rule } from './rule.js';

export const clientBehindNatRule: Rule<'client-behind-nat'> = {
  code: 'client-behind-nat',
  title: 'This machine is behind NAT',
  severity: 'info',
  stage: 'connect',
  explanation:
    "ftpcheck runs on a private address and reaches the server's public one, so a NAT router translates its " +
    'connections. Passive mode is not affected. Active mode is: the server must connect back to an address it ' +
    'cannot reach, unless the router has an FTP helper (ALG) ' +
    'that rewrites PORT commands and forwards the connection.',
  likelyRule: 'None by itself; it explains active-mode failures.',
  confirm: [
    "Compare this machine's address (`ip addr`, `ipconfig`) with the address the server sees (its log, or a what-is-my-IP service).",
  ],
  fix: [{ role: 'user', text: 'Use passive mode.' }],
  match(o) {
    const nat = natBetween(o);
    if (!nat) return [];
    return [{ evidence: `Local address ${nat.local}, server ${nat.peer}.` }];
  },
};
