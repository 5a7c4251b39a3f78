/**
 * Keeping the promises of the store after a restart: every recent request whose state promises a post
 * that the outbox never recorded (the process died between the two writes) gets it promised again.
 */
import type { Clock, Logger, OutboxStore, RequestNotifier, RequestStore } from '../ports.js';
import { promisedPosts, promiseKey } from './promises.js';

/** How far back a restart looks for promises the outbox may have missed. */
export const PROMISE_WINDOW_MS = 24 * 60 * 60_000;

/** What keepPromises reads and writes. */
export interface KeepPromisesDeps {
  store: RequestStore;
  outbox: OutboxStore;
  notifier: RequestNotifier;
  clock: Clock;
  logger: Logger;
  /** The poll timeout in minutes (words of the pending report). */
  pendingTimeoutMinutes: number;
}

/** Promises again what recent states promise and the outbox lacks; returns how many posts. */
export async function keepPromises(deps: KeepPromisesDeps): Promise<number> {
  const since = (await deps.outbox.since()).getTime();
  const from = Math.max(since, deps.clock.now().getTime() - PROMISE_WINDOW_MS);
  // Only requests changed inside the window: a restart reads none of the history.
  const requests = await deps.store.list({
    statuses: ['running', 'succeeded', 'failed', 'cancelled'],
    updatedSince: new Date(from).toISOString(),
  });
  let repeated = 0;
  for (const request of requests) {
    let missed = false;
    for (const { at, event } of promisedPosts(request, deps.pendingTimeoutMinutes)) {
      const key = promiseKey(request.id, event);
      if (Date.parse(at) < from || key === undefined || (await deps.outbox.get(key))) continue;
      await deps.notifier.notify(request, event);
      missed = true;
      repeated += 1;
    }
    if (missed) await deps.notifier.refreshRequestMessage(request);
  }
  if (repeated > 0)
    deps.logger.warn({ posts: repeated }, 'promised posts the outbox had missed are queued again');
  return repeated;
}
