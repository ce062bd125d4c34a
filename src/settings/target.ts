// Parses what the user typed as the target, pure. Errors are UsageError: one clear line, exit 3.
import { ipVersion, isIPv6Address } from '../protocol/ip.js';
import { fromText } from './check-schema.js';
import { UsageError } from './usage-error.js';

export interface Target {
  /** What the user typed, with any password replaced by ****. */
  input: string;
  host: string;
  port: number;
  user: string | undefined;
  /** A password given inside an ftp:// URL (visible to other users of the machine, so we warn). */
  urlPassword: string | undefined;
  /** `ftps://` means TLS from the first byte (implicit FTPS); `ftpes://` means AUTH TLS (explicit). */
  tls: 'implicit' | 'explicit' | undefined;
  /** The target named its port (rather than taking the default). */
  portGiven: boolean;
}

export const DEFAULT_PORT = 21;
export const IMPLICIT_TLS_PORT = 990;

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9_])?)*\.?$/;

/** A port as text (in a target, a flag, a range), read as the schema's port field; `what` names it. */
export function parsePort(text: string, what = 'port'): number {
  return fromText('port', text, what);
}

/** "MIN-MAX" as two ports, the first not above the second. */
export function parsePortRange(text: string, option: string): { min: number; max: number } {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  if (!m?.[1] || !m[2]) throw new UsageError(`invalid ${option} "${text}": write MIN-MAX, e.g. 50000-50100`);
  const min = parsePort(m[1], 'passive port');
  const max = parsePort(m[2], 'passive port');
  if (max < min) throw new UsageError(`invalid ${option} "${text}": the first port must not be larger than the second`);
  return { min, max };
}

function checkHost(host: string, input: string): string {
  if (ipVersion(host) !== 0 || HOSTNAME.test(host)) return host;
  throw new UsageError(`invalid target "${input}": "${host}" is not a host name or IP address`);
}

export function parseTarget(input: string): Target {
  const text = input.trim();
  if (text === '') throw new UsageError('missing target: give a host name, an address or an ftp:// URL');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined) return parseUrl(text, scheme);
  if (isIPv6Address(text)) return plain(text, text, undefined);
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    const host = bracketed[1] ?? '';
    if (!isIPv6Address(host)) throw new UsageError(`invalid target "${text}": "${host}" is not an IPv6 address`);
    return plain(text, host, bracketed[2] === undefined ? undefined : parsePort(bracketed[2]));
  }
  if (text.includes('[') || text.includes(']'))
    throw new UsageError(`invalid target "${text}": unbalanced brackets (write IPv6 as [2001:db8::1]:21)`);
  const parts = text.split(':');
  if (parts.length > 2)
    throw new UsageError(`invalid target "${text}": write an IPv6 address with a port as [2001:db8::1]:21`);
  const [host = '', port] = parts;
  return plain(text, checkHost(host, text), port === undefined ? undefined : parsePort(port));
}

function plain(input: string, host: string, port: number | undefined): Target {
  return {
    input,
    host,
    port: port ?? DEFAULT_PORT,
    user: undefined,
    urlPassword: undefined,
    tls: undefined,
    portGiven: port !== undefined,
  };
}

function parseUrl(text: string, scheme: string): Target {
  const TLS_BY_SCHEME = { ftp: undefined, ftps: 'implicit', ftpes: 'explicit' } as const;
  if (scheme === 'sftp' || scheme === 'ssh') throw new UsageError(sshMessage(text, scheme));
  if (!(scheme in TLS_BY_SCHEME))
    throw new UsageError(`unsupported scheme "${scheme}://": use ftp://, ftps:// (implicit TLS) or host[:port]`);
  const tls = TLS_BY_SCHEME[scheme as keyof typeof TLS_BY_SCHEME];
  let url: URL;
  try {
    // Parse as ftp:// so that WHATWG URL treats the authority the same for every scheme.
    url = new URL(text.replace(/^[a-z]+:/i, 'ftp:'));
  } catch {
    throw new UsageError(`invalid URL "${redactUrl(text)}"`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new UsageError(`invalid URL "${redactUrl(text)}": no host`);
  const user = url.username === '' ? undefined : decodeURIComponent(url.username);
  const urlPassword = url.password === '' ? undefined : decodeURIComponent(url.password);
  return {
    input: redactUrl(text),
    host: checkHost(host, redactUrl(text)),
    port: explicitPort(text) ?? (tls === 'implicit' ? IMPLICIT_TLS_PORT : DEFAULT_PORT),
    user,
    urlPassword,
    tls,
    portGiven: explicitPort(text) !== undefined,
  };
}

/**
 * SFTP is a different protocol (file transfer inside SSH), not FTP over TLS: ftpcheck cannot test it, but
 * it can say whether the port answers and with what, which is often the question.
 */
function sshMessage(text: string, scheme: string): string {
  const authority = /^[a-z]+:\/\/(?:[^/@]*@)?(\[[^\]]*\]|[^/:]*)(?::(\d+))?/i.exec(text);
  const host = authority?.[1] ?? 'HOST';
  const port = authority?.[2] ?? '22';
  return (
    `${scheme}:// is SSH, a different protocol from FTP (SFTP is file transfer inside SSH, not FTP over TLS), ` +
    `and ftpcheck speaks only FTP and FTPS; use an SFTP client (sftp -P ${port} user@host). ` +
    `"ftpcheck ${host}:${port}" still tells whether that port answers and names SSH when it does (not-ftp)`
  );
}

/** The port written in the URL, if any: WHATWG URL drops ":21" from ftp:// URLs, so read it ourselves. */
function explicitPort(text: string): number | undefined {
  const authority = /^[a-z]+:\/\/(?:[^/@]*@)?(\[[^\]]*\]|[^/:]*)(?::([^/]*))?/i.exec(text);
  const port = authority?.[2];
  return port === undefined || port === '' ? undefined : parsePort(port);
}

/** Replaces the password of "scheme://user:password@host" with ****. */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:****@');
}
