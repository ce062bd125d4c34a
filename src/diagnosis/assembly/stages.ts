// One line per stage for the reports: status, time, a summary and the stage's evidence. Pure.
import type { Finding } from '../../model/findings.js';
import type { Observations } from '../../model/observations.js';
import type { RanStage, RanStageOf, StageEvidence, StageReport } from '../../model/stage-report.js';
import { STAGE_NAMES, type StageName } from '../../model/stages.js';
import {
  describeCallback,
  describeConnect,
  describeNameLookup,
  describeTransfer,
} from '../rules/wording/connections.js';
import { describeCertificate, describeHandshake, describeLegacyTls } from '../rules/wording/tls.js';
import { formatEndpoint } from '../../protocol/address.js';
import { describeExchange, describeGreeting, describeReply, describeReplyResult } from '../rules/wording/replies.js';
import { apartEvidence, apartSummary } from './passive-attempts.js';
import { anonymousLoginEvidence, auditNotTested, bounceEvidence } from './audit.js';
import { certificateProblems, passiveWorked, portAccepted } from '../facts/common.js';
import { connectEvidence, greetingEvidence, legacyTlsEvidence, seenAsEvidence } from './control-evidence.js';
import { reflectorEvidence, reflectorSummary } from './reflect.js';
import { dataCheckEvidence, dataCheckSummary } from './data-checks.js';
import { modeWorked } from '../facts/data-checks.js';

/** What a stage saw, before its status is judged. */
interface Seen<N extends StageName> {
  ok: boolean;
  durationMs: number;
  summary: string;
  evidence: StageEvidence[N];
}

/** Makes a stage's line from what it saw: fail when not ok, warn when a finding concerns it. */
type Judge = <N extends StageName>(name: N, seen: Seen<N>) => RanStageOf<N>;

