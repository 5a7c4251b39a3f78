/**
 * What every store derives from a request to index it: whether it is finished (kept out of the hot
 * set, pruned by retention) and which execution ids find it.
 */
import type { InstallRequest, RequestStatus } from '../domain/model.js';

/** Statuses in which a request is still waiting, starting or running. */
export const LIVE_STATUSES = ['pending', 'starting', 'running'] as const satisfies readonly RequestStatus[];

/** Statuses after which a request changes only for bookkeeping (reports, history). */
export const FINISHED_STATUSES = [
  'succeeded',
  'failed',
  'cancelled',
  'rejected',
  'expired',
  'withdrawn',
  'blocked',
  'start_failed',
] as const satisfies readonly RequestStatus[];

/** True when the request reached a finished status. */
export function isFinished(request: Pick<InstallRequest, 'status'>): boolean {
  return (FINISHED_STATUSES as readonly RequestStatus[]).includes(request.status);
}

/** Every OOS execution id the request is known by: its execution's, and each wave's of a rollout. */
export function executionIdsOf(request: InstallRequest): string[] {
  const ids = [request.execution?.executionId, ...(request.rollout?.waves ?? []).map((w) => w.executionId)];
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

/** Milliseconds in one day, for retention windows. */
export const DAY_MS = 86_400_000;

/**
 * True when a finished request was last changed before `now - retentionDays` (0 keeps everything).
 * Pending and running requests are never old enough.
 */
export function isPastRetention(
  request: Pick<InstallRequest, 'status' | 'updatedAt'>,
  retentionDays: number,
  now: Date,
): boolean {
  if (retentionDays <= 0 || !isFinished(request)) return false;
  return Date.parse(request.updatedAt) < now.getTime() - retentionDays * DAY_MS;
}
