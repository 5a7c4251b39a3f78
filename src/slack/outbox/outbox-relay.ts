/**
 * The outbox relay: takes due items from the OutboxStore and hands each to `deliver`, many at once but
 * one at a time per request (the store's lanes), so a slow or hung call delays only its own request.
 * Failed items come back after an exponential backoff, or after Slack's Retry-After when it is longer,
 * for as long as it takes; an outcome the store cannot record is kept in memory and recorded later, so
 * a post Slack accepted is never sent again by this process.
 */
import { randomUUID } from 'node:crypto';
import { isStoreError } from '../../domain/errors.js';
import type { Clock, Logger, NewOutboxItem, OutboxItem, OutboxStore } from '../../domain/ports.js';

/** What one delivery attempt came to. */
export type DeliveryOutcome =
  | { type: 'done'; result?: Record<string, unknown> }
  /** Try again later; `retryAfterMs` is the wait the other side asked for, if it did. */
  | { type: 'retry'; error: string; retryAfterMs?: number }
  /** It can never succeed (a refused message): finished with the reason. */
  | { type: 'give_up'; error: string };

/** Sends one item; never throws (a thrown error counts as a retry). */
export type Deliver = (item: OutboxItem) => Promise<DeliveryOutcome>;

/** Tuning of the relay; the defaults suit Slack. */
export interface RelayOptions {
  outbox: OutboxStore;
  deliver: Deliver;
  clock: Clock;
  logger: Logger;
  /** This process's lease owner name (random by default). */
  owner?: string;
  /** Items being delivered at once (different requests). */
  concurrency?: number;
  /** How long a lease holds: longer than one delivery can take (its calls have timeouts). */
  leaseMs?: number;
  /** First retry delay; it doubles per failed attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Longest sleep between looks at the store (other replicas enqueue too). */
  pollMs?: number;
  random?: () => number;
}

/** The relay's defaults. */
export const RELAY_DEFAULTS = {
  concurrency: 16,
  leaseMs: 60_000,
  baseBackoffMs: 1_000,
  maxBackoffMs: 5 * 60_000,
  pollMs: 2_000,
} as const;

/** Delay before attempt `attempts + 1`: exponential with jitter, never shorter than Retry-After. */
export function backoffMs(
  attempts: number,
  options: { baseBackoffMs: number; maxBackoffMs: number; random: () => number },
  retryAfterMs = 0,
): number {
  const ceiling = Math.min(options.maxBackoffMs, options.baseBackoffMs * 2 ** Math.min(attempts, 30));
  const jittered = ceiling / 2 + options.random() * (ceiling / 2);
  return Math.max(Math.round(jittered), retryAfterMs);
}

/** Moves outbox items to Slack; see the module comment. */
export class OutboxRelay {
  readonly owner: string;
  readonly #o: Required<Omit<RelayOptions, 'owner'>>;
  readonly #inFlight = new Map<string, Promise<void>>();
  /** Outcomes Slack gave that the store could not record yet (key → outcome). */
  readonly #unrecorded = new Map<string, DeliveryOutcome>();
  /** Items whose enqueue failed, tried again on every pump. */
  readonly #unqueued: NewOutboxItem[] = [];
  readonly #waiters = new Map<string, Array<(item: OutboxItem) => void>>();
  #timer?: () => void;
  #pumping?: Promise<void>;
  #again = false;
  #running = false;

