// One line per stage for the reports: status, time, a summary and the stage's evidence. Pure.
import type { Finding } from '../model/findings.js';
import type { Observations, TransferResult } from '../model/observations.js';
import type { StageReport } from '../model/report.js';
import { STAGE_NAMES, type StageName, type StageStatus } from '../model/stages.js';
import { describeConnect, describeReply, describeReplyResult, seconds } from './facts.js';

interface Seen {
  ok: boolean;
  durationMs: number;
  summary: string;
  evidence: Record<string, unknown>;
}

function transferSummary(t: TransferResult): string {
  switch (t.kind) {
    case 'complete':
      return `listing received (${t.bytes} bytes${t.truncated ? ', cut at the size limit' : ''})`;
    case 'rejected':
      return `transfer failed: ${describeReply(t.reply)}`;
    case 'stalled':
      return `transfer stalled waiting for ${t.waitingFor === 'data' ? 'data' : t.waitingFor === 'final-reply' ? 'the final reply' : 'the reply to LIST'} (${t.bytes} bytes)`;
    case 'control-failed':
      return `control connection failed: ${describeReplyResult(t.result)}`;
  }
}

/** What one stage observed, or undefined when it did not run. */
function seen(stage: StageName, o: Observations): Seen | undefined {
  switch (stage) {
    case 'dns': {
      const d = o.dns;
      if (!d) return undefined;
      if (d.kind === 'literal') return undefined;
      if (d.kind === 'failed') return { ok: false, durationMs: d.ms, summary: `${o.target.host}: ${d.reason} (${d.errno})`, evidence: { reason: d.reason, errno: d.errno } };
      const list = d.addresses.map((a) => a.address);
      return { ok: true, durationMs: d.ms, summary: `${o.target.host} → ${d.chosen.address}${list.length > 1 ? ` (of ${list.join(', ')})` : ''}`, evidence: { addresses: list, chosen: d.chosen.address } };
    }
    case 'connect': {
      const c = o.connect;
      if (!c) return undefined;
      const evidence = c.kind === 'connected' ? { outcome: c.kind, local: c.local, remote: c.remote } : { outcome: c.kind, ...('errno' in c ? { errno: c.errno } : {}) };
      return { ok: c.kind === 'connected', durationMs: c.ms, summary: `port ${o.target.port}: ${describeConnect(c)}`, evidence };
    }
    case 'greeting': {
      const g = o.greeting;
      if (!g) return undefined;
      switch (g.kind) {
        case 'greeted':
          return { ok: true, durationMs: g.ms, summary: describeReply(g.reply), evidence: { outcome: g.kind, reply: g.reply, software: g.software ?? null } };
        case 'rejected':
          return { ok: false, durationMs: g.ms, summary: `refused: ${describeReply(g.reply)}`, evidence: { outcome: g.kind, reply: g.reply } };
        case 'silent':
          return { ok: false, durationMs: g.ms, summary: `no greeting within ${seconds(g.ms)}`, evidence: { outcome: g.kind, partial: g.partial } };
        case 'not-ftp':
          return { ok: false, durationMs: g.ms, summary: `not FTP (${g.service}): "${g.banner.slice(0, 60)}"`, evidence: { outcome: g.kind, service: g.service, banner: g.banner } };
        case 'closed':
          return { ok: false, durationMs: g.ms, summary: 'closed by the server before a greeting', evidence: { outcome: g.kind } };
        case 'reset':
          return { ok: false, durationMs: g.ms, summary: 'reset before a greeting', evidence: { outcome: g.kind } };
        case 'violation':
          return { ok: false, durationMs: g.ms, summary: `protocol violation (${g.reason})`, evidence: { outcome: g.kind, reason: g.reason } };
        case 'deadline':
          return { ok: false, durationMs: g.ms, summary: 'the deadline ran out', evidence: { outcome: g.kind } };
      }
    }
    case 'tls': {
      const t = o.tls;
      if (!t || t.kind === 'not-run') return undefined;
      if (t.kind === 'auth-refused') return { ok: false, durationMs: t.ms, summary: `AUTH TLS: ${describeReplyResult(t.exchange.result)}`, evidence: { mode: 'explicit', auth: describeReplyResult(t.exchange.result) } };
      const h = t.handshake;
      if (h.kind !== 'established') return { ok: false, durationMs: t.ms, summary: `${t.mode} TLS handshake ${h.kind === 'failed' ? `failed: ${h.error}` : 'timed out'}`, evidence: { mode: t.mode, handshake: h.kind } };
      const c = h.certificate;
      const problems = c ? [!c.trusted && 'untrusted', (c.expired || c.notYetValid) && 'expired', !c.nameMatches && 'name mismatch'].filter(Boolean) : [];
      const strictFail = Boolean(o.tlsRequest?.strict) && problems.length > 0;
      return {
        ok: !strictFail,
        durationMs: t.ms,
        summary: `${t.mode} TLS: ${h.protocol}, ${h.cipher}${c ? `; certificate ${problems.length ? problems.join(', ') : 'trusted'}, expires ${c.validTo.slice(0, 10)}` : ''}`,
        evidence: { mode: t.mode, protocol: h.protocol, cipher: h.cipher, certificate: c ?? null },
      };
    }
    case 'login': {
      const l = o.login;
      if (!l) return undefined;
      switch (l.kind) {
        case 'logged-in':
          return { ok: true, durationMs: l.ms, summary: `logged in as ${l.user}${l.directory ? `, directory ${l.directory}` : ''}`, evidence: { outcome: l.kind, user: l.user, system: l.system ?? null, features: l.features ?? null, directory: l.directory ?? null } };
        case 'refused':
          return { ok: false, durationMs: l.ms, summary: `${l.command} refused: ${describeReply(l.reply)}`, evidence: { outcome: l.kind, user: l.user, command: l.command, reply: l.reply, tlsRequired: l.tlsRequired } };
        case 'no-reply':
          return { ok: false, durationMs: l.ms, summary: `${l.command}: ${describeReplyResult(l.result)}`, evidence: { outcome: l.kind, user: l.user, command: l.command, result: l.result.kind } };
      }
    }
    case 'passive': {
      const p = o.passive;
      if (!p || p.kind === 'not-run') return undefined;
      const requests = p.requests.map((r) => ({ command: r.command, reply: describeReplyResult(r.exchange.result), advertised: r.advertised ?? null }));
      const evidence = { requests, used: p.used?.command ?? null, relation: p.relation ?? null, dataTarget: p.dataTarget ?? null, data: p.data?.kind ?? null, transfer: p.transfer?.kind ?? null, bytes: p.transfer && 'bytes' in p.transfer ? p.transfer.bytes : null };
      if (!p.used || !p.dataTarget) return { ok: false, durationMs: p.ms, summary: `no passive port: ${requests.map((r) => `${r.command} ${r.reply}`).join('; ')}`, evidence };
      const target = `${p.dataTarget.address}:${p.dataTarget.port}`;
      if (!p.data || p.data.kind !== 'connected') return { ok: false, durationMs: p.ms, summary: `${p.used.command} → ${target}: ${p.data ? describeConnect(p.data) : 'not tried'}`, evidence };
      return { ok: p.transfer?.kind === 'complete', durationMs: p.ms, summary: `${p.used.command} → ${target}: ${p.transfer ? transferSummary(p.transfer) : 'no transfer'}`, evidence };
    }
    case 'active': {
      const a = o.active;
      if (!a || a.kind === 'not-run') return undefined;
      const evidence = { command: a.command, listen: a.listen, portReply: describeReplyResult(a.portExchange.result), callback: a.callback ?? null, transfer: a.transfer?.kind ?? null, bytes: a.transfer && 'bytes' in a.transfer ? a.transfer.bytes : null };
      const head = `${a.command} ${a.listen.address}:${a.listen.port}`;
      if (a.portExchange.result.kind !== 'reply' || a.portExchange.result.reply.code >= 300) return { ok: false, durationMs: a.ms, summary: `${head} refused: ${describeReplyResult(a.portExchange.result)}`, evidence };
      const cb = a.callback;
      if (cb?.kind !== 'arrived') return { ok: false, durationMs: a.ms, summary: `${head}: no connection from the server${cb ? ` within ${seconds(cb.ms)}` : ''}`, evidence };
      return { ok: a.transfer?.kind === 'complete', durationMs: a.ms, summary: `server connected from port ${cb.from.port}: ${a.transfer ? transferSummary(a.transfer) : 'no transfer'}`, evidence };
    }
  }
}

