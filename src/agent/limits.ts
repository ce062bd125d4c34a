// The agent's limits on checks: how many one caller may start a minute (a sliding window), and how
// many run at once over all callers. Both answer "not now, retry in N seconds" rather than queueing
// the API's callers; the exporter's /probe waits for a slot instead (Prometheus retries nothing).

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

/** A counting gate: `tryEnter` admits up to `limit` at once; `enter` waits its turn. */
export class Gate {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  get running(): number {
    return this.#running;
  }

  /** A release function when a slot is free now, else undefined. */
  tryEnter(): (() => void) | undefined {
    if (this.#running >= this.limit) return undefined;
    this.#running++;
    return this.#releaser();
  }

  /** Waits for a slot, in order. */
  async enter(): Promise<() => void> {
    if (this.#running >= this.limit) {
      // A leaving holder hands its slot over directly, so no tryEnter() can take it in between.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else this.#running++;
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    };
  }
}
