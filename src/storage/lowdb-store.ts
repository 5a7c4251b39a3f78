/**
 * RequestStore on a lowdb JSON file. lowdb's writer (steno) writes a temp file and renames it, so the
 * file is always a whole document; writes are queued so they land in order, and each is a
 * compare-and-set on the request's version. Memory is never ahead of disk: a change is visible only once
 * the file holding it is written. A file that cannot be read or does not match the schema is never
 * overwritten: opening fails with StoreOpenError.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { StoreError } from '../domain/errors.js';
import { maskRequestSecrets } from '../domain/install/secrets.js';
import type { InstallRequest, RequestStatus } from '../domain/model.js';
import type { Logger, RequestStore } from '../domain/ports.js';
import { updateWithRetry } from './cas-update.js';
import { StoreOpenError } from './store-open-error.js';
import { STORE_VERSION, StoreDocument } from './store-schema.js';

export { StoreOpenError };

/** The lowdb-backed store; `file` is the resolved path it writes. */
export interface LowdbRequestStore extends RequestStore {
  readonly file: string;
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
export async function openLowdbStore(file: string, logger: Logger): Promise<LowdbRequestStore> {
  const path = resolve(file);
  const log = logger.child({ component: 'store', file: path });
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (err) {
    throw new StoreOpenError(path, `its directory could not be created (${(err as Error).message})`, {
      cause: err,
    });
  }
  const exists = await stat(path).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw new StoreOpenError(path, `it could not be read (${err.message})`, { cause: err });
    },
  );
  const db = new Low<unknown>(new JSONFile<unknown>(path), null);
  let document: StoreDocument = { version: STORE_VERSION, requests: [] };
  if (exists) {
    try {
      await db.read();
    } catch (err) {
      const problem =
        err instanceof SyntaxError
          ? 'it is not valid JSON'
          : `it could not be read (${(err as Error).message})`;
      throw new StoreOpenError(path, problem, { cause: err });
    }
    document = parseDocument(path, db.data);
  }
  const store = new LowdbStore(path, db as Low<StoreDocument>, document, log);
  if (!exists) {
    await store.flush().catch((err: unknown) => {
      throw new StoreOpenError(path, `it could not be created (${(err as Error).message})`, { cause: err });
    });
  }
  log.info({ requests: document.requests.length, created: !exists }, 'request store opened');
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
  readonly #log: Logger;
  /** Requests as they are on disk, in insertion order. Replaced only after a write succeeded. */
  #requests: InstallRequest[];
  readonly #index = new Map<string, number>();
  #queue: Promise<void> = Promise.resolve();
  /** Writes that wait for the next disk write: a burst of changes shares one write. */
  #batch: PendingWrite[] | undefined;

  constructor(file: string, db: Low<StoreDocument>, document: StoreDocument, log: Logger) {
    this.file = file;
    this.#db = db;
    this.#log = log;
    this.#requests = document.requests;
    for (const [i, r] of this.#requests.entries()) this.#index.set(r.id, i);
    this.#db.data = document;
  }

  async get(id: string): Promise<InstallRequest | undefined> {
    const at = this.#index.get(id);
    return at === undefined ? undefined : structuredClone(this.#requests[at]);
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

  async list(
    filter: { requester?: string; statuses?: RequestStatus[]; limit?: number } = {},
  ): Promise<InstallRequest[]> {
    const found = this.#requests
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => filter.requester === undefined || r.requester === filter.requester)
      .filter(({ r }) => filter.statuses === undefined || filter.statuses.includes(r.status))
      .sort((a, b) => b.r.createdAt.localeCompare(a.r.createdAt) || b.i - a.i)
      .map(({ r }) => structuredClone(r));
    return filter.limit === undefined ? found : found.slice(0, Math.max(0, filter.limit));
  }

  async findByExecutionId(executionId: string): Promise<InstallRequest | undefined> {
    const found = this.#requests.find((r) => r.execution?.executionId === executionId);
    return found && structuredClone(found);
  }

  close(): Promise<void> {
    return this.#queue;
  }

  /** Writes the document as it is (creates the file of a new store). */
  flush(): Promise<void> {
    const write = this.#queue.then(() => this.#db.write());
    this.#queue = write.catch(() => undefined);
    return write;
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
      const current = staged.get(id) ?? (at === undefined ? undefined : this.#requests[at]);
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

  /** Writes the document with `staged` applied; publishes it on success, else fails every write. */
  async #write(
    staged: Map<string, InstallRequest>,
    accepted: Array<{ write: PendingWrite; stored: InstallRequest }>,
  ): Promise<void> {
    const requests = [...this.#requests];
    const added: string[] = [];
    for (const [id, stored] of staged) {
      const at = this.#index.get(id);
      if (at === undefined) {
        added.push(id);
        requests.push(stored);
      } else {
        requests[at] = stored;
      }
    }
    const before = this.#db.data;
    this.#db.data = { version: STORE_VERSION, requests };
    try {
      await this.#db.write();
    } catch (err) {
      this.#db.data = before;
      this.#log.error({ err, writes: accepted.length }, 'request store write failed');
      const error = new StoreError('unavailable', `The request store ${this.file} could not be written.`, {
        cause: err,
      });
      for (const { write } of accepted) write.reject(error);
      return;
    }
    this.#requests = requests;
    for (const [i, id] of added.entries()) this.#index.set(id, requests.length - added.length + i);
    for (const { write, stored } of accepted) write.resolve(structuredClone(stored));
  }
}

/** Why `write` may not be applied over `current` (the stored request, if any), or undefined. */
function refuse(write: PendingWrite, current: InstallRequest | undefined): StoreError | undefined {
  const { id, version } = write.request;
  if (write.kind === 'create') {
    return current ? new StoreError('exists', `Request ${id} already exists.`) : undefined;
  }
  if (!current) return new StoreError('conflict', `Request ${id} is not stored; it cannot be replaced.`);
  return current.version === version
    ? undefined
    : new StoreError('conflict', `Request ${id} changed (version ${current.version}, not ${version}).`);
}
