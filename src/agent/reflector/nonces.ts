// The reflector's nonces: each one random (128 bits), good for one login within its lifetime, and the
// key under which the session's view is kept for a short time afterwards. The clock is passed in.
import { randomBytes } from 'node:crypto';
import type { ReflectorView } from '../../model/reflect.js';

export interface NonceBookOptions {
  /** How long an issued nonce may be used to log in. */
  ttlMs: number;
  /** How long a session's view stays readable after the login. */
  keepMs: number;
  /** Most nonces held at once (issued or with a view); beyond it, issue() refuses. */
  max: number;
  now?: () => number;
}

export const NONCE_DEFAULTS: NonceBookOptions = { ttlMs: 120_000, keepMs: 300_000, max: 1000 };

interface Entry {
  /** Until when the nonce may log in, or, once used, until when its view is kept. */
  until: number;
  view: ReflectorView | undefined;
}

const NONCE = /^[0-9a-f]{32}$/;

export const isNonceShaped = (text: string): boolean => NONCE.test(text);

export class NonceBook {
  readonly #entries = new Map<string, Entry>();
  readonly #options: NonceBookOptions;
  readonly #now: () => number;

  constructor(options: Partial<NonceBookOptions> = {}) {
    this.#options = { ...NONCE_DEFAULTS, ...options };
    this.#now = options.now ?? Date.now;
  }

  get ttlSeconds(): number {
    return Math.round(this.#options.ttlMs / 1000);
  }

  /** A new nonce, or undefined when the book is full (too many at once). */
  issue(): string | undefined {
    this.#prune();
    if (this.#entries.size >= this.#options.max) return undefined;
    const nonce = randomBytes(16).toString('hex');
    this.#entries.set(nonce, { until: this.#now() + this.#options.ttlMs, view: undefined });
    return nonce;
  }

  /**
   * Logs a session in with `nonce`: true once per nonce, within its lifetime. The view is then kept
   * under the nonce (the session keeps filling it in) for keepMs.
   */
  use(nonce: string, view: ReflectorView): boolean {
    this.#prune();
    const entry = this.#entries.get(nonce);
    if (!entry || entry.view) return false;
    entry.view = view;
    entry.until = this.#now() + this.#options.keepMs;
    return true;
  }

  /** What the session logged in with `nonce` saw so far; undefined for an unknown, unused or expired nonce. */
  view(nonce: string): ReflectorView | undefined {
    this.#prune();
    return this.#entries.get(nonce)?.view;
  }

  /** Whether the nonce was issued and is still held (used or not). */
  known(nonce: string): boolean {
    this.#prune();
    return this.#entries.has(nonce);
  }

  #prune(): void {
    const now = this.#now();
    for (const [nonce, entry] of this.#entries) if (entry.until <= now) this.#entries.delete(nonce);
  }
}
