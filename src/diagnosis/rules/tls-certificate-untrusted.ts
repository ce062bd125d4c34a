import { certificateSeverity, chainIncomplete, controlTls } from '../facts/common.js';
import type { Rule } from './rule.js';

export const tlsCertificateUntrusted: Rule<'tls-certificate-untrusted'> = {
  code: 'tls-certificate-untrusted',
  title: "The server's certificate is not trusted",
  severity: 'warning',
  stage: 'tls',
  explanation:
    'The certificate the server presented does not chain to a certificate authority this machine trusts: ' +
    'it is self-signed, or signed by a private CA that this machine does not trust. ' +
    'Clients warn or refuse; users who click the warning away cannot tell ' +
    'a real server from an impostor. With --tls-strict this is an error.',
  likelyRule: 'No firewall rule: a self-signed or private-CA certificate on the server.',
  confirm: [
    '`openssl s_client -connect HOST:PORT -starttls ftp -showcerts` shows the chain the server sends and the verify error.',
  ],
  fix: [
    {
      role: 'server-admin',
      text:
        "Use a certificate from a public CA (for example Let's Encrypt) for the name clients use, " +
        'and configure the full chain (vsftpd `rsa_cert_file` with the certificate ' +
        'followed by its intermediates; ProFTPD `TLSCertificateChainFile`).',
    },
    {
      role: 'user',
      text: "For a private CA, give its certificate to ftpcheck with --ca FILE and install it in your client's trust store.",
    },
  ],
  match(o) {
    const cert = controlTls(o)?.certificate;
    // A certificate that came without its issuer: tls-chain-incomplete says so.
    if (!cert || cert.trusted || chainIncomplete(cert)) return [];
    return [
      {
        severity: certificateSeverity(o),
        evidence:
          `Certificate "${cert.subject}" issued by "${cert.issuer}" is not trusted` +
          `${cert.trustError ? ` (${cert.trustError})` : ''}${cert.selfSigned ? '; it is self-signed' : ''}.`,
      },
    ];
  },
};
