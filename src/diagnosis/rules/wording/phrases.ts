// Words every describer shares: durations, sentences, quotes. Pure.

/**
 * `long` for stage lines and findings; `short` for connection lines, a narrow column whose endpoints
 * already name the addresses: the same words, less the server's text and the addresses.
 */
export type Form = 'long' | 'short';

export const seconds = (ms: number): string =>
  ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 100) / 10} s`;

/** Milliseconds below a second, seconds above. */
export const shortTime = (ms: number): string => (ms < 1000 ? `${ms} ms` : seconds(ms));

/** A phrase as the start of a sentence. */
export const sentence = (phrase: string): string => `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}`;

/** Text quoted and cut at `max` characters. */
export const quoted = (text: string, max: number): string => `"${text.length > max ? `${text.slice(0, max)}…` : text}"`;
