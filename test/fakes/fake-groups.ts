/** A UserGroupDirectory from a fixed map; counts lookups. */
import type { UserGroupDirectory } from '../../src/domain/install/ports.js';

/** User-group members for tests. */
export class FakeUserGroups implements UserGroupDirectory {
  readonly #groups: Record<string, string[]>;
  lookups = 0;

  constructor(groups: Record<string, string[]> = {}) {
    this.#groups = groups;
  }

  async members(groupId: string): Promise<string[]> {
    this.lookups += 1;
    return this.#groups[groupId] ?? [];
  }
}
