// `ftpcheck explain [CODE]`: one article, or the list of codes, wrapped to the terminal's width and
// paged on a terminal when longer than a screen.
import { UsageError } from '../../settings/usage-error.js';
import type { Io } from '../io.js';
import { page } from '../pager.js';
import { wrapParagraph, wrapText } from '../text-width.js';

export async function runExplain(code: string | undefined, io: Io, width: number): Promise<number> {
  const { nearestCodes, renderArticle, renderIndex } = await import('../../docs/article.js');
  const { isFindingCode } = await import('../../model/findings.js');
  if (code === undefined) {
    const more = 'More on one: ftpcheck explain CODE. All of them, with a decision path: ftpcheck guide.';
    await page(`${indexLines(renderIndex(), width).join('\n')}\n\n${wrapText(more, width)}\n`, io);
    return 0;
  }
  if (!isFindingCode(code))
    throw new UsageError(
      `unknown finding code "${code}"; the nearest are: ${nearestCodes(code).join(', ')} (ftpcheck explain lists all)`,
    );
  await page(`${wrapText(renderArticle(code, 'text'), width)}\n`, io);
  return 0;
}

/** The index's rows (code, severity, title): a long title continues under the title column. */
function indexLines(index: string, width: number): string[] {
  return index.split('\n').flatMap((line) => {
    if (line.length <= width) return [line];
    const title = /^\S+\s+\S+\s+/.exec(line)?.[0].length ?? 0;
    return wrapParagraph(line.slice(title), width, line.slice(0, title), ' '.repeat(title));
  });
}
