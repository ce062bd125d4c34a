// The settings of one check, as settings/ builds them from what the caller asked and the probes take
// them, with the limits both sides must agree on. Data only.
import type { FileExpectation } from './files.js';
import type { DnsObservation, Family, Mode } from './observations.js';

export type { Mode };

/** The password anonymous FTP asks for: by convention an e-mail-like string. */
export const ANONYMOUS_PASSWORD = 'ftpcheck@';

/** How much longer than the step timeout the reply to PASS may take: servers delay a wrong password's
 * 530 on purpose (Debian's PAM waits 2–3 s before vsftpd answers). */
export const PASS_GRACE_MS = 5_000;

/** The passive-range sweep: at most this many ports, this many at a time, each attempt this long at most. */
export const SWEEP_MAX_PORTS = 1000;
export const SWEEP_CONCURRENCY = 32;
export const SWEEP_CONNECT_MS = 2000;

export interface Credentials {
  user: string;
  password: string;
}

export interface TlsRequest {
  mode: 'explicit' | 'implicit';
  /** Certificate problems are errors rather than warnings. */
  strict: boolean;
  /** Extra trust anchors, PEM. */
  ca: string | undefined;
}

export type SweepRequest = { kind: 'range'; min: number; max: number } | { kind: 'auto' };

/** The sample download after a working listing: how many bytes to download, and of which file. */
export interface BulkRequest {
  /** At most this many bytes are read; then the transfer is aborted. */
  bytes: number;
  /** The file to download, as the server names it; undefined: pick one from the listing. */
  path: string | undefined;
}

/** The default size of the sample download: enough full-size packets to cross any MTU problem. */
export const DEFAULT_BULK_BYTES = 256 * 1024;
/** Certificates that end within this many days get a warning, by default. */
export const DEFAULT_CERT_WARN_DAYS = 21;
/**
 * Control sessions open at once to one server (--max-sessions); 1 runs every probe in one line. Without
 * the option, this many where round trips are long enough for sessions beside the check's own to pay
 * (BESIDE_MIN_CONNECT_MS), else one: on loopback and a LAN each extra session costs more (CPU, a
 * login) than the round trips it saves.
 */
export const DEFAULT_MAX_SESSIONS = 3;
/** The check's own TCP connect (one round trip) took at least this long: sessions beside it pay. */
export const BESIDE_MIN_CONNECT_MS = 5;

export interface CheckSettings {
  host: string;
  port: number;
  credentials: Credentials;
  mode: Mode;
  timeoutMs: number;
  deadlineMs: number;
  /** Use only this address family when the name has both. */
  family: Family | undefined;
  maxDataBytes: number;
  tls: TlsRequest | undefined;
  /** With TLS: may ftpcheck repeat failed data steps over plain FTP to compare? */
  plainFallback: boolean;
  /** Sweep the passive port range after the data stages. */
  sweep: SweepRequest | undefined;
  /** Masked in everything the probes hand out, wherever a server repeats them (the password). */
  secrets: readonly string[];
  /** The sample download in each working data mode; undefined: not asked for (--transfer-bytes 0). */
  bulk: BulkRequest | undefined;
  /** Opt-in: upload a small, uniquely named file and delete it again, in each working data mode. */
  upload: boolean;
  /** Audit mode: posture checks a security team wants to know about, and posture findings count. */
  audit: boolean;
  certWarnDays: number;
  /** --expect-file: files that must exist on the server, fresh and big enough. */
  expectFiles: FileExpectation[];
  /** At most this many control sessions open at once; undefined: DEFAULT_MAX_SESSIONS on a long round trip, else 1. */
  maxSessions?: number;
  /**
   * The name already resolved, and its addresses vetted, by the caller (the agent, against DNS
   * rebinding): the dns stage takes this instead of asking again, so every connection of the check
   * goes to one of these addresses. Undefined: the dns stage resolves the name itself.
   */
  resolved?: DnsObservation;
}
