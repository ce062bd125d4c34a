// Loopback facts the tests need: whether ::1 works here, and a port that nothing listens on.
import { createServer } from 'node:net';

/** True when this machine can listen on ::1 (containers often have IPv6 switched off). */
export async function ipv6Loopback(): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}

/** A port on 127.0.0.1 that was free a moment ago: listen on port 0, read the port, close. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}