/** Each stage's line when it ran, or undefined when it did not. */
const LINES: { [N in StageName]: (o: Observations, judge: Judge) => RanStage<N> | undefined } = {
  dns(o, judge) {
    const d = o.dns;
    if (!d || d.kind === 'literal') return undefined;
    if (d.kind === 'failed')
      return judge('dns', {
        ok: false,
        durationMs: d.ms,
        summary: `${o.target.host}: ${describeNameLookup(d)}`,
        evidence: { reason: d.reason, errno: d.errno },
      });
    return judge('dns', {
      ok: true,
      durationMs: d.ms,
      summary: `${o.target.host} → ${describeNameLookup(d)}`,
      evidence: { addresses: d.addresses.map((a) => a.address), chosen: d.chosen.address },
    });
  },

  connect(o, judge) {
    const c = o.connect;
    if (!c) return undefined;
    return judge('connect', {
      ok: c.kind === 'connected',
      durationMs: c.ms,
      summary: `port ${o.target.port}: ${describeConnect(c)}`,
      evidence: connectEvidence(c, seenAsEvidence(o)),
    });
  },

  greeting(o, judge) {
    const g = o.greeting;
    if (!g) return undefined;
    return judge('greeting', {
      ok: g.kind === 'greeted',
      durationMs: g.ms,
      summary: describeGreeting(g),
      evidence: greetingEvidence(g),
    });
  },

  tls(o, judge) {
    const t = o.tls;
    if (!t || t.kind === 'not-run') return undefined;
    if (t.kind === 'auth-refused') {
      const result = t.exchange.result;
      return judge('tls', {
        ok: false,
        durationMs: t.ms,
        summary: describeExchange('AUTH TLS', result),
        evidence: { mode: 'explicit', auth: describeReplyResult(result) },
      });
    }
    const h = t.handshake;
    if (h.kind !== 'established')
      return judge('tls', {
        ok: false,
        durationMs: t.ms,
        summary: `${t.mode} TLS handshake ${describeHandshake(h)}`,
        evidence: { mode: t.mode, handshake: h.kind },
      });
    const c = h.certificate;
    // A certificate problem fails the stage only when the user asked for strict TLS; otherwise its findings warn.
    const strictFail = Boolean(o.tlsRequest?.strict) && c !== undefined && certificateProblems(c).length > 0;
    const legacy = o.legacyTls;
    return judge('tls', {
      ok: !strictFail,
      durationMs: t.ms,
      summary: [
        `${t.mode} TLS: ${describeHandshake(h)}`,
        c && describeCertificate(c),
        legacy && describeLegacyTls(legacy),
      ]
        .filter(Boolean)
        .join('; '),
      evidence: {
        mode: t.mode,
        protocol: h.protocol,
        cipher: h.cipher,
        certificate: c ?? null,
        legacyTls: legacy ? legacyTlsEvidence(legacy) : null,
      },
    });
  },

  login(o, judge) {
    const l = o.login;
    if (!l) return undefined;
    switch (l.kind) {
      case 'logged-in':
        return judge('login', {
          ok: true,
          durationMs: l.ms,
          summary: `logged in as ${l.user}${l.directory ? `, directory ${l.directory}` : ''}${auditNotTested(o)}`,
          evidence: {
            outcome: l.kind,
            user: l.user,
            system: l.system ?? null,
            features: l.features ?? null,
            directory: l.directory ?? null,
            bounce: bounceEvidence(o),
            anonymousLogin: anonymousLoginEvidence(o),
          },
        });
      case 'refused':
        return judge('login', {
          ok: false,
          durationMs: l.ms,
          summary: `${l.command} refused: ${describeReply(l.reply)}`,
          evidence: { outcome: l.kind, user: l.user, command: l.command, reply: l.reply, tlsRequired: l.tlsRequired },
        });
      case 'no-reply':
        return judge('login', {
          ok: false,
          durationMs: l.ms,
          summary: describeExchange(l.command, l.result),
          evidence: { outcome: l.kind, user: l.user, command: l.command, result: l.result.kind },
        });
    }
  },

  passive(o, judge) {
    const p = o.passive;
    if (!p || p.kind === 'not-run') return undefined;
    const evidence: StageEvidence['passive'] = {
      requests: p.requests.map((r) => ({
        command: r.command,
        reply: describeReplyResult(r.exchange.result),
        advertised: r.advertised ?? null,
      })),
      used: p.used?.command ?? null,
      relation: p.relation ?? null,
      dataTarget: p.dataTarget ?? null,
      data: p.data?.kind ?? null,
      transfer: p.transfer?.kind ?? null,
      bytes: p.transfer && 'bytes' in p.transfer ? p.transfer.bytes : null,
      apart: apartEvidence(o),
      ...dataCheckEvidence(p),
    };
    // PASV and EPSV tested apart: the stage worked when either did, and says how the other ended.
    const line = (ok: boolean, summary: string) =>
      judge('passive', { ok: ok || passiveWorked(o), durationMs: p.ms, summary: summary + apartSummary(o), evidence });
    if (!p.used || !p.dataTarget)
      return line(
        false,
        `no passive port (${p.requests.map((r) => describeExchange(r.command, r.exchange.result)).join('; ')})`,
      );
    const head = `${p.used.command} → ${formatEndpoint(p.dataTarget)}`;
    if (p.data?.kind !== 'connected') return line(false, `${head}: ${p.data ? describeConnect(p.data) : 'not tried'}`);
    return line(
      modeWorked(p),
      `${head}: ${p.transfer ? describeTransfer(p.transfer) : 'no transfer'}${dataCheckSummary(p)}`,
    );
  },

  active(o, judge) {
    const a = o.active;
    if (!a || a.kind === 'not-run') return undefined;
    const evidence: StageEvidence['active'] = {
      command: a.command,
      listen: a.listen,
      portReply: describeReplyResult(a.portExchange.result),
      callback: a.callback ?? null,
      transfer: a.transfer?.kind ?? null,
      bytes: a.transfer && 'bytes' in a.transfer ? a.transfer.bytes : null,
      ...dataCheckEvidence(a),
      ...(o.reflect && { reflector: reflectorEvidence(o.reflect) }),
    };
    const seen = o.reflect ? reflectorSummary(o.reflect) : '';
    const line = (ok: boolean, summary: string) =>
      judge('active', { ok, durationMs: a.ms, summary: summary + seen, evidence });
    const head = `${a.command} ${formatEndpoint(a.listen)}`;
    if (!portAccepted(a)) return line(false, `${head} refused: ${describeReplyResult(a.portExchange.result)}`);
    const cb = a.callback;
    if (cb?.kind !== 'arrived')
      return line(false, `${head}: ${cb ? describeCallback(cb) : 'the server did not connect back'}`);
    return line(
      modeWorked(a),
      `${describeCallback(cb)}; ${a.transfer ? describeTransfer(a.transfer) : 'no transfer'}${dataCheckSummary(a)}`,
    );
  },
};

