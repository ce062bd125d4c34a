// Words wrapped to a width, pure: a paragraph after a prefix, text of many lines that keeps its lists,
// and the report's hanging indent after a label. A `backtick span` is one word: a quoted command stays
// whole on one line where it fits.

/** The words of a text; a `backtick span`, with what sticks to it, is one. */
function words(text: string): string[] {
  return text.match(/`[^`]*`\S*|\S+/g) ?? [];
}

export interface ParagraphOptions {
  /** The least room for words on a line, even where `width` leaves less (default: none). */
  minRoom?: number;
  /** Break a quoted command wider than the room at its spaces (default: yes). */
  breakSpans?: boolean;
}

/**
 * One paragraph in lines of at most `width` columns: the first starts after `first`, the rest after
 * `rest` (both prefixes, e.g. an indent and a bullet). A word longer than the room stands alone.
 */
export function wrapParagraph(
  text: string,
  width: number,
  first: string,
  rest: string,
  options: ParagraphOptions = {},
): string[] {
  const { minRoom = 0, breakSpans = true } = options;
  const limit = (prefix: string): number => Math.max(width, prefix.length + minRoom);
  const room = limit(rest) - rest.length;
  const all = words(text);
  const list = breakSpans ? all.flatMap((w) => (w.length > room ? w.split(' ') : [w])) : all;
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of list) {
    const prefix = lines.length === 0 ? first : rest;
    if (!empty && line.length + 1 + word.length > limit(prefix)) {
      lines.push(line);
      line = `${rest}${word}`;
    } else {
      line = empty ? `${prefix}${word}` : `${line} ${word}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/**
 * Text of many lines, each longer than `width` wrapped with a hanging indent under its own indent and
 * bullet ("- ", "1. "), so lists stay lists. Short lines are kept as they are.
 */
export function wrapLines(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (line.length <= width) return [line];
      // A heading's underline as wide as the screen at most.
      if (/^([=-])\1+$/.test(line)) return [line.slice(0, width)];
      const m = /^(\s*)((?:[-*•]|\d+[.)])\s+)?/.exec(line);
      const indent = m?.[1] ?? '';
      const bullet = m?.[2] ?? '';
      const body = line.slice(indent.length + bullet.length);
      return wrapParagraph(body, width, `${indent}${bullet}`, ' '.repeat(indent.length + bullet.length));
    })
    .join('\n');
}

/**
 * The report's hanging indent: text that starts `used` columns in (after a label printed before it),
 * its next lines indented by `indent` spaces, 20 columns of words at least on every line. Quoted
 * commands are never broken.
 */
export function wrapHanging(text: string, width: number, indent: number, used = indent): string {
  const lines = wrapParagraph(text, width, ' '.repeat(used), ' '.repeat(indent), { minRoom: 20, breakSpans: false });
  return lines.join('\n').slice(used);
}
