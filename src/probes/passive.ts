// Stage passive: ask for a passive port (PASV on IPv4, EPSV on IPv6, and EPSV on IPv4 for the record),
// connect to it at the control connection's peer address, and transfer a listing; on IPv4, then test
// EPSV's data connection apart (passive-apart.ts).
import type { PassiveObservation, PassiveRequest } from '../model/passive.js';
import type { Mode } from '../model/settings.js';
import { connectTcp } from '../net/tcp.js';
import { canonicalAddress, relateAddress } from '../protocol/address.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import { acceptsPipelining } from './login.js';
import { testApart } from './passive-apart.js';
import { readPassive, requestPassive } from './passive-request.js';
import type { Session } from './session.js';
import { transferOver } from './transfer.js';

/** What a data stage does after its listing, on the same session (the data checks, probes/data-checks.ts). */
export type AfterListing<T> = (session: Session, observed: T) => Promise<T>;

/** Nothing after the listing. */
export const asListed = <T>(_session: Session, observed: T): Promise<T> => Promise.resolve(observed);

/** The passive stage, unless only active mode was asked for. */
export async function passiveStage(
  session: Session,
  mode: Mode,
  ctx: ProbeContext,
  after: AfterListing<PassiveObservation> = asListed,
): Promise<{ observed: { passive: PassiveObservation } }> {
  if (mode === 'active') return { observed: { passive: { kind: 'not-run', reason: 'not asked for (--mode active)' } } };
  const listed = await testApart(session, await probePassive(session, ctx), ctx);
  return { observed: { passive: await after(session, listed) } };
}

export async function probePassive(session: Session, ctx: ProbeContext): Promise<PassiveObservation> {
  const { control, protect } = session;
  const { family } = session.address;
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const peer = canonicalAddress(control.peer.address);

  // EPSV first so that the last listener the server opened is the one PASV named. To a server that
  // reads commands in order (login.ts), both go in one write; PASV's reply is read only after EPSV's
  // came, as when it is sent only then. Never more in that write (not with the login's batch): a
  // server's replies written while earlier ones are unacknowledged leave in one TCP segment, and a
  // firewall's FTP helper (Linux's nf_conntrack_ftp) reads a 227 only at the start of a segment — the
  // lab's stateful firewall then dropped PASV's data connection.
  const together = family === 4 && acceptsPipelining(control);
  if (together) control.sendTogether(['EPSV', 'PASV']);
  const ask = (command: 'PASV' | 'EPSV'): Promise<PassiveRequest> =>
    together ? readPassive(control, command, ctx) : requestPassive(control, command, ctx);
  const requests: PassiveRequest[] = [await ask('EPSV')];
  const epsvLost = requests[0]?.exchange.result.kind !== 'reply';
  if (family === 4 && !epsvLost) requests.push(await ask('PASV'));
  const used = [...requests].reverse().find((r) => r.advertised !== undefined);
  const pasv = requests.find((r) => r.command === 'PASV');
  const relation = pasv?.advertised?.address === undefined ? undefined : relateAddress(pasv.advertised.address, peer);
  if (!used?.advertised) {
    return {
      kind: 'ran',
      ms: elapsed(),
      requests,
      used: undefined,
      relation,
      dataTarget: undefined,
      data: undefined,
      dataTls: undefined,
      transfer: undefined,
    };
  }

  // Never follow the advertised address elsewhere: the data connection goes to the host we are checking.
  const dataTarget = { address: peer, port: used.advertised.port };
  if (used.advertised.address !== undefined && relation !== 'same') {
    ctx.transcript.add(
      'data',
      'note',
      `${used.command} named ${used.advertised.address}; connecting to the control peer ${peer} instead`,
    );
  }
  ctx.transcript.add('data', 'note', `connecting to ${dataTarget.address}:${dataTarget.port}`);
  const { result: data, socket } = await connectTcp(dataTarget, family, stepWait(ctx).ms);
  ctx.transcript.add(
    'data',
    'note',
    data.kind === 'connected'
      ? `data connection open (${data.ms} ms)`
      : `data connection ${data.kind} after ${data.ms} ms`,
  );
  if (!socket)
    return {
      kind: 'ran',
      ms: elapsed(),
      requests,
      used,
      relation,
      dataTarget,
      data,
      dataTls: undefined,
      transfer: undefined,
    };

  control.send('LIST');
  const { transfer, dataTls, bytes } = await transferOver(socket, control, ctx, { preliminary: undefined, protect });
  ctx.transcript.add('data', 'note', `received ${bytes} bytes of listing`);
  return { kind: 'ran', ms: elapsed(), requests, used, relation, dataTarget, data, dataTls, transfer };
}
