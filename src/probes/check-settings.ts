// The settings of one check, as the probes take them (src/settings/ builds them from user input).
import type { Family } from '../model/observations.js';
import type { Secrets } from '../safety/secrets.js';
import type { Credentials } from './login.js';
import type { SweepRequest } from './sweep.js';

export type Mode = 'passive' | 'active' | 'both';

/** The password anonymous FTP asks for: by convention an e-mail-like string. */
export const ANONYMOUS_PASSWORD = 'ftpcheck@';

export interface TlsRequest {
  mode: 'explicit' | 'implicit';
  /** Certificate problems are errors rather than warnings. */
  strict: boolean;
  /** Extra trust anchors, PEM. */
  ca: string | undefined;
}

export interface CheckSettings {
  host: string;
  port: number;
  credentials: Credentials;
  mode: Mode;
  timeoutMs: number;
  deadlineMs: number;
  /** Use only this address family when the name has both. */
  family: Family | undefined;
  maxDataBytes: number;
  tls: TlsRequest | undefined;
  /** With TLS: may ftpcheck repeat failed data steps over plain FTP to compare? */
  plainFallback: boolean;
  /** Sweep the passive port range after the data stages. */
  sweep: SweepRequest | undefined;
  /** Scrubbed from everything the probes hand out, wherever a server repeats them. */
  secrets: Secrets;
}
