import { certificateSeverity, chainIncomplete, controlTls } from '../facts/common.js';
import type { Rule } from './rule.js';

export const tlsChainIncomplete: Rule<'tls-chain-incomplete'> = {
  code: 'tls-chain-incomplete',
  title: 'The server sends its certificate without the chain to its CA',
  severity: 'warning',
  stage: 'tls',
  explanation:
    'A server must send its own certificate followed by the intermediate certificates that link it to a ' +
    'certificate authority clients trust. This server sent its certificate alone, and it is not self-signed: ' +
    'its issuer is a CA whose certificate the server did not send and this machine does not have. Almost ' +
    'always the intermediate certificate is missing: the server was set up with the certificate file but not ' +
    'the chain (or "bundle") file its CA delivered with it. Browsers often hide this by fetching the missing ' +
    'certificate themselves; FTP clients do not, and warn or refuse. Less often the issuer is a private CA ' +
    'that clients must be given. With --tls-strict this is an error.',
  likelyRule: "No firewall rule: the intermediate (chain) certificate is missing from the server's TLS setup.",
  confirm: [
    '`openssl s_client -connect HOST:PORT -starttls ftp -showcerts` lists one certificate under "Certificate chain" ' +
      'and ends with "unable to verify the first certificate" (verify error 20 or 21).',
  ],
  fix: [
    {
      role: 'server-admin',
      text:
        "Configure the chain the CA delivered (often named chain.pem, fullchain.pem or ca-bundle): the server's " +
        'certificate first, then the intermediates, never the root. Clients then verify it without help.',
    },
    {
      role: 'user',
      text:
        "If the issuer is a private CA rather than a missing intermediate, give the CA's certificate to ftpcheck " +
        "with --ca FILE and install it in your client's trust store.",
    },
  ],
  serverSettings: () => ({
    vsftpd: 'rsa_cert_file pointing to a PEM file with the certificate followed by its intermediates (fullchain.pem)',
    proftpd: 'TLSCertificateChainFile with the intermediates, beside TLSRSACertificateFile',
    'pure-ftpd':
      '/etc/ssl/private/pure-ftpd.pem as one bundle: the private key, the certificate, then its intermediates',
    filezilla: 'Server settings → FTP over TLS: a certificate file that holds the full chain',
    iis: 'import the intermediate certificates into the "Intermediate Certification Authorities" store of the server',
    'ftp-srv': 'tls.cert with the certificate followed by its intermediates (or tls.ca with the intermediates)',
  }),
  match(o) {
    const cert = controlTls(o)?.certificate;
    if (!cert || !chainIncomplete(cert)) return [];
    return [
      {
        severity: certificateSeverity(o),
        evidence:
          `Certificate "${cert.subject}" came alone: its issuer "${cert.issuer}" was not sent with it, ` +
          `and this machine does not have it${cert.trustError ? ` (${cert.trustError})` : ''}.`,
      },
    ];
  },
};
