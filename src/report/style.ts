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

/** A run's length as people read it: milliseconds under a second ("43 ms", never "0.0 s"), then seconds. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
