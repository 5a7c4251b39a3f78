/** Failure injection shared by the fake cloud ports: make a method throw once or every time. */

/** Errors to throw per method name. */
export class Failures<M extends string> {
  readonly #once = new Map<M, unknown[]>();
  readonly #always = new Map<M, unknown>();

  /** The next call of `method` throws `error` (queued: call several times for several failures). */
  once(method: M, error: unknown): void {
    this.#once.set(method, [...(this.#once.get(method) ?? []), error]);
  }

  /** Every call of `method` throws `error` until `clear`. */
  always(method: M, error: unknown): void {
    this.#always.set(method, error);
  }

  /** Removes every injected failure. */
  clear(): void {
    this.#once.clear();
    this.#always.clear();
  }

  /** Throws the injected error for `method`, if any. */
  check(method: M): void {
    const queued = this.#once.get(method);
    if (queued && queued.length > 0) throw queued.shift();
    if (this.#always.has(method)) throw this.#always.get(method);
  }
}

/** Yields to the event loop once, so that concurrent callers really interleave. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
