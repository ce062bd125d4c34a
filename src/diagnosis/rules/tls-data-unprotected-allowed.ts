import { describeReplyResult } from './wording/replies.js';
import { describeTransfer } from './wording/connections.js';
import type { Rule } from './rule.js';

export const tlsDataUnprotectedAllowed: Rule<'tls-data-unprotected-allowed'> = {
  code: 'tls-data-unprotected-allowed',
  title: 'The server sends data unencrypted when a client asks (PROT C accepted on FTPS)',
  severity: 'warning',
  stage: 'login',
  explanation:
    'On this FTPS server the control connection is encrypted, so user names and passwords are protected, ' +
    'but the data channel is encrypted only when the client asks for it: after PBSZ 0 and PROT P were ' +
    'accepted, `PROT C` (clear) was accepted too, and a directory listing then came over a data connection ' +
    'without TLS. A client that asks for clear data (curl `--ftp-ssl-control`, lftp ' +
    '`set ftp:ssl-protect-data no`, Python ftplib `FTP_TLS` until `prot_p()` is called) gets its listings ' +
    'and files sent readable, and changeable, by anyone on the path; the server does not stop it. ' +
    'ftpcheck asked on a connection of its own, listed one directory in the clear and ended that session.',
  likelyRule: 'None: the server does not require TLS on data connections. Found with --audit.',
  confirm: [
    'On a TLS session after login: `PBSZ 0`, `PROT C` answered 200, then `PASV` and `LIST`: the listing arrives in plain text (a packet capture of the data port shows it).',
    'A server that requires protected data answers `PROT C` with 534 or 536, or refuses the listing.',
  ],
  fix: [
    {
      role: 'server-admin',
      text:
        'Require TLS on data connections (the setting of each server is named here), so that the server ' +
        'refuses `PROT C` or a data connection without TLS; then run ftpcheck --audit again to confirm.',
    },
    {
      role: 'user',
      text: 'Until then, keep data protection on in your client: curl without `--ftp-ssl-control`, lftp `set ftp:ssl-protect-data yes`, Python `FTP_TLS.prot_p()` after login.',
    },
  ],
  serverSettings: () => ({
    vsftpd: 'force_local_data_ssl=YES and force_anon_data_ssl=YES',
    proftpd: 'TLSRequired on (control and data), or TLSRequired ctrl+data or data',
    'pure-ftpd': '-Y 2 (or -Y 3): TLS required on control and data connections',
    filezilla: 'the listener’s "Require TLS for data" (FTP over TLS settings)',
    iis: 'FTP SSL Settings, Advanced: Data Channel "Require SSL connections"',
  }),
  match(o) {
    const c = o.clearData;
    if (!o.posture.audit || c?.kind !== 'ran') return [];
    const t = c.listing?.transfer;
    if (t?.kind !== 'complete') return [];
    const request = c.listing?.request.command ?? 'PASV';
    const retried = c.retriedAfter ? ` (asked again on a fresh session: at the first, ${c.retriedAfter})` : '';
    return [
      {
        evidence:
          `After PBSZ 0 and PROT P, \`${c.exchange.command}\` was answered ${describeReplyResult(c.exchange.result)}; ` +
          `then ${request} and LIST over a data connection without TLS: ${describeTransfer(t)}${retried}.`,
      },
    ];
  },
};
