// TLS on an existing TCP socket: the control connection after AUTH TLS (or at once for implicit FTPS),
// and every data connection, which resumes the control connection's session as servers demand.
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { DetailedPeerCertificate, PeerCertificate, SecureVersion, TLSSocket } from 'node:tls';
import { errnoOf, ignoreError } from '../model/errors.js';
import type { CertificateInfo, HandshakeResult } from '../model/connections.js';

export interface TlsSettings {
  /** The name the user asked for: checked against the certificate, and sent as SNI when it is a name. */
  servername: string;
  /** Extra trust anchors (--ca), PEM. */
  ca: string | undefined;
  /** A session to resume: data connections reuse the control connection's. */
  session?: Buffer | undefined;
  /** The protocol versions to offer instead of Node's defaults (TLS 1.2 and 1.3). */
  versions?: TlsVersions | undefined;
  /**
   * Hears the server's first bytes (up to 512) as they arrive, before TLS reads them: what a port that is
   * not TLS answered to a ClientHello. Costs a stream in between, so only probes of unknown ports ask.
   */
  onAnswer?: ((first: Buffer) => void) | undefined;
}

/** A range of protocol versions to offer, with the cipher list that lets OpenSSL offer them. */
export interface TlsVersions {
  min: SecureVersion;
  max: SecureVersion;
  ciphers: string;
}

/**
 * Only TLS 1.0 and 1.1. OpenSSL 3 refuses them at its default security level (their handshakes sign
 * with SHA-1), so the cipher list lowers it to 0 for this one handshake.
 */
export const LEGACY_TLS: TlsVersions = { min: 'TLSv1', max: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' };

const DAY_MS = 86_400_000;

export interface HandshakeOptions {
  timeoutMs: number;
  /** Describe the server's certificate in the result: for control connections; a data connection
   * presents the same certificate again. */
  describeCertificate: boolean;
}

export interface Upgraded {
  result: Extract<HandshakeResult, { kind: 'established' }>;
  socket: TLSSocket;
}

export type UpgradeOutcome =
  Upgraded | { result: Exclude<HandshakeResult, { kind: 'established' }>; socket?: undefined };

const isIp = (host: string): boolean => /^[\d.]+$/.test(host) || host.includes(':');

function dn(fields: object | undefined): string {
  if (!fields) return '';
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

/** How many certificates chain up from `leaf` through the issuers Node linked (the sent chain, then the store). */
function chainLength(leaf: DetailedPeerCertificate): number {
  const seen = new Set<DetailedPeerCertificate>();
  // @types/node says always set; Node leaves it out where no issuer was found.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a gap in @types/node (above)
  for (let c: DetailedPeerCertificate | undefined = leaf; c && !seen.has(c); c = c.issuerCertificate) {
    // A root is its own issuer.
    seen.add(c);
  }
  return seen.size;
}

/** What the peer's certificate says and how it was judged; `checkIdentity` is node:tls's checkServerIdentity. */
export function certificateInfo(
  socket: TLSSocket,
  servername: string,
  now: Date,
  checkIdentity: (host: string, cert: PeerCertificate) => Error | undefined,
): CertificateInfo | undefined {
  const cert: DetailedPeerCertificate = socket.getPeerCertificate(true);
  // @types/node omits it, but a destroyed socket has null here, and one with no certificate {}.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a gap in @types/node (above)
  if (!cert || Object.keys(cert).length === 0) return undefined;
  const from = new Date(cert.valid_from);
  const to = new Date(cert.valid_to);
  const nameError = checkIdentity(servername, cert)?.message;
  // @types/node says Error; Node sets the verify error's code (CERT_HAS_EXPIRED…), and leaves null when verified.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a gap in @types/node (above)
  const unset = socket.authorizationError === null || socket.authorizationError === undefined;
  const authError = unset ? undefined : String(socket.authorizationError);
  return {
    subject: dn(cert.subject),
    issuer: dn(cert.issuer),
    validFrom: from.toISOString(),
    validTo: to.toISOString(),
    fingerprint256: cert.fingerprint256,
    selfSigned: dn(cert.subject) === dn(cert.issuer),
    // Expiry is judged separately below, so an expired but otherwise trusted chain still counts as trusted here.
    trusted: socket.authorized || authError === 'CERT_HAS_EXPIRED',
    trustError: socket.authorized ? undefined : authError,
    chainLength: chainLength(cert),
    expired: now > to,
    notYetValid: now < from,
    daysLeft: Math.floor((to.getTime() - now.getTime()) / DAY_MS),
    nameMatches: nameError === undefined,
    nameError,
  };
}

const ANSWER_BYTES = 512;

/**
 * `socket` behind a stream that hands every byte on to TLS and the first ones to `hear` as well. TLS
 * on a plain net.Socket reads its handle directly, where no listener sees the bytes.
 */
function listenedTo(socket: Socket, hear: (first: Buffer) => void): Duplex {
  let first = Buffer.alloc(0);
  const tee = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _encoding, done) => void socket.write(chunk, done),
    final: (done) => {
      socket.end();
      done();
    },
    destroy: (err, done) => {
      socket.destroy();
      done(err);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    if (first.length < ANSWER_BYTES) {
      first = Buffer.concat([first, chunk]).subarray(0, ANSWER_BYTES);
      hear(first);
    }
    if (!tee.push(chunk)) socket.pause();
  });
  socket.on('end', () => tee.push(null));
  socket.on('error', (err) => tee.destroy(err));
  socket.on('close', () => tee.destroy());
  return tee;
}

