// The options every check of one run shares, read from the command line, the environment and the
// files it names (the password from stdin, the --ca file): all but the target. Its own module because
// a check from here and a check from several vantages (from.ts) both start from them.
import { readFile } from 'node:fs/promises';
import { errorText } from '../../model/errors.js';
import type { CheckOptions } from '../../settings/check-options.js';
import { UsageError } from '../../settings/usage-error.js';
import type { CheckArgs } from '../check-options.js';
import type { Io } from '../io.js';

/** The options of every check of this run, without the target. */
export async function baseOptions(args: CheckArgs, io: Io): Promise<Omit<CheckOptions, 'target'>> {
  const stdinPassword = args.passwordStdin ? await io.readPassword() : undefined;
  return {
    port: args.port,
    user: args.user,
    password: stdinPassword ?? io.env.FTPCHECK_PASSWORD,
    mode: args.mode,
    timeout: args.timeout,
    deadline: args.deadline,
    family: args.family,
    tls: args.tls,
    tlsStrict: args.tlsStrict,
    ca: args.ca === undefined ? undefined : await readCa(args.ca),
    plainFallback: args.plainFallback,
    sweepPasvRange: args.sweep,
    transferBytes: args.transferBytes,
    download: args.download,
    upload: args.upload,
    audit: args.audit,
    certWarnDays: args.certWarnDays,
    expectFiles: args.expectFiles,
    maxSessions: args.maxSessions,
    onWarning: (line) => io.stderr.write(`${line}\n`),
  };
}

/** The --ca file's PEM text; a missing or non-PEM file is the user's mistake (exit 3). */
export async function readCa(path: string): Promise<string> {
  try {
    const pem = await readFile(path, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca ${path}: not a PEM certificate file`);
    return pem;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--ca ${path}: ${errorText(err)}`);
  }
}
