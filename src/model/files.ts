// Files a check was asked to find on the server (--expect-file): what was expected, and what the
// server's answers showed. Data only; the diagnosis judges age and size (rules file-missing,
// file-stale, file-too-small).
import type { Exchange } from './exchanges.js';

/** One file the caller expects, with the limits it must meet. */
export interface FileExpectation {
  /** As the server names it: absolute, or relative to the login directory. */
  path: string;
  /** Older than this (by its modification time) is stale. */
  maxAgeMs: number | undefined;
  /** Smaller than this many bytes is too small. */
  minBytes: number | undefined;
}

/**
 * How the file's facts were asked: MLST (RFC 3659) when FEAT offers it, else MDTM and SIZE, and when
 * the server implements neither, the file's entry in a LIST of its directory.
 */
export type FileMethod = 'MLST' | 'MDTM+SIZE' | 'LIST';

/**
 * How exact a LIST time is: to the minute or the day as the line wrote it, in the server's local time
 * (taken as UTC, the zone being unknown); `yearInferred` when a recent Unix line left the year out.
 */
export interface CoarseTime {
  precision: 'minute' | 'day';
  yearInferred: boolean;
}

export type FileLookup =
  | {
      kind: 'file';
      method: FileMethod;
      /** Bytes, when the server said. */
      size: number | undefined;
      /** The modification time the server gave, in ms since the epoch (UTC by RFC 3659). */
      modifiedMs: number | undefined;
      /** LIST only: the time is coarse and in an unknown zone; undefined for MLST and MDTM. */
      coarse: CoarseTime | undefined;
      /** This machine's clock when the answer came, for the file's age. */
      observedAtMs: number;
      exchanges: Exchange[];
    }
  /** The path names a directory (MLST type=dir, CWD into it worked, or LIST shows a `d` entry). */
  | { kind: 'directory'; method: FileMethod; exchanges: Exchange[] }
  /**
   * The server answered that the path does not exist or cannot be read (a 4xx/5xx to every question),
   * or the listing of its directory, complete, has no entry of its name.
   */
  | { kind: 'missing'; method: FileMethod; exchanges: Exchange[] }
  /** Nothing to judge: the server supports neither way of asking, or stopped answering. */
  | { kind: 'unknown'; reason: string; exchanges: Exchange[] };

export interface FileCheck {
  expected: FileExpectation;
  lookup: FileLookup;
}

/** The server's clock minus this machine's, where it could be seen, and how. */
export interface ClockSkew {
  skewMs: number;
  source: string;
}

export type FilesObservation =
  | { kind: 'not-run'; reason: string; expected: FileExpectation[] }
  | { kind: 'ran'; connection: 'check' | 'own'; checks: FileCheck[]; clock: ClockSkew | undefined };
