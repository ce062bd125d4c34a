import { ranPassive } from '../facts/common.js';
import { pasvAddressSettings } from './fixes.js';
import type { Rule } from './rule.js';

export const algRewritesPasv: Rule<'alg-rewrites-pasv'> = {
  code: 'alg-rewrites-pasv',
  title: "A router's FTP ALG rewrites the server's passive address",
  severity: 'warning',
  stage: 'passive',
  explanation:
    "Over plain FTP the server's PASV reply named one address, over TLS another. " +
    'Nothing on the path can change the encrypted reply, so the TLS one is what the server really says; ' +
    'a router or firewall with an FTP ALG rewrote the plain one. The server is not configured with its ' +
    'external address and works for plain FTP only thanks to the router; FTPS clients get the internal address.',
  likelyRule:
    "A NAT router's FTP ALG / FTP inspection rewrites PASV replies because the server does not advertise its public address itself.",
  confirm: [
    'Compare the PASV replies in `ftpcheck HOST --verbose` (plain) and `ftpcheck HOST --tls --verbose`: the addresses differ.',
    'On the router, look for an "FTP ALG", "FTP inspection" or `nf_nat_ftp` helper on port 21.',
  ],
  fix: [
    {
      role: 'network-admin',
      text: 'After configuring the server, the ALG can be turned off for this server; forward the passive port range explicitly.',
    },
  ],
  serverSettings: pasvAddressSettings,
  match(o) {
    const tlsPasv = ranPassive(o)?.requests.find((r) => r.command === 'PASV')?.advertised?.address;
    const plainPasv = o.plain?.kind === 'ran' ? o.plain.pasv?.advertised?.address : undefined;
    if (!o.tlsRequest || !tlsPasv || !plainPasv || tlsPasv === plainPasv) return [];
    return [
      {
        evidence: `Plain FTP: PASV named ${plainPasv}; under TLS the server named ${tlsPasv}.`,
      },
    ];
  },
};
