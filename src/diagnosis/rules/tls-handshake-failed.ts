import { describeHandshake } from './wording/tls.js';
import type { Rule } from './rule.js';
import { anotherServiceAnswered } from './wording/other-service.js';
import { mixedTlsMode } from '../facts/tls.js';

export const tlsHandshakeFailed: Rule<'tls-handshake-failed'> = {
  code: 'tls-handshake-failed',
  title: 'The TLS handshake on the control connection fails',
  severity: 'error',
  stage: 'tls',
  explanation:
    'The TLS handshake that encrypts the control connection was refused: the server answered with a TLS ' +
    'alert or closed or reset the connection. Either the two sides share no ' +
    'protocol version or cipher (an old server that only speaks SSLv3/TLS 1.0, or a modern client policy), ' +
    "the server's TLS setup is broken (no or unreadable certificate), or something on the path interferes: " +
    'a firewall or proxy that inspects FTP and cannot handle TLS, ' +
    'or an implicit-FTPS port that does not speak TLS at all.',
  likelyRule:
    'A TLS configuration mismatch on the server, or an FTP-inspecting firewall or proxy that breaks TLS on the control connection.',
  confirm: [
    '`openssl s_client -connect HOST:PORT -starttls ftp` (for implicit FTPS, without -starttls) shows where the handshake stops.',
  ],
  fix: [
    {
      role: 'server-admin',
      text:
        "Check the server's TLS settings and log: certificate and key files readable (vsftpd `rsa_cert_file`, " +
        'ProFTPD `TLSRSACertificateFile`), protocols TLS 1.2 and 1.3 enabled ' +
        '(vsftpd `ssl_tlsv1_2=YES`, ProFTPD `TLSProtocol TLSv1.2 TLSv1.3`).',
    },
    {
      role: 'network-admin',
      text: 'If a firewall performs FTP inspection or TLS inspection, test without it or exempt the server.',
    },
    {
      role: 'user',
      text: 'Check the port and TLS mode: implicit FTPS (ftps://, usually port 990) and explicit FTPS (--tls, port 21) are not interchangeable.',
    },
  ],
  match(o) {
    if (o.tls?.kind !== 'ran') return [];
    const h = o.tls.handshake;
    // An implicit handshake met a port that greets in plain FTP: tls-mode-mismatch says so instead; a
    // handshake that got no answer while the connection stayed open is tls-handshake-stalled.
    // A port whose plain greeting named another protocol: not-ftp says so.
    if (h.kind !== 'failed' || mixedTlsMode(o) || anotherServiceAnswered(o)) return [];
    return [{ evidence: `The ${o.tls.mode} TLS handshake ${describeHandshake(h)}.` }];
  },
};
