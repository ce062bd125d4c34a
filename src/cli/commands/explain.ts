// `ftpcheck explain [CODE | TERM | MESSAGE]`: one finding's article, a word of the glossary, the
// findings behind a client's error message, or the list of codes.
import { UsageError } from '../../settings/usage-error.js';
import type { Io } from '../io.js';

const GLOSSARY_WORDS = new Set(['glossary', 'words', 'terms']);

export async function runExplain(code: string | undefined, io: Io): Promise<number> {
  const { nearestCodes, renderArticle, renderIndex } = await import('../../docs/article.js');
  const { isFindingCode } = await import('../../model/findings.js');
  if (code === undefined) {
    io.stdout.write(
      `${renderIndex()}\n\nMore on one: ftpcheck explain CODE. The words used: ftpcheck explain glossary. ` +
        'A client\'s error: ftpcheck explain "MESSAGE". All of them, with a decision path: ftpcheck guide.\n',
    );
    return 0;
  }
  if (isFindingCode(code)) {
    io.stdout.write(`${renderArticle(code, 'text')}\n`);
    return 0;
  }
  const { glossaryEntry, renderGlossary, renderGlossaryEntry } = await import('../../docs/glossary.js');
  if (GLOSSARY_WORDS.has(code.trim().toLowerCase())) {
    io.stdout.write(`${renderGlossary('text')}\n`);
    return 0;
  }
  const entry = glossaryEntry(code);
  if (entry) {
    io.stdout.write(`${renderGlossaryEntry(entry, 'text')}\n`);
    return 0;
  }
  const { matchClientMessage, renderClientMessage } = await import('../../docs/client-messages.js');
  const matches = matchClientMessage(code);
  if (matches.length > 0) {
    const { CATALOGUE } = await import('../../diagnosis/catalogue.js');
    io.stdout.write(`${matches.map((m) => renderClientMessage(m, (c) => CATALOGUE[c].title)).join('\n\n')}\n`);
    return 0;
  }
  throw new UsageError(
    `"${code}" is no finding code, term or known client message; the nearest are: ` +
      `${nearestCodes(code).join(', ')} (ftpcheck explain lists them, ftpcheck explain glossary the terms)`,
  );
}
