// Text for a terminal of a given width: the width to use, and prose wrapped to it. Pure but for
// reading the environment in terminalWidth.

/** COLUMNS when set (piped output honours it too), else the terminal's width, else 80. */
export function terminalWidth(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): number {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return Math.max(40, fromEnv);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- @types/node: number; off a TTY, undefined
  const columns = stream.isTTY ? (stream.columns ?? 0) : 0;
  return columns > 0 ? Math.max(40, columns) : 80;
}

/** The words of a line; a `backtick span` is kept whole where it fits, as a quoted command should not break. */
function words(text: string): string[] {
  return text.match(/`[^`]*`\S*|\S+/g) ?? [];
}

/**
 * One paragraph in lines of at most `width` columns: the first starts after `first`, the rest after
 * `rest` (both prefixes, e.g. an indent and a bullet). A word longer than the room stands alone.
 */
export function wrapParagraph(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  // A quoted command wider than the room is broken at its spaces after all.
  const room = width - rest.length;
  for (const word of words(text).flatMap((w) => (w.length > room ? w.split(' ') : [w]))) {
    const prefix = lines.length === 0 ? first : rest;
    if (!empty && line.length + 1 + word.length > width) {
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
export function wrapText(text: string, width: number): string {
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
