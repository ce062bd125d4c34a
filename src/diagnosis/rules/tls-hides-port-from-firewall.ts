import { describeCallback } from './wording/connections.js';
import { ranActive } from '../facts/common.js';
import type { Rule } from './rule.js';

export const tlsHidesPortFromFirewall: Rule<'tls-hides-port-from-firewall'> = {
  code: 'tls-hides-port-from-firewall',
  title: 'Active mode works without TLS but fails with it: a firewall helper is blind to TLS',
  severity: 'error',
  stage: 'active',
  explanation:
    "The server's active-mode connection back to this machine arrived over plain FTP but not over FTPS. " +
    'A firewall or NAT router on this side lets the callback in only because its FTP helper ' +
    'reads the PORT command; with TLS the command is encrypted and the helper cannot open the way.',
  likelyRule:
    'A client-side stateful firewall or NAT router that relies on its FTP helper/ALG for active mode; the helper cannot read encrypted PORT commands.',
  confirm: ['Run `ftpcheck HOST --mode active` (plain) and with `--tls`: the callback arrives in the first only.'],
  fix: [
    { role: 'user', text: 'Use passive mode with FTPS.' },
    {
      role: 'network-admin',
      text: "If active FTPS is required, allow inbound connections from the server's address to this client explicitly instead of relying on the helper.",
    },
  ],
  match(o) {
    const tls = ranActive(o);
    const plain = o.plain?.kind === 'ran' && o.plain.active?.kind === 'ran' ? o.plain.active : undefined;
    const cb = tls?.callback;
    if (!o.tlsRequest || !tls || cb?.kind !== 'none' || plain?.transfer?.kind !== 'complete') return [];
    return [
      {
        evidence: `Under TLS, after ${tls.command}, ${describeCallback(cb)}; over plain FTP (compared on a second connection) it did and the listing arrived.`,
      },
    ];
  },
};
