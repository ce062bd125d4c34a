// The protocol transcript. Passwords never enter it: the control channel writes PASS as "PASS ****",
// and every entry is scrubbed of the run's secrets, which a server may repeat in any reply. Control
// characters stay as the server sent them; every output shows them escaped (safety/visible.ts).
import type { TranscriptEntry } from '../model/report.js';
import { Secrets } from '../safety/secrets.js';

const MAX_ENTRIES = 400;
const MAX_TEXT = 240;

export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  #dropped = 0;

  constructor(
    private readonly start: number,
    private readonly secrets: Secrets = Secrets.none,
  ) {}

  add(conn: TranscriptEntry['conn'], dir: TranscriptEntry['dir'], text: string): void {
    if (this.entries.length >= MAX_ENTRIES) {
      this.#dropped++;
      return;
    }
    const clean = this.secrets.redact(text);
    const shown = clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT)}… (${clean.length} characters)` : clean;
    this.entries.push({ t: Date.now() - this.start, conn, dir, text: shown });
  }

  /** Entries plus a closing note when the cap dropped some. */
  finish(): TranscriptEntry[] {
    if (this.#dropped === 0) return this.entries;
    return [
      ...this.entries,
      { t: Date.now() - this.start, conn: 'control', dir: 'note', text: `${this.#dropped} more lines not kept` },
    ];
  }
}
