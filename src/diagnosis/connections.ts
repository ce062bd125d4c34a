// The connections a check made, as one line each for the terminal picture and the HTML diagram:
// who connected to whom, and how it ended. Pure.
import type { ConnectResult, Observations, TransferResult } from '../model/observations.js';
import type { ConnectionReport } from '../model/report.js';
import { normalizeAddress } from '../protocol/address.js';
import { clientAddress, controlPeer, describeReplyResult, ranActive, ranPassive, seconds } from './facts.js';

function failure(c: ConnectResult): string {
  switch (c.kind) {
    case 'connected':
      return `connected in ${c.ms} ms`;
    case 'timeout':
      return `no answer within ${seconds(c.ms)} (filtered)`;
    case 'refused':
      return 'refused';
    case 'unreachable':
      return `unreachable (${c.errno})`;
    case 'error':
      return `failed (${c.errno})`;
  }
}

function transferText(t: TransferResult | undefined, connectedMs: number): { ok: boolean; detail: string } {
  if (!t) return { ok: false, detail: 'no transfer' };
  switch (t.kind) {
    case 'complete':
      return { ok: true, detail: `${connectedMs} ms, listing ${t.bytes} bytes` };
    case 'rejected':
      return { ok: false, detail: `opened, then the server said ${t.reply.code}` };
    case 'stalled':
      return { ok: false, detail: `opened, then stalled (${t.bytes} bytes)` };
    case 'control-failed':
      return { ok: false, detail: `opened, then the control connection failed (${describeReplyResult(t.result)})` };
  }
}

export function connectionReports(o: Observations): ConnectionReport[] {
  const client = clientAddress(o) ?? 'this machine';
  const server = controlPeer(o) ?? o.target.host;
  const out: ConnectionReport[] = [];
  if (o.connect) {
    out.push({ kind: 'control', from: { side: 'client', address: client, port: null }, to: { side: 'server', address: server, port: o.target.port }, status: o.connect.kind === 'connected' ? 'ok' : 'failed', detail: o.connect.kind === 'connected' ? `${o.connect.ms} ms` : failure(o.connect) });
  }
  const p = ranPassive(o);
  if (p) {
    const to = { side: 'server' as const, address: server, port: p.dataTarget?.port ?? null };
    if (!p.dataTarget || !p.data) out.push({ kind: 'passive', from: { side: 'client', address: client, port: null }, to, status: 'not-tried', detail: 'no passive port offered' });
    else if (p.data.kind !== 'connected') out.push({ kind: 'passive', from: { side: 'client', address: client, port: null }, to, status: 'failed', detail: failure(p.data) });
    else {
      const t = transferText(p.transfer, p.data.ms);
      out.push({ kind: 'passive', from: { side: 'client', address: client, port: null }, to, status: t.ok ? 'ok' : 'failed', detail: t.detail });
    }
  }
  const a = ranActive(o);
  if (a) {
    const to = { side: 'client' as const, address: normalizeAddress(a.listen.address), port: a.listen.port };
    const port = a.portExchange.result;
    if (port.kind !== 'reply' || port.reply.code >= 300) {
      out.push({ kind: 'active', from: { side: 'server', address: server, port: null }, to, status: 'not-tried', detail: `${a.command} refused: ${describeReplyResult(port)}` });
    } else if (a.callback?.kind !== 'arrived') {
      out.push({ kind: 'active', from: { side: 'server', address: server, port: null }, to, status: 'failed', detail: `no connection within ${seconds(a.callback?.ms ?? o.timeoutMs)}` });
    } else {
      const t = transferText(a.transfer, a.callback.ms);
      out.push({ kind: 'active', from: { side: 'server', address: a.callback.from.address, port: a.callback.from.port }, to, status: t.ok ? 'ok' : 'failed', detail: t.detail });
    }
  }
  return out;
}
