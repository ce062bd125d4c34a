// Which common clients would work here with their default settings: each client's table applied to the
// observations reduced to a situation, one verdict per client and data mode. Pure.
import type { ClientId, ClientVerdict } from '../../../model/clients.js';
import type { Observations } from '../../../model/observations.js';
import { curlTable } from './curl.js';
import { type Judgement, sessionGate, unknown } from './judgement.js';
import { lftpTable } from './lftp.js';
import {
  dotnetFtpWebRequestTable,
  filezillaTable,
  fluentftpTable,
  wgetTable,
  windowsExplorerTable,
  winscpTable,
} from './others.js';
import { pythonFtplibTable } from './python-ftplib.js';
import { type Situation, situationOf } from './situation.js';
import type { ClientTable } from './table.js';

const CLIENT_TABLES = {
  curl: curlTable,
  lftp: lftpTable,
  'python-ftplib': pythonFtplibTable,
  filezilla: filezillaTable,
  winscp: winscpTable,
  'dotnet-ftpwebrequest': dotnetFtpWebRequestTable,
  fluentftp: fluentftpTable,
  'windows-explorer': windowsExplorerTable,
  wget: wgetTable,
} as const satisfies Record<ClientId, ClientTable>;

const BY_THE_PORT = unknown(
  'part of the passive range is blocked: a passive connection works or fails by the port the server hands out',
);

/** The data mode's verdict, once the session and TLS have not decided it. */
function modeJudgement(table: ClientTable, mode: 'passive' | 'active', s: Situation): Judgement {
  if (mode === 'passive' && s.rangePartlyBlocked) return BY_THE_PORT;
  return table[mode](s);
}

export function clientVerdicts(o: Observations): ClientVerdict[] {
  const s = situationOf(o);
  const out: ClientVerdict[] = [];
  for (const table of Object.values(CLIENT_TABLES)) {
    for (const mode of ['passive', 'active'] as const) {
      // The session gate passes a plain login refused for want of TLS on to the client's TLS judgement.
      const judged = sessionGate(s) ?? table.tls(s) ?? modeJudgement(table, mode, s);
      out.push({
        client: table.client,
        mode,
        default: mode === table.defaultMode,
        versions: table.versions,
        ...judged,
      });
    }
  }
  return out;
}
