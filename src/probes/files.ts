// --expect-file: the facts of each expected file, asked on the control connection: MLST when FEAT offers
// it (type, size and modification time in one answer), else MDTM and SIZE. Those two cannot tell a
// directory from a file on every server (ftp-srv answers both for a directory), so a path they describe
// is tried with CWD; a CWD that works is undone with a CWD back to where PWD said the session was. When
// the server implements none of the three, the last resort is the file's entry in a LIST of its
// directory, over a data connection (file-listing.ts). Replies are kept as exchanges; the diagnosis
// judges them.
import type {
  ClockSkew,
  FileCheck,
  FileExpectation,
  FileLookup,
  FileMethod,
  FilesObservation,
} from '../model/files.js';
import type { Exchange, ReplyResult } from '../model/exchanges.js';
import type { Observations } from '../model/observations.js';
import { parseMdtmReply, parseMlstReply, parsePwdReply, parseSizeReply } from '../protocol/file-facts.js';
import { notImplemented } from '../protocol/reply.js';
import { offersMlst } from './data-checks.js';
import { sessionInStep } from './server-view.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';
import type { DataRoute } from './data-connection.js';
import { listingRoute, lookupByListing } from './file-listing.js';
import { type OpenSession, openSession, type Session, type SessionPlan } from './session.js';

/** How one question was answered: a reply's code, or no reply at all (the connection is then out of step). */
type Asked = Exchange & { code: number | undefined };

/** `route`: how the check's own listing made its data connection, for the LIST of the last resort. */
export async function checkFiles(
  session: Session,
  expected: readonly FileExpectation[],
  features: readonly string[] | undefined,
  route: DataRoute | undefined,
  ctx: ProbeContext,
): Promise<FileCheck[]> {
  const { control } = session;
  // A question without a reply leaves the connection out of step: nothing more is asked on it.
  const connection = { inStep: true };
  const ask = async (command: string): Promise<Asked> => {
    const result: ReplyResult = await control.command(command, stepWait(ctx));
    if (result.kind !== 'reply') connection.inStep = false;
    return { command, result, code: result.kind === 'reply' ? result.reply.code : undefined };
  };
  const exchange = ({ command, result }: Asked): Exchange => ({ command, result });
  ctx.transcript.add('control', 'note', '--expect-file: asking for the expected files on the control connection');
  // Where the session is, to come back after a CWD that finds a directory; asked once, when needed.
  let home: { path: string | undefined } | undefined;
  const isDirectory = async (path: string, exchanges: Exchange[]): Promise<boolean | 'lost'> => {
    if (home === undefined) {
      const pwd = await ask('PWD');
      home = { path: pwd.result.kind === 'reply' ? parsePwdReply(pwd.result.reply) : undefined };
      if (pwd.code === undefined) return 'lost';
    }
    // Without a place to come back to, a CWD would move the session for the files still to ask about.
    if (home.path === undefined) return false;
    const cwd = await ask(`CWD ${path}`);
    exchanges.push(exchange(cwd));
    if (cwd.code === undefined) return 'lost';
    if (cwd.code >= 300) return false;
    const back = await ask(`CWD ${home.path}`);
    exchanges.push(exchange(back));
    return back.code === undefined ? 'lost' : true;
  };

  const lookup = async (path: string): Promise<FileLookup> => {
    const exchanges: Exchange[] = [];
    const lost = (): FileLookup => ({ kind: 'unknown', reason: 'the server stopped answering', exchanges });
    if (offersMlst(features)) {
      const mlst = await ask(`MLST ${path}`);
      exchanges.push(exchange(mlst));
      if (mlst.code === undefined) return lost();
      const facts = mlst.result.kind === 'reply' ? parseMlstReply(mlst.result.reply) : undefined;
      const method: FileMethod = 'MLST';
      if (facts?.type === 'dir') return { kind: 'directory', method, exchanges };
      if (facts)
        return {
          kind: 'file',
          method,
          size: facts.size,
          modifiedMs: facts.modifiedMs,
          coarse: undefined,
          observedAtMs: Date.now(),
          exchanges,
        };
      // A refusal other than "not implemented" is an answer about the path.
      if (mlst.code >= 400 && !notImplemented(mlst.code)) return { kind: 'missing', method, exchanges };
      // A 2xx without facts, or MLST not implemented after all: ask the older way.
    }
    const method: FileMethod = 'MDTM+SIZE';
    const mdtm = await ask(`MDTM ${path}`);
    exchanges.push(exchange(mdtm));
    if (mdtm.code === undefined) return lost();
    const size = await ask(`SIZE ${path}`);
    exchanges.push(exchange(size));
    if (size.code === undefined) return lost();
    if (notImplemented(mdtm.code) && notImplemented(size.code)) {
      const listed = await lookupByListing(path, session, route, exchanges, ctx);
      if (!listed.inStep) connection.inStep = false;
      return listed.lookup;
    }
    const observedAtMs = Date.now();
    const modifiedMs = mdtm.result.kind === 'reply' ? parseMdtmReply(mdtm.result.reply) : undefined;
    const bytes = size.result.kind === 'reply' ? parseSizeReply(size.result.reply) : undefined;
    const directory = await isDirectory(path, exchanges);
    if (directory === 'lost') return lost();
    if (directory) return { kind: 'directory', method, exchanges };
    if (modifiedMs === undefined && bytes === undefined) return { kind: 'missing', method, exchanges };
    return { kind: 'file', method, size: bytes, modifiedMs, coarse: undefined, observedAtMs, exchanges };
  };

  const checks: FileCheck[] = [];
  for (const file of expected) {
    if (!connection.inStep || !control.isOpen || ctx.deadline.expired()) {
      const reason = 'not asked: the control connection or the check ended first';
      checks.push({ expected: file, lookup: { kind: 'unknown', reason, exchanges: [] } });
      continue;
    }
    checks.push({ expected: file, lookup: await lookup(file.path) });
  }
  return checks;
}

