/**
 * RequestStore on a lowdb JSON file. lowdb's writer (steno) writes a temp file and renames it, so the
 * file is always a whole document; writes are queued so they land in order. A file that cannot be read
 * or does not match the schema is never overwritten: opening fails with StoreOpenError.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { maskRequestSecrets } from '../domain/install/secrets.js';
import type { InstallRequest, RequestStatus } from '../domain/model.js';
import type { Logger, RequestStore } from '../domain/ports.js';
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

class LowdbStore implements LowdbRequestStore {
  readonly file: string;
  readonly #db: Low<StoreDocument>;
  readonly #log: Logger;
  /** Requests in insertion order; `put` of a known id replaces it in place. */
  readonly #requests: InstallRequest[];
  readonly #index = new Map<string, number>();
  #queue: Promise<void> = Promise.resolve();
  /** A queued write that has not started yet: later changes ride along instead of queuing another. */
  #pending: Promise<void> | undefined;

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

  put(request: InstallRequest): Promise<void> {
    const copy = structuredClone(maskRequestSecrets(request));
    const at = this.#index.get(copy.id);
    if (at === undefined) {
      this.#index.set(copy.id, this.#requests.length);
      this.#requests.push(copy);
    } else {
      this.#requests[at] = copy;
    }
    return this.flush();
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

  /**
   * Queues a write of the whole document; resolves once a write including this state is on disk.
   * Writes are serialized, and a burst of changes shares one write (the document is serialized when
   * the write starts, so it includes every change made before then).
   */
  flush(): Promise<void> {
    if (this.#pending) return this.#pending;
    const write = this.#queue.then(() => {
      this.#pending = undefined;
      return this.#db.write();
    });
    this.#pending = write;
    this.#queue = write.catch((err: unknown) => {
      this.#log.error({ err }, 'request store write failed');
    });
    return write;
  }
}
