import { certificateEnding } from '../facts/tls.js';
import { daysText } from './wording/tls.js';
import type { Rule } from './rule.js';

export const tlsCertificateExpiring: Rule<'tls-certificate-expiring'> = {
  code: 'tls-certificate-expiring',
  title: "The server's certificate ends soon",
  severity: 'warning',
  stage: 'tls',
  explanation:
    "The server's certificate is valid today but ends within the warning threshold (--cert-warn-days, 21 days " +
    'by default). When it ends, clients refuse the connection or warn about it, and unattended transfers stop. ' +
    "Certificates from an ACME authority (Let's Encrypt) last 90 days and are renewed about 30 days before " +
    'they end, so one this close to its end usually means the renewal, or the reload after it, is failing.',
  likelyRule: 'No firewall rule: the certificate has not been renewed, or the FTP server still serves the old one.',
  confirm: [
    '`openssl s_client -connect HOST:PORT -starttls ftp </dev/null | openssl x509 -noout -enddate` ' +
      '(for implicit FTPS, without -starttls) shows the end date.',
  ],
  fix: [
    {
      role: 'server-admin',
      text:
        'Renew the certificate and reload the FTP server so that it serves the new one (vsftpd reads it at each ' +
        'connection; ProFTPD, Pure-FTPd and FileZilla Server need a reload or restart). Automate both: ' +
        '`certbot renew --deploy-hook "systemctl reload proftpd"`, or the ACME client\'s equivalent.',
    },
    {
      role: 'user',
      text: "Tell the server's administrator the end date; monitor it (the exporter's ftpcheck_tls_cert_expiry_timestamp_seconds).",
    },
  ],
  serverSettings: () => ({
    vsftpd: 'rsa_cert_file= and rsa_private_key_file= name the renewed files (read at each new connection)',
    proftpd: 'TLSRSACertificateFile and TLSRSACertificateKeyFile name the renewed files; then reload',
    'pure-ftpd': 'replace /etc/ssl/private/pure-ftpd.pem (key and certificate) and restart',
    filezilla:
      "Server listeners → TLS certificate: import the renewed certificate, or let its Let's Encrypt option renew it",
    iis: 'FTP SSL Settings: choose the renewed certificate (or use certificate rebind, which follows renewals)',
    'ftp-srv': 'restart with the renewed key and cert in the tls option',
  }),
  match(o) {
    const cert = certificateEnding(o);
    if (!cert) return [];
    return [
      {
        evidence:
          `The certificate ends on ${cert.validTo}, ${daysText(cert.daysLeft)} after this check ` +
          `(ftpcheck warns from ${daysText(o.posture.certWarnDays)} before, --cert-warn-days).`,
      },
    ];
  },
};
