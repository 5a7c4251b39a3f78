/**
 * The in-process DeliveryDedupe: enough for one replica (Slack's retries and double clicks reach the
 * same process); several replicas need a shared one (PostgreSQL).
 */
import { type Clock, type DeliveryDedupe, systemClock } from '../domain/ports.js';

/** How many remembered keys trigger a sweep of the expired ones. */
const SWEEP_ABOVE = 10_000;

/** Remembers keys in a Map until their time runs out. */
export class MemoryDeliveryDedupe implements DeliveryDedupe {
  readonly #until = new Map<string, number>();
  readonly #clock: Clock;
  #sweepAt = SWEEP_ABOVE;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    const now = this.#clock.now().getTime();
    const until = this.#until.get(key);
    if (until !== undefined && until > now) return false;
    this.#until.set(key, now + ttlMs);
    if (this.#until.size > this.#sweepAt) this.#sweep(now);
    return true;
  }

  /** How many keys are remembered (expired ones may linger until the next sweep). */
  get size(): number {
    return this.#until.size;
  }

  #sweep(now: number): void {
    for (const [key, until] of this.#until) if (until <= now) this.#until.delete(key);
    // Sweep again only after as many new keys as survived, so a busy bot does not sweep on every call.
    this.#sweepAt = Math.max(SWEEP_ABOVE, this.#until.size * 2);
  }
}
