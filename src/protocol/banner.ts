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
