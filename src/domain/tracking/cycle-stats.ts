/** The figures of one tracking cycle (for logs and the benchmark), and the bounded-concurrency helper it polls with. */

/** What one polling cycle did, for logs and the benchmark. */
export interface TrackerCycleStats {
  /** When the cycle started (ISO). */
  at: string;
  durationMs: number;
  /** Requests being tracked when the cycle started. */
  tracked: number;
  regionsPolled: number;
  /** ListExecutions chains over a region (one per polled region unless it failed). */
  listExecutionsCalls: number;
  /** ListExecutions by ExecutionId for executions missing from their region's list. */
  fallbackLookups: number;
  taskExecutionCalls: number;
  /** Every OOS call of the cycle. */
  cloudCalls: number;
  throttled: number;
  errors: number;
  notifications: number;
  /** Executions that reached a terminal status (final report posted). */
  finished: number;
}

/** A counter of TrackerCycleStats. */
export type Counter = Exclude<keyof TrackerCycleStats, 'at' | 'durationMs' | 'tracked'>;

/** Figures of a cycle that has done nothing yet. */
export function emptyStats(at: Date): TrackerCycleStats {
  return {
    at: at.toISOString(),
    durationMs: 0,
    tracked: 0,
    regionsPolled: 0,
    listExecutionsCalls: 0,
    fallbackLookups: 0,
    taskExecutionCalls: 0,
    cloudCalls: 0,
    throttled: 0,
    errors: 0,
    notifications: 0,
    finished: 0,
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
