// Minimal ANSI styling that is a no-op when colour is off, so renderers never branch on it.

/** Plain functions, not methods: renderers pass them around (`paint[verdict](text)`). */
export interface Style {
  red: (text: string) => string;
  green: (text: string) => string;
  yellow: (text: string) => string;
  cyan: (text: string) => string;
  dim: (text: string) => string;
  bold: (text: string) => string;
}

const wrap = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

export function makeStyle(color: boolean): Style {
  if (!color) {
    const same = (text: string): string => text;
    return { red: same, green: same, yellow: same, cyan: same, dim: same, bold: same };
  }
  return {
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

/**
 * Word-wraps text to `width` columns, indenting continuation lines by `indent` spaces; the first line
 * starts `used` columns in (after a label printed before it). A `backtick span` is one word: a command
 * quoted in prose stays whole on one line.
 */
export function wrapText(text: string, width: number, indent: number, used = indent): string {
  const room = Math.max(20, width - indent);
  const lines: string[] = [];
  let line = '';
  for (const word of text.match(/`[^`]*`\S*|\S+/g) ?? []) {
    const limit = lines.length === 0 ? Math.max(20, width - used) : room;
    if (line && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** A run's length as people read it: milliseconds under a second ("43 ms", never "0.0 s"), then seconds. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
