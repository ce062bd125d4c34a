// Secrets ftpcheck knows (the password, a service's token) must never leave it, even when a server
// repeats one back ("530 Login incorrect for bob with password …") in a reply, a greeting of a later
// session, a listing or an error message. Everything the probes hand out is scrubbed with this. Pure.
import { mapStrings } from './visible.js';

export const REDACTED = '****';

/** Secrets shorter than this are masked only where they are a word of their own. */
const WHOLE_WORD_BELOW = 6;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Secrets {
  /** Longest first, so a secret that contains another is replaced whole. */
  readonly #values: readonly string[];

  constructor(values: readonly (string | undefined)[]) {
    const kept = values.filter((v): v is string => typeof v === 'string' && v !== '');
    this.#values = [...new Set(kept)].sort((a, b) => b.length - a.length);
  }

  static readonly none = new Secrets([]);

  /** A set with more secrets, e.g. a service's token beside a check's password. */
  with(...values: readonly (string | undefined)[]): Secrets {
    return new Secrets([...this.#values, ...values]);
  }

  get empty(): boolean {
    return this.#values.length === 0;
  }

  /**
   * The text with every occurrence of every secret replaced by ****. A short secret is replaced only
   * where it stands apart from letters and digits: inside a longer word ("x" in "fixture") it is not
   * what the server repeated, and masking it there would point at the secret instead of hiding it.
   */
  redact(text: string): string {
    let out = text;
    for (const secret of this.#values) {
      if (!out.includes(secret)) continue;
      if (secret.length >= WHOLE_WORD_BELOW) out = out.split(secret).join(REDACTED);
      else
        out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(secret)}(?![\\p{L}\\p{N}])`, 'gu'), REDACTED);
    }
    return out;
  }

  /** A copy of plain data (observations, a report) whose every string is redacted. */
  redactAll<T>(value: T): T {
    return this.empty ? value : mapStrings(value, (text) => this.redact(text));
  }
}