const CONTROL_STAGES: readonly StageName[] = ['dns', 'connect', 'greeting', 'tls', 'login'];

function skipReason(stage: StageName, o: Observations, earlier: StageReport[]): string {
  if (stage === 'dns' && o.dns?.kind === 'literal') return 'address given, no lookup needed';
  if (stage === 'tls' && o.tls?.kind === 'not-run') return o.tls.reason;
  if (stage === 'passive' && o.passive?.kind === 'not-run') return o.passive.reason;
  if (stage === 'active' && o.active?.kind === 'not-run') return o.active.reason;
  if (o.deadlineHit && STAGE_NAMES.indexOf(o.deadlineHit.stage) <= STAGE_NAMES.indexOf(stage)) return "the run's deadline ran out";
  const blocker = earlier.find((r) => r.status === 'fail' && CONTROL_STAGES.includes(r.name));
  return blocker ? `not run: ${blocker.name} failed` : 'not run';
}

export function stageReports(o: Observations, findings: Finding[]): StageReport[] {
  const reports: StageReport[] = [];
  for (const name of STAGE_NAMES) {
    const s = seen(name, o);
    if (!s) {
      reports.push({ name, status: 'skip', durationMs: 0, summary: skipReason(name, o, reports) });
      continue;
    }
    const flagged = findings.some((f) => f.stage === name && f.severity !== 'info');
    const status: StageStatus = !s.ok ? 'fail' : flagged ? 'warn' : 'pass';
    reports.push({ ...s.evidence, name, status, durationMs: s.durationMs, summary: s.summary });
  }
  return reports;
}

/** One line on the plain-FTP comparison of a TLS check, or null when there was no TLS. */
export function plainComparisonSummary(o: Observations): { ran: boolean; summary: string } | null {
  const p = o.plain;
  if (!o.tlsRequest || !p) return null;
  if (p.kind === 'not-run') return { ran: false, summary: `not compared with plain FTP: ${p.reason}` };
  const parts = [
    p.pasv?.advertised?.address ? `plain PASV named ${p.pasv.advertised.address}:${p.pasv.advertised.port}` : undefined,
    p.passive?.kind === 'ran' ? `plain passive listing ${p.passive.transfer?.kind === 'complete' ? 'worked' : 'failed too'}` : undefined,
    p.active?.kind === 'ran' ? `plain active listing ${p.active.transfer?.kind === 'complete' ? 'worked' : 'failed too'}` : undefined,
  ].filter(Boolean);
  return { ran: true, summary: `compared with plain FTP on a second, anonymous connection: ${parts.length ? parts.join('; ') : 'logged in'}` };
}
