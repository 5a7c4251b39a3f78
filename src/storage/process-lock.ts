/**
 * LaunchLock for a single process (the lowdb store): holders of one key run one after another, other
 * keys run freely. Enough when one process owns the store; a shared database needs its own lock.
 */
import type { LaunchLock } from '../domain/ports.js';

/** A named lock held inside this process. */
export class ProcessLock implements LaunchLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` once every earlier holder of `key` has finished; resolves or rejects with its outcome. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys held or waited for right now. */
  get size(): number {
    return this.#tails.size;
  }
}
