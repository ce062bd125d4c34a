// Two of ftp-srv's commands, answered our way on each client connection:
// - FEAT lists AUTH TLS, PBSZ and PROT only when the server has a certificate (ftp-srv lists them always
//   and answers AUTH TLS with 502 without one, which sends a client's FTPS attempt the wrong way);
// - AUTH TLS starts the handshake in the same tick as the 234 reply is written. ftp-srv wraps the socket
//   only after its reply's write callback, so a client's ClientHello arriving in between was read as an
//   FTP command (about one curl attempt in three failed with "wrong version number").
import { TLSSocket, createSecureContext, type SecureContextOptions } from 'node:tls';
import type { Socket } from 'node:net';

/** The parts of an ftp-srv client connection used here; its type definitions omit them. */
interface Connection {
  commandSocket: Socket;
  secure: boolean;
  commands: { handle: (command: unknown) => unknown };
  reply: (code: number, ...lines: unknown[]) => unknown;
}

function isConnection(value: object): value is Connection {
  const commands: unknown = Reflect.get(value, 'commands');
  return (
    typeof Reflect.get(value, 'reply') === 'function' &&
    typeof commands === 'object' &&
    commands !== null &&
    typeof Reflect.get(commands, 'handle') === 'function'
  );
}

/** The FTPS features, listed only with a certificate. */
const TLS_FEATURES = new Set(['AUTH TLS', 'PBSZ', 'PROT']);

/** The verb of a command line as ftp-srv hands it over (a string, or its parsed form). */
function verbOf(command: unknown): string {
  const text =
    typeof command === 'string'
      ? command
      : typeof command === 'object' && command !== null
        ? String(Reflect.get(command, 'raw') ?? '')
        : '';
  return text.trim().toUpperCase().replace(/\s+/g, ' ');
}

/**
 * Answers FEAT and AUTH TLS for one connection. `features` is ftp-srv's own feature list (its
 * registry's), `tls` the server's certificate, or undefined without one.
 */
export function answerTlsCommands(
  connection: object,
  features: readonly string[],
  tls: SecureContextOptions | undefined,
): void {
  if (!isConnection(connection)) return;
  const handle = connection.commands.handle.bind(connection.commands);
  const listed = ['UTF8', ...features.filter((f) => tls !== undefined || !TLS_FEATURES.has(f))].sort();
  connection.commands.handle = (command: unknown): unknown => {
    const verb = verbOf(command);
    if (verb === 'FEAT')
      return connection.reply(
        211,
        'Extensions supported',
        ...listed.map((f) => ({ message: ` ${f}`, raw: true })),
        'End',
      );
    if (verb === 'AUTH TLS' && tls !== undefined && !connection.secure) {
      startTls(connection, tls);
      return undefined;
    }
    return handle(command);
  };
}

function startTls(connection: Connection, tls: SecureContextOptions): void {
  const plain = connection.commandSocket;
  plain.write('234 AUTH TLS accepted, go ahead\r\n');
  const secure = new TLSSocket(plain, { isServer: true, secureContext: createSecureContext(tls) });
  // ftp-srv listens on the plain socket's events; the encrypted socket's are passed on to them.
  for (const event of ['data', 'timeout', 'end', 'close', 'drain', 'error']) {
    secure.on(event, (...args: unknown[]) => plain.emit(event, ...args));
  }
  connection.commandSocket = secure;
  connection.secure = true;
}
