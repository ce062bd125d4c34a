import { describeGreeting, describeReply } from './wording/replies.js';
import { describeHandshake } from './wording/tls.js';
import type { Rule } from './rule.js';
import { mixedTlsMode } from '../facts/tls.js';

export const tlsModeMismatch: Rule<'tls-mode-mismatch'> = {
  code: 'tls-mode-mismatch',
  title: 'Implicit FTPS and plain FTP are mixed up on this port',
  severity: 'error',
  stage: 'tls',
  explanation:
    'FTP over TLS comes in two forms that cannot be swapped. Explicit FTPS (FTPES, `--tls`) connects like plain ' +
    'FTP: the server greets with "220" in clear text and the client then asks for TLS with AUTH TLS, usually on ' +
    'port 21. Implicit FTPS (`ftps://`) starts a TLS handshake with the first byte, and the server says nothing ' +
    'until it has one, usually on port 990. ftpcheck tried the other form on a new connection and it worked: ' +
    'either an implicit-FTPS check met a port that greets in plain text (which OpenSSL reports as ' +
    '"wrong version number"), or a plain or explicit check met a port that waits for a TLS ClientHello ' +
    '(which looks like a server that never greets).',
  likelyRule: 'No firewall rule: the client uses the wrong FTPS form (or the wrong port) for this server.',
  confirm: [
    '`nc HOST PORT` prints "220 …" at once on a plain or explicit-FTPS port, and nothing on an implicit-FTPS port.',
    '`openssl s_client -connect HOST:PORT` shows the certificate on an implicit-FTPS port; on an explicit port ' +
      'add `-starttls ftp`.',
  ],
  fix: [
    {
      role: 'user',
      text:
        'Use the form the port speaks: implicit FTPS as `ftps://HOST:PORT` (FileZilla "Require implicit FTP over ' +
        'TLS", curl `ftps://HOST/`), explicit FTPS as `ftp://HOST:PORT` with `--tls` (FileZilla "Require explicit ' +
        'FTP over TLS", curl `--ssl-reqd ftp://HOST/`).',
    },
    {
      role: 'server-admin',
      text:
        'Tell users which form and port the server offers. To offer implicit FTPS too, run it on a port of its ' +
        "own (990), beside plain and explicit FTPS on port 21 (each server's own setting is listed here).",
    },
  ],
  serverSettings: () => ({
    vsftpd:
      'a second vsftpd instance with implicit_ssl=YES and listen_port=990 (implicit_ssl applies to every port it listens on)',
    proftpd: 'a <VirtualHost> on Port 990 with TLSEngine on and TLSOptions UseImplicitSSL (mod_tls)',
    filezilla: 'Server listeners: a listener on port 990 with protocol "Implicit FTP over TLS"',
    iis: 'implicit FTPS is what IIS speaks on a site bound to port 990, with an SSL certificate chosen in FTP SSL Settings',
    'ftp-srv': 'the url ftps://0.0.0.0:990 with a tls option (implicit); ftp:// with tls for explicit',
  }),
  match(o) {
    const m = mixedTlsMode(o);
    if (!m) return [];
    const { port } = o.target;
    if (m.kind === 'implicit-on-plain')
      return [
        {
          evidence:
            `The implicit TLS handshake ${describeHandshake(m.handshake)}, and a plain connection to port ${port} ` +
            `was greeted ${describeReply(m.greeting)}: the port speaks plain FTP first, not implicit FTPS.`,
          fixFirst: [
            {
              role: 'user',
              text:
                'Check it as explicit FTPS: `ftpcheck --tls ftp://HOST:PORT` (or plain FTP without --tls). If the ' +
                'server offers implicit FTPS, it is on a port of its own, usually 990.',
            },
          ],
        },
      ];
    return [
      {
        stage: 'greeting',
        evidence:
          `The connection opened, but ${describeGreeting(m.silence)}; a TLS handshake on a new connection to port ` +
          `${port} succeeded (${describeHandshake(m.handshake)}): the port expects TLS from the first byte ` +
          `(implicit FTPS), not ${m.asked === 'plain' ? 'plain FTP' : 'AUTH TLS after a greeting'}.`,
        fixFirst: [{ role: 'user', text: 'Check it as implicit FTPS: `ftpcheck ftps://HOST:PORT`.' }],
      },
    ];
  },
};
