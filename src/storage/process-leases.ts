/**
 * LeaseStore for a single process (the lowdb store): leases kept in memory with the same rules as the
 * shared one, so code that takes leases runs unchanged on one replica.
 */
import type { Clock, LeaseStore } from '../domain/ports.js';
import { systemClock } from '../domain/ports.js';

/** Leases held in this process's memory. */
export class ProcessLeases implements LeaseStore {
  readonly #held = new Map<string, { owner: string; until: number }>();
  readonly #clock: Clock;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#clock.now().getTime();
    const lease = this.#held.get(name);
    if (lease && lease.owner !== owner && lease.until > now) return false;
    this.#held.set(name, { owner, until: now + ttlMs });
    return true;
  }

  async release(name: string, owner: string): Promise<void> {
    if (this.#held.get(name)?.owner === owner) this.#held.delete(name);
  }
}
