// The results the web page can show again (`/r/ID`): each check's report, kept in memory under an
// unguessable ID for a while and up to a number, the oldest dropped first. Only the report is kept —
// never the request, so never a password (a module's stays in the agent's environment; reports hold
// none). The process's memory is the only place: a restart forgets every link.
import { randomBytes } from 'node:crypto';
import type { Report } from '../model/report.js';

export interface ResultRetention {
  /** How long a result stays, in milliseconds. */
  keepMs: number;
  /** How many results are kept at most; 0 keeps none (the page then answers each check directly). */
  count: number;
}

export const DEFAULT_RETENTION: ResultRetention = { keepMs: 24 * 3600_000, count: 100 };

/** 128 random bits, URL-safe: 22 characters that nobody can guess or enumerate. */
const ID_BYTES = 16;
export const RESULT_ID = /^[\w-]{22}$/;

interface Kept {
  report: Report;
  storedAt: number;
}

export class ResultStore {
  // A Map iterates in insertion order: the first entry is always the oldest.
  readonly #kept = new Map<string, Kept>();

  constructor(
    readonly retention: ResultRetention,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps a report and returns its ID; undefined when the store keeps nothing. */
  put(report: Report): string | undefined {
    if (this.retention.count <= 0) return undefined;
    this.#expire();
    const id = randomBytes(ID_BYTES).toString('base64url');
    this.#kept.set(id, { report, storedAt: this.now() });
    for (const oldest of this.#kept.keys()) {
      if (this.#kept.size <= this.retention.count) break;
      this.#kept.delete(oldest);
    }
    return id;
  }

  /** The report kept under `id`, while it is kept. */
  get(id: string): Report | undefined {
    this.#expire();
    return RESULT_ID.test(id) ? this.#kept.get(id)?.report : undefined;
  }

  get size(): number {
    this.#expire();
    return this.#kept.size;
  }

  #expire(): void {
    const cutoff = this.now() - this.retention.keepMs;
    for (const [id, kept] of this.#kept) {
      if (kept.storedAt > cutoff) break;
      this.#kept.delete(id);
    }
  }
}
