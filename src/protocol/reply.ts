// FTP reply parsing (RFC 959 §4.2), pure and chunk-aware: feed it everything received so far and it
// returns the complete replies plus the unfinished rest, so a reply split across TCP reads needs no
// special handling. Caps keep a hostile server from growing our memory without bound.
import type { Reply, ViolationReason } from '../model/exchanges.js';

export interface ReplyLimits {
  /** Longest line accepted, in characters. */
  maxLine: number;
  /** Largest multi-line reply accepted, in characters. */
  maxReply: number;
}

export const DEFAULT_REPLY_LIMITS: ReplyLimits = { maxLine: 8 * 1024, maxReply: 64 * 1024 };

export type ParseResult =
  { kind: 'ok'; replies: Reply[]; rest: string } | { kind: 'violation'; reason: ViolationReason; replies: Reply[] };

const FIRST_LINE = /^(\d{3})([ -]|$)/;

export function parseReplies(buffer: string, limits: ReplyLimits = DEFAULT_REPLY_LIMITS): ParseResult {
  const replies: Reply[] = [];
  let offset = 0;
  for (;;) {
    const parsed = parseOne(buffer, offset, limits);
    if (parsed.kind === 'incomplete') {
      const rest = buffer.slice(offset);
      if (parsed.pendingLine > limits.maxLine) return { kind: 'violation', reason: 'line-too-long', replies };
      if (rest.length > limits.maxReply) return { kind: 'violation', reason: 'reply-too-large', replies };
      return { kind: 'ok', replies, rest };
    }
    if (parsed.kind === 'violation') return { kind: 'violation', reason: parsed.reason, replies };
    replies.push(parsed.reply);
    offset = parsed.next;
  }
}

type One =
  | { kind: 'reply'; reply: Reply; next: number }
  | { kind: 'incomplete'; pendingLine: number }
  | { kind: 'violation'; reason: ViolationReason };

function parseOne(buffer: string, start: number, limits: ReplyLimits): One {
  const lines: string[] = [];
  let code: string | undefined;
  let pos = start;
  for (;;) {
    const lf = buffer.indexOf('\n', pos);
    if (lf === -1) return { kind: 'incomplete', pendingLine: buffer.length - pos };
    if (lf - pos > limits.maxLine) return { kind: 'violation', reason: 'line-too-long' };
    const line = buffer.slice(pos, buffer[lf - 1] === '\r' ? lf - 1 : lf);
    pos = lf + 1;
    if (code === undefined) {
      // Tolerate stray empty lines between replies (some servers send a bare CRLF).
      if (line === '') {
        start = pos;
        continue;
      }
      const m = FIRST_LINE.exec(line);
      if (!m?.[1]) return { kind: 'violation', reason: 'not-a-reply' };
      lines.push(line.slice(4));
      if (m[2] !== '-') return { kind: 'reply', reply: { code: Number(m[1]), lines }, next: pos };
      code = m[1];
      continue;
    }
    // A multi-line reply ends at a line that starts with the same code and a space (or the code alone).
    if (line.startsWith(code) && (line.length === 3 || line[3] === ' ')) {
      lines.push(line.slice(4));
      return { kind: 'reply', reply: { code: Number(code), lines }, next: pos };
    }
    lines.push(line.startsWith(`${code}-`) ? line.slice(4) : line);
    if (pos - start > limits.maxReply) return { kind: 'violation', reason: 'reply-too-large' };
  }
}

/** 500, 502 and 504: the server does not implement the command (RFC 959), which says nothing about its argument. */
export function notImplemented(code: number): boolean {
  return code === 500 || code === 502 || code === 504;
}

export function replyText(reply: Reply): string {
  return reply.lines.join(' ').trim();
}

/** The reply as it appeared on the wire, for transcripts and evidence. */
export function formatReply(reply: Reply): string {
  const text = reply.lines.join(' / ').trim();
  return text ? `${reply.code} ${text}` : String(reply.code);
}
