/**
 * RequestStore on a lowdb JSON file. lowdb's writer (steno) writes a temp file and renames it, so the
 * file is always a whole document; writes are queued so they land in order, and each is a
 * compare-and-set on the request's version. Memory is never ahead of disk: a change is visible only once
 * the file holding it is written; and a read made while a write lands waits for it, so whoever saw the
 * new file (a test, a person acting on what it led to) is never answered from the older state. A file
 * that cannot be read or does not match the schema is never overwritten: opening fails with
 * StoreOpenError. Finished requests move to an append-only archive beside the file (lowdb-archive.ts),
 * so the document rewritten on every change holds only live ones.
 */
import { resolve } from 'node:path';
import type { Low } from 'lowdb';
import { StoreError } from '../domain/errors.js';
import { maskRequestSecrets } from '../domain/install/secrets.js';
import type { InstallRequest } from '../domain/model.js';
import type { Logger, RequestFilter, RequestStore } from '../domain/ports.js';
import { updateWithRetry } from './cas-update.js';
import { type ArchiveEntry, archivePathOf, RequestArchive } from './lowdb-archive.js';
import { openLowdbFile, refuseOnFailure } from './lowdb-file.js';
import { DAY_MS, executionIdsOf, isFinished, isPastRetention } from './request-facts.js';
import { StoreOpenError } from './store-open-error.js';
import { STORE_VERSION, StoreDocument } from './store-schema.js';

export { StoreOpenError };

/** The lowdb-backed store; `file` is the resolved path it writes. */
export interface LowdbRequestStore extends RequestStore {
  readonly file: string;
  /** The archive of finished requests beside `file`. */
  readonly archiveFile: string;
  /** False after a write failed, until a write (or the periodic retry) succeeds again. */
  healthy(): boolean;
  /** Removes finished requests past the retention window; returns how many. */
  prune(): Promise<number>;
}

/** Retention and health-check settings of the lowdb store. */
export interface LowdbStoreOptions {
  /** Finished requests last changed more than this many days ago are removed; 0 keeps them all. */
  retentionDays?: number;
  /** How often an unhealthy store tries to write again (ms). */
  retryIntervalMs?: number;
  now?: () => Date;
}

function describeIssues(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(document)'}: ${i.message}`)
    .join('; ');
}

function parseDocument(path: string, data: unknown): StoreDocument {
  const version =
    typeof data === 'object' && data !== null ? (data as { version?: unknown }).version : undefined;
  if (version !== undefined && version !== STORE_VERSION) {
    throw new StoreOpenError(
      path,
      `it has version ${String(version)}, while this build reads version ${STORE_VERSION}`,
    );
  }
  const parsed = StoreDocument.safeParse(data);
  if (!parsed.success) {
    throw new StoreOpenError(
      path,
      `it does not hold a valid request store (${describeIssues(parsed.error)})`,
    );
  }
  return parsed.data;
}

/** Opens (or creates) the store file at `file`, creating its directory when missing. */
export async function openLowdbStore(
  file: string,
  logger: Logger,
  options: LowdbStoreOptions = {},
): Promise<LowdbRequestStore> {
  const path = resolve(file);
  const log = logger.child({ component: 'store', file: path });
  const { db, exists } = await openLowdbFile(path);
  const document: StoreDocument = exists
    ? parseDocument(path, db.data)
    : { version: STORE_VERSION, requests: [] };
  const archive = await refuseOnFailure(
    archivePathOf(path),
    'it could not be read',
    RequestArchive.open(archivePathOf(path), log),
  );
  const store = new LowdbStore(path, db as Low<StoreDocument>, document, archive, log, options);
  if (!exists) await refuseOnFailure(path, 'it could not be created', store.flush());
  // Finished requests left in the document (by an older build, or a crash) move to the archive.
  await refuseOnFailure(path, 'it could not be written', store.settle());
  log.info({ live: store.liveCount, archived: archive.size, created: !exists }, 'request store opened');
  return store;
}

