// The agent's limits: how many checks one caller may start a minute (a sliding window), how many run
// at once over all callers and per caller, and how many wait. The API answers "not now, retry in N
// seconds" rather than queueing its callers; the exporter's /probe waits for a slot instead (Prometheus
// retries nothing), in a bounded queue. A caller is an IPv4 address or an IPv6 prefix (/64 by default:
// one host is usually given a whole /64, so counting per address would multiply its limits).
import { addressBytes, addressOfBytes } from '../protocol/address.js';

/** The IPv6 prefix length that counts as one caller, unless the configuration says otherwise. */
export const DEFAULT_IPV6_PREFIX = 64;

/**
 * The key a caller's limits are counted under: an IPv4 address (IPv4-mapped IPv6 unwrapped) as is,
 * an IPv6 address cut to its first `prefix` bits and written as "network/prefix".
 */
export function callerKey(address: string, prefix = DEFAULT_IPV6_PREFIX): string {
  const bytes = addressBytes(address);
  if (bytes === undefined) return address.toLowerCase();
  if (bytes.length === 4) return bytes.join('.');
  const kept = bytes.map((byte, i) => {
    const bits = Math.min(8, Math.max(0, prefix - i * 8));
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
  return `${addressOfBytes(kept) ?? address}/${prefix}`;
}

/** At most `limit` starts per caller within any `windowMs`; `clock` is injectable for tests. */
export class RateLimit {
  readonly #starts = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts a start for `key` and returns undefined, or the whole seconds until one is allowed. */
  take(key: string): number | undefined {
    const now = this.clock();
    const recent = (this.#starts.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.#starts.set(key, recent);
      const oldest = recent[0] ?? now;
      return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.#starts.set(key, recent);
    this.#forgetIdle(now);
    return undefined;
  }

  /** Keeps the map from growing with every caller ever seen. */
  #forgetIdle(now: number): void {
    if (this.#starts.size < 1024) return;
    for (const [key, starts] of this.#starts)
      if (starts.every((t) => now - t >= this.windowMs)) this.#starts.delete(key);
  }
}

/** Why a caller was not given a slot: the wait queue is full, or the caller left while waiting. */
export class GateRefused extends Error {
  constructor(readonly reason: 'queue-full' | 'abandoned') {
    super(reason === 'queue-full' ? 'the wait queue is full' : 'the caller left before its turn');
  }
}

/**
 * A counting gate: `tryEnter` admits up to `limit` at once; `enter` waits its turn in a queue of at most
 * `maxWaiting`, and leaves it when its signal aborts (a caller that has gone never starts a check).
 */
export class Gate {
  #running = 0;
  readonly #waiting: { admit: () => void; refuse: (err: GateRefused) => void }[] = [];

  constructor(
    readonly limit: number,
    readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** A release function when a slot is free now, else undefined. */
  tryEnter(): (() => void) | undefined {
    if (this.#running >= this.limit) return undefined;
    this.#running++;
    return this.#releaser();
  }

  /** Waits for a slot, in order; rejects with GateRefused when the queue is full or `signal` aborts. */
  async enter(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw new GateRefused('abandoned');
    if (this.#running < this.limit) {
      this.#running++;
      return this.#releaser();
    }
    if (this.#waiting.length >= this.maxWaiting) throw new GateRefused('queue-full');
    // A leaving holder hands its slot over directly, so no tryEnter() can take it in between.
    await new Promise<void>((resolve, reject) => {
      const entry = {
        admit: () => {
          signal?.removeEventListener('abort', leave);
          resolve();
        },
        refuse: reject,
      };
      const leave = (): void => {
        const at = this.#waiting.indexOf(entry);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(new GateRefused('abandoned'));
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.#waiting.push(entry);
    });
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next.admit();
      else this.#running--;
    };
  }
}

/** How many of something each key holds at once (a caller's running checks, an address's sockets). */
export class PerKey {
  readonly #held = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** Takes one for `key`: a release function, or undefined when `key` already holds `limit`. */
  take(key: string): (() => void) | undefined {
    const held = this.#held.get(key) ?? 0;
    if (held >= this.limit) return undefined;
    this.#held.set(key, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#held.get(key) ?? 1) - 1;
      if (left <= 0) this.#held.delete(key);
      else this.#held.set(key, left);
    };
  }

  held(key: string): number {
    return this.#held.get(key) ?? 0;
  }
}
