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
    for (let i = 0; i < 500; i++) {
      const match = /^(\d{3}) .*\r\n/m.exec(this.#buffer);
      if (match) {
        this.#buffer = this.#buffer.slice(match.index + match[0].length);
        return match[0].trimEnd();
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
});