/** One create or put waiting for the next disk write. */
interface PendingWrite {
  kind: 'create' | 'put';
  /** The masked copy to store (its version is the one the writer read, for put). */
  request: InstallRequest;
  resolve: (stored: InstallRequest) => void;
  reject: (error: StoreError) => void;
}

class LowdbStore implements LowdbRequestStore {
  readonly file: string;
  readonly #db: Low<StoreDocument>;
  readonly #archive: RequestArchive;
  readonly #log: Logger;
  readonly #retentionDays: number;
  readonly #now: () => Date;
  readonly #timers: NodeJS.Timeout[] = [];
  #healthy = true;
  /** Requests as they are on disk, in insertion order. Replaced only after a write succeeded. */
  #requests: InstallRequest[];
  readonly #index = new Map<string, number>();
  #queue: Promise<void> = Promise.resolve();
  /** The document write in progress (settled once published or failed): reads wait for it. */
  #landing: Promise<unknown> | undefined;
  /** Writes that wait for the next disk write: a burst of changes shares one write. */
  #batch: PendingWrite[] | undefined;

  constructor(
    file: string,
    db: Low<StoreDocument>,
    document: StoreDocument,
    archive: RequestArchive,
    log: Logger,
    options: LowdbStoreOptions,
  ) {
    this.file = file;
    this.#db = db;
    this.#archive = archive;
    this.#log = log;
    this.#retentionDays = options.retentionDays ?? 0;
    this.#now = options.now ?? (() => new Date());
    // After a crash between the archive append and the document write, the newer copy of a request wins.
    this.#requests = document.requests.filter((r) => {
      const archived = archive.entry(r.id);
      if (archived && archived.version > r.version) return false;
      archive.drop(r.id);
      return true;
    });
    this.#reindex();
    this.#db.data = { version: STORE_VERSION, requests: this.#requests };
    const retry = setInterval(() => {
      if (!this.#healthy) void this.flush().catch(() => {});
    }, options.retryIntervalMs ?? 5_000);
    const prune = setInterval(() => void this.prune().catch(() => {}), DAY_MS / 4);
    for (const timer of [retry, prune]) {
      timer.unref();
      this.#timers.push(timer);
    }
  }

  get archiveFile(): string {
    return this.#archive.path;
  }

  /** Requests in the live document. */
  get liveCount(): number {
    return this.#requests.length;
  }

  healthy(): boolean {
    return this.#healthy;
  }

  async get(id: string): Promise<InstallRequest | undefined> {
    await this.#landed();
    const at = this.#index.get(id);
    if (at !== undefined) return structuredClone(this.#requests[at]);
    const archived = this.#archive.entry(id);
    return archived && this.#archive.read(archived);
  }

  create(request: InstallRequest): Promise<InstallRequest> {
    return this.#enqueue('create', request);
  }

  put(request: InstallRequest): Promise<InstallRequest> {
    return this.#enqueue('put', request);
  }

  update(
    id: string,
    change: (current: InstallRequest) => InstallRequest | undefined,
  ): Promise<InstallRequest | undefined> {
    return updateWithRetry(this, id, change);
  }

  async list(filter: RequestFilter = {}): Promise<InstallRequest[]> {
    await this.#landed();
    const since = filter.updatedSince === undefined ? undefined : Date.parse(filter.updatedSince);
    const matches = (r: Pick<InstallRequest, 'requester' | 'status' | 'updatedAt'>) =>
      (filter.requester === undefined || r.requester === filter.requester) &&
      (filter.statuses === undefined || filter.statuses.includes(r.status)) &&
      (since === undefined || Date.parse(r.updatedAt) >= since);
    // Archived requests rank below live ones of the same creation time; i orders ties inside each.
    type Found = { createdAt: string; rank: number; live?: InstallRequest; archived?: ArchiveEntry };
    const found: Found[] = [];
    for (const [i, r] of this.#requests.entries()) {
      if (matches(r)) found.push({ createdAt: r.createdAt, rank: i, live: r });
    }
    if (filter.statuses === undefined || filter.statuses.some((status) => isFinished({ status }))) {
      let i = -this.#archive.size;
      for (const entry of this.#archive.entries(filter.requester)) {
        if (matches(entry)) found.push({ createdAt: entry.createdAt, rank: i, archived: entry });
        i += 1;
      }
    }
    found.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.rank - a.rank);
    const page = filter.limit === undefined ? found : found.slice(0, Math.max(0, filter.limit));
    // Only the requests on the page are read from the archive, through one handle.
    const archived = await this.#archive.readMany(page.flatMap((f) => (f.archived ? [f.archived] : [])));
    let next = 0;
    return page.map((f) => (f.live ? structuredClone(f.live) : (archived[next++] as InstallRequest)));
  }

  async findByExecutionId(executionId: string): Promise<InstallRequest | undefined> {
    await this.#landed();
    const found = this.#requests.find((r) => executionIdsOf(r).includes(executionId));
    if (found) return structuredClone(found);
    const id = this.#archive.idOfExecution(executionId);
    return id === undefined ? undefined : this.get(id);
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    await this.#queue;
    await this.#archive.close();
  }

  /** Writes the document as it is (creates the file of a new store; retries after a failure). */
  flush(): Promise<void> {
    const write = this.#queue.then(() => this.#db.write());
    this.#queue = write.then(
      () => this.#mark(true),
      () => undefined,
    );
    return write;
  }

  /** Moves finished requests out of the document and applies retention; runs once at open. */
  settle(): Promise<void> {
    const run = this.#queue.then(async () => {
      const finished = this.#requests.filter(isFinished);
      if (finished.length > 0) {
        const staged = await this.#archive.stage(finished);
        const live = this.#requests.filter((r) => !isFinished(r));
        await this.#replaceDocument(live, staged);
        this.#log.info({ moved: finished.length }, 'finished requests moved to the archive');
      }
      await this.#pruneNow();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  prune(): Promise<number> {
    const run = this.#queue.then(() => this.#pruneNow());
    this.#queue = run.then(
      () => undefined,
      (err: unknown) => this.#log.warn({ err }, 'pruning the archive failed'),
    );
    return run;
  }

  async #pruneNow(): Promise<number> {
    const now = this.#now();
    const old = (e: ArchiveEntry) =>
      isPastRetention(e as unknown as InstallRequest, this.#retentionDays, now);
    const due = this.#archive.entries().some(old);
    if (!due && !this.#archive.wasteful()) return 0;
    const removed = await this.#archive.compact((e) => !old(e));
    if (removed > 0) this.#log.info({ removed }, 'pruned finished requests past retention');
    return removed;
  }

  /** Waits for the document write in progress, if any: its file may already be on disk. */
  async #landed(): Promise<void> {
    if (this.#landing) await this.#landing;
  }

  /** Writes `requests` as the document, then publishes them (and the staged archive lines). */
  #replaceDocument(
    requests: InstallRequest[],
    staged?: { publish(): void; discard(): Promise<void> },
  ): Promise<void> {
    const landing = this.#writeDocument(requests, staged);
    const settled = landing.catch(() => undefined);
    this.#landing = settled;
    void settled.then(() => {
      if (this.#landing === settled) this.#landing = undefined;
    });
    return landing;
  }

  async #writeDocument(requests: InstallRequest[], staged?: { publish(): void; discard(): Promise<void> }) {
    const before = this.#db.data;
    this.#db.data = { version: STORE_VERSION, requests };
    try {
      await this.#db.write();
    } catch (err) {
      this.#db.data = before;
      await staged?.discard();
      throw err;
    }
    staged?.publish();
    this.#requests = requests;
    this.#reindex();
  }

  #reindex(): void {
    this.#index.clear();
    for (const [i, r] of this.#requests.entries()) this.#index.set(r.id, i);
  }

  #mark(ok: boolean): void {
    if (ok === this.#healthy) return;
    this.#healthy = ok;
    if (ok) this.#log.info({}, 'request store writable again');
    else this.#log.error({}, 'request store cannot be written: changes fail until it can');
  }

  /** Queues a write; the version check happens when its batch is written, against what is on disk. */
  #enqueue(kind: PendingWrite['kind'], request: InstallRequest): Promise<InstallRequest> {
    const copy = structuredClone(maskRequestSecrets(request));
    return new Promise<InstallRequest>((resolve, reject) => {
      let batch = this.#batch;
      if (!batch) {
        const fresh: PendingWrite[] = [];
        batch = fresh;
        this.#batch = fresh;
        this.#queue = this.#queue
          .then(() => this.#commit(fresh))
          .catch((err: unknown) => this.#log.error({ err }, 'request store batch failed'));
      }
      batch.push({ kind, request: copy, resolve, reject });
    });
  }

  /**
   * Applies a batch in order (each write checked against the ones before it), writes the whole
   * document once, and only then publishes it. A failed write changes nothing in memory: every write of
   * the batch fails with `unavailable` and the previous state stays in force.
   */
  async #commit(batch: PendingWrite[]): Promise<void> {
    if (this.#batch === batch) this.#batch = undefined;
    const staged = new Map<string, InstallRequest>();
    const accepted: Array<{ write: PendingWrite; stored: InstallRequest }> = [];
    const refused: Array<{ write: PendingWrite; error: StoreError }> = [];
    for (const write of batch) {
      const { id } = write.request;
      const at = this.#index.get(id);
      const current = staged.get(id) ?? (at === undefined ? this.#archive.entry(id) : this.#requests[at]);
      const error = refuse(write, current);
      if (error) {
        refused.push({ write, error });
        continue;
      }
      const stored = { ...write.request, version: current ? current.version + 1 : 1 };
      staged.set(id, stored);
      accepted.push({ write, stored });
    }
    // Refusals are told once the batch is on disk, so a writer that re-reads sees what beat it.
    try {
      if (accepted.length > 0) await this.#write(staged, accepted);
    } finally {
      for (const { write, error } of refused) write.reject(error);
    }
  }

  /**
   * Writes `staged`: finished requests as archive lines (synced first), the rest into the document;
   * publishes both on success, else fails every write and keeps the previous state.
   */
  async #write(
    staged: Map<string, InstallRequest>,
    accepted: Array<{ write: PendingWrite; stored: InstallRequest }>,
  ): Promise<void> {
    const finished = [...staged.values()].filter(isFinished);
    const requests = [...this.#requests];
    for (const stored of staged.values()) {
      const at = this.#index.get(stored.id);
      if (at !== undefined) requests[at] = stored;
      else if (!isFinished(stored)) requests.push(stored);
    }
    const next = requests.filter((r) => !isFinished(r));
    try {
      const lines = finished.length > 0 ? await this.#archive.stage(finished) : undefined;
      await this.#replaceDocument(next, lines);
    } catch (err) {
      this.#mark(false);
      this.#log.error({ err, writes: accepted.length }, 'request store write failed');
      const error = new StoreError('unavailable', `The request store ${this.file} could not be written.`, {
        cause: err,
      });
      for (const { write } of accepted) write.reject(error);
      return;
    }
    this.#mark(true);
    // A request that left the archive (no longer finished) is served from the document from now on.
    for (const stored of staged.values()) if (!isFinished(stored)) this.#archive.drop(stored.id);
    for (const { write, stored } of accepted) write.resolve(structuredClone(stored));
  }
}

/** Why `write` may not be applied over `current` (the stored request, if any), or undefined. */
function refuse(write: PendingWrite, current: { version: number } | undefined): StoreError | undefined {
  const { id, version } = write.request;
  if (write.kind === 'create') {
    return current ? new StoreError('exists', `Request ${id} already exists.`) : undefined;
  }
  if (!current) return new StoreError('conflict', `Request ${id} is not stored; it cannot be replaced.`);
  return current.version === version
    ? undefined
    : new StoreError('conflict', `Request ${id} changed (version ${current.version}, not ${version}).`);
}
