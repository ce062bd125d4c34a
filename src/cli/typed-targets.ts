// Targets as people type them on the command line, in the habits of `ftp host port`, `telnet host port`
// and `nc host port`: a lone number after one target is its port, and an IPv6 address written without
// brackets whose last group could be a port gets a warning. Pure; a --targets file keeps the plain rules.
import { isIPv6Address } from '../protocol/ip.js';
import { parseTarget } from '../settings/target.js';
import { UsageError } from '../settings/usage-error.js';

export interface TypedTargets {
  targets: string[];
  /** The --port value, unchanged (or the lone number, for a URL target). */
  port: string | undefined;
  /** What ftpcheck read differently from the letter of the command line, for stderr. */
  notes: string[];
}

const LONE_PORT = /^\d{1,5}$/;

export function readTypedTargets(typed: string[], port: string | undefined): TypedTargets {
  const [first, second] = typed;
  if (
    typed.length === 2 &&
    first !== undefined &&
    second !== undefined &&
    LONE_PORT.test(second) &&
    !LONE_PORT.test(first)
  )
    return hostAndPort(first, second, port);
  return { targets: typed, port, notes: typed.flatMap((t) => ambiguousIPv6(t, port)) };
}

/** `HOST PORT`: one target on that port, said on stderr so that nobody wonders. */
function hostAndPort(host: string, lone: string, port: string | undefined): TypedTargets {
  if (port !== undefined) throw new UsageError(`port given twice: "${host} ${lone}" and --port ${port}`);
  const target = parseTarget(host);
  if (target.portGiven)
    throw new UsageError(`port given twice: "${host}" names port ${target.port}, then ${lone} follows`);
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(host);
  const joined = isUrl ? host : isIPv6Address(host) ? `[${host}]:${lone}` : `${host}:${lone}`;
  return {
    targets: [joined],
    port: isUrl ? lone : undefined,
    notes: [
      `ftpcheck: note: "${host} ${lone}" read as ${isUrl ? `${host} on port ${lone}` : joined} (one target and its port)`,
    ],
  };
}

/** An unbracketed IPv6 address whose last group reads as a port: ::1:2122 may mean [::1]:2122. */
function ambiguousIPv6(text: string, port: string | undefined): string[] {
  if (!isIPv6Address(text) || text.includes('%')) return [];
  const cut = text.lastIndexOf(':');
  const group = text.slice(cut + 1);
  const rest = text.slice(0, cut);
  if (!LONE_PORT.test(group) || Number(group) < 1 || Number(group) > 65535 || !isIPv6Address(rest)) return [];
  return [
    `ftpcheck: warning: ${text} is checked as the IPv6 address ${text}, port ${port ?? 21}; ` +
      `for address ${rest} port ${group} write "[${rest}]:${group}" (with the quotes in zsh), ` +
      `and "[${text}]" to mean the address without this warning`,
  ];
}
