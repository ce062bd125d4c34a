// The replies that describe one file, read as RFC 3659 defines them: MLST's facts line, MDTM's
// YYYYMMDDHHMMSS[.sss] (UTC) and SIZE's byte count; and PWD's quoted directory (RFC 959: a quote inside
// is doubled). Anything else is not a fact: undefined, never a guess. The server's text is hostile: a
// PWD that could not be sent back in a command is refused here. Pure.
import type { Reply } from '../model/exchanges.js';
import type { ListedTime } from './listing.js';

export interface MlstFacts {
  type: 'file' | 'dir' | 'other';
  size: number | undefined;
  modifiedMs: number | undefined;
}

/** `20261207021500` or `20261207021500.123` (UTC) → ms since the epoch. */
export function parseTimeVal(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Number((m[7] ?? '').padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const at = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return new Date(at).getUTCDate() === day ? at : undefined;
}

/** MLST's 250 reply: the facts are on the line that begins with a space (RFC 3659 §7.2). */
export function parseMlstReply(reply: Reply): MlstFacts | undefined {
  if (reply.code !== 250) return undefined;
  const line = reply.lines.find((l) => l.startsWith(' '));
  const m = line === undefined ? null : /^ ((?:[^=; ]+=[^;]*;)+) /.exec(line);
  if (!m) return undefined;
  const facts = new Map<string, string>();
  for (const fact of (m[1] ?? '').split(';')) {
    const eq = fact.indexOf('=');
    if (eq > 0) facts.set(fact.slice(0, eq).toLowerCase(), fact.slice(eq + 1));
  }
  const kind = (facts.get('type') ?? '').toLowerCase();
  const size = facts.get('size');
  const modify = facts.get('modify');
  return {
    type: kind === 'file' ? 'file' : kind === 'dir' || kind === 'cdir' || kind === 'pdir' ? 'dir' : 'other',
    size: size !== undefined && /^\d{1,15}$/.test(size) ? Number(size) : undefined,
    modifiedMs: modify === undefined ? undefined : parseTimeVal(modify),
  };
}

/** The text of a 213 reply (the code is not part of its lines): `20261207021500` or `1048576`. */
function value213(reply: Reply): string | undefined {
  if (reply.code !== 213) return undefined;
  return reply.lines.at(-1)?.trim();
}

export function parseMdtmReply(reply: Reply): number | undefined {
  const text = value213(reply);
  return text === undefined ? undefined : parseTimeVal(text);
}

export function parseSizeReply(reply: Reply): number | undefined {
  const text = value213(reply);
  return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** PWD's 257 reply: `257 "/pub/my ""dir""" is the current directory` → `/pub/my "dir"`. */
export function parsePwdReply(reply: Reply): string | undefined {
  if (reply.code !== 257) return undefined;
  const m = /^"((?:[^"]|"")*)"/.exec(reply.lines[0] ?? '');
  const path = m ? (m[1] ?? '').replaceAll('""', '"') : undefined;
  // It is sent back in a CWD: a path no command can carry (a NUL, a control character) is none.
  return path === undefined || path === '' || /\p{Cc}/u.test(path) ? undefined : path;
}

const DAY_MS = 86_400_000;

/**
 * A LIST line's time in ms since the epoch, read as if it were UTC (the line does not say its zone).
 * A recent Unix line has no year: it is the year that puts the date no later than a day from now
 * (`ls` shows the time of day for the last six months; a day allows for the server's zone).
 */
export function listedTimeMs(t: ListedTime, nowMs: number): number | undefined {
  const at = (year: number): number => Date.UTC(year, t.month - 1, t.day, t.hour, t.minute);
  let year = t.year ?? new Date(nowMs).getUTCFullYear();
  if (t.year === undefined && at(year) > nowMs + DAY_MS) year -= 1;
  const ms = at(year);
  return new Date(ms).getUTCDate() === t.day ? ms : undefined;
}
