// Which common FTP clients would work against the checked server with their default settings: one
// verdict per client and data mode, derived from the same observations as the findings.

/** The clients judged, by a stable id (a public contract: add, never rename). */
export const CLIENT_IDS = [
  'curl',
  'lftp',
  'python-ftplib',
  'filezilla',
  'winscp',
  'dotnet-ftpwebrequest',
  'fluentftp',
  'windows-explorer',
  'wget',
] as const;

export type ClientId = (typeof CLIENT_IDS)[number];

/** "unknown" where the client's behaviour in this situation is not documented or was not observed. */
export type ClientWorks = 'yes' | 'no' | 'unknown';

export interface ClientVerdict {
  client: ClientId;
  mode: 'passive' | 'active';
  /** This is the data mode the client uses unless told otherwise. */
  default: boolean;
  /** The versions the verdict holds for (where a default changed, from which version on). */
  versions: string;
  works: ClientWorks;
  because: string;
  /** The setting that makes it work, or that would decide it; null where none is needed or known. */
  setting: string | null;
}
