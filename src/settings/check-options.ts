// What a caller asks of one check, as the library's check() takes it: the one shape that the command
// line, the agent's API, the web form and a config file's modules all fill in. Its own module because
// both the schema that checks each field (check-schema.ts) and the settings built from it
// (settings.ts) need it, and neither should import the other for it.
import type { Family } from '../model/observations.js';
import type { Mode } from '../model/settings.js';
import type { ExpectFileOption } from './amounts.js';

/** One check, as the library's `check()` takes it. Times are in seconds. */
export interface CheckOptions {
  /** host, host:port, [ipv6]:port, ftp://[user@]host[:port] or ftps://host[:port] (implicit TLS). */
  target: string;
  /** The control port, when the target does not name one (default 21, 990 for ftps://). */
  port?: number;
  /** Default: the URL's user, else anonymous. */
  user?: string;
  /** Default: the URL's password, else none (anonymous logins send "ftpcheck@"). */
  password?: string;
  mode?: Mode;
  /** Seconds for each network wait (default 5). */
  timeout?: number;
  /** Seconds for the whole check (default 6 × timeout + 5). */
  deadline?: number;
  family?: Family;
  /** Explicit FTPS (AUTH TLS); ftps:// targets use implicit TLS anyway. */
  tls?: boolean;
  /** Certificate problems are errors (and fail the check) instead of warnings. */
  tlsStrict?: boolean;
  /** Extra trusted CA certificates, PEM text. */
  ca?: string;
  /** With TLS: compare failed data steps with plain FTP, logged in anonymously (default true). */
  plainFallback?: boolean;
  /** "MIN-MAX" or "auto": sweep the passive port range. */
  sweepPasvRange?: string;
  /** Bytes of the bulk sample downloaded in each working data mode (default 256 KiB; 0 turns it off). */
  transferBytes?: number;
  /** The file to download as the bulk sample (default: the smallest file of at least 64 KiB listed). */
  download?: string;
  /** Upload a small, uniquely named file and delete it again, in each working data mode (default false). */
  upload?: boolean;
  /** Audit mode: posture checks (bounce, anonymous access) and posture findings as warnings (default false). */
  audit?: boolean;
  /** Warn when the server's certificate ends within this many days (default 21). */
  certWarnDays?: number;
  /** Files that must exist on the server, no older than maxAge and no smaller than minSize. */
  expectFiles?: ExpectFileOption[];
  /** Control sessions open at once to the server (default: 3 on a long round trip, else 1; 1 runs the probes one after another). */
  maxSessions?: number;
  /** Told about things the caller should know, such as a password written in the URL. */
  onWarning?: (message: string) => void;
}
