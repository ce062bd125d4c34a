import { certificateSeverity, controlTls } from '../facts/common.js';
import type { Rule } from './rule.js';

export const tlsCertificateNameMismatch: Rule<'tls-certificate-name-mismatch'> = {
  code: 'tls-certificate-name-mismatch',
  title: "The certificate does not name the server's host",
  severity: 'warning',
  stage: 'tls',
  explanation:
    'The certificate is for other names than the one you connected to. Clients warn or refuse. ' +
    'Common causes: connecting by IP address while the certificate names a host, ' +
    'a certificate for another host on the same machine, or a NAT/port forward that ' +
    'leads to a different server than intended. With --tls-strict this is an error.',
  likelyRule:
    'No firewall rule, unless a port forward leads to the wrong server: a certificate issued for another name.',
  confirm: [
    '`openssl s_client -connect HOST:PORT -starttls ftp | openssl x509 -noout -ext subjectAltName` lists the names in the certificate.',
  ],
  fix: [
    { role: 'user', text: 'Connect with the host name the certificate names, not the IP address.' },
    {
      role: 'server-admin',
      text: 'Issue a certificate that includes the name clients use (subjectAltName), and check that the port forward leads to this server.',
    },
  ],
  match(o) {
    const cert = controlTls(o)?.certificate;
    if (!cert || cert.nameMatches) return [];
    return [
      {
        severity: certificateSeverity(o),
        evidence: `${cert.nameError ?? 'The certificate does not match the host name'} (subject "${cert.subject}").`,
      },
    ];
  },
};
