// Lab scenarios of one area: TLS posture and protocol mix-ups, with Debian's vsftpd.
import { PUBLIC, SERVER_TLS, type Scenario } from './scenario-kit.js';

/** vsftpd speaking implicit FTPS on port 21: TLS from the first byte, nothing before it. */
const IMPLICIT_ON_21 = { ...SERVER_TLS, implicit_ssl: 'YES' };

export const TLS_SCENARIOS: Scenario[] = [
  {
    name: 'TLS mix-up: implicit-FTPS vsftpd checked as plain FTP',
    topology: PUBLIC,
    server: IMPLICIT_ON_21,
    certificate: 'good',
    expect: { verdict: 'failed', codes: ['tls-mode-mismatch'], absent: ['banner-timeout'] },
  },
  {
    name: 'TLS mix-up: implicit-FTPS vsftpd checked with --tls (AUTH TLS)',
    topology: PUBLIC,
    server: IMPLICIT_ON_21,
    tls: true,
    expect: { verdict: 'failed', codes: ['tls-mode-mismatch'], absent: ['banner-timeout'] },
  },
  {
    name: 'TLS mix-up: plain vsftpd checked as ftps://',
    topology: PUBLIC,
    server: {},
    client: { target: 'ftps://198.18.2.2:21' },
    expect: { verdict: 'failed', codes: ['tls-mode-mismatch'], absent: ['tls-handshake-failed'] },
  },
  {
    name: 'FTPS: the certificate ends in 3 days',
    topology: PUBLIC,
    server: SERVER_TLS,
    tls: true,
    certificate: 'expiring',
    expect: { verdict: 'degraded', codes: ['tls-certificate-expiring'] },
  },
  {
    // Debian's vsftpd 3.0.3 has ssl_tlsv1=YES by default, but OpenSSL 3 refuses TLS 1.0/1.1 at its
    // default security level; a cipher list that lowers it, as old how-tos suggest, lets them in.
    name: 'FTPS: vsftpd still accepts TLS 1.0 and 1.1 (ssl_ciphers with @SECLEVEL=0)',
    topology: PUBLIC,
    server: { ...SERVER_TLS, ssl_tlsv1: 'YES', ssl_ciphers: 'DEFAULT:@SECLEVEL=0' },
    tls: true,
    expect: { verdict: 'degraded', codes: ['tls-legacy-version'] },
  },
  {
    // ssl_tlsv1=NO takes TLS 1.0 away, but vsftpd 3.0 has no switch for 1.1: the probe offers both.
    name: 'FTPS: vsftpd with ssl_tlsv1=NO still accepts TLS 1.1',
    topology: PUBLIC,
    server: { ...SERVER_TLS, ssl_tlsv1: 'NO', ssl_ciphers: 'DEFAULT:@SECLEVEL=0' },
    tls: true,
    expect: { verdict: 'degraded', codes: ['tls-legacy-version'] },
  },
  {
    name: 'FTPS offered, but a local user logs in over plain FTP (--audit)',
    topology: PUBLIC,
    server: { ...SERVER_TLS, force_local_logins_ssl: 'NO', force_local_data_ssl: 'NO', anonymous_enable: 'NO' },
    certificate: 'good',
    client: { labUser: true, args: ['--audit'] },
    expect: { verdict: 'degraded', codes: ['cleartext-login'], optional: ['tls-offered'] },
  },
];
