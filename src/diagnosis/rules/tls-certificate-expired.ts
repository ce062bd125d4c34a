import { certificateSeverity, controlTls } from '../facts/common.js';
import type { Rule } from './rule.js';

export const tlsCertificateExpired: Rule<'tls-certificate-expired'> = {
  code: 'tls-certificate-expired',
  title: "The server's certificate has expired (or is not yet valid)",
  severity: 'warning',
  stage: 'tls',
  explanation:
    'The certificate is outside its validity period. Clients refuse it or show a warning. ' +
    'Usually the renewal did not happen or the server was not reloaded after it; ' +
    'a clock far off on either machine gives the same result. With --tls-strict this is an error.',
  likelyRule: 'No firewall rule: an expired certificate on the server, or a wrong clock.',
  confirm: [
    '`openssl s_client -connect HOST:PORT -starttls ftp | openssl x509 -noout -dates` shows the validity dates.',
  ],
  fix: [
    {
      role: 'server-admin',
      text:
        'Renew the certificate and reload the FTP server (vsftpd reads it at each connection; ' +
        'ProFTPD and Pure-FTPd need a reload). Automate renewal and the reload.',
    },
    { role: 'user', text: "Check this machine's date and time." },
  ],
  match(o) {
    const cert = controlTls(o)?.certificate;
    if (!cert || (!cert.expired && !cert.notYetValid)) return [];
    return [
      {
        severity: certificateSeverity(o),
        evidence: cert.expired
          ? `The certificate expired on ${cert.validTo}.`
          : `The certificate is valid only from ${cert.validFrom}.`,
      },
    ];
  },
};
