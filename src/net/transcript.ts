// The protocol transcript. Passwords never enter it: the control channel redacts PASS before logging.
import type { TranscriptEntry } from '../model/report.js';

const MAX_ENTRIES = 400;
const MAX_TEXT = 240;

export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  #dropped = 0;

  constructor(private readonly start: number) {}

  add(conn: TranscriptEntry['conn'], dir: TranscriptEntry['dir'], text: string): void {
    if (this.entries.length >= MAX_ENTRIES) {
      this.#dropped++;
      return;
    }
    const clean = text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '?');
    const shown = clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT)}… (${clean.length} characters)` : clean;
    this.entries.push({ t: Date.now() - this.start, conn, dir, text: shown });
  }

  /** Entries plus a closing note when the cap dropped some. */
  finish(): TranscriptEntry[] {
    if (this.#dropped === 0) return this.entries;
    return [...this.entries, { t: Date.now() - this.start, conn: 'control', dir: 'note', text: `${this.#dropped} more lines not kept` }];
  }
}
