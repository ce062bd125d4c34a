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

const listenable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * `size` consecutive ports that nothing listens on now, for a passive range: below Linux's ephemeral
 * ports (32768 up), where other tests' outgoing connections do not come and go.
 */
export async function freePortRange(size: number): Promise<{ min: number; max: number }> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const min = 20000 + Math.floor(Math.random() * (32768 - 20000 - size));
    const ports = Array.from({ length: size }, (_, i) => min + i);
    if ((await Promise.all(ports.map(listenable))).every(Boolean)) return { min, max: min + size - 1 };
  }
  throw new Error('no free port range found');
}
