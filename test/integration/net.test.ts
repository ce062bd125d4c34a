// The socket layer on loopback: replies split across reads, hostile peers, one reader at a time, no
// command shown as sent on a closed connection, the byte cap, and the callback listener.
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { ignoreError } from '../../src/model/errors.js';
import { ControlChannel } from '../../src/net/control.js';
import { DataReceiver, listenForCallback } from '../../src/net/data.js';
import { connectTcp } from '../../src/net/tcp.js';
import { Transcript } from '../../src/net/transcript.js';

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

/** A loopback server that runs `onClient` for each connection; resolves with its port. */
async function serve(onClient: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    // A client that resets just goes: 'close' forgets its socket.
    socket.on('error', ignoreError);
    socket.on('close', () => sockets.delete(socket));
    onClient(socket);
  });
  servers.push(server);
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

async function channelTo(port: number, transcript = new Transcript(Date.now())): Promise<ControlChannel> {
  const { socket } = await connectTcp({ address: '127.0.0.1', port }, 4, 1000);
  if (!socket) throw new Error('could not connect');
  return new ControlChannel(socket, transcript);
}

const wait = (ms: number) => ({ ms, cut: false });

describe('control channel', () => {
  it('assembles a multi-line reply sent one byte at a time', async () => {
    const text = '220-Welcome\r\n220-to the\r\n220 server\r\n';
    const port = await serve((s) => {
      let i = 0;
      const timer = setInterval(() => {
        if (i >= text.length || s.destroyed) return clearInterval(timer);
        s.write(text[i++] ?? '');
      }, 2);
    });
    const control = await channelTo(port);
    const r = await control.read(wait(3000));
    control.destroy();
    assert.equal(r.kind, 'reply');
    assert.deepEqual(r.reply, { code: 220, lines: ['Welcome', 'to the', 'server'] });
  });

  it('stops reading an endless line at the cap and reports a violation', async () => {
    const port = await serve((s) => {
      const chunk = 'A'.repeat(4096);
      const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write(chunk)), 1);
    });
    const control = await channelTo(port);
    const r = await control.read(wait(5000));
    control.destroy();
    assert.equal(r.kind, 'violation');
    assert.equal(r.reason, 'line-too-long');
  });

  it('times out on a slow drip, as a whole wait rather than per byte', async () => {
    const port = await serve((s) => {
      const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write('2')), 50);
    });
    const control = await channelTo(port);
    const started = performance.now();
    const r = await control.read(wait(400));
    control.destroy();
    assert.equal(r.kind, 'timeout');
    assert.ok(performance.now() - started < 2000, 'the wait ended by its own timer');
  });

  it('reports a reset, during the handshake or on the first read', async () => {
    const port = await serve((s) => s.resetAndDestroy());
    const { result, socket } = await connectTcp({ address: '127.0.0.1', port }, 4, 1000);
    if (!socket) {
      assert.deepEqual(result, { ...result, kind: 'error', errno: 'ECONNRESET' });
      return;
    }
    const control = new ControlChannel(socket, new Transcript(Date.now()));
    const r = await control.read(wait(2000));
    assert.ok(r.kind === 'reset' || r.kind === 'closed', r.kind);
  });

  it('never writes the password to the transcript', async () => {
    const port = await serve((s) => s.on('data', () => s.write('230 ok\r\n')));
    const { socket } = await connectTcp({ address: '127.0.0.1', port }, 4, 1000);
    assert.ok(socket);
    const transcript = new Transcript(Date.now());
    const control = new ControlChannel(socket, transcript);
    await control.command('PASS hunter2', wait(2000));
    control.destroy();
    assert.ok(!JSON.stringify(transcript.entries).includes('hunter2'));
    assert.ok(transcript.entries.some((e) => e.text === 'PASS ****'));
  });
});

