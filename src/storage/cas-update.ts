/**
 * The read-modify-write loop of RequestStore.update on top of get and a compare-and-set put: read,
 * let `change` decide, write if the version still matches, and on a conflict read again and re-decide.
 */
import { isStoreError, StoreError } from '../domain/errors.js';
import type { InstallRequest } from '../domain/model.js';
import type { RequestStore } from '../domain/ports.js';

/**
 * Most rounds one update tries. Every lost round means another writer's change was stored, so this is
 * only reached under a storm of writes to one request.
 */
const MAX_ROUNDS = 100;

/** RequestStore.update for a store that has `get` and a compare-and-set `put`. */
export async function updateWithRetry(
  store: Pick<RequestStore, 'get' | 'put'>,
  id: string,
  change: (current: InstallRequest) => InstallRequest | undefined,
): Promise<InstallRequest | undefined> {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const current = await store.get(id);
    if (!current) return undefined;
    const next = change(current);
    if (!next) return current;
    try {
      return await store.put({ ...next, id, version: current.version });
    } catch (err) {
      if (!isStoreError(err, 'conflict')) throw err;
    }
  }
  throw new StoreError('conflict', `Request ${id} kept changing under ${MAX_ROUNDS} attempts to update it.`);
}
