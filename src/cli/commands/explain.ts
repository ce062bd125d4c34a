// `ftpcheck explain [CODE]`: one article, or the list of codes.
import { UsageError } from '../../settings/usage-error.js';
import type { Io } from '../io.js';

export async function runExplain(code: string | undefined, io: Io): Promise<number> {
  const { nearestCodes, renderArticle, renderIndex } = await import('../../docs/article.js');
  const { isFindingCode } = await import('../../model/findings.js');
  if (code === undefined) {
    io.stdout.write(
      `${renderIndex()}\n\nMore on one: ftpcheck explain CODE. All of them, with a decision path: ftpcheck guide.\n`,
    );
    return 0;
  }
  if (!isFindingCode(code))
    throw new UsageError(
      `unknown finding code "${code}"; the nearest are: ${nearestCodes(code).join(', ')} (ftpcheck explain lists all)`,
    );
  io.stdout.write(`${renderArticle(code, 'text')}\n`);
  return 0;
}
