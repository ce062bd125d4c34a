// The connections a check made, as one line each for the terminal picture and the HTML diagram:
// who connected to whom, and how it ended. Pure.
import type { ConnectResult, TransferResult } from '../../model/connections.js';
import type { Observations } from '../../model/observations.js';
import type { ConnectionReport } from '../../model/report.js';
import { canonicalAddress } from '../../protocol/address.js';
import { describeCallback, describeConnect, describeTransfer } from '../rules/wording/connections.js';
import { describeReplyResult } from '../rules/wording/replies.js';
import { clientAddress, controlPeer, portAccepted, ranActive, ranPassive } from '../facts/common.js';

type Outcome = Pick<ConnectionReport, 'status' | 'detail'>;

/** A data connection that opened, then carried (or not) the listing. */
function transferOutcome(opened: string, t: TransferResult | undefined): Outcome {
  return {
    status: t?.kind === 'complete' ? 'ok' : 'failed',
    detail: `${opened}; ${t ? describeTransfer(t, 'short') : 'no transfer'}`,
  };
}

function connectOutcome(c: ConnectResult, t: TransferResult | undefined): Outcome {
  return c.kind === 'connected'
    ? transferOutcome(describeConnect(c), t)
    : { status: 'failed', detail: describeConnect(c) };
}

export function connectionReports(o: Observations): ConnectionReport[] {
  const client = { side: 'client', address: clientAddress(o) ?? 'this machine', port: null } as const;
  const server = controlPeer(o) ?? o.target.host;
  const out: ConnectionReport[] = [];
  if (o.connect) {
    out.push({
      kind: 'control',
      from: client,
      to: { side: 'server', address: server, port: o.target.port },
      status: o.connect.kind === 'connected' ? 'ok' : 'failed',
      detail: describeConnect(o.connect),
    });
  }
  const p = ranPassive(o);
  if (p) {
    const to = { side: 'server', address: server, port: p.dataTarget?.port ?? null } as const;
    const outcome: Outcome =
      p.dataTarget && p.data
        ? connectOutcome(p.data, p.transfer)
        : { status: 'not-tried', detail: 'no passive port offered' };
    out.push({ kind: 'passive', from: client, to, ...outcome });
  }
  const a = ranActive(o);
  if (a) {
    const to = { side: 'client', address: canonicalAddress(a.listen.address), port: a.listen.port } as const;
    const cb = a.callback;
    if (!portAccepted(a)) {
      out.push({
        kind: 'active',
        from: { side: 'server', address: server, port: null },
        to,
        status: 'not-tried',
        detail: `${a.command} refused: ${describeReplyResult(a.portExchange.result)}`,
      });
    } else if (cb?.kind !== 'arrived') {
      out.push({
        kind: 'active',
        from: { side: 'server', address: server, port: null },
        to,
        status: 'failed',
        detail: cb ? describeCallback(cb, 'short') : 'the server did not connect back',
      });
    } else {
      out.push({
        kind: 'active',
        from: { side: 'server', address: cb.from.address, port: cb.from.port },
        to,
        ...transferOutcome(describeCallback(cb, 'short'), a.transfer),
      });
    }
  }
  return out;
}
