import type { Rule } from './rule.js';

export const tlsLegacyVersion: Rule<'tls-legacy-version'> = {
  code: 'tls-legacy-version',
  title: 'The server still accepts TLS 1.0 or 1.1',
  severity: 'warning',
  stage: 'tls',
  explanation:
    'On a connection of its own, ftpcheck offered only TLS 1.0 and 1.1, and the server agreed to one of them. ' +
    'Both versions are deprecated (RFC 8996): they rely on SHA-1 and on cipher modes with known attacks, and ' +
    'compliance rules (PCI DSS, BSI, NIST SP 800-52) forbid them. A client or a man in the middle that ' +
    'offers only these versions gets a weakly protected session, passwords included. Modern clients use ' +
    'TLS 1.2 or 1.3, so turning the old versions off breaks only very old clients.',
  likelyRule: "No firewall rule: the server's TLS settings still allow TLS 1.0 or 1.1.",
  confirm: [
    "`openssl s_client -connect HOST:PORT -starttls ftp -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0'` " +
      '(or `-tls1`; for implicit FTPS, without -starttls) completes a handshake.',
  ],
  fix: [
    {
      role: 'server-admin',
      text: "Allow only TLS 1.2 and 1.3 (each server's own setting is listed here), then reload and check again.",
    },
  ],
  serverSettings: () => ({
    vsftpd:
      'an ssl_ciphers list without @SECLEVEL=0 (for example ssl_ciphers=HIGH): with OpenSSL 3 that refuses ' +
      'TLS 1.0 and 1.1; ssl_tlsv1=NO alone turns off TLS 1.0 only (vsftpd 3.0 has no switch for 1.1)',
    proftpd: 'TLSProtocol TLSv1.2 TLSv1.3',
    'pure-ftpd': 'remove @SECLEVEL=0 and TLSv1 from TLSCipherSuite; OpenSSL 3 then refuses TLS 1.0 and 1.1',
    filezilla: 'Server → Settings → FTP over TLS: minimum allowed TLS version 1.2',
    iis: 'turn off TLS 1.0 and 1.1 in Windows Schannel (registry SCHANNEL\\Protocols\\TLS 1.0 and TLS 1.1, Server Enabled=0) and restart',
    'ftp-srv': "the tls option's minVersion: 'TLSv1.2'",
  }),
  match(o) {
    const legacy = o.legacyTls;
    if (legacy?.kind !== 'ran' || legacy.handshake.kind !== 'established') return [];
    const { protocol, cipher } = legacy.handshake;
    return [
      {
        evidence:
          `A client offering only ${legacy.offered.join(' and ')} on a new connection was accepted: ` +
          `the server agreed to ${protocol} (${cipher}).`,
      },
    ];
  },
};
