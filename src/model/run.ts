// One probe run as the probes hand it to the diagnosis: what they observed, the transcript, and when.
import type { Address, Observations } from './observations.js';
import type { TranscriptEntry } from './report.js';

/** What the probes recorded of one run. */
export interface ProbeRun {
  observations: Observations;
  transcript: TranscriptEntry[];
  startedAt: Date;
  durationMs: number;
  /** The server's address the run connected to; undefined when none was reached. */
  address: Address | undefined;
}
