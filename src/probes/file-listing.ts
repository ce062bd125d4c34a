// --expect-file's last resort, for a server that implements neither MLST nor MDTM and SIZE: LIST of the
// file's directory over a data connection made the way the check's own listing made one, and the
// entry of the file's name read from it (size, type, and the date as the line writes it). The listing is
// kept to LISTING_KEEP_BYTES: a name not found in a listing cut there is not known, never missing.
import type { FileLookup } from '../model/files.js';
import type { Exchange, ReplyResult } from '../model/exchanges.js';
import type { Observations } from '../model/observations.js';
import type { TransferResult } from '../model/connections.js';
import { listedTimeMs } from '../protocol/file-facts.js';
import { parseListing } from '../protocol/listing.js';
import { notImplemented } from '../protocol/reply.js';
import type { ProbeContext } from './context.js';
import { type DataRoute, openDataFor } from './data-connection.js';
import type { Session } from './session.js';
import { receiveListing } from './transfer.js';

/** The data route of the check's listing that worked: passive first, as the data stages run. */
export function listingRoute(o: Readonly<Observations>): DataRoute | undefined {
  const p = o.passive;
  if (p?.kind === 'ran' && p.used && p.transfer?.kind === 'complete')
    return { mode: 'passive', request: p.used.command };
  const a = o.active;
  if (a?.kind === 'ran' && a.transfer?.kind === 'complete') return { mode: 'active' };
  return undefined;
}

/** `exports/daily.csv` → LIST `exports`, name `daily.csv`; `daily.csv` → LIST (the current directory). */
export function splitPath(path: string): { directory: string | undefined; name: string } {
  const trimmed = path.replace(/(.)\/+$/, '$1');
  const slash = trimmed.lastIndexOf('/');
  if (slash < 0) return { directory: undefined, name: trimmed };
  return { directory: slash === 0 ? '/' : trimmed.slice(0, slash), name: trimmed.slice(slash + 1) };
}

/** What a transfer's end looked like on the control connection, kept as an exchange for the evidence. */
function ending(command: string, t: TransferResult): ReplyResult {
  switch (t.kind) {
    case 'complete':
      return { kind: 'reply', ms: t.ms, reply: t.final };
    case 'rejected':
      return { kind: 'reply', ms: t.ms, reply: t.reply };
    case 'stalled':
      return { kind: 'timeout', ms: t.ms, partial: `${command}: waiting for ${t.waitingFor}` };
    case 'control-failed':
      return t.result;
  }
}

/**
 * The file's facts from the listing of its directory. `inStep` false: a reply may still be owed on the
 * control connection, and nothing more is asked on it.
 */
export async function lookupByListing(
  path: string,
  session: Session,
  route: DataRoute | undefined,
  exchanges: Exchange[],
  ctx: ProbeContext,
): Promise<{ lookup: FileLookup; inStep: boolean }> {
  const method = 'LIST';
  const unknown = (reason: string, inStep = true): { lookup: FileLookup; inStep: boolean } => ({
    lookup: { kind: 'unknown', reason, exchanges },
    inStep,
  });
  // LIST not implemented leaves nothing to ask; another refusal is an answer about the directory.
  const refused = (code: number): { lookup: FileLookup; inStep: boolean } =>
    notImplemented(code)
      ? unknown('the server supports none of MLST, MDTM and SIZE, and refused LIST')
      : { lookup: { kind: 'missing', method, exchanges }, inStep: true };
  if (route === undefined)
    return unknown(
      'the server supports neither MLST nor MDTM and SIZE, and no listing worked to find the file in instead',
    );
  const { directory, name } = splitPath(path);
  if (name === '') return unknown('the path names no file to find in a listing');
  const command = directory === undefined ? 'LIST' : `LIST ${directory}`;
  const opened = await openDataFor(command, session, route, ctx);
  if (opened.kind === 'failed')
    return unknown(`the data connection for ${command} failed (${opened.failure.step})`, !opened.outOfStep);
  if (opened.kind === 'refused') {
    exchanges.push({ command, result: { kind: 'reply', ms: 0, reply: opened.reply } });
    return refused(opened.reply.code);
  }
  const { transfer, bytes } = await receiveListing(opened, session.control, ctx);
  const observedAtMs = Date.now();
  ctx.transcript.add('data', 'note', `received ${bytes} bytes of ${command}, to find ${JSON.stringify(name)} in`);
  exchanges.push({ command, result: ending(command, transfer) });
  if (transfer.kind === 'stalled' || transfer.kind === 'control-failed')
    return unknown(`${command} did not complete`, false);
  if (transfer.kind === 'rejected') return refused(transfer.reply.code);
  const kept = transfer.listing;
  const cut = transfer.truncated || (kept?.cut ?? false);
  const entries = kept ? parseListing(kept.text, 'LIST', cut) : [];
  // The same name in composed and decomposed Unicode (a macOS server writes é as e and a combining accent).
  const wanted = name.normalize('NFC');
  const entry = entries.find((e) => e.name.normalize('NFC') === wanted);
  if (entry === undefined)
    return cut
      ? unknown(`the listing of ${command.slice(5) || 'the login directory'} was longer than ftpcheck reads`)
      : { lookup: { kind: 'missing', method, exchanges }, inStep: true };
  if (entry.type === 'dir') return { lookup: { kind: 'directory', method, exchanges }, inStep: true };
  if (entry.type !== 'file') return unknown(`the listing shows it as a ${entry.type}, not a regular file`);
  const time = entry.time;
  return {
    lookup: {
      kind: 'file',
      method,
      size: entry.size,
      modifiedMs: time === undefined ? undefined : listedTimeMs(time, observedAtMs),
      coarse: time && { precision: time.precision, yearInferred: time.year === undefined },
      observedAtMs,
      exchanges,
    },
    inStep: true,
  };
}
