// Where a server names the address it sees this machine connect from, pure: STAT's "Connected to X"
// (vsftpd, wu-ftpd) or "Connected from X" (ProFTPD), a greeting's "Your IP is X", and the address a 425
// reply names when it refuses a data connection from another address than the control connection's.
import type { Reply } from '../model/exchanges.js';
import { canonicalAddress } from './address.js';
import { ipVersion } from './ip.js';

/** The lines of a STAT reply kept and read: enough for every server's "Connected to" line. */
export const STAT_MAX_LINES = 24;
/** Characters kept of each of those lines. */
export const STAT_MAX_LINE = 200;

/** The reply cut to STAT_MAX_LINES lines of at most STAT_MAX_LINE characters, as it is kept. */
export function capReply(reply: Reply): Reply {
  return { code: reply.code, lines: reply.lines.slice(0, STAT_MAX_LINES).map((l) => l.slice(0, STAT_MAX_LINE)) };
}

// "Connected to 198.18.1.2", "Connected from host.example (203.0.113.5)", "Your IP is 203.0.113.5",
// "Your IP address: 203.0.113.5", "client address is 203.0.113.5": the address follows within two words.
const PHRASES =
  /\b(?:connected\s+(?:to|from)|(?:your|client)(?:'s)?\s+(?:ip\s+address|ip|address|host))\b(?:\s+(?:is|was))?:?/gi;

/** An address literal in one word of text, without the brackets, parentheses and punctuation around it. */
function literal(word: string): string | undefined {
  const bare = word.replace(/^[[(<"']+/, '').replace(/[\])>"',;.]+$/, '');
  return ipVersion(bare) === 0 ? undefined : canonicalAddress(bare);
}

/** The addresses a line of text names as the client's, in order. */
export function namedClientAddresses(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(PHRASES)) {
    const after = text
      .slice(match.index + match[0].length)
      .trim()
      .split(/\s+/)
      .slice(0, 2);
    const address = after.map(literal).find((a) => a !== undefined);
    if (address !== undefined && !found.includes(address)) found.push(address);
  }
  return found;
}

/** Every address literal in a text, in order (for a 425 reply, which names the refused one anywhere). */
export function addressLiterals(text: string): string[] {
  const found: string[] = [];
  for (const word of text.split(/\s+/)) {
    const address = literal(word);
    if (address !== undefined && !found.includes(address)) found.push(address);
  }
  return found;
}

/** The address a reply names as the client's: the first line that names one. */
export function clientAddressIn(reply: Reply): string | undefined {
  for (const line of reply.lines.slice(0, STAT_MAX_LINES)) {
    const [first] = namedClientAddresses(line.slice(0, STAT_MAX_LINE));
    if (first !== undefined) return first;
  }
  return undefined;
}
