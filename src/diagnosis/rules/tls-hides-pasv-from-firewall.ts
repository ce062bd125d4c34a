import { describeConnect } from './wording/connections.js';
import { ranPassive } from '../facts/common.js';
import { OPEN_PASSIVE_RANGE, passiveRangeSettings } from './fixes.js';
import type { Rule } from './rule.js';

export const tlsHidesPasvFromFirewall: Rule<'tls-hides-pasv-from-firewall'> = {
  code: 'tls-hides-pasv-from-firewall',
  title: 'Passive mode works without TLS but fails with it: a firewall helper is blind to TLS',
  severity: 'error',
  stage: 'passive',
  explanation:
    'The passive data connection failed over FTPS, but the same steps over plain FTP worked. ' +
    'The firewall or router in front of the server does not have the passive port range open; ' +
    'it opens each data port on the fly by reading the PASV reply on the control connection (the Linux ' +
    'FTP conntrack helper, a router\'s FTP ALG, "FTP inspection"). With TLS that reply is encrypted, ' +
    'the helper sees nothing, and the data port stays closed. Every FTPS client fails the same way.',
  likelyRule:
    'A stateful firewall or NAT router that relies on its FTP helper/ALG instead of an explicit ' +
    'rule for the passive port range; the helper cannot read encrypted control connections.',
  confirm: [
    'Run `ftpcheck HOST` (plain) and `ftpcheck HOST --tls`: passive works in the first and fails in the second.',
    'On the firewall: `conntrack -L -p tcp --dport PORT` shows the control connection with `helper=ftp`, ' +
      'and no expectation (`conntrack -L expect`) appears for TLS sessions.',
  ],
  fix: [
    OPEN_PASSIVE_RANGE,
    {
      role: 'network-admin',
      text: 'Stop relying on the helper for FTPS: open (and, behind NAT, forward) the passive port range explicitly.',
    },
  ],
  serverSettings: passiveRangeSettings,
  match(o) {
    const tls = ranPassive(o);
    const plain = o.plain?.kind === 'ran' && o.plain.passive?.kind === 'ran' ? o.plain.passive : undefined;
    const data = tls?.data;
    const failed = data?.kind === 'timeout' || data?.kind === 'refused' || data?.kind === 'unreachable';
    const plainTarget = plain?.transfer?.kind === 'complete' ? plain.dataTarget : undefined;
    if (!o.tlsRequest || !tls?.dataTarget || !data || !failed || !plainTarget) return [];
    return [
      {
        evidence:
          `Under TLS, connecting to the data port ${tls.dataTarget.port}: ${describeConnect(data)}; ` +
          `over plain FTP (compared on a second connection) the passive listing through port ${plainTarget.port} worked.`,
      },
    ];
  },
};
