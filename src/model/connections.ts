// How one connection went, whatever it was for: the TCP connect, the server's call back in active mode,
// a TLS handshake and its certificate, a listing's transfer. Data only.
import type { Reply, ReplyResult } from './exchanges.js';

export interface Endpoint {
  address: string;
  port: number;
}

/** How an outgoing TCP connection attempt ended. */
export type ConnectResult =
  | { kind: 'connected'; ms: number; local: Endpoint; remote: Endpoint }
  | { kind: 'refused'; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'unreachable'; ms: number; errno: string }
  | { kind: 'error'; ms: number; errno: string };

/** How waiting for the server's active-mode connection ended. `from` may differ from the server's
 * control address: multi-homed servers and outbound NAT connect back from another one. */
export type CallbackResult = { kind: 'arrived'; ms: number; from: Endpoint } | { kind: 'none'; ms: number };

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

/** How much of a listing's text is kept, to read its files from: more is counted, not kept. */
export const LISTING_KEEP_BYTES = 64 * 1024;

/** A listing's text as it came (decoded as UTF-8), cut at LISTING_KEEP_BYTES. Server text: hostile. */
export interface KeptListing {
  text: string;
  /** More came than was kept: the last line may be partial. */
  cut: boolean;
}

/** How a data transfer (LIST) ended once its data connection was attempted. */
export type TransferResult =
  | {
      kind: 'complete';
      ms: number;
      bytes: number;
      truncated: boolean;
      final: Reply;
      /** The listing's text, kept to read its files from (the sample download, the posture checks). */
      listing?: KeptListing;
    }
  | { kind: 'rejected'; ms: number; reply: Reply; bytes: number }
  | { kind: 'stalled'; ms: number; bytes: number; waitingFor: 'data' | 'final-reply' | 'preliminary-reply' }
  | { kind: 'control-failed'; ms: number; result: Exclude<ReplyResult, { kind: 'reply' }> };
