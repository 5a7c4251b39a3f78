/** An in-memory RequestStore with the same behaviour as the lowdb one (copies in and out, masked secrets). */
import { maskRequestSecrets } from '../../src/domain/install/secrets.js';
import type { InstallRequest, RequestStatus } from '../../src/domain/model.js';
import type { RequestStore } from '../../src/domain/ports.js';

/** RequestStore kept in a Map; `puts` counts writes so tests can assert "nothing stored". */
export class MemoryRequestStore implements RequestStore {
  readonly #requests = new Map<string, InstallRequest>();
  #order = 0;
  readonly #seq = new Map<string, number>();
  puts = 0;

  constructor(initial: InstallRequest[] = []) {
    for (const request of initial) this.#save(request);
  }

  async get(id: string): Promise<InstallRequest | undefined> {
    const found = this.#requests.get(id);
    return found && structuredClone(found);
  }

  async put(request: InstallRequest): Promise<void> {
    this.puts += 1;
    this.#save(request);
  }

  async list(
    filter: { requester?: string; statuses?: RequestStatus[]; limit?: number } = {},
  ): Promise<InstallRequest[]> {
    const found = [...this.#requests.values()]
      .filter((r) => filter.requester === undefined || r.requester === filter.requester)
      .filter((r) => filter.statuses === undefined || filter.statuses.includes(r.status))
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

  #save(request: InstallRequest): void {
    if (!this.#seq.has(request.id)) this.#seq.set(request.id, this.#order++);
    this.#requests.set(request.id, structuredClone(maskRequestSecrets(request)));
  }

  #rank(request: InstallRequest): number {
    return this.#seq.get(request.id) ?? 0;
  }
}
