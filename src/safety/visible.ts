// Text from servers is hostile input: a reply can carry terminal escape sequences (colours, cursor
// moves, window titles, hyperlinks), the 8-bit CSI, a carriage return that overwrites a line, or
// bidirectional overrides that reorder what a reader sees. Every output path shows such characters
// as printable escapes (`\x1b`, `\u202e`), so the report can say what the server sent without the
// server taking over the reader's screen. Pure.

/**
 * The characters that change how text is displayed rather than what it says: C0 controls, DEL, C1
 * controls (U+0080–U+009F, among them the 8-bit CSI U+009B), the bidirectional marks, embeddings,
 * overrides and isolates, the line and paragraph separators and the next-line control, and lone
 * surrogates (which are not text at all).
 */
const OTHERS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029\\p{Cs}';
const UNSAFE = new RegExp(`[\\x00-\\x1f\\x7f-\\x9f${OTHERS}]`, 'u');
const UNSAFE_BUT_NEWLINE = new RegExp(`[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f${OTHERS}]`, 'u');
const everywhere = (pattern: RegExp): RegExp => new RegExp(pattern.source, 'gu');
const UNSAFE_ALL = everywhere(UNSAFE);
const UNSAFE_BUT_NEWLINE_ALL = everywhere(UNSAFE_BUT_NEWLINE);

/** `\x1b` for a control character up to U+00FF, `\u202e` beyond. */
export function escapeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export interface VisibleOptions {
  /** Keep line feeds, for renderers that show multi-line text as lines (JSON, HTML). */
  newlines?: boolean;
}

/** The text with every unsafe character replaced by its printable escape. Idempotent. */
export function visible(text: string, options: VisibleOptions = {}): string {
  return text.replace(options.newlines ? UNSAFE_BUT_NEWLINE_ALL : UNSAFE_ALL, escapeChar);
}

/** True when the text holds a character that visible() would escape. */
export function hasUnsafe(text: string, options: VisibleOptions = {}): boolean {
  return (options.newlines ? UNSAFE_BUT_NEWLINE : UNSAFE).test(text);
}

/** Applies `fn` to every string inside plain objects and arrays, returning a new value of the same shape. */
export function mapStrings<T>(value: T, fn: (text: string) => string): T {
  return walk(value, fn) as T;
}

function walk(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((item) => walk(item, fn));
  if (typeof value === 'object' && value !== null) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, fn)]));
  }
  return value;
}

/** Every string inside plain objects and arrays, depth first. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}

/** A copy of a report (or any plain data) whose every string is safe to show. */
export function visibleStrings<T>(value: T, options: VisibleOptions = {}): T {
  return mapStrings(value, (text) => visible(text, options));
}

/**
 * JSON text that stays inert when a consumer prints its strings raw (`jq -r`): on top of what
 * JSON.stringify escapes, the C1 controls and the Unicode line/paragraph separators become \uXXXX.
 * Strings should have gone through visibleStrings() first; this is the writer's own guarantee.
 */
export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The distinct characters of `text` that change how it displays, leaving out the ones plain text has
 * for its layout: tab, line feed, and a carriage return that ends a line (CRLF, or the CR of one still arriving).
 */
export function unsafeCharacters(text: string): string[] {
  const found = text
    .replace(/\r(\n|$)/g, '')
    .replace(/[\t\n]/g, '')
    .match(UNSAFE_ALL);
  return found ? [...new Set(found)] : [];
}
