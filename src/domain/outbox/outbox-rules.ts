/**
 * Which outbox items are due, as pure functions over a list of items: the stores that keep the list in
 * memory (lowdb, the test fake) share them, and the PostgreSQL store says the same in SQL.
 */
import type { OutboxItem } from '../ports.js';

/** True while a lease on the item holds at `now`. */
export function isLeased(item: OutboxItem, now: Date): boolean {
  return item.claimedUntil !== undefined && Date.parse(item.claimedUntil) > now.getTime();
}

/**
 * Items that may be leased at `now`, oldest first, at most `limit`: unfinished, due, not leased, and for
 * a request only its oldest unfinished item (a request's posts go out in order, one at a time).
 */
export function dueItems(items: readonly OutboxItem[], now: Date, limit: number): OutboxItem[] {
  const heads = new Map<string, OutboxItem>();
  const loose: OutboxItem[] = [];
  for (const item of items) {
    if (item.doneAt !== undefined) continue;
    if (item.requestId === undefined) {
      loose.push(item);
      continue;
    }
    const head = heads.get(item.requestId);
    if (!head || item.seq < head.seq) heads.set(item.requestId, item);
  }
  return [...heads.values(), ...loose]
    .filter((item) => Date.parse(item.availableAt) <= now.getTime() && !isLeased(item, now))
    .sort((a, b) => a.seq - b.seq)
    .slice(0, Math.max(0, limit));
}

/** Unfinished items: how many, and the earliest time one of them may be tried (lease ends included). */
export function pendingSummary(
  items: readonly OutboxItem[],
  now: Date,
): { count: number; nextDueAt?: string } {
  let count = 0;
  let next: number | undefined;
  for (const item of items) {
    if (item.doneAt !== undefined) continue;
    count += 1;
    const leaseEnd = isLeased(item, now) ? Date.parse(item.claimedUntil as string) : 0;
    const due = Math.max(Date.parse(item.availableAt), leaseEnd);
    if (next === undefined || due < next) next = due;
  }
  return next === undefined ? { count } : { count, nextDueAt: new Date(next).toISOString() };
}

/** Finished items older than `before` can be forgotten (they only de-duplicate late repeats). */
export function isPrunable(item: OutboxItem, before: Date): boolean {
  return item.doneAt !== undefined && Date.parse(item.doneAt) < before.getTime();
}
