// What the front door's tests share: an FTP listener that only greets and counts who came (a check
// that ran shows up there), and HTTP requests from a chosen loopback address, as raw as needed.
import { request } from 'node:http';
import { createServer, type Socket } from 'node:net';

export interface CountingFtp {
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Connections open now. */
  open(): number;
  /** Resolves once `n` connections have been accepted. */
  reached(n: number): Promise<void>;
  close(): Promise<void>;
}

/** Greets with 220, then says nothing: a check waits there until its own timeout (or its end). */
export async function startCountingFtp(): Promise<CountingFtp> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    // Read (and ignore) what the client sends, so that its end is seen.
    socket.resume();
    socket.once('close', () => sockets.delete(socket));
    socket.write('220 counting\r\n');
    for (const w of waiters.filter((w) => accepted >= w.n)) w.resolve();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    connections: () => accepted,
    open: () => sockets.size,
    reached: (n) => (accepted >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request from `localAddress` (another loopback address is another caller), no keep-alive. */
export function httpFrom(
  localAddress: string,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        headers: options.headers,
        localAddress,
        agent: false,
        signal: options.signal,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Polls `probe` (every 100 ms, at most `ms`) until it returns true. */
export async function until(ms: number, probe: () => Promise<boolean>): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100)))
    if (await probe().catch(() => false)) return true;
  return false;
}
