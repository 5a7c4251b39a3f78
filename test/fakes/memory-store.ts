/**
 * An in-memory RequestStore with the same behaviour as the lowdb one: copies in and out, masked secrets,
 * a compare-and-set on every write. Tests may make writes fail (`failWrites`) or hold them (`holdWrites`).
 */
import { StoreError } from '../../src/domain/errors.js';
import { maskRequestSecrets } from '../../src/domain/install/secrets.js';
import type { InstallRequest } from '../../src/domain/model.js';
import type { RequestFilter, RequestStore } from '../../src/domain/ports.js';
import { updateWithRetry } from '../../src/storage/cas-update.js';

/** RequestStore kept in a Map; `writes` counts stored writes so tests can assert "nothing stored". */
export class MemoryRequestStore implements RequestStore {
  readonly #requests = new Map<string, InstallRequest>();
  #order = 0;
  readonly #seq = new Map<string, number>();
  /** Successful creates and puts. */
  writes = 0;
  /** While true, every create and put fails with StoreError 'unavailable' and changes nothing. */
  failWrites = false;
  /** When set, every create and put waits for it before its version check (to line up racing writers). */
  holdWrites: Promise<void> | undefined;
  /** Writes waiting for `holdWrites` right now. */
  heldWrites = 0;

  constructor(initial: InstallRequest[] = []) {
    for (const request of initial) this.#save(request);
    this.writes = 0;
  }

  async get(id: string): Promise<InstallRequest | undefined> {
    const found = this.#requests.get(id);
    return found && structuredClone(found);
  }

  async create(request: InstallRequest): Promise<InstallRequest> {
    const copy = structuredClone(request);
    await this.#hold();
    this.#checkWritable();
    if (this.#requests.has(copy.id)) throw new StoreError('exists', `Request ${copy.id} already exists.`);
    return this.#save({ ...copy, version: 1 });
  }

  async put(request: InstallRequest): Promise<InstallRequest> {
    const copy = structuredClone(request);
    await this.#hold();
    this.#checkWritable();
    const current = this.#requests.get(copy.id);
    if (!current || current.version !== copy.version) {
      throw new StoreError('conflict', `Request ${copy.id} changed or is not stored.`);
    }
    return this.#save({ ...copy, version: current.version + 1 });
  }

  update(
    id: string,
    change: (current: InstallRequest) => InstallRequest | undefined,
  ): Promise<InstallRequest | undefined> {
    return updateWithRetry(this, id, change);
  }

  async list(filter: RequestFilter = {}): Promise<InstallRequest[]> {
    const since = filter.updatedSince === undefined ? undefined : Date.parse(filter.updatedSince);
    const found = [...this.#requests.values()]
      .filter((r) => filter.requester === undefined || r.requester === filter.requester)
      .filter((r) => filter.statuses === undefined || filter.statuses.includes(r.status))
      .filter((r) => since === undefined || Date.parse(r.updatedAt) >= since)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || this.#rank(b) - this.#rank(a))
      .map((r) => structuredClone(r));
    return filter.limit === undefined ? found : found.slice(0, Math.max(0, filter.limit));
  }

  async findByExecutionId(executionId: string): Promise<InstallRequest | undefined> {
    const found = [...this.#requests.values()].find((r) => r.execution?.executionId === executionId);
    return found && structuredClone(found);
  }

  async close(): Promise<void> {}

  /** Every stored request, in insertion order (raw copies, for assertions). */
  all(): InstallRequest[] {
    return [...this.#requests.values()].map((r) => structuredClone(r));
  }

  async #hold(): Promise<void> {
    if (!this.holdWrites) return;
    this.heldWrites += 1;
    try {
      await this.holdWrites;
    } finally {
      this.heldWrites -= 1;
    }
  }

  #checkWritable(): void {
    if (this.failWrites) throw new StoreError('unavailable', 'The memory store is failing writes (test).');
  }

  #save(request: InstallRequest): InstallRequest {
    if (!this.#seq.has(request.id)) this.#seq.set(request.id, this.#order++);
    const stored = structuredClone(maskRequestSecrets(request));
    this.#requests.set(request.id, stored);
    this.writes += 1;
    return structuredClone(stored);
  }

  #rank(request: InstallRequest): number {
    return this.#seq.get(request.id) ?? 0;
  }
}
