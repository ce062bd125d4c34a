// What FTP clients and servers say when FTP fails, mapped to the findings that explain it: the
// helpdesk pastes a message (`ftpcheck explain "Failed to retrieve directory listing"`) and gets the
// likely causes and the check that tells them apart. Each entry quotes the message as the client or
// server prints it; the comment beside it names where that wording comes from. Data first (the web page
// and the guide render it their own way), then the matching and the text rendering. Pure.
import type { FindingCode } from '../model/findings.js';
import { wrapHanging } from '../report/wrap.js';

/** Text renderings fit an 80-column terminal. */
const TEXT_WIDTH = 78;

export interface ClientMessage {
  /** Who prints it. */
  source: string;
  /** The message as it appears, for the guide's table. */
  message: string;
  /** Matches the message in what a user pastes (case-insensitive, any surrounding text). */
  pattern: RegExp;
  /** What it means, in a sentence or two. */
  meaning: string;
  /** The findings that explain it, the likeliest first; empty when it is not a network problem. */
  codes: readonly FindingCode[];
}

export const CLIENT_MESSAGES: readonly ClientMessage[] = [
  {
    // FileZilla's engine logs "Error: Failed to retrieve directory listing" after a listing whose data
    // connection failed; its wiki's "Network Configuration" page
    // (https://wiki.filezilla-project.org/Network_Configuration) explains the passive/active causes.
    source: 'FileZilla',
    message: 'Failed to retrieve directory listing',
    pattern: /failed to retrieve directory listing/i,
    meaning:
      'The login worked, but the data connection for the listing did not: a firewall or port forward ' +
      "that does not cover the server's passive ports, a private address in the PASV reply, or a firewall " +
      'helper that cannot read the encrypted control connection (FTPS).',
    codes: [
      'pasv-data-filtered',
      'pasv-data-refused',
      'pasv-private-address',
      'tls-hides-pasv-from-firewall',
      'data-transfer-stalled',
    ],
  },
  {
    // FileZilla: "The data connection could not be established: <socket error>" (engine, transfer socket);
    // the socket error texts are libfilezilla's (lib/socket.cpp, e.g. "ETIMEDOUT - Connection attempt timed out").
    source: 'FileZilla',
    message: 'The data connection could not be established: …',
    pattern: /data connection could not be established/i,
    meaning: 'The client could not open the data connection to the port the server named.',
    codes: ['pasv-data-filtered', 'pasv-data-refused', 'pasv-private-address'],
  },
  {
    // libfilezilla, lib/socket.cpp: ERRORDECL(ECONNREFUSED, fztranslate_mark("Connection refused by server"));
    // FileZilla prints it as 'Connection attempt failed with "ECONNREFUSED - Connection refused by server".'
    source: 'FileZilla',
    message: 'ECONNREFUSED - Connection refused by server',
    pattern: /econnrefused|connection refused by server/i,
    meaning:
      'A TCP connection was refused at once: nothing listens on that port there (the server is down, or ' +
      'the port forward points elsewhere), or a firewall rejects it.',
    codes: ['control-refused', 'pasv-data-refused'],
  },
  {
    // FileZilla's engine: "Connection timed out after %d seconds of inactivity" (its control socket's
    // inactivity timer, 20 s by default in Settings > Connection).
    source: 'FileZilla',
    message: 'Connection timed out after 20 seconds of inactivity',
    pattern: /connection timed out after \d+ seconds? of inactivity/i,
    meaning:
      'Nothing came back for the whole wait: packets dropped by a firewall on the way (to port 21, or to a ' +
      'passive data port when it follows a PASV/EPSV), or a server that accepts but never greets.',
    codes: ['control-filtered', 'pasv-data-filtered', 'banner-timeout'],
  },
  {
    // FileZilla's engine, on a PASV reply naming a private address while connected to a public one:
    // "Server sent passive reply with unroutable address. Using server address instead."
    source: 'FileZilla',
    message: 'Server sent passive reply with unroutable address. Using server address instead.',
    pattern: /passive reply with unroutable address/i,
    meaning:
      'The server is behind NAT and names its private address in PASV. FileZilla works around it; other ' +
      'clients (and PASV-only ones) fail.',
    codes: ['pasv-private-address'],
  },
  {
    // FileZilla's engine, when AUTH TLS is refused and the site asks for "Use explicit FTP over TLS if
    // available" or requires it: "Insecure server, it does not support FTP over TLS."
    source: 'FileZilla',
    message: 'Insecure server, it does not support FTP over TLS.',
    pattern: /does not support ftp over tls/i,
    meaning: 'The server refused AUTH TLS: it offers no FTPS, or something on the path hides it.',
    codes: ['tls-unsupported', 'tls-mode-mismatch'],
  },
  {
    // WinSCP (its FTP engine comes from FileZilla 2) logs "Timeout detected. (data connection)" and
    // "Timeout detected. (control connection)"; the control form is the one WinSCP log parsers match.
    source: 'WinSCP',
    message: 'Timeout detected. (data connection)',
    pattern: /timeout detected\.?\s*\(data connection\)/i,
    meaning:
      'The data connection of a listing or transfer stayed silent: passive ports filtered, or a path that ' +
      'drops full-size packets (the listing starts, the transfer stalls).',
    codes: ['pasv-data-filtered', 'data-transfer-stalled', 'active-callback-blocked'],
  },
  {
    // WinSCP: "Timeout detected. (control connection)" (see the entry above).
    source: 'WinSCP',
    message: 'Timeout detected. (control connection)',
    pattern: /timeout detected\.?\s*\(control connection\)/i,
    meaning: 'The control connection got no answer: port 21 filtered on the way, or a server that never greets.',
    codes: ['control-filtered', 'banner-timeout', 'tls-mode-mismatch'],
  },
  {
    // A server's reply: FileZilla Server ("425 Can't open data connection for transfer of ...") and other
    // servers after RFC 959's text for 425, "Can't open data connection."
    source: 'a server (FileZilla Server, Serv-U and others)',
    message: "425 Can't open data connection",
    pattern: /425[ -]+can'?t open data connection/i,
    meaning:
      'The server waited for the data connection and it never arrived: in passive mode the client could not ' +
      'reach the passive port, in active mode the server could not connect back to the client.',
    codes: ['pasv-data-filtered', 'active-callback-blocked', 'tls-session-reuse-required'],
  },
  {
    // Microsoft IIS FTP: "425 Cannot open data connection." (its status-code list, "FTP status codes in
    // IIS", learn.microsoft.com, gives 425 as the data connection that could not be opened).
    source: 'Microsoft IIS',
    message: '425 Cannot open data connection.',
    pattern: /425[ -]+cannot open data connection/i,
    meaning:
      'IIS waited for the data connection and it never arrived: the passive range (IIS\'s "Data Channel Port ' +
      'Range") is not open on a firewall in front of it, or active mode cannot connect back to the client.',
    codes: ['pasv-data-filtered', 'active-callback-blocked'],
  },
  {
    // vsftpd: "425 Failed to establish connection." (postlogin.c, after a data connection that did not come).
    source: 'vsftpd',
    message: '425 Failed to establish connection.',
    pattern: /425[ -]+failed to establish connection/i,
    meaning: 'vsftpd waited for the data connection (passive) or could not connect back (active).',
    codes: ['pasv-data-filtered', 'active-callback-blocked', 'pasv-private-address'],
  },
  {
    // vsftpd: "425 Security: Bad IP connecting." when the data connection comes from another address than
    // the control connection (pasv_promiscuous=NO, the default).
    source: 'vsftpd',
    message: '425 Security: Bad IP connecting.',
    pattern: /bad ip connecting/i,
    meaning:
      "The server saw the data connection come from another address than the control connection's: a NAT " +
      'with several public addresses, or a proxy on the way.',
    codes: ['client-public-address'],
  },
  {
    // vsftpd: "500 Illegal PORT command." for a PORT naming another address than the client's.
    source: 'vsftpd',
    message: '500 Illegal PORT command.',
    pattern: /illegal port command/i,
    meaning: 'Active mode named an address the server does not accept, usually a private one from behind NAT.',
    codes: ['active-port-rejected', 'client-behind-nat'],
  },
  {
    // vsftpd with ssl_enable=YES and force_local_logins_ssl=YES: "530 Non-anonymous sessions must use encryption."
    source: 'vsftpd',
    message: '530 Non-anonymous sessions must use encryption.',
    pattern: /must use encryption/i,
    meaning: 'The server accepts this login only over FTPS.',
    codes: ['tls-required'],
  },
  {
    // ProFTPD, src/data.c: "425 Unable to build data connection: <reason>".
    source: 'ProFTPD',
    message: '425 Unable to build data connection: Connection timed out',
    pattern: /unable to build data connection/i,
    meaning: 'ProFTPD could not complete the data connection (the reason follows the colon).',
    codes: ['pasv-data-filtered', 'active-callback-blocked', 'tls-session-reuse-required'],
  },
  {
    // curl, exit code 28 (CURLE_OPERATION_TIMEDOUT, "Timeout was reached" in libcurl-errors(3)); curl 7.88
    // prints e.g. "curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received" and, with
    // --connect-timeout, "Connection timed out after N milliseconds".
    source: 'curl',
    message: 'curl: (28) Operation timed out after … milliseconds',
    pattern:
      /curl: \(28\)|(?:operation|connection) timed out after \d+ milliseconds|\bcurl\b.*\b(?:exit|code|error)\D{0,8}28\b/i,
    meaning:
      'A wait ended with nothing: the connection to port 21 or to a data port was dropped on the way, or the ' +
      'transfer stalled (full-size packets lost).',
    codes: ['control-filtered', 'pasv-data-filtered', 'banner-timeout', 'data-transfer-stalled'],
  },
  {
    // curl, exit code 7 (CURLE_COULDNT_CONNECT, "Couldn't connect to server"); curl 7.88 prints
    // "curl: (7) Failed to connect to HOST port PORT after 0 ms: Couldn't connect to server" (older
    // versions end with the system's reason, e.g. "Connection refused").
    source: 'curl',
    message: 'curl: (7) Failed to connect to HOST port 21 …',
    pattern: /curl: \(7\)|failed to connect to \S+ port \d+|\bcurl\b.*\b(?:exit|code|error)\D{0,8}7\b/i,
    meaning:
      'A TCP connection was refused or rejected: on the control port (nothing listens, or a REJECT rule), ' +
      'or, when the port is not the one you asked for, on the passive data port the server named.',
    codes: ['control-refused', 'control-unreachable', 'pasv-data-refused'],
  },
  {
    // curl, exit code 9 (CURLE_REMOTE_ACCESS_DENIED); lib/ftp.c: failf(data, "Server denied you to change
    // to the given directory") when CWD is refused (seen from curl 7.88 on a missing directory).
    source: 'curl',
    message: 'curl: (9) Server denied you to change to the given directory',
    pattern:
      /curl: \(9\)|server denied you to change to the given directory|\bcurl\b.*\b(?:exit|code|error)\D{0,8}9\b/i,
    meaning:
      'Not a network problem: the login worked and the server refused to enter the directory in the URL ' +
      '(it does not exist, or this user may not enter it). Check the path; ftpcheck checks the login directory.',
    codes: [],
  },
  {
    // curl, exit code 67 (CURLE_LOGIN_DENIED, "Login denied"); lib/ftp.c: failf(data, "Access denied: %03d"),
    // e.g. "curl: (67) Access denied: 530" (curl 7.88, wrong password).
    source: 'curl',
    message: 'curl: (67) Access denied: 530',
    pattern: /curl: \(67\)|access denied: 530|\bcurl\b.*\b(?:exit|code|error)\D{0,8}67\b/i,
    meaning:
      'The server refused the login: a wrong user or password, or a server that accepts this user only over ' +
      'FTPS (try --tls).',
    codes: ['login-failed', 'tls-required'],
  },
  {
    // curl, exit code 6 (CURLE_COULDNT_RESOLVE_HOST, "Couldn't resolve host name"); curl 7.88 prints
    // "curl: (6) Could not resolve host: NAME".
    source: 'curl',
    message: 'curl: (6) Could not resolve host: NAME',
    pattern: /curl: \(6\)|could not resolve host|couldn't resolve host|\bcurl\b.*\b(?:exit|code|error)\D{0,8}6\b/i,
    meaning: 'The server name did not turn into an address: a typo, a missing DNS record, or no working resolver.',
    codes: ['dns-unresolved'],
  },
  {
    // curl, exit code 64 (CURLE_USE_SSL_FAILED, "Requested SSL level failed"): --ssl-reqd and the server
    // refused AUTH TLS (curl 7.88 against a server without FTPS).
    source: 'curl',
    message: 'curl: (64) Requested SSL level failed',
    pattern: /curl: \(64\)|requested ssl level failed|\bcurl\b.*\b(?:exit|code|error)\D{0,8}64\b/i,
    meaning: 'FTPS was required and the server refused AUTH TLS: it offers no explicit FTPS on this port.',
    codes: ['tls-unsupported', 'tls-mode-mismatch'],
  },
  {
    // curl, exit code 35 (CURLE_SSL_CONNECT_ERROR, "SSL connect error"); curl 7.88 with OpenSSL 3 prints
    // "curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number" when the other side
    // does not speak TLS (ftps:// against a plain FTP port).
    source: 'curl',
    message: 'curl: (35) … SSL routines::wrong version number',
    pattern: /curl: \(35\)|wrong version number|ssl connect error|\bcurl\b.*\b(?:exit|code|error)\D{0,8}35\b/i,
    meaning:
      'The TLS handshake failed. "wrong version number" means the other side answered in plain text: ' +
      'implicit FTPS (ftps://) against a plain or explicit-FTPS port, or an FTP-inspecting firewall in between.',
    codes: ['tls-mode-mismatch', 'tls-handshake-failed'],
  },
  {
    // curl, exit code 60 (CURLE_PEER_FAILED_VERIFICATION); curl 7.88 prints "curl: (60) SSL certificate
    // problem: self-signed certificate" (also "unable to get local issuer certificate", "certificate has expired").
    source: 'curl',
    message: 'curl: (60) SSL certificate problem: …',
    pattern: /curl: \(60\)|ssl certificate problem|\bcurl\b.*\b(?:exit|code|error)\D{0,8}60\b/i,
    meaning:
      "The server's certificate was not accepted: self-signed, from an unknown CA, expired, or for another name.",
    codes: ['tls-certificate-untrusted', 'tls-certificate-expired', 'tls-certificate-name-mismatch'],
  },
  {
    // lftp, src/NetAccess.cc: its status line shows _("Delaying before reconnect") and the seconds left
    // while it waits to retry after a failed connection or login (net:reconnect-interval-base, 30 s).
    source: 'lftp',
    message: "`ls' at 0 [Delaying before reconnect: 29]",
    pattern: /delaying before reconnect|max-retries exceeded/i,
    meaning:
      'lftp is retrying after a failure it does not show in this line: a refused or silent connection, or a ' +
      'refused login. `lftp -d` shows the cause; ftpcheck names it.',
    codes: ['control-refused', 'control-filtered', 'login-failed', 'banner-timeout'],
  },
  {
    // lftp: "ls: Login failed: 530 Login incorrect." (seen from lftp 4.9.2 with a wrong password).
    source: 'lftp',
    message: 'Login failed: 530 Login incorrect.',
    pattern: /login failed: 530|530 login incorrect/i,
    meaning: 'The server refused the user or the password.',
    codes: ['login-failed'],
  },
];

/** Every entry whose message appears in the pasted text, in the table's order (most specific first). */
export function matchClientMessage(text: string): ClientMessage[] {
  return CLIENT_MESSAGES.filter((m) => m.pattern.test(text));
}

/** One entry as text, with its findings' titles given by the caller (the catalogue stays out of here). */
export function renderClientMessage(m: ClientMessage, title: (code: FindingCode) => string): string {
  const lines = [
    wrapHanging(`${m.source}: "${m.message}"`, TEXT_WIDTH, 2),
    `  ${wrapHanging(m.meaning, TEXT_WIDTH, 2)}`,
  ];
  const [first] = m.codes;
  if (first !== undefined) {
    lines.push('  Likely findings:', ...m.codes.map((c) => `    ${wrapHanging(`${c} — ${title(c)}`, TEXT_WIDTH, 6)}`));
    lines.push('  Which one it is: run ftpcheck HOST, whose check names it.', `  More: ftpcheck explain ${first}`);
  }
  return lines.join('\n');
}
