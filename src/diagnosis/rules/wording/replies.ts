// The server's replies and first words in words: one phrase per way a reply wait can end, so one
// event reads the same in a stage line, a connection line and a finding's evidence. Each returns a
// phrase (lower case, no full stop) that callers build sentences around. Pure.
import type { GreetingObservation, OtherService } from '../../../model/observations.js';
import type { Reply, ReplyResult, ViolationReason } from '../../../model/exchanges.js';
import { formatReply } from '../../../protocol/reply.js';
import { quoted, seconds } from './phrases.js';

/** The reply as the server sent it, quoted, cut at 160 characters. */
export const describeReply = (reply: Reply): string => quoted(formatReply(reply), 160);

export function describeReplyResult(r: ReplyResult): string {
  switch (r.kind) {
    case 'reply':
      return describeReply(r.reply);
    case 'timeout':
      return `no reply within ${seconds(r.ms)}`;
    case 'closed':
      return 'the server closed the connection';
    case 'reset':
      return 'the connection was reset';
    case 'violation':
      return `the server ${describeViolation(r.reason)}`;
    case 'deadline':
      return "no reply before the run's deadline";
  }
}

/** A command and how its reply wait ended: `PASV: "502 Command not implemented."`. */
export function describeExchange(command: string, result: ReplyResult): string {
  return `${command}: ${describeReplyResult(result)}`;
}

const VIOLATIONS: Record<ViolationReason, string> = {
  'line-too-long': 'sent a line longer than ftpcheck accepts (8 KiB) without ending it',
  'reply-too-large': 'sent a multi-line reply larger than ftpcheck accepts (64 KiB) without ending it',
  'not-a-reply': 'sent text that is not an FTP reply (no three-digit code)',
};

/** What the server did wrong, after "the server": `sent a line longer than …`. */
export function describeViolation(reason: ViolationReason): string {
  return VIOLATIONS[reason];
}

const SERVICE_NAMES: Record<OtherService, string> = {
  ssh: 'an SSH server',
  http: 'a web (HTTP) server',
  smtp: 'a mail (SMTP) server',
  pop3: 'a mail (POP3) server',
  imap: 'a mail (IMAP) server',
  tls: 'a TLS service',
  unknown: 'something that does not speak FTP',
};

/** The kind of server behind another protocol: `a web (HTTP) server`. */
export const describeService = (service: OtherService): string => SERVICE_NAMES[service];

/** Another service's first words, quoted and cut at 80 characters. */
export const describeBanner = (banner: string): string => quoted(banner, 80);

/** How waiting for the server's first words ended. */
export function describeGreeting(g: GreetingObservation): string {
  switch (g.kind) {
    case 'greeted':
      return describeReply(g.reply);
    case 'rejected':
      return `refused: ${describeReply(g.reply)}`;
    case 'silent': {
      const partial = g.partial.trim();
      return partial
        ? `only part of a greeting within ${seconds(g.ms)} (${quoted(partial, 80)}), never a complete line`
        : `no greeting within ${seconds(g.ms)}`;
    }
    case 'not-ftp':
      return `answered as ${SERVICE_NAMES[g.service]}: ${describeBanner(g.banner)}`;
    case 'closed': {
      const partial = g.partial.trim();
      return `closed by the server ${g.ms} ms after it opened${partial ? `, having sent only ${quoted(partial, 60)}` : ', without sending anything'}`;
    }
    case 'reset':
      return `reset ${g.ms} ms after it opened, before any greeting`;
    case 'violation':
      return `the server ${describeViolation(g.reason)} before its greeting was complete`;
    case 'deadline':
      return "the run's deadline ran out before a greeting";
  }
}