  constructor(options: RelayOptions) {
    this.owner = options.owner ?? `relay-${randomUUID()}`;
    this.#o = {
      outbox: options.outbox,
      deliver: options.deliver,
      clock: options.clock,
      logger: options.logger,
      concurrency: options.concurrency ?? RELAY_DEFAULTS.concurrency,
      leaseMs: options.leaseMs ?? RELAY_DEFAULTS.leaseMs,
      baseBackoffMs: options.baseBackoffMs ?? RELAY_DEFAULTS.baseBackoffMs,
      maxBackoffMs: options.maxBackoffMs ?? RELAY_DEFAULTS.maxBackoffMs,
      pollMs: options.pollMs ?? RELAY_DEFAULTS.pollMs,
      random: options.random ?? Math.random,
    };
  }

  /** Begin delivering (what is due now, then whatever comes due). */
  start(): void {
    this.#running = true;
    this.kick();
  }

  /** Stop taking items and wait for the deliveries in flight; the rest stays in the store. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#timer?.();
    this.#timer = undefined;
    await this.#pumping;
    await Promise.allSettled([...this.#inFlight.values()]);
    await this.#recordUnrecorded();
    if (this.#unqueued.length > 0) {
      this.#o.logger.error(
        { keys: this.#unqueued.map((i) => i.key) },
        'promised posts not sent: the outbox could not store them',
      );
    }
  }

  /**
   * Stores the item as pending work and starts delivering it. A store that cannot write keeps it in
   * memory and tries again, so the post is still made while this process lives (unless `keepInMemory`
   * is false: then the StoreError is thrown).
   */
  async enqueue(
    item: NewOutboxItem,
    options: { keepInMemory?: boolean } = {},
  ): Promise<OutboxItem | undefined> {
    try {
      const stored = await this.#o.outbox.enqueue(item, this.#o.clock.now());
      this.kick();
      return stored;
    } catch (err) {
      if (!isStoreError(err, 'unavailable') || options.keepInMemory === false) throw err;
      this.#o.logger.warn({ err, key: item.key }, 'outbox write failed; keeping the post in memory');
      this.#unqueued.push(item);
      this.#schedule(this.#o.baseBackoffMs);
      return undefined;
    }
  }

  /**
   * Resolves with the item once it is finished (sent or given up). The waiter is in place before the
   * item is looked up, so a delivery that ends during the look-up still wakes it.
   */
  async settled(key: string): Promise<OutboxItem> {
    let wake: (item: OutboxItem) => void = () => {};
    const finished = new Promise<OutboxItem>((resolve) => {
      wake = resolve;
    });
    this.#waiters.set(key, [...(this.#waiters.get(key) ?? []), wake]);
    const current = await this.#o.outbox.get(key);
    if (current?.doneAt !== undefined) this.#resolveWaiters(key);
    return finished;
  }

  /** Resolves when nothing is in flight and nothing is due now (for tests and a clean stop). */
  async idle(): Promise<void> {
    for (;;) {
      await this.#pumping;
      await Promise.allSettled([...this.#inFlight.values()]);
      if (this.#inFlight.size === 0 && !this.#pumping) return;
    }
  }

  /** Look at the store now (after an enqueue, or when a timer fires). */
  kick(): void {
    if (!this.#running) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = this.#pump()
      .catch((err: unknown) => this.#o.logger.error({ err }, 'outbox relay pass failed'))
      .finally(() => {
        this.#pumping = undefined;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  async #pump(): Promise<void> {
    await this.#requeue();
    await this.#recordUnrecorded();
    await this.#checkWaiters();
    const free = this.#o.concurrency - this.#inFlight.size;
    const now = this.#o.clock.now();
    if (free > 0) {
      const claimed = await this.#o.outbox.claim(this.owner, now, this.#o.leaseMs, free);
      for (const item of claimed) {
        if (this.#inFlight.has(item.key)) continue;
        const run = this.#deliver(item).finally(() => {
          this.#inFlight.delete(item.key);
          this.kick();
        });
        this.#inFlight.set(item.key, run);
      }
    }
    const { nextDueAt } = await this.#o.outbox.pending(now);
    const untilDue = nextDueAt === undefined ? this.#o.pollMs : Date.parse(nextDueAt) - now.getTime();
    const retryMemory = this.#unqueued.length > 0 || this.#unrecorded.size > 0;
    const wait = Math.min(
      this.#o.pollMs,
      Math.max(untilDue, 0),
      retryMemory ? this.#o.baseBackoffMs : Infinity,
    );
    this.#schedule(Math.max(wait, 10));
  }

  #schedule(ms: number): void {
    if (!this.#running) return;
    this.#timer?.();
    this.#timer = this.#o.clock.setTimer(ms, () => {
      this.#timer = undefined;
      this.kick();
    });
  }

  async #deliver(item: OutboxItem): Promise<void> {
    const log = this.#o.logger.child({ key: item.key, requestId: item.requestId, kind: item.kind });
    const remembered = this.#unrecorded.get(item.key);
    let outcome: DeliveryOutcome;
    if (remembered) {
      outcome = remembered;
    } else {
      try {
        outcome = await this.#o.deliver(item);
      } catch (err) {
        log.error({ err }, 'delivering an outbox item failed unexpectedly');
        outcome = { type: 'retry', error: 'unexpected_error' };
      }
    }
    await this.#record(item, outcome, log);
  }

  async #record(item: OutboxItem, outcome: DeliveryOutcome, log: Logger): Promise<void> {
    const now = this.#o.clock.now();
    try {
      if (outcome.type === 'retry') {
        const wait = backoffMs(item.attempts, this.#o, outcome.retryAfterMs);
        const at = new Date(now.getTime() + wait);
        log.warn(
          { error: outcome.error, attempts: item.attempts + 1, waitMs: wait },
          'post failed; will retry',
        );
        await this.#o.outbox.retryAt(item.key, this.owner, now, at, outcome.error);
        return;
      }
      const done = await this.#o.outbox.complete(item.key, this.owner, now, {
        ...(outcome.type === 'done' && outcome.result ? { result: outcome.result } : {}),
        ...(outcome.type === 'give_up' ? { error: outcome.error } : {}),
      });
      this.#unrecorded.delete(item.key);
      if (outcome.type === 'give_up') log.error({ error: outcome.error }, 'post refused by Slack; given up');
      if (done) this.#resolveWaiters(item.key);
    } catch (err) {
      // Slack's answer must not be lost: a post it accepted would otherwise go out again.
      if (outcome.type !== 'retry') this.#unrecorded.set(item.key, outcome);
      log.warn({ err }, 'could not record an outbox outcome; trying again later');
    }
  }

  /** Items whose enqueue failed: store them now if the store is back. */
  async #requeue(): Promise<void> {
    while (this.#unqueued.length > 0) {
      const item = this.#unqueued[0] as NewOutboxItem;
      try {
        await this.#o.outbox.enqueue(item, this.#o.clock.now());
      } catch {
        return;
      }
      this.#unqueued.shift();
    }
  }

  /** Outcomes Slack gave that are not stored yet: store them now (the lease may need renewing). */
  async #recordUnrecorded(): Promise<void> {
    for (const [key, outcome] of [...this.#unrecorded]) {
      const item = await this.#o.outbox.get(key);
      if (!item || item.doneAt !== undefined) {
        this.#unrecorded.delete(key);
        continue;
      }
      if (item.claimedBy !== this.owner) continue; // claim() hands it back to #deliver once due
      await this.#record(item, outcome, this.#o.logger.child({ key }));
    }
  }

  /** Waiters for items another process finished. */
  async #checkWaiters(): Promise<void> {
    for (const key of [...this.#waiters.keys()]) {
      if (this.#inFlight.has(key)) continue;
      const item = await this.#o.outbox.get(key);
      if (item?.doneAt !== undefined) this.#resolveWaiters(key);
    }
  }

  #resolveWaiters(key: string): void {
    const waiters = this.#waiters.get(key);
    if (!waiters) return;
    this.#waiters.delete(key);
    void this.#o.outbox.get(key).then((item) => {
      if (item) for (const resolve of waiters) resolve(item);
    });
  }
}
