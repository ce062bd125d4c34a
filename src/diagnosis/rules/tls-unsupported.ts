import { describeReplyResult } from '../facts.js';
import type { Rule } from '../rule.js';

export const tlsUnsupported: Rule<'tls-unsupported'> = {
  code: 'tls-unsupported',
  title: 'The server does not offer FTP over TLS',
  severity: 'error',
  stage: 'tls',
  explanation:
    'ftpcheck asked the server to switch the control connection to TLS (AUTH TLS), as an FTPS client does, and the server refused. The server has no TLS configured, or TLS is switched off. Clients set to "require explicit FTP over TLS" cannot connect.',
  likelyRule: 'No firewall rule: TLS is not enabled on the server (or a proxy in front of it strips AUTH TLS).',
  fix: [
    { role: 'server-admin', text: 'Enable explicit FTPS with a certificate: vsftpd `ssl_enable=YES`, `rsa_cert_file=`, `rsa_private_key_file=`; ProFTPD `TLSEngine on` with `TLSRSACertificateFile`; Pure-FTPd `TLS 1` (or 2); FileZilla Server: a TLS certificate in "Server listeners"; IIS: an SSL certificate in "FTP SSL Settings".' },
    { role: 'user', text: 'If the server is meant to use implicit FTPS, check it as ftps://host (port 990).' },
  ],
  match(o) {
    if (o.tls?.kind !== 'auth-refused' || o.tls.exchange.result.kind !== 'reply') return [];
    return [{ evidence: `AUTH TLS was answered ${describeReplyResult(o.tls.exchange.result)}.` }];
  },
};
