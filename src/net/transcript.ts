// The protocol transcript. Passwords never enter it: the control channel writes PASS as "PASS ****",
// and every entry is scrubbed of the run's secrets, which a server may repeat in any reply. Control
// characters stay as the server sent them; every output shows them escaped (safety/visible.ts).
//
// Sessions that run beside the check's own write through a view of the same transcript (session()):
// their lines start with "[session N] ", so that interleaved lines still say where they belong.
import type { TranscriptEntry } from '../model/report.js';
import { Secrets } from '../safety/secrets.js';

const MAX_ENTRIES = 400;
const MAX_TEXT = 240;

/** The lines of one run, shared by the transcript and its session views. */
interface Lines {
  entries: TranscriptEntry[];
  dropped: number;
}

export class Transcript {
  readonly #lines: Lines;
  readonly #prefix: string;
  #ended = false;

  constructor(
    private readonly start: number,
    private readonly secrets: Secrets = Secrets.none,
    lines: Lines = { entries: [], dropped: 0 },
    prefix = '',
  ) {
    this.#lines = lines;
    this.#prefix = prefix;
  }

  get entries(): TranscriptEntry[] {
    return this.#lines.entries;
  }

  /** A view whose lines are marked as session `n`'s (n ≥ 2; the check's own session is unmarked). */
  session(n: number): Transcript {
    return new Transcript(this.start, this.secrets, this.#lines, `[session ${n}] `);
  }

  /** This view writes nothing more: its session is left to finish after the check has ended. */
  end(): void {
    this.#ended = true;
  }

  add(conn: TranscriptEntry['conn'], dir: TranscriptEntry['dir'], text: string): void {
    if (this.#ended) return;
    const lines = this.#lines;
    if (lines.entries.length >= MAX_ENTRIES) {
      lines.dropped++;
      return;
    }
    const clean = this.secrets.redact(text);
    const shown = clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT)}… (${clean.length} characters)` : clean;
    lines.entries.push({ t: Date.now() - this.start, conn, dir, text: this.#prefix + shown });
  }

  /** Entries plus a closing note when the cap dropped some. */
  finish(): TranscriptEntry[] {
    const { entries, dropped } = this.#lines;
    if (dropped === 0) return entries;
    return [
      ...entries,
      { t: Date.now() - this.start, conn: 'control', dir: 'note', text: `${dropped} more lines not kept` },
    ];
  }
}
