// The --report file: judged before any check runs (a typo found after a long check wastes it), and
// written at the end, where a failure is the run's failure too (exit 3), never only a line on stderr.
import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errnoOf, errorText } from '../model/errors.js';
import { visible } from '../safety/visible.js';
import { UsageError } from '../settings/usage-error.js';
import type { Io } from './io.js';

/** A path that names a folder, a missing folder or a file nobody may write is the user's mistake: exit 3. */
export async function checkReportPath(path: string): Promise<void> {
  const shown = visible(path);
  if (path === '') throw new UsageError('--report needs a file name');
  if (path.endsWith('/'))
    throw new UsageError(`--report ${shown}: a folder; give a file name, e.g. ${shown}report.html`);
  try {
    const found = await stat(path);
    if (found.isDirectory())
      throw new UsageError(`--report ${shown}: a folder; give a file name, e.g. ${visible(join(path, 'report.html'))}`);
    await access(path, constants.W_OK);
    return;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = errnoOf(err);
    // Missing, or a path through a file: the folder below says which.
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      throw new UsageError(`--report ${shown}: cannot be written (${errorText(err)})`);
  }
  const folder = dirname(path);
  try {
    if (!(await stat(folder)).isDirectory())
      throw new UsageError(`--report ${shown}: ${visible(folder)} is not a folder`);
    await access(folder, constants.W_OK | constants.X_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const why = errnoOf(err) === 'ENOENT' ? 'does not exist' : 'is not writable';
    throw new UsageError(`--report ${shown}: the folder ${visible(folder)} ${why}`);
  }
}

/** Writes the report; false (after one line on stderr) when it could not be. */
export async function writeReportFile(path: string, html: string, io: Io): Promise<boolean> {
  try {
    await writeFile(path, html);
    return true;
  } catch (err) {
    io.stderr.write(`ftpcheck: could not write the report to ${visible(path)}: ${errorText(err)}\n`);
    return false;
  }
}
