// A rule: one finding code, its article (what it means, the likely rule, the fixes) and the logic that
// decides from the observations whether it applies. Rules are pure and see every observation.
import type { FindingCode, FixStep, Severity } from '../model/findings.js';
import type { Observations } from '../model/observations.js';
import type { ServerKind } from '../model/server.js';
import type { StageName } from '../model/stages.js';

/** Values a fix can name: what this run observed, or placeholders when an article is shown on its own. */
export interface Observed {
  /** The server's address as the client reached it (its public address behind NAT). */
  address: string;
  /** A passive port the server offered, or a placeholder. */
  passivePort: string;
}

/** The fixed text of a finding, the same in every report, in `explain` and in the docs. */
export interface Article {
  title: string;
  severity: Severity;
  stage: StageName;
  explanation: string;
  likelyRule: string;
  /** How to confirm the finding by hand, step by step. */
  confirm: string[];
  fix: FixStep[];
  /** The server-admin setting to change, per server software, filled with observed values. */
  serverSettings?: (v: Observed) => Partial<Record<ServerKind, string>>;
}

/** One occurrence of a finding in this run. */
export interface Match {
  /** What this run observed, with concrete addresses, ports and replies. */
  evidence: string;
  /** A sharper likely rule when the observations tell more than the article's general one. */
  likelyRule?: string;
  severity?: Severity;
  stage?: StageName;
  /** Fix steps that come first because they use the values this run observed. */
  fixFirst?: FixStep[];
}

export interface Rule<C extends FindingCode = FindingCode> extends Article {
  code: C;
  match(o: Observations): Match[];
}
