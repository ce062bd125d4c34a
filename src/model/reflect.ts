// What the reflector (the agent's FTP endpoint for the active-mode test) saw of one session, as its API
// answers `GET /api/reflect/NONCE`, and what `ftpcheck reflect` observed on its side. Server text (the
// PORT argument as it arrived) is kept as it came; reports make it visible.
import type { ConnectResult, Endpoint } from './connections.js';
import type { Exchange } from './exchanges.js';

/** A PORT or EPRT command as the reflector received it, and how it answered. */
export interface ReflectorPortSeen {
  command: 'PORT' | 'EPRT';
  /** The argument exactly as it arrived (capped). */
  text: string;
  /** The address and port it names; null when it could not be read. */
  parsed: Endpoint | null;
  /** The same address and port as the hex form (SITE CLIENT); null when no hex form came before it. */
  matchesAnnounced: boolean | null;
  /** It names the address the control connection comes from. */
  matchesPeer: boolean;
  /** Accepted (200): the reflector will connect back to the control connection's source address. */
  accepted: boolean;
  /** The reply's code. */
  code: number;
}

/** The reflector's connection back to the client (active mode), always to the control connection's source. */
export interface ReflectorCallback {
  to: Endpoint;
  /** The reflector's end of it; null when it did not connect. */
  from: Endpoint | null;
  /** Why it did not connect from port 20, in words; null when it did. */
  notFromPort20: string | null;
  outcome: ConnectResult['kind'];
  /** The nonce was written in full on it. */
  sent: boolean;
}

/** One passive round: the port the reflector opened, and the client's connection to it. */
export interface ReflectorPassive {
  command: 'PASV' | 'EPSV';
  port: number;
  /** The client's end of its data connection; null when none came from the control connection's address. */
  from: Endpoint | null;
  sent: boolean;
}

export interface ReflectorView {
  /** The control connection's source: the client's address as the outside sees it. */
  peer: Endpoint;
  /** The reflector's own end of the control connection. */
  local: Endpoint;
  /** The control connection was protected with AUTH TLS. */
  tls: boolean;
  /** The hex form (SITE CLIENT) as it arrived, and what it decodes to. */
  announced: { text: string; parsed: Endpoint | null } | null;
  ports: ReflectorPortSeen[];
  callbacks: ReflectorCallback[];
  passive: ReflectorPassive[];
}

/** How the nonce arrived on one data connection. */
export type NonceArrival =
  { kind: 'intact' } | { kind: 'changed'; received: string; bytes: number } | { kind: 'missing'; reason: string };

/** What `ftpcheck reflect` observed beside the usual stages (its active and passive rounds are those stages). */
export interface ReflectObservation {
  /** The agent's API as given (no credentials). */
  api: string;
  /** The address and port this machine announced in the hex form, and the reflector's answer. */
  announced: Endpoint | undefined;
  announceExchange: Exchange | undefined;
  activeNonce: NonceArrival;
  passiveNonce: NonceArrival;
  view: ReflectorViewResult;
  /** With --tls: what the reflector saw of the plain rounds before (their observations are `plain`). */
  plainView?: ReflectorViewResult;
}

export type ReflectorViewResult = { kind: 'seen'; view: ReflectorView } | { kind: 'unavailable'; reason: string };
