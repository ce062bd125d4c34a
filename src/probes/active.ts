// Stage active: listen on the address our control connection uses, tell the server with PORT (EPRT on
// IPv6), ask for a listing and wait for the server to connect back.
import type { ActiveObservation, Family, ReplyResult } from '../model/observations.js';
import type { ControlChannel } from '../net/control.js';
import { DataReceiver, listenForCallback } from '../net/data.js';
import { normalizeAddress } from '../protocol/address.js';
import { encodeEprt, encodePort } from '../protocol/passive.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { finishTransfer } from './transfer.js';

export async function probeActive(control: ControlChannel, family: Family, ctx: ProbeContext): Promise<ActiveObservation> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const localAddress = normalizeAddress(control.local.address);
  const command: 'PORT' | 'EPRT' = family === 6 ? 'EPRT' : 'PORT';
  let listener;
  try {
    listener = await listenForCallback(localAddress, family, control.peer.address);
  } catch (err) {
    return { kind: 'not-run', reason: `could not listen on ${localAddress}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
  try {
    const listen = listener.local;
    const line = family === 6 ? encodeEprt(listen.address, 6, listen.port) : encodePort(listen.address, listen.port);
    const portResult = await control.command(line, stepWait(ctx));
    const portExchange = { command: line, result: portResult };
    const base = { kind: 'ran' as const, command, listen, portExchange };
    if (portResult.kind !== 'reply' || portResult.reply.code >= 300) {
      return { ...base, ms: elapsed(), callback: undefined, listReply: undefined, transfer: undefined };
    }

    control.send('LIST');
    // The server may answer LIST before or after it connects; watch both within one wait.
    const wait = stepWait(ctx);
    const accepting = listener.accept(wait);
    let listReply: ReplyResult | undefined;
    const firstReply = control.read(wait).then((r) => (listReply = r));
    const first = await Promise.race([accepting.then(() => 'callback' as const), firstReply.then(() => 'reply' as const)]);
    if (first === 'reply' && listReply?.kind === 'reply' && listReply.reply.code >= 400) {
      // The server gave up on connecting back (425) or refused the listing: no callback is coming.
      listener.close();
    }
    const { result: callback, socket } = await accepting;
    if (callback.kind === 'arrived') {
      ctx.transcript.add('data', 'note', `server connected back from ${callback.from.address}:${callback.from.port}`);
    } else {
      ctx.transcript.add('data', 'note', callback.kind === 'foreign' ? `a connection from ${callback.from.address} (not the server) was refused` : 'the server did not connect back');
    }
    if (!socket) {
      // Let the pending reply wait end so the control connection is not read twice at once.
      await firstReply;
      return { ...base, ms: elapsed(), callback, listReply, transfer: undefined };
    }
    const receiver = new DataReceiver(socket, ctx.maxDataBytes);
    const preliminary = await firstReply;
    const transfer = await finishTransfer(control, receiver, ctx, preliminary);
    ctx.transcript.add('data', 'note', `received ${receiver.bytes} bytes of listing`);
    return { ...base, ms: elapsed(), callback, listReply: preliminary, transfer };
  } finally {
    listener.close();
  }
}
