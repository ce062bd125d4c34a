// The client verdicts as the reports show them: one row per client, its two data modes side by side, and
// the reason and setting of the mode it uses by default. Pure.
import type { ClientId, ClientVerdict, ClientWorks } from '../model/clients.js';

const CLIENT_NAMES: Record<ClientId, string> = {
  curl: 'curl',
  lftp: 'lftp',
  'python-ftplib': 'Python ftplib',
  filezilla: 'FileZilla',
  winscp: 'WinSCP',
  'dotnet-ftpwebrequest': '.NET FtpWebRequest',
  fluentftp: 'FluentFTP',
  'windows-explorer': 'Windows Explorer',
  wget: 'wget',
};

const WORKS_WORD: Record<ClientWorks, string> = { yes: 'works', no: 'fails', unknown: 'unknown' };

export interface ClientRow {
  name: string;
  passive: ClientVerdict | undefined;
  active: ClientVerdict | undefined;
  /** The verdict of the mode the client uses by default. */
  main: ClientVerdict;
}

/** One row per client, in the report's order. */
export function clientRows(verdicts: readonly ClientVerdict[]): ClientRow[] {
  const rows: ClientRow[] = [];
  for (const v of verdicts) {
    let row = rows.find((r) => r.main.client === v.client);
    if (!row) {
      row = { name: CLIENT_NAMES[v.client], passive: undefined, active: undefined, main: v };
      rows.push(row);
    }
    row[v.mode] = v;
    if (v.default) row.main = v;
  }
  return rows;
}

/** The reason of the default mode's verdict, and the setting that changes it. */
export function clientNote(v: ClientVerdict): string {
  return v.setting ? `${v.because} (setting: ${v.setting})` : v.because;
}

/** A mode's cell: its verdict, starred when it is the client's default mode. */
export function modeCell(v: ClientVerdict | undefined): string {
  if (!v) return '';
  return `${WORKS_WORD[v.works]}${v.default ? ' *' : ''}`;
}
