/**
 * OutboxStore on a lowdb JSON file beside the request store (`x.json` → `x.outbox.json`). Like the
 * request store, memory is never ahead of disk: a change is published only once the file holding it is
 * written, and a failed write changes nothing (StoreError `unavailable`). Leases live in memory only:
 * one process owns a lowdb file, so a lease left by a process that died is void when the file is opened
 * again. Finished items keep no payload and are forgotten after the retention window.
 */
import { resolve } from 'node:path';
import type { Low } from 'lowdb';
import { z } from 'zod';
import { StoreError } from '../domain/errors.js';
import { dueItems, isPrunable, pendingSummary } from '../domain/outbox/outbox-rules.js';
import type { Logger, NewOutboxItem, OutboxItem, OutboxStore } from '../domain/ports.js';
import { openLowdbFile, refuseOnFailure } from './lowdb-file.js';
import { StoreOpenError } from './store-open-error.js';

/** Version of the outbox document this build reads and writes. */
const OUTBOX_VERSION = 1;
/** Finished items are kept this long by default, so a late repeat of a promise is still recognised. */
const DEFAULT_RETENTION_MS = 2 * 24 * 60 * 60_000;

const StoredItem = z.object({
  key: z.string(),
  seq: z.number().int(),
  requestId: z.string().optional(),
  kind: z.string(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  availableAt: z.string(),
  attempts: z.number().int(),
  doneAt: z.string().optional(),
  lastError: z.string().optional(),
  result: z.record(z.string(), z.unknown()).optional(),
});

/** The persisted outbox: when it began, the next sequence number, and its items in order. */
const OutboxDocument = z.object({
  version: z.literal(OUTBOX_VERSION),
  since: z.string(),
  nextSeq: z.number().int(),
  items: z.array(StoredItem),
});
type OutboxDocument = z.infer<typeof OutboxDocument>;

/** The outbox file that belongs to a request store file. */
export function outboxFileFor(storeFile: string): string {
  return `${storeFile.replace(/\.json$/i, '')}.outbox.json`;
}

/** The lowdb outbox; `healthy()` is false while its writes fail. */
export interface LowdbOutbox extends OutboxStore {
  readonly file: string;
  healthy(): boolean;
}

/** Options of the lowdb outbox (tests shorten the retention or move the clock). */
export interface LowdbOutboxOptions {
  retentionMs?: number;
  now?: () => Date;
}

/** Opens (or creates) the outbox at `file`; a file that is not an outbox is left alone and refused. */
export async function openLowdbOutbox(
  file: string,
  logger: Logger,
  options: LowdbOutboxOptions = {},
): Promise<LowdbOutbox> {
  const path = resolve(file);
  const now = options.now ?? (() => new Date());
  const { db, exists } = await openLowdbFile(path);
  let document: OutboxDocument = {
    version: OUTBOX_VERSION,
    since: now().toISOString(),
    nextSeq: 1,
    items: [],
  };
  if (exists) {
    const parsed = OutboxDocument.safeParse(db.data);
    if (!parsed.success) throw new StoreOpenError(path, 'it does not hold a valid outbox');
    document = parsed.data as OutboxDocument;
  }
  const outbox = new LowdbOutboxStore(
    path,
    db as Low<OutboxDocument>,
    document,
    logger.child({ component: 'outbox', file: path }),
    options.retentionMs ?? DEFAULT_RETENTION_MS,
    now,
  );
  if (!exists) {
    await refuseOnFailure(path, 'it could not be created', outbox.flush());
  }
  return outbox;
}

/** The changes one batch of operations makes, applied over what is on disk. */
interface Staged {
  items: Map<string, OutboxItem>;
  nextSeq: number;
}

/** One queued operation: reads and changes the staged view, returns its result. */
type Operation<T> = (view: StagedView) => T;

interface PendingOperation {
  run: Operation<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What an operation sees: the published items with the batch's earlier changes on top. */
interface StagedView {
  get(key: string): OutboxItem | undefined;
  set(item: OutboxItem): void;
  takeSeq(): number;
}

class LowdbOutboxStore implements LowdbOutbox {
  readonly file: string;
  readonly #db: Low<OutboxDocument>;
  readonly #log: Logger;
  readonly #retentionMs: number;
  readonly #now: () => Date;
  readonly #since: string;
  /** Items as they are on disk, by key, in enqueue order. */
  #items: Map<string, OutboxItem>;
  #nextSeq: number;
  /** Leases, in memory only (see the module comment). */
  readonly #leases = new Map<string, { owner: string; until: number }>();
  #queue: Promise<void> = Promise.resolve();
  #batch: PendingOperation[] | undefined;
  #healthy = true;

  constructor(
    file: string,
    db: Low<OutboxDocument>,
    document: OutboxDocument,
    log: Logger,
    retentionMs: number,
    now: () => Date,
  ) {
    this.file = file;
    this.#db = db;
    this.#log = log;
    this.#retentionMs = retentionMs;
    this.#now = now;
    this.#since = document.since;
    this.#nextSeq = document.nextSeq;
    this.#items = new Map(document.items.map((item) => [item.key, item as OutboxItem]));
    this.#db.data = document;
  }

  healthy(): boolean {
    return this.#healthy;
  }

  enqueue(item: NewOutboxItem, now: Date): Promise<OutboxItem> {
    return this.#run((view) => {
      const existing = view.get(item.key);
      if (existing) return existing;
      const stored: OutboxItem = {
        key: item.key,
        seq: view.takeSeq(),
        ...(item.requestId !== undefined ? { requestId: item.requestId } : {}),
        kind: item.kind,
        payload: structuredClone(item.payload),
        createdAt: now.toISOString(),
        availableAt: now.toISOString(),
        attempts: 0,
      };
      view.set(stored);
      return stored;
    }).then((stored) => this.#withLease(stored));
  }

  async claim(owner: string, now: Date, leaseMs: number, limit: number): Promise<OutboxItem[]> {
    const claimed = dueItems(this.#leased(), now, limit);
    const until = now.getTime() + leaseMs;
    for (const item of claimed) this.#leases.set(item.key, { owner, until });
    return claimed.map((item) => this.#withLease(item));
  }

  complete(
    key: string,
    owner: string,
    now: Date,
    outcome: { result?: Record<string, unknown>; error?: string },
  ): Promise<boolean> {
    if (!this.#holds(key, owner, now)) return Promise.resolve(false);
    return this.#run((view) => {
      const item = view.get(key);
      if (!item || item.doneAt !== undefined) return false;
      const { lastError: _previous, ...rest } = item;
      view.set({
        ...rest,
        payload: {},
        doneAt: now.toISOString(),
        ...(outcome.error !== undefined ? { lastError: outcome.error } : {}),
        ...(outcome.result !== undefined ? { result: structuredClone(outcome.result) } : {}),
      });
      return true;
    }).then((done) => {
      this.#leases.delete(key);
      return done;
    });
  }

  retryAt(key: string, owner: string, now: Date, availableAt: Date, error: string): Promise<boolean> {
    if (!this.#holds(key, owner, now)) return Promise.resolve(false);
    return this.#run((view) => {
      const item = view.get(key);
      if (!item || item.doneAt !== undefined) return false;
      view.set({
        ...item,
        attempts: item.attempts + 1,
        availableAt: availableAt.toISOString(),
        lastError: error,
      });
      return true;
    }).then((done) => {
      // On a failed write the lease stays until it runs out: a natural pause before the next try.
      this.#leases.delete(key);
      return done;
    });
  }

  async get(key: string): Promise<OutboxItem | undefined> {
    const item = this.#items.get(key);
    return item && this.#withLease(item);
  }

  async pending(now: Date): Promise<{ count: number; nextDueAt?: string }> {
    return pendingSummary(this.#leased(), now);
  }

  async since(): Promise<Date> {
    return new Date(this.#since);
  }

  close(): Promise<void> {
    return this.#queue;
  }

  /** Writes the document as it is (creates the file of a new outbox). */
  flush(): Promise<void> {
    const write = this.#queue.then(() => this.#db.write());
    this.#queue = write.catch(() => undefined);
    return write;
  }

  /** Every item with its lease, as shallow views for selecting (never handed out). */
  #leased(): OutboxItem[] {
    const views: OutboxItem[] = [];
    for (const item of this.#items.values()) {
      const lease = this.#leases.get(item.key);
      views.push(
        lease && item.doneAt === undefined
          ? { ...item, claimedBy: lease.owner, claimedUntil: new Date(lease.until).toISOString() }
          : item,
      );
    }
    return views;
  }

  /** The item as callers see it: a copy, with its lease when one is held. */
  #withLease(item: OutboxItem): OutboxItem {
    const copy = structuredClone(item);
    const lease = this.#leases.get(item.key);
    if (lease && item.doneAt === undefined) {
      copy.claimedBy = lease.owner;
      copy.claimedUntil = new Date(lease.until).toISOString();
    }
    return copy;
  }

  #holds(key: string, owner: string, now: Date): boolean {
    const lease = this.#leases.get(key);
    return lease !== undefined && lease.owner === owner && lease.until > now.getTime();
  }

  /** Queues an operation; operations queued in one turn share one disk write. */
  #run<T>(run: Operation<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let batch = this.#batch;
      if (!batch) {
        const fresh: PendingOperation[] = [];
        batch = fresh;
        this.#batch = fresh;
        this.#queue = this.#queue.then(() => this.#commit(fresh));
      }
      batch.push({ run, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** Runs a batch over a staged view, writes once, and only then publishes and answers. */
  async #commit(batch: PendingOperation[]): Promise<void> {
    if (this.#batch === batch) this.#batch = undefined;
    const staged: Staged = { items: new Map(), nextSeq: this.#nextSeq };
    const view: StagedView = {
      get: (key) => staged.items.get(key) ?? this.#items.get(key),
      set: (item) => {
        staged.items.set(item.key, item);
      },
      takeSeq: () => staged.nextSeq++,
    };
    const results = batch.map((op) => {
      try {
        return { ok: true as const, value: op.run(view) };
      } catch (error) {
        return { ok: false as const, error };
      }
    });
    const next = new Map(this.#items);
    for (const [key, item] of staged.items) next.set(key, item);
    const cutoff = new Date(this.#now().getTime() - this.#retentionMs);
    for (const [key, item] of next) if (isPrunable(item, cutoff)) next.delete(key);
    this.#db.data = {
      version: OUTBOX_VERSION,
      since: this.#since,
      nextSeq: staged.nextSeq,
      items: [...next.values()],
    };
    try {
      await this.#db.write();
    } catch (err) {
      this.#mark(false, err);
      const error = new StoreError('unavailable', `The outbox ${this.file} could not be written.`, {
        cause: err,
      });
      for (const op of batch) op.reject(error);
      return;
    }
    this.#mark(true);
    this.#items = next;
    this.#nextSeq = staged.nextSeq;
    for (const [i, op] of batch.entries()) {
      const result = results[i];
      if (result?.ok) op.resolve(result.value);
      else op.reject(result?.error);
    }
  }

  #mark(ok: boolean, err?: unknown): void {
    if (ok === this.#healthy) return;
    this.#healthy = ok;
    if (ok) this.#log.info({}, 'outbox writable again');
    else this.#log.error({ err }, 'outbox cannot be written: promised posts wait until it can');
  }
}
