// `ftpcheck explain [CODE | TERM | MESSAGE]`: one finding's article, a word of the glossary, the
// findings behind a client's error message, or the list of codes; wrapped to the terminal's width and
// paged on a terminal when longer than a screen.
import { UsageError } from '../../settings/usage-error.js';
import type { Io } from '../io.js';
import { page } from '../pager.js';
import { wrapLines, wrapParagraph } from '../../report/wrap.js';

export async function runExplain(code: string | undefined, io: Io, width: number): Promise<number> {
  const { nearestCodes, renderArticle, renderIndex } = await import('../../docs/article.js');
  const { isFindingCode } = await import('../../model/findings.js');
  const show = (text: string): Promise<void> => page(`${wrapLines(text, width)}\n`, io);
  if (code === undefined) {
    const more =
      'More on one: ftpcheck explain CODE. The words used: ftpcheck explain glossary. ' +
      'A client\'s error: ftpcheck explain "MESSAGE". All of them, with a decision path: ftpcheck guide.';
    await page(`${indexLines(renderIndex(), width).join('\n')}\n\n${wrapLines(more, width)}\n`, io);
    return 0;
  }
  if (isFindingCode(code)) {
    await show(renderArticle(code, 'text'));
    return 0;
  }
  const { asksForGlossary, glossaryEntry, renderGlossary, renderGlossaryEntry } =
    await import('../../docs/glossary.js');
  if (asksForGlossary(code)) {
    await show(renderGlossary('text'));
    return 0;
  }
  const entry = glossaryEntry(code);
  if (entry) {
    await show(renderGlossaryEntry(entry, 'text'));
    return 0;
  }
  const { matchClientMessage, renderClientMessage } = await import('../../docs/client-messages.js');
  const matches = matchClientMessage(code);
  if (matches.length > 0) {
    const { CATALOGUE } = await import('../../diagnosis/rules/catalogue.js');
    await show(matches.map((m) => renderClientMessage(m, (c) => CATALOGUE[c].title)).join('\n\n'));
    return 0;
  }
  throw new UsageError(
    `"${code}" is no finding code, term or known client message; the nearest are: ` +
      `${nearestCodes(code).join(', ')} (ftpcheck explain lists them, ftpcheck explain glossary the terms)`,
  );
}

/** The index's rows (code, severity, title): a long title continues under the title column. */
function indexLines(index: string, width: number): string[] {
  return index.split('\n').flatMap((line) => {
    if (line.length <= width) return [line];
    const title = /^\S+\s+\S+\s+/.exec(line)?.[0].length ?? 0;
    return wrapParagraph(line.slice(title), width, line.slice(0, title), ' '.repeat(title));
  });
}
