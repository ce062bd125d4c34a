// What the probes saw, as data. Probes produce these; diagnosis and reports only read them.
// Network failures are values here, never exceptions.
import type { DataChecks, KeptListing } from './bulk.js';
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

/** How a server's replies broke the protocol: a line or a reply over the cap, or no reply code. */
export type ViolationReason = 'line-too-long' | 'reply-too-large' | 'not-a-reply';

export interface Endpoint {
  address: string;
  port: number;
}

/** A complete FTP reply: the code and every text line without the CRLF. */
export interface Reply {
  code: number;
  lines: string[];
}

/** How an outgoing TCP connection attempt ended. */
export type ConnectResult =
  | { kind: 'connected'; ms: number; local: Endpoint; remote: Endpoint }
  | { kind: 'refused'; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'unreachable'; ms: number; errno: string }
  | { kind: 'error'; ms: number; errno: string };

/** How waiting for one reply on the control connection ended. */
export type ReplyResult =
  | { kind: 'reply'; ms: number; reply: Reply }
  | { kind: 'timeout'; ms: number; partial: string }
  | { kind: 'closed'; ms: number; partial: string }
  | { kind: 'reset'; ms: number }
  | { kind: 'violation'; ms: number; reason: ViolationReason; partial: string }
  | { kind: 'deadline'; ms: number };

/** One command sent on the control connection and how its reply wait ended. */
export interface Exchange {
  command: string;
  result: ReplyResult;
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

/** How a data transfer (LIST) ended once its data connection was attempted. */
export type TransferResult =
  | {
      kind: 'complete';
      ms: number;
      bytes: number;
      truncated: boolean;
      final: Reply;
      /** The listing's text, kept to read its files from (the bulk sample, the posture checks). */
      listing?: KeptListing;
    }
  | { kind: 'rejected'; ms: number; reply: Reply; bytes: number }
  | { kind: 'stalled'; ms: number; bytes: number; waitingFor: 'data' | 'final-reply' | 'preliminary-reply' }
  | { kind: 'control-failed'; ms: number; result: Exclude<ReplyResult, { kind: 'reply' }> };

/** How the advertised passive address relates to the control connection's peer. */
export type AddressRelation = 'same' | 'private' | 'loopback' | 'link-local' | 'unspecified' | 'foreign';

export interface PassiveRequest {
  command: 'PASV' | 'EPSV';
  exchange: Exchange;
  /** Parsed from a 227/229 reply; EPSV carries only a port. */
  advertised: { address: string | undefined; port: number } | undefined;
}

export type PassiveObservation =
  | { kind: 'not-run'; reason: string }
  | {
      kind: 'ran';
      ms: number;
      requests: PassiveRequest[];
      /** The request whose answer was used for the data connection; absent when none gave a usable answer. */
      used: PassiveRequest | undefined;
      relation: AddressRelation | undefined;
      /** Always the control peer's address: ftpcheck never follows an address elsewhere. */
      dataTarget: Endpoint | undefined;
      data: ConnectResult | undefined;
      /** The TLS handshake on the data connection, when data is protected (PROT P). */
      dataTls: HandshakeResult | undefined;
      transfer: TransferResult | undefined;
      /**
       * PASV and EPSV tested apart (IPv4): the data connections of the command not used, and of the failing
       * one once more when exactly one of them worked. Absent when they were not tested apart.
       */
      apart?: PassiveAttempt[];
      /** After a listing that worked: the bulk sample, the upload and MLSD (model/bulk.ts). */
      dataChecks?: DataChecks;
    };

/**
 * Whether the passive stage's own data connection tells something of its command by itself. Not when
 * PASV named the very port that an EPSV named just before it (servers hand a free port out again): a
 * firewall or NAT helper that opened that port for EPSV's 229 lets PASV's connection through as well.
 */
export function ownAttemptCounts(p: Extract<PassiveObservation, { kind: 'ran' }>): boolean {
  if (p.used?.command !== 'PASV' || !p.dataTarget) return true;
  const { port } = p.dataTarget;
  return !p.requests.some((r) => r.command === 'EPSV' && r.advertised?.port === port);
}

/** How waiting for the server's active-mode connection ended. `from` may differ from the server's
 * control address: multi-homed servers and outbound NAT connect back from another one. */
export type CallbackResult = { kind: 'arrived'; ms: number; from: Endpoint } | { kind: 'none'; ms: number };

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
      /** After a listing that worked: the bulk sample, the upload and MLSD (model/bulk.ts). */
      dataChecks?: DataChecks;
    };

export interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  selfSigned: boolean;
  /** Chains to a trusted root (the system's, or one given with --ca). */
  trusted: boolean;
  /** OpenSSL's reason when not trusted, e.g. SELF_SIGNED_CERT_IN_CHAIN. */
  trustError: string | undefined;
  /**
   * How many certificates chain up from the server's own: those it sent, completed from the trust store
   * where an issuer is there. 1 when it sent only its own and its issuer is nowhere to be found.
   */
  chainLength?: number;
  expired: boolean;
  notYetValid: boolean;
  /** Whole days from the handshake to validTo, rounded down (negative once expired): the time of the
   * check is recorded here so that the diagnosis needs no clock. */
  daysLeft: number;
  /** The certificate names the host the user asked for. */
  nameMatches: boolean;
  nameError: string | undefined;
}

/** A TLS handshake on the control or a data connection. */
export type HandshakeResult =
  | {
      kind: 'established';
      ms: number;
      protocol: string;
      cipher: string;
      certificate: CertificateInfo | undefined;
      sessionReused: boolean;
    }
  | { kind: 'failed'; ms: number; error: string; code: string | undefined }
  /** No alert and no reset: the connection stayed open. `received`: the bytes the server sent meanwhile. */
  | { kind: 'timeout'; ms: number; received?: number };

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

// PASV and EPSV apart, the server's view of this machine, and the --audit posture checks.

/** One more passive data connection: PASV or EPSV asked again, the connection to its port, the listing. */
export interface PassiveAttempt {
  request: PassiveRequest;
  /** Always the control peer's address with the advertised port; absent when no port was advertised. */
  dataTarget: Endpoint | undefined;
  data: ConnectResult | undefined;
  dataTls: HandshakeResult | undefined;
  transfer: TransferResult | undefined;
}

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
