// Whether this machine's OpenSSL can offer some protocol versions at all, found out without the network:
// a client handshake over an in-memory stream either writes its ClientHello or fails at once (OpenSSL
// built without TLS 1.0, or a system policy that forbids it, says "no protocols available").
import { Duplex } from 'node:stream';
import { errnoOf } from '../model/errors.js';
import { opensslReason } from '../protocol/openssl.js';
import type { TlsVersions } from './tls.js';

/** The first byte of a TLS handshake record; an alert record (21) is what a client that gave up writes. */
const HANDSHAKE_RECORD = 0x16;
/** OpenSSL decides before writing anything; this only bounds a wait that should never matter. */
const LOCAL_LIMIT_MS = 1000;

/** Undefined when OpenSSL writes a ClientHello offering `versions`; otherwise why it cannot. */
export async function cannotOffer(versions: TlsVersions): Promise<string | undefined> {
  const { connect } = await import('node:tls');
  // OpenSSL writes its ClientHello (or an alert) synchronously, inside connect(); the first answer counts.
  let settle: (reason: string | undefined) => void = () => undefined;
  const answer = new Promise<string | undefined>((resolve) => (settle = resolve));
  const wire = new Duplex({
    read() {
      // Nothing ever answers: the ClientHello is all this needs to see.
    },
    write(chunk: Buffer, _encoding, done) {
      if (chunk[0] === HANDSHAKE_RECORD) settle(undefined);
      done();
    },
  });
  const client = connect({
    socket: wire,
    minVersion: versions.min,
    maxVersion: versions.max,
    ciphers: versions.ciphers,
    rejectUnauthorized: false,
  });
  client.on('error', (err: Error) => {
    const code = errnoOf(err);
    settle(`${opensslReason(err.message)}${code === undefined ? '' : ` (${code})`}`);
  });
  const timer = setTimeout(() => settle('OpenSSL wrote no ClientHello'), LOCAL_LIMIT_MS);
  try {
    return await answer;
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
}
