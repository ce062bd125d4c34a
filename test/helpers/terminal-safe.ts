// What "leaves a terminal exactly as it was" means for output bytes: valid UTF-8 (so no stray 0x9B
// byte), and no character that drives a terminal or reorders text — no ESC, no C1 control such as the
// 8-bit CSI, no carriage return, no bidirectional control. Line feeds are layout and allowed; so are
// ftpcheck's own colour codes (SGR) when the output was asked to be coloured.
import assert from 'node:assert/strict';

/** A control character (C0, DEL or C1) other than the line feed, or one that reorders or breaks lines. */
const DRIVES_TERMINAL = /(?!\n)\p{Cc}|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;

const ESC = '\x1b';
/** ftpcheck's own colours (src/report/style.ts): SGR sequences, ESC [ parameters m. */
const OWN_COLOURS = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

/** The text without ftpcheck's own colour codes; any other escape sequence stays. */
export function withoutOwnColours(text: string): string {
  return text.replace(OWN_COLOURS, '');
}

export function assertTerminalSafe(
  output: Buffer | string,
  what: string,
  options: { ownColours?: boolean } = {},
): void {
  const bytes = typeof output === 'string' ? Buffer.from(output, 'utf8') : output;
  const text = bytes.toString('utf8');
  assert.ok(Buffer.from(text, 'utf8').equals(bytes), `${what}: not valid UTF-8`);
  const checked = options.ownColours ? withoutOwnColours(text) : text;
  const m = DRIVES_TERMINAL.exec(checked);
  if (m) {
    const at = m.index;
    const around = JSON.stringify(checked.slice(Math.max(0, at - 40), at + 40));
    assert.fail(`${what}: U+${(m[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')} at ${at}: ${around}`);
  }
}

/** Every string of a parsed JSON document, for checking what `jq -r` would print. */
export function jsonStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(jsonStrings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(jsonStrings);
  return [];
}
