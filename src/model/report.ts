// The report that `--json` prints. Its shape is versioned by `schema`; change it only with a new version.
import type { Family, Mode, PortClass } from './observations.js';
import type { ClientVerdict } from './clients.js';
import type { Finding } from './findings.js';
import type { ServerKind } from './server.js';
import type { StageReport } from './stage-report.js';

export type { StageReport };

export const REPORT_SCHEMA = 'ftpcheck/1';

export type Verdict = 'ok' | 'degraded' | 'failed';

/** Nagios-style: 0 ok, 1 degraded, 2 failed, 3 ftpcheck could not run. */
export type ExitCode = 0 | 1 | 2 | 3;

export const EXIT_CODES: Record<Verdict, ExitCode> = { ok: 0, degraded: 1, failed: 2 };

/** ftpcheck could not run: a mistake in how it was called, or an internal error. */
export const USAGE_EXIT_CODE = 3;

/** The exit code of a run over many targets: the worst of theirs (0 when there are none). */
export function worstExitCode(reports: readonly { exitCode: ExitCode }[]): ExitCode {
  return reports.reduce<ExitCode>((worst, r) => (r.exitCode > worst ? r.exitCode : worst), 0);
}

export interface TranscriptEntry {
  /** Milliseconds since the check started. */
  t: number;
  conn: 'control' | 'data';
  dir: 'send' | 'recv' | 'note';
  text: string;
}

/** One end of a connection; the port is null where the operating system chose it. */
export interface ConnectionEnd {
  side: 'client' | 'server';
  address: string;
  port: number | null;
}

/** One connection of the check: control, passive data, or the active callback. */
export interface ConnectionReport {
  kind: 'control' | 'passive' | 'active';
  from: ConnectionEnd;
  to: ConnectionEnd;
  /** not-tried: the server refused the step before any connection (e.g. PORT refused). */
  status: 'ok' | 'failed' | 'not-tried';
  detail: string;
}

/** Ports next to each other that ended alike. */
export interface PortRun {
  from: number;
  to: number;
  class: PortClass;
}

/**
 * The passive-range sweep (--sweep-pasv-range), in compact ranges of ports that ended alike. When it
 * did not run, `summary` says why and the fields of a sweep are null (or empty, or 0).
 */
export type SweepReport =
  | {
      ran: true;
      summary: string;
      range: { min: number; max: number };
      /** The PASV/EPSV ports the range was inferred from, with `auto`. */
      inferredFrom: number[] | null;
      address: string;
      ranges: PortRun[];
      counts: Record<PortClass, number>;
      durationMs: number;
    }
  | {
      ran: false;
      summary: string;
      range: null;
      inferredFrom: null;
      address: null;
      ranges: [];
      counts: null;
      durationMs: 0;
    };

/** An expected file (--expect-file) as the check found it. */
export interface FileReport {
  path: string;
  /** null: the server's answers do not say (not asked, or no way to ask). */
  present: boolean | null;
  kind: 'file' | 'directory' | 'missing' | 'unknown';
  /** How its facts were asked; LIST: the entry in its directory's listing (times to the minute or day, server's local time). */
  method: 'MLST' | 'MDTM+SIZE' | 'LIST' | null;
  sizeBytes: number | null;
  /** The modification time the server gave, ISO 8601 UTC. */
  modified: string | null;
  /** By the server's clock where its skew could be seen. */
  ageSeconds: number | null;
  maxAgeSeconds: number | null;
  minBytes: number | null;
  stale: boolean;
  tooSmall: boolean;
  /** One line for people. */
  detail: string;
}

/** Where a check ran from when an agent ran it: the agent's name, and its control connection's local address. */
export interface Vantage {
  name: string;
  address: string | null;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  target: { input: string; host: string; port: number; address: string | null; family: Family | null };
  user: string;
  mode: Mode;
  startedAt: string;
  durationMs: number;
  verdict: Verdict;
  exitCode: ExitCode;
  /** `kind` is the server software fixes are written for, or "unknown". */
  server: { software: string | null; kind: ServerKind | 'unknown'; greeting: string | null; system: string | null };
  stages: StageReport[];
  connections: ConnectionReport[];
  sweep: SweepReport | null;
  /** With TLS: whether the same steps were compared over plain FTP (anonymously), and what that showed. */
  plainComparison: { ran: boolean; summary: string } | null;
  /** Present when files were expected (--expect-file): each as found. */
  files?: FileReport[];
  /**
   * Present when an agent ran the check (`ftpcheck agent`, `--from`), or as `here` for this machine's
   * report among several vantages (`--from here`); absent for an ordinary check run here.
   */
  vantage?: Vantage;
  findings: Finding[];
  /**
   * Whether common FTP clients would work here with their default settings, per client and data mode
   * (model/clients.ts). Absent in reports that judge no clients (a reflector's, an older agent's).
   */
  clients?: ClientVerdict[];
  transcript: TranscriptEntry[];
}

/** What comparing the reports of one target from several vantages found (vantage-differs). */
export interface VantageComparison {
  findings: Finding[];
}
