// The commands a finding prints (in backticks in its confirm and fix steps), made runnable for the target
// checked: the articles write them with placeholders, and each is filled with the host, port, user and
// TLS form of the check, and quoted for the shell where a value needs it. Pure. `ftpcheck explain`
// has no target and shows the placeholders as they are.
//
// Placeholders: HOST (the host as given), PORT (the control port), HOST:PORT (the two as one endpoint,
// `[v6]:port` for an IPv6 address), ftp://HOST/ and ftps://HOST/ (URLs that name the port unless it is
// the scheme's own), USER, NAME (the name looked up), ADDRESS (the address the check reached) and
// DATAPORT (the passive port offered). In an `ftpcheck` command HOST is the target as ftpcheck takes it,
// and a check of explicit FTPS gets `--tls` unless the text calls that command the plain check.
// Other capitalised words (MIN-MAX, DIRECTORY, IFACE, URL) are values the reader chooses.

export interface CommandTarget {
  host: string;
  port: number;
  user: string;
  /** The TLS form checked: none (plain FTP), explicit (AUTH TLS) or implicit (ftps://). */
  tls: 'explicit' | 'implicit' | undefined;
  /** The address the check reached, when it reached one. */
  address: string | undefined;
  /** A passive port the server offered, when one was. */
  dataPort: number | undefined;
}

const DEFAULT_PORT = { ftp: 21, ftps: 990 } as const;

/** Characters a POSIX shell (and zsh, whose globbing rejects `[…]`) reads as plain text. */
const SHELL_SAFE = /^[\w@%+=:,./-]*$/;

const shellQuote = (word: string): string => (SHELL_SAFE.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

const bracketed = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** `host:port`, `[v6]:port`: as openssl, curl and ftpcheck take an endpoint. */
const endpoint = (host: string, port: number): string => `${bracketed(host)}:${port}`;

function urlAuthority(t: CommandTarget, scheme: keyof typeof DEFAULT_PORT): string {
  return t.port === DEFAULT_PORT[scheme] ? bracketed(t.host) : endpoint(t.host, t.port);
}

/** The target as ftpcheck takes it: ftps:// for implicit FTPS, the port unless it is the default one. */
function ftpcheckTarget(t: CommandTarget): string {
  if (t.tls === 'implicit') return `ftps://${urlAuthority(t, 'ftps')}`;
  return t.port === DEFAULT_PORT.ftp && !t.host.includes(':') ? t.host : endpoint(t.host, t.port);
}

/** A placeholder as a whole word: not inside THIS-HOST, HOSTNAME or PORT_X. */
const token = (name: string): RegExp => new RegExp(`(?<![\\w-])${name}(?![\\w-])`, 'g');

const HOST = token('HOST');
const PORT = token('PORT');
const USER = token('USER');
const NAME = token('NAME');
const ADDRESS = token('ADDRESS');
const DATAPORT = token('DATAPORT');

/** One shell word with its placeholders filled; quoted when a value made it unsafe for the shell. */
function fillWord(word: string, t: CommandTarget, inFtpcheck: boolean): string {
  const filled = word
    .replace(/\b(ftps?):\/\/HOST(?::PORT)?(?![\w-])/g, (_m, scheme: keyof typeof DEFAULT_PORT) => {
      return `${scheme}://${urlAuthority(t, scheme)}`;
    })
    .replace(/(?<![\w-])HOST:PORT(?![\w-])/g, endpoint(t.host, t.port))
    .replace(HOST, inFtpcheck ? ftpcheckTarget(t) : t.host)
    .replace(PORT, String(t.port))
    .replace(USER, t.user)
    .replace(NAME, t.host)
    .replace(ADDRESS, t.address ?? t.host)
    .replace(DATAPORT, t.dataPort === undefined ? 'DATAPORT' : String(t.dataPort));
  // A word the article already quotes is left as written; a value that needs quoting gets it.
  if (filled === word || /['"]/.test(word)) return filled;
  return shellQuote(filled);
}

/** One command with its placeholders filled, in the check's TLS form. */
export function fillCommand(command: string, t: CommandTarget): string {
  // FTP commands typed into a client (`quote PORT …`, `PORT 192,0,2,1,4,1`): their PORT is the command's name.
  if (/^(quote|PORT|EPRT) /.test(command)) return command;
  let c = command;
  // openssl's -starttls ftp is the explicit form; implicit FTPS starts TLS at once.
  if (t.tls === 'implicit') c = c.replace(/ -starttls ftp\b/g, '');
  // curl in the check's TLS form, unless the command names a form itself.
  if (c.startsWith('curl ') && !/--ssl-reqd|ftps:\/\//.test(c)) {
    if (t.tls === 'implicit') c = c.replace(/\bftp:\/\//g, 'ftps://');
    if (t.tls === 'explicit') c = c.replace(/^curl /, 'curl --ssl-reqd ');
  }
  // A full 1500-byte packet holds 1472 bytes of ping data over IPv4 (20 + 8 bytes of headers) and 1452
  // over IPv6 (40 + 8): the articles write the IPv4 size. Windows sets no don't-fragment bit on IPv6
  // (routers never fragment it), so its -f goes.
  if (c.startsWith('ping ') && (t.address ?? t.host).includes(':'))
    c = c.replace(/ -f -l 1472\b/, ' -6 -l 1452').replace(/ -s 1472\b/, ' -s 1452');
  const inFtpcheck = c.startsWith('ftpcheck ');
  return c
    .split(' ')
    .map((word) => fillWord(word, t, inFtpcheck))
    .join(' ');
}

/**
 * An ftpcheck check of an explicit-FTPS target asks for TLS as the check did: `--tls` added, unless the
 * command names a TLS form itself or the text says it is the plain check (`ftpcheck HOST` (plain) …).
 */
function inCheckedForm(command: string, after: string, t: CommandTarget): string {
  const check = command.startsWith('ftpcheck ') && !/^ftpcheck reflect\b/.test(command);
  if (t.tls !== 'explicit' || !check || /--tls|ftps:\/\//.test(command) || after.startsWith(' (plain')) return command;
  return `${command} --tls`;
}

/** Every command (a `backticked` span) of a confirm or fix text, filled for the target. */
export function fillCommands(text: string, t: CommandTarget): string {
  return text.replace(/`([^`]+)`/g, (span: string, command: string, offset: number) => {
    const after = text.slice(offset + span.length);
    return `\`${fillCommand(inCheckedForm(command, after, t), t)}\``;
  });
}
