// A TCP proxy in front of the reflector that behaves like routers' FTP helpers, for tests on loopback.
// `rewrite-port`: PORT leaving the client is rewritten to a port the proxy listens on, and the proxy
// forwards the reflector's connection there to the client's own port (what NAT with an FTP helper
// does). `tamper-pasv`: 227 replies are rewritten to a port of the proxy that relays the passive data
// connection and changes its first byte on the way (a middlebox that alters data).
import { createServer, type Server, Socket } from 'node:net';

export type AlgMode = 'rewrite-port' | 'tamper-pasv';

export interface AlgProxy {
  port: number;
  /** The PORT lines as they left the client and as the proxy sent them on. */
  rewritten: { from: string; to: string }[];
  close(): Promise<void>;
}

export async function startAlgProxy(upstreamPort: number, mode: AlgMode): Promise<AlgProxy> {
  const open = new Set<Socket | Server>();
  const rewritten: { from: string; to: string }[] = [];
  const track = <T extends Socket | Server>(s: T): T => {
    open.add(s);
    s.on('error', () => undefined);
    s.on('close', () => open.delete(s));
    return s;
  };
  /** A one-connection relay on a port of its own: to `port` on loopback, `alter` applied to what comes back. */
  const relay = (port: number, towards: 'client' | 'server', alter: boolean): Promise<number> =>
    new Promise((resolve) => {
      const server = track(
        createServer((incoming) => {
          track(incoming);
          server.close();
          const outgoing = track(new Socket());
          outgoing.connect(port, '127.0.0.1');
          // towards the client: the reflector connected in and sends the nonce on to the client.
          const from = towards === 'client' ? incoming : outgoing;
          const to = towards === 'client' ? outgoing : incoming;
          let first = true;
          from.on('data', (chunk: Buffer) => {
            if (alter && first && chunk.length > 0) {
              chunk[0] = chunk[0] === 0x58 ? 0x59 : 0x58; // X or Y
            }
            first = false;
            to.write(chunk);
          });
          from.on('end', () => to.end());
          to.on('data', (chunk: Buffer) => from.write(chunk));
          to.on('end', () => from.end());
        }),
      );
      server.listen({ host: '127.0.0.1', port: 0 }, () => {
        const a = server.address();
        resolve(typeof a === 'object' && a ? a.port : 0);
      });
    });

  const proxy = track(
    createServer((client) => {
      track(client);
      const upstream = track(new Socket());
      upstream.connect(upstreamPort, '127.0.0.1');
      let up = '';
      let upward = Promise.resolve();
      // After "234" to AUTH TLS the control connection is TLS: a helper sees only bytes it cannot read.
      let encrypted = false;
      client.on('data', (chunk: Buffer) => {
        if (encrypted) {
          upstream.write(chunk);
          return;
        }
        up += chunk.toString('latin1');
        upward = upward.then(async () => {
          let at: number;
          while ((at = up.indexOf('\r\n')) >= 0) {
            let line = up.slice(0, at);
            up = up.slice(at + 2);
            const m = /^PORT (\d+),(\d+),(\d+),(\d+),(\d+),(\d+)$/.exec(line);
            if (mode === 'rewrite-port' && m) {
              const clientPort = Number(m[5]) * 256 + Number(m[6]);
              const mapped = await relay(clientPort, 'client', false);
              const to = `PORT 127,0,0,1,${mapped >> 8},${mapped & 0xff}`;
              rewritten.push({ from: line, to });
              line = to;
            }
            upstream.write(`${line}\r\n`, 'latin1');
          }
        });
      });
      let down = '';
      let downward = Promise.resolve();
      upstream.on('data', (chunk: Buffer) => {
        if (encrypted) {
          client.write(chunk);
          return;
        }
        down += chunk.toString('latin1');
        downward = downward.then(async () => {
          let at: number;
          while ((at = down.indexOf('\r\n')) >= 0) {
            let line = down.slice(0, at);
            down = down.slice(at + 2);
            const m = /^227 .*\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)/.exec(line);
            if (mode === 'tamper-pasv' && m) {
              const mapped = await relay(Number(m[5]) * 256 + Number(m[6]), 'server', true);
              line = `227 Entering Passive Mode (127,0,0,1,${mapped >> 8},${mapped & 0xff})`;
            }
            client.write(`${line}\r\n`, 'latin1');
            if (line.startsWith('234 ')) encrypted = true;
          }
        });
      });
      client.on('end', () => upstream.end());
      upstream.on('end', () => client.end());
    }),
  );
  await new Promise<void>((resolve) => proxy.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const a = proxy.address();
  return {
    port: typeof a === 'object' && a ? a.port : 0,
    rewritten,
    close: () =>
      new Promise((resolve) => {
        for (const s of open)
          if (s instanceof Socket) s.destroy();
          else s.close();
        proxy.close(() => resolve());
      }),
  };
}
