import type { OtherService } from '../../model/observations.js';
import type { Match, Rule } from './rule.js';
import { otherService } from './wording/other-service.js';

/** What usually puts each other service on the FTP port. */
const LIKELY: Record<OtherService, string> = {
  http:
    "A web server answers on the FTP port: a port forward that points to the wrong machine (a router's, NAS's " +
    "or camera's web panel), a web panel or reverse proxy listening on the FTP port, or the wrong port given to the client.",
  ssh:
    'An SSH server answers: the service is SFTP (a different protocol that runs over SSH) and needs an SFTP client, ' +
    'or a port forward points the FTP port at SSH.',
  smtp: 'A mail (SMTP) server answers: a port forward to the wrong machine or port, or the wrong port given to the client.',
  pop3: 'A mail (POP3) server answers: a port forward to the wrong machine or port, or the wrong port given to the client.',
  imap: 'A mail (IMAP) server answers: a port forward to the wrong machine or port, or the wrong port given to the client.',
  tls:
    'A service that expects TLS from the first byte answers: implicit FTPS whose TLS settings refuse this client ' +
    "(check with ftps:// and the server's TLS versions), or another TLS service behind a wrong port forward.",
  unknown:
    'Another service answers: a port forward to the wrong machine or port, or the wrong port given to the client.',
};

export const notFtp: Rule<'not-ftp'> = {
  code: 'not-ftp',
  title: 'Another service answers on the FTP port',
  severity: 'error',
  stage: 'greeting',
  explanation:
    'The port answered, but not as an FTP server: its first bytes, or its answer to what ftpcheck sent, belong ' +
    'to another protocol (a web server, SSH, a mail server, a TLS service). ' +
    'The address or port is wrong, or a port forward / NAT rule sends this port to the wrong service or host. ' +
    'If it is SSH: SFTP is a different protocol from FTP and needs an SFTP client, not an FTP one.',
  likelyRule:
    'A port forward or NAT rule that maps the FTP port to the wrong host or port, or the wrong port given to the client.',
  confirm: [
    '`nc HOST PORT` prints the other service\'s banner (for example "SSH-2.0-\u2026"); ' +
      'a service that waits for the client to speak first, such as a web server, answers `curl -sI http://HOST:PORT/`.',
    'Check which host and port the router forwards the FTP port to.',
  ],
  fix: [
    {
      role: 'user',
      text: 'Check the host and port you were given. An SSH banner means the service is SFTP: connect with an SFTP client (`sftp -P PORT USER@HOST`).',
    },
    {
      role: 'network-admin',
      text:
        "Check the port forward on the router/firewall: the public FTP port must map to the FTP server's LAN address " +
        'and port 21 (or its configured port). If a web interface (router, NAS, control panel) listens on the FTP ' +
        'port, move it to another port.',
    },
  ],
  match(o): Match[] {
    const other = otherService(o);
    return other ? [{ evidence: other.evidence, likelyRule: LIKELY[other.service] }] : [];
  },
};
