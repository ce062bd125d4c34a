// Small facts derived from the observations, shared by rules, verdict and stage summaries. Pure.
import type { ActiveObservation, Observations } from '../../model/observations.js';
import type { CertificateInfo, HandshakeResult, TransferResult } from '../../model/connections.js';
import type { PassiveObservation } from '../../model/passive.js';
import type { ReplyResult } from '../../model/exchanges.js';
import type { StageName } from '../../model/stages.js';
import { canonicalAddress, classifyAddress, isSiteLocal } from '../../protocol/address.js';
import { modeWorked } from './data-checks.js';

export type Ran<T> = Extract<T, { kind: 'ran' }>;

export function ranPassive(o: Observations): Ran<PassiveObservation> | undefined {
  return o.passive?.kind === 'ran' ? o.passive : undefined;
}

export function ranActive(o: Observations): Ran<ActiveObservation> | undefined {
  return o.active?.kind === 'ran' ? o.active : undefined;
}

/** The address the control connection reached, as the server's address for everything after. */
export function controlPeer(o: Observations): string | undefined {
  return o.connect?.kind === 'connected' ? canonicalAddress(o.connect.remote.address) : undefined;
}

/** The users anonymous FTP logs in as: their "password" is no secret, and some clients skip TLS for them. */
export function isAnonymousUser(user: string): boolean {
  return /^(anonymous|ftp)$/i.test(user);
}

export function clientAddress(o: Observations): string | undefined {
  return o.connect?.kind === 'connected' ? canonicalAddress(o.connect.local.address) : undefined;
}

/** ftpcheck's private address and the public one it talks to, when a NAT router must be in between. */
export function natBetween(o: Observations): { local: string; peer: string } | undefined {
  const local = clientAddress(o);
  const peer = controlPeer(o);
  if (local === undefined || peer === undefined || !isSiteLocal(local) || classifyAddress(peer) !== 'public')
    return undefined;
  return { local, peer };
}

/** ftpcheck has a private address and talks to a public one: a NAT router must be in between. */
export function clientBehindNat(o: Observations): boolean {
  return natBetween(o) !== undefined;
}

export function transferWorked(t: TransferResult | undefined): boolean {
  return t?.kind === 'complete';
}

/**
 * Passive mode worked: the listing of the command the stage used and the sample download and upload after it;
 * or, when that listing failed, the listing of the other command (PASV and EPSV tested apart). A small
 * listing over the other command does not make up for a sample download that stalled after a working one.
 */
export function passiveWorked(o: Observations): boolean {
  const p = ranPassive(o);
  if (modeWorked(p)) return true;
  return !transferWorked(p?.transfer) && (p?.apart ?? []).some((a) => transferWorked(a.transfer));
}

/** The active listing worked, and the sample download and upload after it did not fail on the way. */
export function activeWorked(o: Observations): boolean {
  return modeWorked(ranActive(o));
}

/** The run's deadline, not the step's own timeout, ended this stage: its timeouts prove nothing. */
export function cutByDeadline(o: Observations, stage: StageName): boolean {
  return o.deadlineHit?.stage === stage;
}

export type FailedResult = Exclude<ReplyResult, { kind: 'reply' }>;

/** Every command after the greeting whose reply never came, in the order they were sent. */
export function controlFailures(o: Observations): { stage: StageName; command: string; result: FailedResult }[] {
  const out: { stage: StageName; command: string; result: FailedResult }[] = [];
  if (o.tls?.kind === 'auth-refused' && o.tls.exchange.result.kind !== 'reply')
    out.push({ stage: 'tls', command: 'AUTH TLS', result: o.tls.exchange.result });
  if (o.login?.kind === 'no-reply') out.push({ stage: 'login', command: o.login.command, result: o.login.result });
  const p = ranPassive(o);
  if (p) {
    for (const r of p.requests)
      if (r.exchange.result.kind !== 'reply')
        out.push({ stage: 'passive', command: r.command, result: r.exchange.result });
    if (p.transfer?.kind === 'control-failed')
      out.push({ stage: 'passive', command: 'LIST', result: p.transfer.result });
    // PASV and EPSV tested apart: their requests and listings on the same control connection.
    for (const a of p.apart ?? []) {
      const r = a.request;
      if (r.exchange.result.kind !== 'reply')
        out.push({ stage: 'passive', command: r.command, result: r.exchange.result });
      if (a.transfer?.kind === 'control-failed')
        out.push({ stage: 'passive', command: 'LIST', result: a.transfer.result });
    }
  }
  const a = ranActive(o);
  if (a) {
    const port = a.portExchange.result;
    if (port.kind !== 'reply') out.push({ stage: 'active', command: a.command, result: port });
    // A LIST reply that never came while no callback arrived is the callback's story, not the control's.
    const list = a.listReply;
    if (list && list.kind !== 'reply' && list.kind !== 'timeout')
      out.push({ stage: 'active', command: 'LIST', result: list });
    if (a.transfer?.kind === 'control-failed')
      out.push({ stage: 'active', command: 'LIST', result: a.transfer.result });
  }
  return out;
}

/** The control connection's TLS handshake, when one was established. */
export function controlTls(o: Observations): Extract<HandshakeResult, { kind: 'established' }> | undefined {
  return o.tls?.kind === 'ran' && o.tls.handshake.kind === 'established' ? o.tls.handshake : undefined;
}

/** What is wrong with a certificate, in the order the findings come. */
export function certificateProblems(c: CertificateInfo): ('untrusted' | 'expired' | 'name mismatch')[] {
  const problems: ('untrusted' | 'expired' | 'name mismatch')[] = [];
  if (!c.trusted) problems.push('untrusted');
  if (c.expired || c.notYetValid) problems.push('expired');
  if (!c.nameMatches) problems.push('name mismatch');
  return problems;
}

/**
 * An untrusted certificate that came alone: not self-signed, and neither the server sent its issuer nor
 * does this machine have it. A server that leaves out its chain (intermediate) file, or a private CA.
 */
export function chainIncomplete(c: CertificateInfo): boolean {
  return !c.trusted && !c.selfSigned && c.chainLength === 1;
}

/** The server accepted PORT/EPRT (a 1xx or 2xx reply): its connection back is what comes next. */
export function portAccepted(a: Ran<ActiveObservation>): boolean {
  const r = a.portExchange.result;
  return r.kind === 'reply' && r.reply.code < 300;
}

/** Certificate findings are warnings, or errors when the user asked for strict TLS. */
export function certificateSeverity(o: Observations): 'warning' | 'error' {
  return o.tlsRequest?.strict ? 'error' : 'warning';
}

/**
 * The server refused a protected data connection whose TLS session was not resumed from the control
 * connection (vsftpd's require_ssl_reuse answers "522 SSL connection failed: session reuse required").
 */
export function sessionReuseRefused(t: TransferResult | undefined, dataTls: HandshakeResult | undefined): boolean {
  if (!dataTls || t?.kind !== 'rejected') return false;
  const resumed = dataTls.kind === 'established' && dataTls.sessionReused;
  return !resumed && (t.reply.code === 522 || /reuse|session/i.test(t.reply.lines.join(' ')));
}

/** The server software, as its greeting, or else its SYST and FEAT replies, name it. */
export function serverSoftwareOf(o: Observations): string | undefined {
  const fromGreeting = o.greeting?.kind === 'greeted' ? o.greeting.software : undefined;
  return fromGreeting ?? (o.login?.kind === 'logged-in' ? o.login.software : undefined);
}
