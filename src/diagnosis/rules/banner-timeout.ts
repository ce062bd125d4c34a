import { describeGreeting } from './wording/replies.js';
import { describeHandshake } from './wording/tls.js';
import { cutByDeadline } from '../facts/common.js';
import type { Rule } from './rule.js';
import { anotherServiceAnswered } from './wording/other-service.js';
import { mixedTlsMode } from '../facts/tls.js';

export const bannerTimeout: Rule<'banner-timeout'> = {
  code: 'banner-timeout',
  title: 'Connected, but no FTP greeting arrived',
  severity: 'error',
  stage: 'greeting',
  explanation:
    'The TCP connection to the FTP port was accepted, but the "220" greeting every FTP server sends ' +
    'first never arrived (or arrived so slowly that it never finished). ' +
    'Something accepts connections on this port without speaking FTP: a firewall or load balancer that proxies ' +
    'TCP and cannot reach the server behind it, a service that waits for the client to speak first (such as ' +
    'a web server), or an FTP server that is stuck — often waiting for a reverse DNS lookup of your address.',
  likelyRule:
    'A TCP-proxying firewall, load balancer or port forward whose target behind it is down or unreachable, ' +
    'or a service other than FTP on the port; ' +
    'otherwise a stuck server (overloaded, or slow reverse DNS / ident lookups).',
  confirm: [
    '`nc HOST PORT` (or `telnet HOST PORT`) connects but prints nothing; a working FTP server prints "220 \u2026" at once.',
    'On the server, `ftpcheck 127.0.0.1:PORT` shows whether the FTP server itself greets; if it does there, something in between answers instead.',
  ],
  fix: [
    {
      role: 'user',
      text: 'Connect with `telnet HOST PORT` or `nc HOST PORT`: an FTP server prints "220 …" at once. Silence confirms this finding.',
    },
    {
      role: 'server-admin',
      text:
        'Check that the FTP server process answers locally (`ftpcheck 127.0.0.1:PORT` on the server). ' +
        'Turn off lookups that delay the greeting: vsftpd `reverse_lookup_enable=NO`, ' +
        'ProFTPD `UseReverseDNS off` and `IdentLookups off`, Pure-FTPd `DontResolve yes` (-H).',
    },
    {
      role: 'network-admin',
      text:
        'If a proxy, load balancer or firewall with an FTP proxy sits in front, ' +
        'check that its backend (the real server and port) is up and reachable from it.',
    },
  ],
  match(o) {
    const g = o.greeting;
    // A port that waits for a TLS handshake is implicit FTPS: tls-mode-mismatch says so instead.
    // A port that answered the TLS probe with another protocol: not-ftp names it.
    if (g?.kind !== 'silent' || cutByDeadline(o, 'greeting') || mixedTlsMode(o) || anotherServiceAnswered(o)) return [];
    const probe = o.tlsModeProbe?.kind === 'implicit-handshake' ? o.tlsModeProbe.handshake : undefined;
    const notTls = probe
      ? ` A TLS handshake on a new connection ${describeHandshake(probe)}: not implicit FTPS either.`
      : '';
    return [{ evidence: `The connection opened: ${describeGreeting(g)}.${notTls}` }];
  },
};
