// Who may hold a reflector session. Only logged-in sessions count against the session limit: a
// login takes a nonce, which only a token holder gets from the API; and one caller holds a few of
// those seats at most, so that a token holder cannot take them all. Sessions that have not logged in
// are held apart and cheaply: a few per caller (refused beyond), a pool of them in all (the oldest is
// let go to make room, so that a newcomer always gets its chance to log in), each for a short login
// time only (the session's timer). So connections that never log in, from one address or many,
// cannot lock out a client that has a nonce.

export interface AdmissionLimits {
  /** Logged-in sessions at once. */
  loggedIn: number;
  /** Logged-in sessions at once per caller (callerKey: an address, or an IPv6 prefix, /64 by default). */
  loggedInPerCaller: number;
  /** Sessions not yet logged in, per caller. */
  unauthenticatedPerCaller: number;
  /** Sessions not yet logged in, over all callers. */
  unauthenticated: number;
}

export const ADMISSION_DEFAULTS: AdmissionLimits = {
  loggedIn: 16,
  loggedInPerCaller: 4,
  unauthenticatedPerCaller: 4,
  unauthenticated: 64,
};

/** What the admission needs of a session: to be told to leave. */
export interface Admitted {
  evict(): void;
}

/** Sessions counted per caller. */
class Tally<S> {
  readonly #sessions = new Map<S, string>();
  readonly #perCaller = new Map<string, number>();

  get size(): number {
    return this.#sessions.size;
  }

  count(key: string): number {
    return this.#perCaller.get(key) ?? 0;
  }

  keyOf(session: S): string | undefined {
    return this.#sessions.get(session);
  }

  /** The session held longest (a Map keeps insertion order). */
  oldest(): S | undefined {
    return this.#sessions.keys().next().value;
  }

  add(session: S, key: string): void {
    this.#sessions.set(session, key);
    this.#perCaller.set(key, this.count(key) + 1);
  }

  delete(session: S): void {
    const key = this.#sessions.get(session);
    if (key === undefined) return;
    this.#sessions.delete(session);
    const left = this.count(key) - 1;
    if (left > 0) this.#perCaller.set(key, left);
    else this.#perCaller.delete(key);
  }

  all(): S[] {
    return [...this.#sessions.keys()];
  }
}

/** Why a login gets no seat. */
export type NoSeat = 'full' | 'caller-full';

export class Admission<S extends Admitted> {
  readonly limits: AdmissionLimits;
  readonly #waiting = new Tally<S>();
  readonly #loggedIn = new Tally<S>();

  constructor(limits: { [K in keyof AdmissionLimits]?: number | undefined } = {}) {
    const d = ADMISSION_DEFAULTS;
    this.limits = {
      loggedIn: limits.loggedIn ?? d.loggedIn,
      loggedInPerCaller: limits.loggedInPerCaller ?? d.loggedInPerCaller,
      unauthenticatedPerCaller: limits.unauthenticatedPerCaller ?? d.unauthenticatedPerCaller,
      unauthenticated: limits.unauthenticated ?? d.unauthenticated,
    };
  }

  /** Whether a new connection from `key` may be served (before any session is built for it). */
  mayConnect(key: string): boolean {
    return this.#waiting.count(key) < this.limits.unauthenticatedPerCaller;
  }

  /** Takes a new session in as not logged in; the oldest waiting one is evicted when the pool is full. */
  enter(session: S, key: string): void {
    const oldest = this.#waiting.size >= this.limits.unauthenticated ? this.#waiting.oldest() : undefined;
    if (oldest !== undefined) {
      this.#waiting.delete(oldest);
      oldest.evict();
    }
    this.#waiting.add(session, key);
  }

  /** Moves a waiting session to the logged-in ones; why not when there is no seat (nothing changes). */
  logIn(session: S): NoSeat | undefined {
    const key = this.#waiting.keyOf(session);
    if (key === undefined) return this.#loggedIn.keyOf(session) === undefined ? 'full' : undefined;
    if (this.#loggedIn.size >= this.limits.loggedIn) return 'full';
    if (this.#loggedIn.count(key) >= this.limits.loggedInPerCaller) return 'caller-full';
    this.#waiting.delete(session);
    this.#loggedIn.add(session, key);
    return undefined;
  }

  leave(session: S): void {
    this.#waiting.delete(session);
    this.#loggedIn.delete(session);
  }

  /** Every session held, for closing them all. */
  all(): S[] {
    return [...this.#waiting.all(), ...this.#loggedIn.all()];
  }
}
