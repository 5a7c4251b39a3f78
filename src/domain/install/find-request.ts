/** Finding a request from what a person or a button gives: its id or one of its OOS execution ids. */
import type { InstallRequest } from '../model.js';
import type { RequestStore } from '../ports.js';

/** The request whose id, or one of whose execution ids, is `idOrExecutionId` (spaces trimmed). */
export async function findRequest(
  store: Pick<RequestStore, 'get' | 'findByExecutionId'>,
  idOrExecutionId: string,
): Promise<InstallRequest | undefined> {
  const key = idOrExecutionId.trim();
  return (await store.get(key)) ?? (await store.findByExecutionId(key));
}
