// A rule: one finding code, its article (what it means, the likely rule, the fixes) and the logic that
// decides from the observations whether it applies. Rules are pure and see every observation.
import type { Finding, FindingCode } from '../../model/findings.js';
import type { Observations } from '../../model/observations.js';
import type { ServerKind } from '../../model/server.js';

/** Values a fix can name: what this run observed, or placeholders when an article is shown on its own. */
export interface Observed {
  /** The server's address as the client reached it (its public address behind NAT). */
  address: string;
  /** A passive port the server offered, or a placeholder. */
  passivePort: string;
  /**
   * The check reached the server at an internal (private, shared or link-local) address: from inside its
   * network, where the address reached is not the one outside clients use.
   */
  inside: boolean;
}

/** The server-admin setting to change, per server software, filled with observed values. */
export type ServerSettings = (v: Observed) => Partial<Record<ServerKind, string>>;

/** The fixed text of a finding, the same in every report, in `explain` and in the docs. */
export type Article = Pick<
  Finding,
  'title' | 'severity' | 'stage' | 'explanation' | 'likelyRule' | 'confirm' | 'fix'
> & {
  serverSettings?: ServerSettings;
};

/** One occurrence of a finding in this run: what it observed, and where it sharpens the article. */
export type Match = Pick<Finding, 'evidence'> &
  Partial<Pick<Finding, 'likelyRule' | 'severity' | 'stage'>> & {
    /** Fix steps that come first because they use the values this run observed. */
    fixFirst?: Finding['fix'];
    /**
     * The fix steps for what this run observed, in place of the article's (its server settings too): where
     * the article's would break the clients the check was not made from.
     */
    fixInstead?: Finding['fix'];
  };

export type Rule<C extends FindingCode = FindingCode> = Article & {
  code: C;
  match(o: Observations): Match[];
};
