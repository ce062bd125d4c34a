// Recognising what answered on the control port, pure: another protocol's banner, or which FTP server.
import type { OtherService } from '../model/observations.js';
import type { ServerKind } from '../model/server.js';

/** Names the protocol behind the first bytes of a connection, or undefined when they could be FTP. */
export function otherProtocol(first: Buffer): OtherService | undefined {
  if (first.length >= 2 && first[0] === 0x16 && first[1] === 0x03) return 'tls';
  const text = first.toString('latin1');
  if (text.startsWith('SSH-')) return 'ssh';
  if (/^HTTP\/\d/.test(text) || /^<(!doctype|html)/i.test(text)) return 'http';
  if (text.startsWith('+OK')) return 'pop3';
  if (text.startsWith('* OK')) return 'imap';
  if (/^220[ -].*\b(E?SMTP|Postfix|Exim|Sendmail|mail service)\b/i.test(text)) return 'smtp';
  return undefined;
}

/** TLS alert descriptions a server sends to a ClientHello it will not take (RFC 8446 §6). */
const ALERTS: Record<number, string> = {
  10: 'unexpected_message',
  40: 'handshake_failure',
  47: 'illegal_parameter',
  50: 'decode_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  112: 'unrecognized_name',
  120: 'no_application_protocol',
};

const TLS_CONTENT: Record<number, string> = {
  20: 'change_cipher_spec',
  21: 'alert',
  22: 'handshake',
  23: 'application_data',
};

/** What answered a client's first bytes (a TLS ClientHello) when it was not a TLS server accepting them. */
export interface Answer {
  service: OtherService;
  /** The answer made readable: its text, or what its binary bytes are. */
  banner: string;
}

/**
 * Names what sent `answer` in reply to a client's first bytes, pure: another protocol's status line or
 * greeting (HTTP, SSH, SMTP, POP3, IMAP), a TLS record (an alert refusing the ClientHello), or other
 * binary. Undefined for no bytes, or for something that could be an FTP reply.
 */
export function classifyAnswer(answer: Buffer): Answer | undefined {
  if (answer.length === 0) return undefined;
  const type = answer[0] ?? 0;
  if (TLS_CONTENT[type] !== undefined && answer[1] === 0x03 && answer.length >= 5) {
    const alert =
      type === 21 && answer.length >= 7 ? ` ${ALERTS[answer[6] ?? 0] ?? `description ${answer[6] ?? 0}`}` : '';
    return { service: 'tls', banner: `TLS ${TLS_CONTENT[type]}${alert}` };
  }
  const text = answer.toString('latin1');
  const readable = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
  const other = otherProtocol(answer) ?? textProtocol(text);
  if (other) return { service: other, banner: readable };
  // Three digits and a space or dash: an FTP reply (a late greeting, an answer to the bytes), not another protocol.
  if (/^\d{3}[ -]/.test(text)) return undefined;
  const printable = readable.length / answer.length;
  if (printable > 0.9) return { service: 'unknown', banner: readable };
  const hex = [...answer.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return { service: 'unknown', banner: `binary: ${hex}${answer.length > 16 ? ' …' : ''}` };
}

/** What mail servers answer a line they do not understand (a greeting already went by or never came). */
function textProtocol(text: string): OtherService | undefined {
  if (text.startsWith('-ERR')) return 'pop3';
  if (/^\* (BAD|BYE|NO)\b/.test(text)) return 'imap';
  if (/^5\d\d[ -]5\.\d\.\d/.test(text)) return 'smtp';
  return undefined;
}

const SOFTWARE: [RegExp, string][] = [
  [/\bvsftpd\b(?:\s+([\d.]+))?/i, 'vsftpd'],
  [/\bProFTPD\b(?:\s+([\d.]+\w*))?/i, 'ProFTPD'],
  [/\bPure-FTPd\b/i, 'Pure-FTPd'],
  [/\bFileZilla Server\b(?:\s+(?:version\s+)?([\d.]+\w*))?/i, 'FileZilla Server'],
  [/\bMicrosoft FTP Service\b/i, 'IIS FTP'],
  [/\bServ-U\b(?:\s+FTP Server\s+v?([\d.]+))?/i, 'Serv-U'],
  [/\bwu-([\d.]+)/i, 'wu-ftpd'],
  [/\bglFTPd\b/i, 'glFTPd'],
  [/\bbftpd\b/i, 'bftpd'],
  [/\bCrushFTP\b/i, 'CrushFTP'],
  [/\bCerberus\b/i, 'Cerberus FTP Server'],
  [/\bTitan FTP\b/i, 'Titan FTP Server'],
  [/\bWS_FTP\b/i, 'WS_FTP Server'],
  [/\bMikroTik\b/i, 'MikroTik RouterOS'],
  [/\bFRITZ!Box\b/i, 'FRITZ!Box'],
  [/\bftp-srv\b/i, 'ftp-srv'],
];

/** Names the FTP server software from its greeting or SYST text, when the text says. */
export function serverSoftware(text: string): string | undefined {
  for (const [pattern, name] of SOFTWARE) {
    const m = pattern.exec(text);
    if (m) return m[1] ? `${name} ${m[1]}` : name;
  }
  return undefined;
}

const KINDS: [RegExp, ServerKind][] = [
  [/^vsftpd\b/i, 'vsftpd'],
  [/^ProFTPD\b/i, 'proftpd'],
  [/^Pure-FTPd\b/i, 'pure-ftpd'],
  [/^FileZilla Server\b/i, 'filezilla'],
  [/^IIS FTP\b/i, 'iis'],
  [/^ftp-srv\b/i, 'ftp-srv'],
];

/** The kind of server behind a software name from serverSoftware(), when it is one fixes know. */
export function serverKind(software: string | undefined): ServerKind | undefined {
  return software === undefined ? undefined : KINDS.find(([pattern]) => pattern.test(software))?.[1];
}
