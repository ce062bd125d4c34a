import { describeReplyResult } from '../describe.js';
import type { Rule } from '../rule.js';

export const tlsUnsupported: Rule<'tls-unsupported'> = {
  code: 'tls-unsupported',
  title: 'The server does not offer FTP over TLS',
  severity: 'error',
  stage: 'tls',
  explanation:
    'ftpcheck asked the server to switch the control connection to TLS (AUTH TLS), ' +
    'as an FTPS client does, and the server refused. The server has no TLS configured, or TLS is switched off. ' +
    'Clients set to "require explicit FTP over TLS" cannot connect.',
  likelyRule: 'No firewall rule: TLS is not enabled on the server (or a proxy in front of it strips AUTH TLS).',
  confirm: ['`curl -v --ssl-reqd ftp://HOST/` shows the refused AUTH TLS.'],
  fix: [
    {
      role: 'server-admin',
      text: 'Enable explicit FTPS with a certificate for the name clients use (the setting for each server is below).',
    },
    { role: 'user', text: 'If the server is meant to use implicit FTPS, check it as ftps://host (port 990).' },
  ],
  serverSettings: () => ({
    vsftpd: 'ssl_enable=YES with rsa_cert_file= and rsa_private_key_file=',
    proftpd: 'TLSEngine on with TLSRSACertificateFile and TLSRSACertificateKeyFile (mod_tls)',
    'pure-ftpd': 'TLS 1 (or 2 to require it) and a certificate in /etc/ssl/private/pure-ftpd.pem',
    filezilla: 'Server listeners: a TLS certificate and "Explicit FTP over TLS"',
    iis: 'FTP SSL Settings: choose an SSL certificate',
    'ftp-srv': 'a tls option with key and cert',
  }),
  match(o) {
    if (o.tls?.kind !== 'auth-refused' || o.tls.exchange.result.kind !== 'reply') return [];
    return [{ evidence: `AUTH TLS was answered ${describeReplyResult(o.tls.exchange.result)}.` }];
  },
};
