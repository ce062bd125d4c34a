import type { AddressRelation } from '../../model/passive.js';
import { formatEndpoint } from '../../protocol/address.js';
import { controlPeer, ranPassive } from '../facts/common.js';
import { pasvAddressSettings } from './fixes.js';
import type { Rule } from './rule.js';

/** The internal kinds of address a PASV reply can name, as the evidence words them; undefined for the others. */
const KIND: Record<AddressRelation, string | undefined> = {
  private: 'a private',
  loopback: 'a loopback',
  'link-local': 'a link-local',
  unspecified: 'the unspecified',
  same: undefined,
  foreign: undefined,
};

export const pasvPrivateAddress: Rule<'pasv-private-address'> = {
  code: 'pasv-private-address',
  title: 'The server advertises a private address for passive mode',
  severity: 'warning',
  stage: 'passive',
  explanation:
    'In passive mode the server tells the client which address and port to connect to for the data. ' +
    'This server named an internal address (private, loopback, link-local or 0.0.0.0) ' +
    'instead of the public address you reached it at: it sits behind NAT and has not been told ' +
    'its external address. Clients that follow the advertised address try to reach an internal ' +
    'network and hang ("Failed to retrieve directory listing"). Some clients (curl, FileZilla) ' +
    "ignore such an address and use the server's public one, as ftpcheck did here; others do not.",
  likelyRule:
    'The server is behind a NAT router (a port forward for port 21) ' +
    'and is not configured with its public address, and no FTP ALG on the router rewrites the PASV reply.',
  confirm: [
    'With `--verbose`, the transcript shows the PASV reply with the internal address.',
    '`curl --ftp-pasv --no-ftp-skip-pasv-ip ftp://HOST/` (curl follows the address) hangs where plain `curl ftp://HOST/` works.',
  ],
  fix: [
    {
      role: 'network-admin',
      text: 'Forward the passive port range (the same one the server uses) to the server, not only port 21.',
    },
    {
      role: 'user',
      text:
        'Meanwhile, use a client that ignores the PASV address (curl does by default; ' +
        'in FileZilla it is the default "fall back to active mode / use server\'s external IP" setting).',
    },
  ],
  serverSettings: pasvAddressSettings,
  match(o) {
    const p = ranPassive(o);
    const advertised = p?.requests.find((r) => r.command === 'PASV')?.advertised;
    const peer = controlPeer(o);
    if (!p || !advertised?.address || !peer) return [];
    const kind = p.relation === undefined ? undefined : KIND[p.relation];
    if (kind === undefined) return [];
    return [
      {
        evidence:
          `PASV named ${kind} address ${formatEndpoint({ address: advertised.address, port: advertised.port })}, ` +
          `but the control connection reached ${peer}; ftpcheck connected to ` +
          `${formatEndpoint({ address: peer, port: advertised.port })} instead.`,
      },
    ];
  },
};
