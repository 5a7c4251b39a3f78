/**
 * An in-memory OutboxStore with the lowdb one's behaviour: copies in and out, one lane per request,
 * leases by owner. Tests may make writes fail (`failWrites`).
 */
import { StoreError } from '../../src/domain/errors.js';
import { dueItems, isLeased, pendingSummary } from '../../src/domain/outbox/outbox-rules.js';
import type { NewOutboxItem, OutboxItem, OutboxStore } from '../../src/domain/ports.js';

/** OutboxStore kept in a Map. */
export class MemoryOutbox implements OutboxStore {
  readonly #items = new Map<string, OutboxItem>();
  #seq = 1;
  readonly #since: Date;
  /** While true, every write fails with StoreError 'unavailable' and changes nothing. */
  failWrites = false;

  constructor(since: Date = new Date(0)) {
    this.#since = since;
  }

  async enqueue(item: NewOutboxItem, now: Date): Promise<OutboxItem> {
    const existing = this.#items.get(item.key);
    if (existing) return structuredClone(existing);
    this.#writable();
    const stored: OutboxItem = {
      key: item.key,
      seq: this.#seq++,
      ...(item.requestId !== undefined ? { requestId: item.requestId } : {}),
      kind: item.kind,
      payload: structuredClone(item.payload),
      createdAt: now.toISOString(),
      availableAt: now.toISOString(),
      attempts: 0,
    };
    this.#items.set(stored.key, stored);
    return structuredClone(stored);
  }

  async claim(owner: string, now: Date, leaseMs: number, limit: number): Promise<OutboxItem[]> {
    const claimed = dueItems([...this.#items.values()], now, limit);
    const until = new Date(now.getTime() + leaseMs).toISOString();
    for (const item of claimed) {
      item.claimedBy = owner;
      item.claimedUntil = until;
    }
    return claimed.map((item) => structuredClone(item));
  }

  async complete(
    key: string,
    owner: string,
    now: Date,
    outcome: { result?: Record<string, unknown>; error?: string },
  ): Promise<boolean> {
    const item = this.#items.get(key);
    if (!item || item.doneAt !== undefined || !this.#holds(item, owner, now)) return false;
    this.#writable();
    const { claimedBy: _by, claimedUntil: _until, lastError: _error, ...rest } = item;
    this.#items.set(key, {
      ...rest,
      payload: {},
      doneAt: now.toISOString(),
      ...(outcome.error !== undefined ? { lastError: outcome.error } : {}),
      ...(outcome.result !== undefined ? { result: structuredClone(outcome.result) } : {}),
    });
    return true;
  }

  async retryAt(key: string, owner: string, now: Date, availableAt: Date, error: string): Promise<boolean> {
    const item = this.#items.get(key);
    if (!item || item.doneAt !== undefined || !this.#holds(item, owner, now)) return false;
    this.#writable();
    const { claimedBy: _by, claimedUntil: _until, ...rest } = item;
    this.#items.set(key, {
      ...rest,
      attempts: item.attempts + 1,
      availableAt: availableAt.toISOString(),
      lastError: error,
    });
    return true;
  }

  async get(key: string): Promise<OutboxItem | undefined> {
    const item = this.#items.get(key);
    return item && structuredClone(item);
  }

  async pending(now: Date): Promise<{ count: number; nextDueAt?: string }> {
    return pendingSummary([...this.#items.values()], now);
  }

  async since(): Promise<Date> {
    return this.#since;
  }

  async close(): Promise<void> {}

  /** Every item, in enqueue order (copies, for assertions). */
  all(): OutboxItem[] {
    return [...this.#items.values()].sort((a, b) => a.seq - b.seq).map((item) => structuredClone(item));
  }

  #holds(item: OutboxItem, owner: string, now: Date): boolean {
    return item.claimedBy === owner && isLeased(item, now);
  }

  #writable(): void {
    if (this.failWrites) throw new StoreError('unavailable', 'The memory outbox is failing writes (test).');
  }
}
