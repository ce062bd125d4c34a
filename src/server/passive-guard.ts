// Passive listeners that ftp-srv would keep. Each PASV/EPSV makes a new connector with a new listener
// and drops the previous connector without closing its listener; a listener that accepted a connection
// nobody used stays open for good (the accepted socket is paused, so it never sees the client leave).
// A sweep of an 11-port range therefore left every port listening, and the next PASV answered
// "400 Unable to find valid port". The guard closes a passive listener (and an accepted but unused data
// socket) when its connector is replaced, when no transfer command has used it after a short wait, and
// when the session ends.
import { Server, Socket } from 'node:net';

/** The parts of an ftp-srv connector the guard uses; its type definitions omit them. */
interface Connector {
  dataServer?: unknown;
  dataSocket?: unknown;
  setupServer?: unknown;
  waitForConnection?: unknown;
}

interface Watched {
  connector: Connector;
  /** A transfer command waited for this connector's data connection: ftp-srv ends it after the transfer. */
  used: boolean;
  timer?: NodeJS.Timeout;
}

function isConnector(value: unknown): value is Connector {
  return typeof value === 'object' && value !== null;
}

/** Closes the listener and the data socket of one connector, whatever state they are in. */
function release(connector: Connector): void {
  const { dataServer, dataSocket } = connector;
  // Forgotten first: ftp-srv's own timer closes the connector's listener again later, and its 'close'
  // handler resets the connection's connector, which by now belongs to a newer PASV/EPSV.
  connector.dataServer = null;
  connector.dataSocket = null;
  if (dataSocket instanceof Socket) dataSocket.destroy();
  if (dataServer instanceof Server) {
    dataServer.removeAllListeners('close');
    if (dataServer.listening) dataServer.close();
  }
}

/**
 * Watches one ftp-srv client connection's connectors. Returns the function that releases everything
 * still open, for the end of the session.
 */
export function guardPassivePorts(connection: object, idleMs: number): () => void {
  const watched = new Map<Connector, Watched>();

  const forget = (entry: Watched, close: boolean): void => {
    clearTimeout(entry.timer);
    watched.delete(entry.connector);
    if (close) release(entry.connector);
  };

  const watch = (connector: Connector): void => {
    const { setupServer, waitForConnection } = connector;
    if (typeof setupServer !== 'function' || typeof waitForConnection !== 'function') return; // not passive
    const entry: Watched = { connector, used: false };
    watched.set(connector, entry);
    // ftp-srv chains its bluebird promises (.tap, .timeout) on what these return: pass them through as they are.
    connector.setupServer = (...args: unknown[]): unknown => {
      const listening: unknown = Reflect.apply(setupServer, connector, args);
      if (typeof listening === 'object' && listening !== null && 'then' in listening) {
        void Promise.resolve(listening).then(
          () => {
            // Replaced or ended while the listener was being opened: it must not outlive that.
            if (!watched.has(connector)) return release(connector);
            entry.timer = setTimeout(() => {
              if (!entry.used) forget(entry, true);
            }, idleMs);
            entry.timer.unref();
          },
          () => forget(entry, false),
        );
      }
      return listening;
    };
    connector.waitForConnection = (...args: unknown[]): unknown => {
      entry.used = true;
      clearTimeout(entry.timer);
      const waiting: unknown = Reflect.apply(waitForConnection, connector, args);
      return waiting;
    };
  };

  let current: unknown = Reflect.get(connection, 'connector');
  if (isConnector(current)) watch(current);
  Object.defineProperty(connection, 'connector', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (next: unknown) => {
      const previous = isConnector(current) ? watched.get(current) : undefined;
      // A used connector is ended by ftp-srv after its transfer (that is how it gets replaced); an unused
      // one, replaced by the next PASV/EPSV or PORT, would keep its listener.
      if (previous && previous.connector !== next) forget(previous, !previous.used);
      current = next;
      if (isConnector(next) && !watched.has(next)) watch(next);
    },
  });

  return () => {
    for (const entry of [...watched.values()]) forget(entry, true);
  };
}
