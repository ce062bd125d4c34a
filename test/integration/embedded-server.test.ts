// The ftp-srv wrapper on loopback: what `serve`, `demo` and the tests rely on, checked with a raw client.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { ignoreError } from '../../src/model/errors.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';

/** A minimal control connection: send a line, wait for the reply line with a final code. */
class RawClient {
  #buffer = '';
  #closed = false;
  readonly socket: Socket;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (d: Buffer) => (this.#buffer += d.toString('latin1')));
    this.socket.on('close', () => (this.#closed = true));
    // The server ending the connection is what some tests wait for: 'close' records it.
    this.socket.on('error', ignoreError);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The next complete final reply line (`NNN text`), waiting up to 5 s in 10 ms steps. */
  async reply(): Promise<string> {
    return (await this.fullReply()).split('\r\n').at(-1) ?? '';
  }

  /** Everything up to and including the next final reply line: a multi-line reply whole. */
  async fullReply(): Promise<string> {
    for (let i = 0; i < 500; i++) {
      const match = /^(\d{3}) .*\r\n/m.exec(this.#buffer);
      if (match) {
        const end = match.index + match[0].length;
        const text = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end);
        return text.trimEnd();
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no reply; got ${JSON.stringify(this.#buffer)}`);
  }

  async send(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }
}

/** True once nothing listens on the port (a connection is refused); polls up to 5 s. */
async function listenerGone(port: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    if (refused) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const epsvPort = (reply: string): number => Number(/\|\|\|(\d+)\|/.exec(reply)?.[1]);

async function loggedIn(port: number): Promise<RawClient> {
  const client = new RawClient(port);
  assert.match(await client.reply(), /^220 /);
  assert.match(await client.send('USER anonymous'), /^230 /);
  return client;
}

describe('embedded ftp-srv server', () => {
  it('names the address the client reached in PASV replies', async () => {
    const server = await startEmbeddedServer({ port: 0 });
    try {
      const client = await loggedIn(server.port);
      assert.match(await client.send('PASV'), /^227 .*\(127,0,0,1,\d+,\d+\)/);
      client.socket.destroy();
    } finally {
      await server.close();
    }
  });

  it('advertises a given PASV address, for use behind NAT', async () => {
    const server = await startEmbeddedServer({ port: 0, pasvAddress: '192.0.2.10' });
    try {
      const client = await loggedIn(server.port);
      // ftp-srv replaces a string address by the client's own when the client is on loopback.
      assert.match(await client.send('PASV'), /^227 .*\(127,0,0,1,/);
      client.socket.destroy();
    } finally {
      await server.close();
    }
    const fn = await startEmbeddedServer({ port: 0, pasvAddress: () => '192.0.2.10' });
    try {
      const client = await loggedIn(fn.port);
      assert.match(await client.send('PASV'), /^227 .*\(192,0,2,10,/);
      client.socket.destroy();
    } finally {
      await fn.close();
    }
  });

  it('is read-only and refuses what it was told to disable', async () => {
    const server = await startEmbeddedServer({ port: 0, disable: ['PORT', 'EPRT'] });
    try {
      const client = await loggedIn(server.port);
      for (const command of [
        'STOR x',
        'DELE readme.txt',
        'MKD d',
        'RMD pub',
        'RNFR readme.txt',
        'APPE x',
        'SITE CHMOD 777 readme.txt',
        'PORT 127,0,0,1,4,1',
        'EPRT |1|127.0.0.1|1025|',
      ]) {
        assert.match(await client.send(command), /^502 /, command);
      }
      client.socket.destroy();
    } finally {
      await server.close();
    }
  });

  it('leaves no signal handlers behind (ftp-srv would call process.exit on Ctrl-C)', async () => {
    const before = ['SIGINT', 'SIGTERM', 'SIGQUIT'].map((s) => process.listenerCount(s));
    const server = await startEmbeddedServer({ port: 0 });
    await server.close();
    assert.deepEqual(
      ['SIGINT', 'SIGTERM', 'SIGQUIT'].map((s) => process.listenerCount(s)),
      before,
    );
  });

  it('close() ends connected clients and open passive listeners, and removes its temporary root', async () => {
    const server = await startEmbeddedServer({ port: 0 });
    assert.ok(existsSync(`${server.root}/pub/hello.txt`));
    const client = await loggedIn(server.port);
    const epsv = await client.send('EPSV');
    const dataPort = Number(/\|\|\|(\d+)\|/.exec(epsv)?.[1]);
    await server.close();
    for (let i = 0; i < 100 && !client.closed; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(client.closed, 'the control connection was closed by the server');
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect(dataPort, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    assert.ok(refused, 'the passive listener is closed');
    assert.ok(!existsSync(server.root));
    await server.close(); // a second close is harmless
  });

  it('closes the listener of a PASV/EPSV that the next one replaced', async () => {
    const server = await startEmbeddedServer({ port: 0 });
    try {
      const client = await loggedIn(server.port);
      const first = epsvPort(await client.send('EPSV'));
      const second = epsvPort(await client.send('EPSV'));
      assert.ok(await listenerGone(first), 'the replaced listener is closed');
      const data = connect(second, '127.0.0.1');
      data.on('error', ignoreError);
      data.resume();
      assert.match(await client.send('LIST'), /^150 /, 'the newer one still works');
      assert.match(await client.reply(), /^226 /);
      client.socket.destroy();
    } finally {
      await server.close();
    }
  });

  it('closes a passive listener that no transfer command used, after its wait and at the end of the session', async () => {
    const server = await startEmbeddedServer({ port: 0, passiveIdleMs: 200 });
    try {
      const client = await loggedIn(server.port);
      // Connected to, and then never used: the accepted socket is what ftp-srv used to keep for good.
      const idle = epsvPort(await client.send('EPSV'));
      const data = connect(idle, '127.0.0.1');
      data.on('error', ignoreError);
      assert.ok(await listenerGone(idle), 'closed after the idle wait while the session goes on');
      assert.match(await client.send('NOOP'), /^200 /);

      const left = epsvPort(await client.send('EPSV'));
      client.socket.destroy();
      assert.ok(await listenerGone(left), 'closed when the session ended');
      data.destroy();
    } finally {
      await server.close();
    }
  });

  it('greets in one line of its own, and lists no FTPS features without a certificate', async () => {
    const server = await startEmbeddedServer({ port: 0 });
    try {
      const client = new RawClient(server.port);
      assert.equal(await client.reply(), '220 ftpcheck test server (ftp-srv), read-only');
      client.socket.write('FEAT\r\n');
      const feat = await client.fullReply();
      assert.match(feat, /^211-.*\r\n SIZE\r\n/s);
      assert.doesNotMatch(feat, /AUTH|PBSZ|PROT/);
      assert.match(await client.send('AUTH TLS'), /^502 /);
      client.socket.destroy();
    } finally {
      await server.close();
    }
  });
});
