// What the probes saw, as data. Probes produce these; diagnosis and reports only read them.
// Network failures are values here, never exceptions.
import type { DataChecks } from './data-checks.js';
import type { CallbackResult, ConnectResult, Endpoint, HandshakeResult, TransferResult } from './connections.js';
import type { Exchange, Reply, ReplyResult, ViolationReason } from './exchanges.js';
import type { PassiveAttempt, PassiveObservation, PassiveRequest } from './passive.js';
import type { FilesObservation } from './files.js';
import type { ReflectObservation } from './reflect.js';

export type Family = 4 | 6;

/** Which data connection modes a check tests. */
export type Mode = 'passive' | 'active' | 'both';

/** An address of the server's name, with its family. */
export interface Address {
  address: string;
  family: Family;
}

/** Services recognised by their first bytes when something other than FTP answers. */
export type OtherService = 'ssh' | 'http' | 'smtp' | 'pop3' | 'imap' | 'tls' | 'unknown';

export type DnsObservation =
  | { kind: 'literal'; address: string; family: Family }
  | { kind: 'resolved'; ms: number; addresses: Address[]; chosen: Address }
  | { kind: 'failed'; ms: number; reason: 'not-found' | 'resolver-unavailable' | 'timeout' | 'other'; errno: string };

export type ConnectObservation = ConnectResult;

export type GreetingObservation =
  | { kind: 'greeted'; ms: number; reply: Reply; software: string | undefined }
  | { kind: 'rejected'; ms: number; reply: Reply }
  | { kind: 'silent'; ms: number; partial: string }
  | { kind: 'not-ftp'; ms: number; banner: string; service: OtherService }
  | { kind: 'closed'; ms: number; partial: string }
  | { kind: 'reset'; ms: number }
  | { kind: 'violation'; ms: number; reason: ViolationReason; partial: string }
  | { kind: 'deadline'; ms: number };

export type LoginObservation =
  | {
      kind: 'logged-in';
      ms: number;
      user: string;
      /** Replies to the informational commands after login; a failure here is not a login failure. */
      features: string[] | undefined;
      system: string | undefined;
      directory: string | undefined;
      software: string | undefined;
      /** Whether data connections use TLS (PROT P accepted) or not. */
      dataProtection: 'private' | 'clear';
      exchanges: Exchange[];
    }
  | {
      kind: 'refused';
      ms: number;
      user: string;
      command: 'USER' | 'PASS';
      reply: Reply;
      tlsRequired: boolean;
      exchanges: Exchange[];
    }
  | {
      kind: 'no-reply';
      ms: number;
      user: string;
      command: string;
      result: Exclude<ReplyResult, { kind: 'reply' }>;
      exchanges: Exchange[];
    };

export type ActiveObservation =
  | { kind: 'not-run'; reason: string }
  | {
      kind: 'ran';
      ms: number;
      command: 'PORT' | 'EPRT';
      /** Where ftpcheck listened and what it told the server. */
      listen: Endpoint;
      portExchange: Exchange;
      callback: CallbackResult | undefined;
      listReply: ReplyResult | undefined;
      dataTls: HandshakeResult | undefined;
      transfer: TransferResult | undefined;
      /** After a listing that worked: the sample download, the upload and MLSD (model/data-checks.ts). */
      dataChecks?: DataChecks;
    };

export type TlsObservation =
  | { kind: 'not-run'; reason: string }
  | { kind: 'auth-refused'; ms: number; exchange: Exchange }
  | {
      kind: 'ran';
      ms: number;
      mode: 'explicit' | 'implicit';
      exchange: Exchange | undefined;
      handshake: HandshakeResult;
    };

/**
 * The other form of FTP, tried once on a new connection when the control connection did not speak the
 * form asked for: after an implicit TLS handshake that got bytes which are no TLS record, whether the
 * port greets in plain FTP; after a greeting that never began, whether the port answers a TLS handshake
 * from the first byte (implicit FTPS).
 */
export type TlsModeProbe =
  | { kind: 'plain-greeting'; connect: ConnectResult; greeting: GreetingObservation | undefined }
  | {
      kind: 'implicit-handshake';
      connect: ConnectResult;
      handshake: HandshakeResult | undefined;
      /** When the handshake failed on bytes that were no TLS server's answer: what sent them. */
      answer?: { service: OtherService; banner: string };
    };

/**
 * Whether the server still accepts TLS 1.0 or 1.1: one handshake on a connection of its own, offering
 * only those versions. Not tested when this machine's OpenSSL cannot offer them, or the connection
 * could not get as far as the handshake.
 */
export type LegacyTlsObservation =
  { kind: 'not-tested'; reason: string } | { kind: 'ran'; ms: number; offered: string[]; handshake: HandshakeResult };

/** The same data steps over a plain (unencrypted) control connection, to compare with TLS. */
export type PlainComparison =
  | { kind: 'not-run'; reason: string }
  | {
      kind: 'ran';
      /** The PASV reply on the plain connection, which a router's FTP ALG can rewrite. */
      pasv: PassiveRequest | undefined;
      passive: PassiveObservation | undefined;
      active: ActiveObservation | undefined;
    };

