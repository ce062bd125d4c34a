// What the client verdicts are judged on: the observations reduced to the few facts in which FTP clients
// differ (how far the session got, TLS, each passive command's data connection, active mode). Pure.
import { type AddressRelation, ownAttemptCounts } from '../../../model/passive.js';
import { type Observations } from '../../../model/observations.js';
import { classifyAddress } from '../../../protocol/address.js';
import { isIPv6Address } from '../../../protocol/ip.js';
import { offersAuthTls } from '../../../protocol/features.js';
import { passiveAttempts, rangePartlyBlocked } from '../../facts/apart.js';
import { laterDataPortFailed } from '../../facts/data-checks.js';
import {
  activeWorked,
  certificateProblems,
  controlPeer,
  controlTls,
  cutByDeadline,
  isAnonymousUser,
  portAccepted,
  ranActive,
  ranPassive,
  sessionReuseRefused,
  transferWorked,
} from '../../facts/common.js';

/**
 * How one way of opening a data connection went: its listing worked, it failed (connection or
 * transfer), the server refused the command itself, or it was not tested (so nothing can be said).
 */
export type DataPath = 'works' | 'fails' | 'refused' | 'untested';

export type SessionState =
  | { kind: 'logged-in' }
  /** A plain login refused because the server wants TLS first. */
  | { kind: 'tls-required' }
  /** Something every client from here meets as well: no client gets a data connection. */
  | { kind: 'failed'; why: string }
  | { kind: 'unknown'; why: string };

export interface Situation {
  session: SessionState;
  family: 4 | 6 | undefined;
  /** How the check spoke to the server: plain FTP, AUTH TLS, or implicit TLS. */
  tls: 'none' | 'explicit' | 'implicit';
  /** What is wrong with the server's certificate for a client that verifies it (empty when nothing). */
  certificateProblems: string[];
  /** A protected data connection was refused because its TLS session was not the control connection's. */
  reuseRefused: boolean;
  /** The user logged in anonymously (some clients do not use TLS for anonymous logins). */
  anonymous: boolean;
  /** The server lists AUTH TLS in FEAT. */
  offersTls: boolean;
  epsv: DataPath;
  /**
   * Part of the passive range is blocked (the sweep found both kinds of port, or a later data port failed
   * where the listing's worked): a client's passive connection works or fails by the port it is handed.
   */
  rangePartlyBlocked: boolean;
  /** PASV's data connection to the control connection's address with the port PASV named. */
  pasv: DataPath;
  /** How the address PASV named relates to the control connection's (undefined when it named none). */
  pasvRelation: AddressRelation | undefined;
  /** The server's address on the control connection is public (what lftp's fix-pasv-address asks). */
  peerPublic: boolean;
  active: DataPath;
}

function sessionOf(o: Observations): SessionState {
  if (o.login?.kind === 'logged-in') return { kind: 'logged-in' };
  if (o.login?.kind === 'refused')
    return o.login.tlsRequired
      ? { kind: 'tls-required' }
      : { kind: 'failed', why: `the server refused the login (${o.login.command} answered ${o.login.reply.code})` };
  if (o.dns?.kind === 'failed') return { kind: 'failed', why: 'the name does not resolve from here' };
  if (o.connect && o.connect.kind !== 'connected')
    return { kind: 'failed', why: `the control connection could not be opened (${o.connect.kind})` };
  if (o.tls?.kind === 'auth-refused') return { kind: 'failed', why: 'the server refused AUTH TLS' };
  if (o.tls?.kind === 'ran' && o.tls.handshake.kind !== 'established')
    return { kind: 'failed', why: 'the TLS handshake on the control connection failed' };
  if (o.greeting && o.greeting.kind !== 'greeted' && !o.deadlineHit)
    return { kind: 'failed', why: 'the server did not greet in FTP' };
  return { kind: 'unknown', why: 'the check did not get as far as a login' };
}

function passivePath(o: Observations, command: 'PASV' | 'EPSV'): DataPath {
  const p = ranPassive(o);
  const request = p?.requests.find((r) => r.command === command);
  if (!p || request?.exchange.result.kind !== 'reply') return 'untested';
  if (!request.advertised) return 'refused';
  // PASV's own connection proves nothing of PASV when its port was the one EPSV named just before.
  const attempts = (ownAttemptCounts(p) ? passiveAttempts(o) : (p.apart ?? [])).filter(
    (a) => a.request.command === command,
  );
  if (attempts.some((a) => transferWorked(a.transfer))) return 'works';
  if (cutByDeadline(o, 'passive')) return 'untested';
  const failed = attempts.some(
    (a) => a.data !== undefined && (a.data.kind !== 'connected' || a.transfer !== undefined),
  );
  return failed ? 'fails' : 'untested';
}

function activePath(o: Observations): DataPath {
  const a = ranActive(o);
  if (a?.portExchange.result.kind !== 'reply') return 'untested';
  if (!portAccepted(a)) return 'refused';
  if (activeWorked(o) || transferWorked(a.transfer)) return 'works';
  if (cutByDeadline(o, 'active')) return 'untested';
  return a.callback !== undefined || a.listReply !== undefined ? 'fails' : 'untested';
}

function reuseRefusedIn(o: Observations): boolean {
  const a = ranActive(o);
  return (
    passiveAttempts(o).some((p) => sessionReuseRefused(p.transfer, p.dataTls)) ||
    (a !== undefined && sessionReuseRefused(a.transfer, a.dataTls))
  );
}

export function situationOf(o: Observations): Situation {
  const peer = controlPeer(o);
  const certificate = controlTls(o)?.certificate;
  const features = o.login?.kind === 'logged-in' ? (o.login.features ?? []) : [];
  return {
    session: sessionOf(o),
    // controlPeer has unmapped an IPv4-mapped address already.
    family: peer === undefined ? undefined : isIPv6Address(peer) ? 6 : 4,
    tls: o.tlsRequest?.mode ?? 'none',
    certificateProblems: certificate ? certificateProblems(certificate) : [],
    reuseRefused: reuseRefusedIn(o),
    anonymous: isAnonymousUser(o.target.user),
    offersTls: features.some(offersAuthTls) || o.authTlsProbe !== undefined,
    rangePartlyBlocked: rangePartlyBlocked(o) || laterDataPortFailed(ranPassive(o)) !== undefined,
    epsv: passivePath(o, 'EPSV'),
    pasv: passivePath(o, 'PASV'),
    pasvRelation: ranPassive(o)?.relation,
    peerPublic: peer !== undefined && classifyAddress(peer) === 'public',
    active: activePath(o),
  };
}