const CONTROL_STAGES: readonly StageName[] = ['dns', 'connect', 'greeting', 'tls', 'login'];

function skipReason(stage: StageName, o: Observations, earlier: StageReport[]): string {
  if (stage === 'dns' && o.dns?.kind === 'literal') return 'address given, no lookup needed';
  if (stage === 'tls' && o.tls?.kind === 'not-run') return o.tls.reason;
  if (stage === 'passive' && o.passive?.kind === 'not-run') return o.passive.reason;
  if (stage === 'active' && o.active?.kind === 'not-run') return o.active.reason;
  if (o.deadlineHit && STAGE_NAMES.indexOf(o.deadlineHit.stage) <= STAGE_NAMES.indexOf(stage))
    return "the run's deadline ran out";
  const blocker = earlier.find((r) => r.status === 'fail' && CONTROL_STAGES.includes(r.name));
  return blocker ? `not run: ${blocker.name} failed` : 'not run';
}

export function stageReports(o: Observations, findings: Finding[]): StageReport[] {
  const judge: Judge = (name, seen) => {
    const flagged = findings.some((f) => f.stage === name && f.severity !== 'info');
    // Evidence first: the common fields always win (the evidence types cannot name them anyway).
    return {
      ...seen.evidence,
      name,
      status: !seen.ok ? 'fail' : flagged ? 'warn' : 'pass',
      durationMs: seen.durationMs,
      summary: seen.summary,
    };
  };
  const reports: StageReport[] = [];
  for (const name of STAGE_NAMES) {
    reports.push(
      LINES[name](o, judge) ?? { name, status: 'skip', durationMs: 0, summary: skipReason(name, o, reports) },
    );
  }
  return reports;
}

/** One line on the plain-FTP comparison of a TLS check, or null when there was no TLS. */
export function plainComparisonSummary(o: Observations): { ran: boolean; summary: string } | null {
  const p = o.plain;
  if (!o.tlsRequest || !p) return null;
  if (p.kind === 'not-run') return { ran: false, summary: `not compared with plain FTP: ${p.reason}` };
  const parts = [
    p.pasv?.advertised?.address
      ? `plain PASV named ${formatEndpoint({ address: p.pasv.advertised.address, port: p.pasv.advertised.port })}`
      : undefined,
    p.passive?.kind === 'ran'
      ? `plain passive listing ${p.passive.transfer?.kind === 'complete' ? 'worked' : 'failed too'}`
      : undefined,
    p.active?.kind === 'ran'
      ? `plain active listing ${p.active.transfer?.kind === 'complete' ? 'worked' : 'failed too'}`
      : undefined,
  ].filter(Boolean);
  return {
    ran: true,
    summary: `compared with plain FTP on a second, anonymous connection: ${parts.length ? parts.join('; ') : 'logged in'}`,
  };
}