/** Runs a TLS client handshake over `socket`, bounded by `options.timeoutMs`. Certificates are judged, not enforced. */
export async function startTls(
  socket: Socket,
  settings: TlsSettings,
  options: HandshakeOptions,
): Promise<UpgradeOutcome> {
  const started = performance.now();
  // Loaded only when a check uses TLS: a plain check does not pay for it at start-up.
  const { checkServerIdentity, connect } = await import('node:tls');
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const tlsSocket = connect({
      socket: settings.onAnswer ? listenedTo(socket, settings.onAnswer) : socket,
      servername: isIp(settings.servername) ? undefined : settings.servername,
      ca: settings.ca,
      session: settings.session,
      ...(settings.versions && {
        minVersion: settings.versions.min,
        maxVersion: settings.versions.max,
        ciphers: settings.versions.ciphers,
      }),
      // ftpcheck reports on the certificate instead of refusing it, so that it can say what is wrong.
      rejectUnauthorized: false,
      // Identity is checked by certificateInfo; skip the default check that would only throw.
      checkServerIdentity: () => undefined,
    });
    let settled = false;
    const finish = (outcome: UpgradeOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!outcome.socket) tlsSocket.destroy();
      resolve(outcome);
    };
    // What the server sent since the handshake began, counted on the TCP socket beneath TLS: a handshake
    // that ends without one byte back while the connection stays open is a stall, not a refusal.
    const readBefore = socket.bytesRead;
    const timer = setTimeout(
      () => finish({ result: { kind: 'timeout', ms: elapsed(), received: socket.bytesRead - readBefore } }),
      options.timeoutMs,
    );
    tlsSocket.once('secureConnect', () => {
      // The handshake's error listener goes; as for a plain connection, readers attach their own.
      tlsSocket.removeAllListeners('error');
      tlsSocket.on('error', ignoreError);
      const cipher = tlsSocket.getCipher();
      finish({
        socket: tlsSocket,
        result: {
          kind: 'established',
          ms: elapsed(),
          protocol: tlsSocket.getProtocol() ?? 'unknown',
          cipher: cipher.name,
          certificate: options.describeCertificate
            ? certificateInfo(tlsSocket, settings.servername, new Date(), checkServerIdentity)
            : undefined,
          sessionReused: tlsSocket.isSessionReused(),
        },
      });
    });
    tlsSocket.once('error', (err: Error) =>
      finish({ result: { kind: 'failed', ms: elapsed(), error: err.message, code: errnoOf(err) } }),
    );
    tlsSocket.once('close', () =>
      finish({
        result: {
          kind: 'failed',
          ms: elapsed(),
          error: 'the server closed the connection during the TLS handshake',
          code: 'ECONNRESET',
        },
      }),
    );
  });
}
