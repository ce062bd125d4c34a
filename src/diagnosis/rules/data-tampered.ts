import { formatEndpoint } from '../../protocol/address.js';
import type { Rule } from './rule.js';
import type { Match } from './rule.js';
import type { NonceArrival } from '../../model/reflect.js';

export const dataTampered: Rule<'data-tampered'> = {
  code: 'data-tampered',
  title: 'Data arrived changed: something on the path alters FTP data connections',
  severity: 'error',
  stage: 'active',
  explanation:
    'The reflector sends a one-time nonce over each data connection, and it arrived with other bytes than ' +
    'were sent. TCP delivers what was sent or nothing; a change means a device that terminates or rewrites ' +
    'the connection: a proxy, an FTP-aware firewall or an ALG that edits data it takes for a listing, an ' +
    'antivirus or content filter scanning downloads, or a transparent proxy that answers itself. Files ' +
    'transferred over the same path may arrive corrupted or replaced.',
  likelyRule:
    'A transparent proxy, content filter or FTP inspection on this machine’s network that rewrites data ' +
    'connections (or, rarely, a broken middlebox or NIC offload that corrupts them).',
  confirm: [
    'Run `ftpcheck reflect URL --verbose` again: a fixed rewrite changes the nonce the same way each time.',
    'Download a file of known checksum over FTP and over HTTPS and compare (`sha256sum`).',
    'Run `ftpcheck reflect URL --tls` (the agent needs a certificate): with PROT P nothing on the path can change the data, so the nonce arrives intact if the middlebox is to blame.',
  ],
  fix: [
    {
      role: 'user',
      text: 'Use FTPS with protected data (PROT P) or SFTP, so nothing on the path can change the data.',
    },
    {
      role: 'network-admin',
      text:
        "Find the device that rewrites: the firewall's FTP inspection or content scanning, a transparent proxy; " +
        'exempt FTP data connections from it, or turn the feature off.',
    },
  ],
  match(o) {
    const r = o.reflect;
    if (!r) return [];
    const matches: Match[] = [];
    const one = (nonce: NonceArrival, stage: 'active' | 'passive', how: string): void => {
      if (nonce.kind !== 'changed') return;
      matches.push({
        stage,
        evidence:
          `On the ${how} the nonce arrived changed: ${nonce.bytes} bytes, "${nonce.received.slice(0, 80)}" ` +
          'instead of the nonce sent.',
      });
    };
    const cb = o.active?.kind === 'ran' && o.active.callback?.kind === 'arrived' ? o.active.callback.from : undefined;
    const target = o.passive?.kind === 'ran' ? o.passive.dataTarget : undefined;
    one(r.activeNonce, 'active', `active data connection${cb ? ` from ${formatEndpoint(cb)}` : ''}`);
    one(r.passiveNonce, 'passive', `passive data connection${target ? ` to ${formatEndpoint(target)}` : ''}`);
    return matches;
  },
};
