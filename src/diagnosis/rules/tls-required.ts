import { describeReply } from './wording/replies.js';
import type { Rule } from './rule.js';

export const tlsRequired: Rule<'tls-required'> = {
  code: 'tls-required',
  title: 'The server requires an encrypted (FTPS) connection',
  severity: 'error',
  stage: 'login',
  explanation:
    'The server refuses to log in over plain FTP and asks for encryption (FTP over TLS, ' +
    'also called FTPS or FTPES). The network path works; the client must switch on TLS. ' +
    'Note that once the control connection is encrypted, firewalls can no longer read ' +
    'the passive ports in it, so the passive port range must be opened explicitly.',
  likelyRule: "No firewall rule: the server's policy demands TLS before login.",
  confirm: ['`curl -u USER --ssl-reqd ftp://HOST/` logs in where plain FTP does not.'],
  fix: [
    {
      role: 'user',
      text:
        'Check again with TLS: `ftpcheck --tls HOST` (or ftps://HOST for implicit FTPS). ' +
        'In clients: "Require explicit FTP over TLS" in FileZilla, ' +
        '`curl --ssl-reqd ftp://…`, `lftp -e "set ftp:ssl-force true"`.',
    },
    {
      role: 'server-admin',
      text: "If plain FTP should be allowed for this user, relax the server's TLS requirement (below); better, keep it and have clients use TLS.",
    },
    {
      role: 'network-admin',
      text: "With TLS, the firewall's FTP helper cannot see passive ports: open or forward the server's passive port range explicitly.",
    },
  ],
  serverSettings: () => ({
    vsftpd: 'force_local_logins_ssl=NO and force_local_data_ssl=NO (force_anon_… for anonymous) to allow plain FTP',
    proftpd: 'TLSRequired off to allow plain FTP',
    'pure-ftpd': 'TLS 1 (allow both) instead of 2 or 3',
    filezilla: 'Server listeners: "Explicit FTP over TLS and insecure plain FTP"',
    iis: 'FTP SSL Settings → SSL policy "Allow SSL connections"',
  }),
  match(o) {
    const l = o.login;
    if (l?.kind !== 'refused' || !l.tlsRequired) return [];
    return [{ evidence: `${l.command} was answered ${describeReply(l.reply)}.` }];
  },
};
