// One probe run as the probes hand it to the diagnosis: what they observed, the transcript, and when;
// and `ftpcheck reflect`'s run, which is one against the agent's reflector.
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

/** `ftpcheck reflect`'s run: a probe run against the agent's reflector, or why the agent's API failed. */
export type ReflectRun =
  { kind: 'ran'; run: ProbeRun; host: string; port: number } | { kind: 'api-failed'; reason: string };
