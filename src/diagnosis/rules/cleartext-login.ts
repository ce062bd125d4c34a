import { isAnonymousUser } from '../facts/common.js';
import type { Rule } from './rule.js';

export const cleartextLogin: Rule<'cleartext-login'> = {
  code: 'cleartext-login',
  title: 'A password was sent in clear text to a server that offers TLS',
  severity: 'info',
  stage: 'login',
  explanation:
    'This check logged in over plain FTP, so the password crossed the network readable by anyone on the ' +
    'path, yet the server offers encryption: FEAT lists AUTH TLS, and AUTH TLS was accepted on a second ' +
    'connection. Clients set to plain FTP, or to "use TLS if available" without checking, do the same. ' +
    'Information in a normal check; a warning that counts in the verdict with --audit.',
  likelyRule: "No firewall rule: the client's choice of plain FTP, and a server that allows it.",
  confirm: ['`ftpcheck --tls HOST` with the same user logs in over TLS.'],
  fix: [
    {
      role: 'user',
      text:
        'Use FTPS: `ftpcheck --tls HOST`; in clients "Require explicit FTP over TLS" (FileZilla), ' +
        '`curl --ssl-reqd`, `lftp -e "set ftp:ssl-force true"`. Change the password if it crossed an untrusted network.',
    },
    {
      role: 'server-admin',
      text: "Refuse logins with a password before AUTH TLS (each server's own setting is listed here); anonymous FTP can stay plain.",
    },
  ],
  serverSettings: () => ({
    vsftpd: 'force_local_logins_ssl=YES and force_local_data_ssl=YES (the defaults with ssl_enable=YES)',
    proftpd: 'TLSRequired on (or auth+data)',
    'pure-ftpd': 'TLS 2 (option -Y 2): refuse cleartext logins',
    filezilla: 'Server listeners: "Require explicit FTP over TLS"',
    iis: 'FTP SSL Settings → SSL policy "Require SSL connections"',
    'ftp-srv': "refuse the login in the 'login' handler unless the connection is secure",
  }),
  match(o) {
    const l = o.login;
    const probe = o.authTlsProbe?.result;
    if (o.tlsRequest || !l || isAnonymousUser(l.user) || probe?.kind !== 'reply' || probe.reply.code !== 234) return [];
    if (!l.exchanges.some((e) => e.command.startsWith('PASS'))) return [];
    return [
      {
        severity: o.posture.audit ? 'warning' : 'info',
        evidence:
          `The password of ${l.user} was sent without TLS, although the server offers it: FEAT lists AUTH TLS, ` +
          'and AUTH TLS on a second connection was answered 234.',
      },
    ];
  },
};
