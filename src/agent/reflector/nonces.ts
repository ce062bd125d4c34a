// The reflector's nonces: each one random (128 bits), good for one login within its lifetime, and the
// key under which the session's view is kept for a short time afterwards. The clock is passed in.
// Each nonce belongs to the caller it was issued to (callerKey: an address, or an IPv6 prefix, /64 by
// default; every caller holds the same token, so the token names nobody), and a caller holds a few at
// most: one caller taking nonces runs out of its own, not of everyone's.
import { randomBytes } from 'node:crypto';
import type { ReflectorView } from '../../model/reflect.js';

export interface NonceBookOptions {
  /** How long an issued nonce may be used to log in. */
  ttlMs: number;
  /** How long a session's view stays readable after the login. */
  keepMs: number;
  /** Most nonces held at once (issued or with a view); beyond it, issue() refuses. */
  max: number;
  /**
   * Most nonces one caller holds at once. Beyond it, the caller's oldest used nonce (its view) makes
   * room; when all of them are unused, issue() refuses that caller.
   */
  perCaller: number;
  now?: () => number;
}

export const NONCE_DEFAULTS: NonceBookOptions = { ttlMs: 120_000, keepMs: 300_000, max: 1000, perCaller: 8 };

/** What issue() gives: a nonce, or why not (the whole book full, or this caller's share). */
export type Issued = { kind: 'issued'; nonce: string } | { kind: 'full' } | { kind: 'caller-full'; limit: number };

interface Entry {
  /** The caller it was issued to (callerKey). */
  owner: string;
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

  /** A new nonce for `owner` (a callerKey), unless the book or the caller's share of it is full. */
  issue(owner: string): Issued {
    this.#prune();
    const held = [...this.#entries].filter(([, e]) => e.owner === owner);
    if (held.length >= this.#options.perCaller) {
      // Entries are in the order issued: the first used one is the caller's oldest view.
      const oldestUsed = held.find(([, e]) => e.view !== undefined);
      if (!oldestUsed) return { kind: 'caller-full', limit: this.#options.perCaller };
      this.#entries.delete(oldestUsed[0]);
    }
    if (this.#entries.size >= this.#options.max) return { kind: 'full' };
    const nonce = randomBytes(16).toString('hex');
    this.#entries.set(nonce, { owner, until: this.#now() + this.#options.ttlMs, view: undefined });
    return { kind: 'issued', nonce };
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