describe('control channel: one reader, and nothing shown as sent that was not', () => {
  it('throws on a second read while one is pending, and the first read still ends by its own wait', async () => {
    const received: string[] = [];
    const port = await serve((s) => s.on('data', (d: Buffer) => received.push(d.toString('latin1'))));
    const transcript = new Transcript(Date.now());
    const control = await channelTo(port, transcript);
    try {
      const first = control.read(wait(300));
      assert.throws(() => control.read(wait(300)), /one reader at a time/);
      // A command would read too: it throws before anything goes on the wire.
      await assert.rejects(control.command('NOOP', wait(300)), /one reader at a time/);
      assert.equal((await first).kind, 'timeout');
      assert.ok(!transcript.entries.some((e) => e.text.includes('NOOP')));
      assert.ok(!received.join('').includes('NOOP'));
      // Once the first read has ended, the next one is fine.
      assert.equal((await control.read(wait(50))).kind, 'timeout');
    } finally {
      control.destroy();
    }
  });

  it('allows a new read once a reply ended the pending one', async () => {
    const port = await serve((s) => s.on('data', () => s.write('200 ok\r\n')));
    const control = await channelTo(port);
    try {
      const first = control.read(wait(2000));
      control.send('NOOP');
      assert.equal((await first).kind, 'reply');
      assert.equal((await control.command('NOOP', wait(2000))).kind, 'reply');
    } finally {
      control.destroy();
    }
  });

  it('does not record a command as sent on a closed connection, and writes nothing', async () => {
    const received: string[] = [];
    const port = await serve((s) => s.on('data', (d: Buffer) => received.push(d.toString('latin1'))));
    const transcript = new Transcript(Date.now());
    const control = await channelTo(port, transcript);
    control.destroy();
    control.send('LIST');
    control.send('PASS hunter2');
    const r = await control.read(wait(1000));
    assert.equal(r.kind, 'closed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(received, []);
    assert.ok(!transcript.entries.some((e) => e.dir === 'send'), 'nothing is shown as sent');
    const notes = transcript.entries.filter((e) => e.dir === 'note').map((e) => e.text);
    assert.deepEqual(notes, [
      'not sent, the connection is closed: LIST',
      'not sent, the connection is closed: PASS ****',
    ]);
  });

  it('says a command was not sent after the server closed or broke the protocol', async () => {
    const port = await serve((s) => s.end('220 bye\r\n'));
    const transcript = new Transcript(Date.now());
    const control = await channelTo(port, transcript);
    try {
      assert.equal((await control.read(wait(2000))).kind, 'reply');
      assert.equal((await control.read(wait(2000))).kind, 'closed');
      const r = await control.command('USER anonymous', wait(2000));
      assert.equal(r.kind, 'closed');
      assert.equal(transcript.entries.at(-1)?.text, 'not sent, the connection is closed: USER anonymous');
    } finally {
      control.destroy();
    }
    const noisy = await serve((s) => s.write('this is not FTP\r\n'));
    const broken = await channelTo(noisy, transcript);
    try {
      assert.equal((await broken.read(wait(2000))).kind, 'violation');
      broken.send('QUIT');
      assert.match(
        transcript.entries.at(-1)?.text ?? '',
        /^not sent, the connection is closed after a protocol violation \(not-a-reply\): QUIT$/,
      );
    } finally {
      broken.destroy();
    }
  });
});

describe('connectTcp', () => {
  it('classifies a closed port as refused', async () => {
    const port = await serve(() => {
      // Nothing to say: the server closes before anyone connects.
    });
    const server = servers.at(-1);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    const { result } = await connectTcp({ address: '127.0.0.1', port }, 4, 1000);
    assert.equal(result.kind, 'refused');
  });
});

describe('data connections', () => {
  it('cuts a listing at the byte cap', async () => {
    const port = await serve((s) => {
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write(chunk)), 1);
    });
    const { socket } = await connectTcp({ address: '127.0.0.1', port }, 4, 1000);
    assert.ok(socket);
    const receiver = new DataReceiver(socket, 256 * 1024);
    assert.equal(await receiver.finished(wait(5000)), 'capped');
    assert.ok(receiver.bytes <= 256 * 1024 + 64 * 1024);
  });

  it('takes a callback and reports the address it came from', async () => {
    const listener = await listenForCallback('127.0.0.1', 4);
    try {
      const other = connect({ host: '127.0.0.1', port: listener.local.port, localAddress: '127.0.0.2' });
      // Should an assertion fail first, closing the listener resets it: not what this test is about.
      other.on('error', ignoreError);
      const first = await listener.accept(wait(2000));
      assert.equal(first.result.kind, 'arrived');
      assert.equal(first.result.from.address, '127.0.0.2');
      other.destroy();
      const none = await listener.accept(wait(200));
      assert.equal(none.result.kind, 'none');
    } finally {
      listener.close();
    }
  });
});