const featuresOf = (session: OpenSession): string[] | undefined =>
  session.observed.login?.kind === 'logged-in' ? session.observed.login.features : undefined;

/**
 * The expected files, on the check's own session while it is in step (its data stages left it so),
 * else on a session of its own.
 */
export async function expectedFiles(
  session: OpenSession,
  o: Readonly<Observations>,
  expected: readonly FileExpectation[],
  reachedPlan: SessionPlan,
  ctx: ProbeContext,
): Promise<FilesObservation> {
  const clock = clockFromUpload(o);
  const route = listingRoute(o);
  if (sessionInStep(session, o)) {
    const checks = await checkFiles(session, expected, featuresOf(session), route, ctx);
    return { kind: 'ran', connection: 'check', checks, clock };
  }
  const own = await openSession(reachedPlan, ctx);
  if (own.kind === 'failed') return { kind: 'not-run', reason: own.reason, expected: [...expected] };
  try {
    const checks = await checkFiles(own, expected, featuresOf(own), route, ctx);
    return { kind: 'ran', connection: 'own', checks, clock };
  } finally {
    own.control.close();
  }
}

/**
 * The server's clock against this machine's, where --upload showed it: MDTM of the file it stored, taken
 * when the server confirmed the upload. Good to a second or two (MDTM's resolution and the round trip),
 * which is why a smaller difference counts as none.
 */
export function clockFromUpload(o: Readonly<Observations>): ClockSkew | undefined {
  for (const ran of [o.passive, o.active]) {
    const upload = ran?.kind === 'ran' ? ran.dataChecks?.upload : undefined;
    const stamped = upload?.kind === 'ran' ? upload.stamped : undefined;
    const result = stamped?.mdtm.result;
    const serverMs = result?.kind === 'reply' ? parseMdtmReply(result.reply) : undefined;
    if (stamped === undefined || serverMs === undefined) continue;
    const skewMs = serverMs - stamped.localMs;
    return Math.abs(skewMs) < SKEW_NOISE_MS
      ? { skewMs: 0, source: 'MDTM of the file --upload stored, within 5 s' }
      : { skewMs, source: 'MDTM of the file --upload stored' };
  }
  return undefined;
}

const SKEW_NOISE_MS = 5000;
