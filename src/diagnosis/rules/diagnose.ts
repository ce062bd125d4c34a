// Observations in, findings out. Pure: no I/O, no clock, no randomness.
import { FINDING_CODES, type Finding, type FixStep, type Severity } from '../../model/findings.js';
import type { Observations } from '../../model/observations.js';
import { SERVER_KINDS, SERVER_NAMES, type ServerKind } from '../../model/server.js';
import { STAGE_NAMES } from '../../model/stages.js';
import { isSiteLocal } from '../../protocol/address.js';
import { serverKind } from '../../protocol/banner.js';
import { CATALOGUE } from './catalogue.js';
import { type CommandTarget, fillCommands } from './commands.js';
import { controlPeer, ranPassive, serverSoftwareOf } from '../facts/common.js';
import type { Article, Observed } from './rule.js';

/**
 * The server-admin settings of an article, one step per server. When the server software is known,
 * only its own setting is given (the others stay in `ftpcheck explain`); otherwise all of them.
 */
export function settingSteps(article: Article, values: Observed, kind: ServerKind | undefined): FixStep[] {
  const settings = article.serverSettings?.(values) ?? {};
  const kinds =
    kind !== undefined && settings[kind] !== undefined ? [kind] : SERVER_KINDS.filter((k) => settings[k] !== undefined);
  return kinds.map((k) => ({ role: 'server-admin', server: k, text: `${SERVER_NAMES[k]}: ${settings[k] ?? ''}` }));
}

/** What the printed commands are filled with: the target as checked, and the addresses it met. */
export function commandTarget(o: Observations): CommandTarget {
  return {
    host: o.target.host,
    port: o.target.port,
    user: o.target.user,
    tls: o.tlsRequest?.mode,
    // The address reached, else the one looked up (a check that never connected still names one).
    address: controlPeer(o) ?? lookedUp(o),
    dataPort: ranPassive(o)?.dataTarget?.port,
  };
}

function lookedUp(o: Observations): string | undefined {
  if (o.dns?.kind === 'resolved') return o.dns.chosen.address;
  return o.dns?.kind === 'literal' ? o.dns.address : undefined;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function diagnose(o: Observations): Finding[] {
  const findings: Finding[] = [];
  const kind = serverKind(serverSoftwareOf(o));
  const port = ranPassive(o)?.dataTarget?.port;
  const peer = controlPeer(o);
  const values: Observed = {
    address: peer ?? o.target.host,
    passivePort: port === undefined ? 'PORT' : String(port),
    inside: peer !== undefined && isSiteLocal(peer),
  };
  const target = commandTarget(o);
  const fill = (step: FixStep): FixStep => ({ ...step, text: fillCommands(step.text, target) });
  for (const code of FINDING_CODES) {
    const rule = CATALOGUE[code];
    for (const m of rule.match(o)) {
      findings.push({
        code,
        severity: m.severity ?? rule.severity,
        stage: m.stage ?? rule.stage,
        title: rule.title,
        evidence: m.evidence,
        explanation: rule.explanation,
        likelyRule: m.likelyRule ?? rule.likelyRule,
        confirm: rule.confirm.map((c) => fillCommands(c, target)),
        fix: (m.fixInstead ?? [...(m.fixFirst ?? []), ...settingSteps(rule, values, kind), ...rule.fix]).map(fill),
      });
    }
  }
  // Most severe first; within a severity, in the order the connections are made.
  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      STAGE_NAMES.indexOf(a.stage) - STAGE_NAMES.indexOf(b.stage),
  );
}
