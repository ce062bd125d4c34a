// A rule: one finding code, its article (what it means, the likely rule, the fixes) and the logic that
// decides from the observations whether it applies. Rules are pure and see every observation.
import type { FindingCode, FixStep, Severity } from '../model/findings.js';
import type { Observations } from '../model/observations.js';
import type { StageName } from '../model/stages.js';

/** The fixed text of a finding, the same in every report, in `explain` and in the docs. */
export interface Article {
  title: string;
  severity: Severity;
  stage: StageName;
  explanation: string;
  likelyRule: string;
  fix: FixStep[];
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