export type PortClass = 'reachable' | 'closed' | 'filtered' | 'unreachable' | 'not-tried';

/** A sweep of the server's passive port range: how a connection to each port ended. */
export type SweepObservation =
  | { kind: 'not-run'; reason: string }
  | {
      kind: 'ran';
      ms: number;
      range: { min: number; max: number };
      /** Set when the range was inferred from the ports of repeated PASV/EPSV replies. */
      inferredFrom: number[] | undefined;
      address: string;
      /** One class per port, in port order. */
      classes: PortClass[];
    };

/** Everything one check saw. Stages that did not run are absent or `not-run`. */
export interface Observations {
  target: { host: string; port: number; user: string };
  mode: Mode;
  timeoutMs: number;
  /** What the user asked of TLS: nothing (plain FTP), explicit (AUTH TLS) or implicit (ftps://). */
  tlsRequest: { mode: 'explicit' | 'implicit'; strict: boolean } | undefined;
  /** Audit mode (--audit) and the certificate warning threshold, as the caller asked. */
  posture: { audit: boolean; certWarnDays: number };
  plain?: PlainComparison;
  sweep?: SweepObservation;
  /** In a plain check of a server whose FEAT lists AUTH TLS: how AUTH TLS was answered on a second connection. */
  authTlsProbe?: Exchange;
  /** After a failed implicit handshake or a silent greeting: the other form of FTP on a new connection. */
  tlsModeProbe?: TlsModeProbe;
  /** In a TLS check whose handshake worked: whether the server also accepts TLS 1.0 or 1.1. */
  legacyTls?: LegacyTlsObservation;
  dns?: DnsObservation;
  connect?: ConnectObservation;
  /** The name's first address could not be reached at all, and another family's address was used. */
  addressFallback?: Address & { result: ConnectResult };
  greeting?: GreetingObservation;
  tls?: TlsObservation;
  login?: LoginObservation;
  passive?: PassiveObservation;
  active?: ActiveObservation;
  /** Set when the run's deadline cut a stage short. */
  deadlineHit?: { stage: import('./stages.js').StageName; deadlineMs: number };
  /** What the server said of this machine's address (STAT), on the check's connection and maybe a second one. */
  serverView?: ServerView;
  /** --audit: PORT/EPRT naming a third party's (documentation) address, with no data command after it. */
  bounce?: BounceObservation;
  /** --audit, when the check's user is not anonymous: an anonymous login on a connection of its own. */
  anonymousLogin?: AnonymousLogin;
  /** --audit: `SITE CPFR /` on a connection of its own before any login (ProFTPD mod_copy); never CPTO. */
  modCopy?: ModCopyProbe;
  /**
   * --audit, on an FTPS session whose PROT P was accepted: `PROT C` on a connection of its own, and when it
   * is accepted a passive listing over a data connection without TLS.
   */
  clearData?: ClearDataProbe;
  /**
   * --audit, when that connection's greeting announced vsftpd 2.3.4: whether the server's TCP port 6200 (the
   * backdoored release's shell) accepts a connection, which was closed at once with nothing sent.
   */
  backdoorPort?: { port: number; result: ConnectResult };
  /** `ftpcheck reflect`: what the reflector saw and how the nonce arrived (its rounds are the data stages). */
  reflect?: ReflectObservation;
  /** --expect-file: each expected file's facts as the server gave them. */
  files?: FilesObservation;
}

// The server's view of this machine, and the --audit posture checks.

/** STAT on one control connection: this machine's own address on it, and the reply (its text capped). */
export interface StatProbe {
  connection: 'check' | 'second';
  local: string;
  exchange: Exchange;
}

export type ServerView = { kind: 'not-run'; reason: string } | { kind: 'ran'; stats: StatProbe[] };

export type BounceObservation =
  | { kind: 'not-run'; reason: string }
  | {
      kind: 'ran';
      /** On the check's own control connection, or on one opened for it. */
      connection: 'check' | 'own';
      /** The third party named: a documentation address (RFC 5737 / RFC 3849), never connected to. */
      target: Endpoint;
      exchange: Exchange;
      /** Asked again on a fresh session because the first one was lost at it: how that one was lost. */
      retriedAfter?: string;
    };

export type AnonymousLogin =
  | { kind: 'not-run'; reason: string }
  | {
      kind: 'ran';
      login: LoginObservation;
      /** Tried again on a fresh session because the first one was lost at it: how that one was lost. */
      retriedAfter?: string;
    };

export type ModCopyProbe =
  | { kind: 'not-run'; reason: string }
  | {
      kind: 'ran';
      exchange: Exchange;
      /** Asked again on a fresh session because the first one was lost at it: how that one was lost. */
      retriedAfter?: string;
    };

export type ClearDataProbe =
  | { kind: 'not-run'; reason: string }
  | {
      kind: 'ran';
      /** `PROT C` and its reply, after PBSZ 0 and PROT P were accepted on the same session. */
      exchange: Exchange;
      /** When PROT C was accepted: a passive listing whose data connection got no TLS from ftpcheck. */
      listing: PassiveAttempt | undefined;
      /** Asked again on a fresh session because the first one was lost at it: how that one was lost. */
      retriedAfter?: string;
    };
