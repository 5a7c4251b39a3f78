/**
 * The execution tracker: one polling loop for the whole bot that follows every running install until
 * OOS reports Success, Failed or Cancelled, tells the request's thread only what changed, posts the
 * final report exactly once (and a pending report after the timeout), and resumes from the store after
 * a restart. Polling is batched: one ListExecutions chain per region and cycle, per-instance details
 * (ListTaskExecutions) only for executions that changed.
 */
import { CloudError } from '../errors.js';
import { transition } from '../install/request-state.js';
import {
  type Execution,
  type InstallRequest,
  type InstanceOutcome,
  isTerminalStatus,
  type TaskExecution,
} from '../model.js';
import type {
  Clock,
  ExecutionWatcher,
  Logger,
  OosPort,
  RequestEvent,
  RequestNotifier,
  RequestStore,
} from '../ports.js';
import { withoutCredentials } from './credentials.js';
import { buildInstanceOutcomes, CONFIGURE_TASK } from './outcomes.js';
import { progressKey } from './progress.js';

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

/** Outcome of a cancel button press. */
export type CancelResult =
  | { ok: true; request: InstallRequest }
  | { ok: false; reason: 'not_found' | 'not_running' | 'not_allowed' | 'already_requested' }
  | { ok: false; reason: 'failed'; error: unknown };

/** What the tracker is built from. */
export interface ExecutionTrackerOptions {
  oos: OosPort;
  store: RequestStore;
  notifier: RequestNotifier;
  clock: Clock;
  logger: Logger;
  /** Poll interval (ECS_EXT_POLL_INTERVAL_SECONDS). */
  intervalMs: number;
  /** Time after the start at which a pending report is posted (ECS_EXT_POLL_TIMEOUT_MINUTES). */
  timeoutMs: number;
  /** Template of the tracked executions (BULK_INSTALL_TEMPLATE); filters ListExecutions. */
  templateName: string;
}

/** After the pending report, executions are polled this many times less often. */
export const SLOW_POLL_FACTOR = 5;
/** Longest wait a throttled region backs off to (unless the interval itself is longer). */
export const MAX_BACKOFF_MS = 5 * 60_000;
/** ListExecutions asks for executions started this long before the earliest tracked start (clock skew). */
export const START_DATE_MARGIN_MS = 10 * 60_000;
/** A terminal execution whose per-instance details keep failing is reported without them after this. */
const TASK_FETCH_ATTEMPTS = 3;
/** ListTaskExecutions calls in flight at once within a region. */
const TASK_CONCURRENCY = 4;

interface Tracked {
  requestId: string;
  /** Status and UpdateDate last processed with fresh per-instance details. */
  seen?: { status: string; updateDate?: string };
  taskFailures: number;
  lastTaskError?: unknown;
  lastPolledAt?: number;
}

interface RegionBackoff {
  delayMs: number;
  notBefore: number;
}

interface RegionPass {
  regionId: string;
  /** Set once the region throttled us in this cycle: no more calls to it. */
  throttled: boolean;
}

type Counter = Exclude<keyof TrackerCycleStats, 'at' | 'durationMs' | 'tracked'>;

/** Follows started executions; see the module comment. */
export class ExecutionTracker implements ExecutionWatcher {
  private readonly tracked = new Map<string, Tracked>();
  private readonly backoff = new Map<string, RegionBackoff>();
  private readonly locks = new Map<string, Promise<void>>();
  private cancelTimer?: () => void;
  private inFlight?: Promise<TrackerCycleStats>;
  private stopped = false;
  private last?: TrackerCycleStats;
  private stats: TrackerCycleStats = emptyStats(new Date(0));
  private outbox: Array<Promise<void>> = [];

  constructor(private readonly o: ExecutionTrackerOptions) {}

  /** Begin tracking the execution of this request (idempotent; the loop starts if it was idle). */
  watch(requestId: string): void {
    if (this.stopped) return;
    if (!this.tracked.has(requestId)) this.tracked.set(requestId, { requestId, taskFailures: 0 });
    this.arm();
  }

  /** Track again every running request of the store (after a restart). Returns how many. */
  async resume(): Promise<number> {
    const running = await this.o.store.list({ statuses: ['running'] });
    const resumable = running.filter(isTrackable);
    for (const request of resumable) this.watch(request.id);
    this.o.logger.info({ count: resumable.length }, 'execution tracking resumed');
    return resumable.length;
  }

  /** Stop the loop and wait for a cycle in progress to end. Nothing is lost: the store has it all. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    await this.idle();
  }

  /** Resolves when no cycle is running. */
  async idle(): Promise<void> {
    await this.inFlight;
  }

  /** Figures of the last completed cycle. */
  cycleStats(): TrackerCycleStats | undefined {
    return this.last;
  }

  /** Ids of the requests being tracked. */
  trackedRequestIds(): string[] {
    return [...this.tracked.keys()];
  }

  /** Run one cycle now (the loop calls this; a call during a cycle joins it). */
  runCycle(): Promise<TrackerCycleStats> {
    if (!this.inFlight) {
      this.inFlight = this.cycle().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  /**
   * Cancel the execution of a request. Only the requester or an approver may; the thread hears about the
   * request (or the failure) and the next poll reports Cancelled.
   */
  async cancel(
    requestId: string,
    userId: string,
    isApprover: (userId: string, request: InstallRequest) => Promise<boolean>,
  ): Promise<CancelResult> {
    return this.withLock(requestId, async (): Promise<CancelResult> => {
      const request = await this.o.store.get(requestId);
      if (!request) return { ok: false, reason: 'not_found' };
      const execution = request.execution;
      if (request.status !== 'running' || !execution || isTerminalStatus(execution.status)) {
        return { ok: false, reason: 'not_running' };
      }
      if (userId !== request.requester && !(await isApprover(userId, request))) {
        return { ok: false, reason: 'not_allowed' };
      }
      if (cancelOutstanding(request)) return { ok: false, reason: 'already_requested' };
      const log = this.o.logger.child({ requestId, executionId: execution.executionId, user: userId });
      try {
        await this.o.oos.cancelExecution({
          regionId: execution.regionId,
          executionId: execution.executionId,
        });
      } catch (error) {
        log.warn({ err: error }, 'cancel execution failed');
        const failed = transition(
          request,
          { type: 'cancel_failed', by: userId, detail: errorDetail(error) },
          this.now(),
        );
        await this.o.store.put(failed);
        await this.o.notifier.notify(failed, { kind: 'cancel_failed', by: userId, error });
        return { ok: false, reason: 'failed', error };
      }
      log.info({}, 'cancel requested');
      const next = transition(request, { type: 'cancel_requested', by: userId }, this.now());
      await this.o.store.put(next);
      await this.o.notifier.notify(next, { kind: 'cancel_requested', by: userId });
      await this.o.notifier.refreshRequestMessage(next);
      this.watch(requestId);
      return { ok: true, request: next };
    });
  }

  private arm(): void {
    if (this.stopped || this.cancelTimer || this.tracked.size === 0) return;
    this.cancelTimer = this.o.clock.setTimer(this.o.intervalMs, () => {
      this.cancelTimer = undefined;
      void this.runCycle().then(() => this.arm());
    });
  }

  private now(): Date {
    return this.o.clock.now();
  }

  private count(counter: Counter, by = 1): void {
    this.stats[counter] += by;
  }

  private async cycle(): Promise<TrackerCycleStats> {
    const started = this.now();
    this.stats = emptyStats(started);
    this.outbox = [];
    try {
      const active = await this.loadActive();
      this.stats.tracked = active.length;
      const byRegion = new Map<string, Array<{ entry: Tracked; request: InstallRequest }>>();
      for (const item of active) {
        const regionId = item.request.execution?.regionId ?? '';
        byRegion.set(regionId, [...(byRegion.get(regionId) ?? []), item]);
      }
      await Promise.all([...byRegion].map(([regionId, items]) => this.pollRegion(regionId, items)));
      for (const { entry } of active) await this.checkTimeout(entry);
    } catch (err) {
      this.count('errors');
      this.o.logger.error({ err }, 'tracking cycle failed');
    }
    await Promise.allSettled(this.outbox);
    const stats = { ...this.stats, durationMs: Math.max(0, this.now().getTime() - started.getTime()) };
    this.last = stats;
    this.o.logger.debug({ ...stats }, 'tracking cycle done');
    return stats;
  }

  /** The tracked requests that still need polling; the others are dropped. */
  private async loadActive(): Promise<Array<{ entry: Tracked; request: InstallRequest }>> {
    const active: Array<{ entry: Tracked; request: InstallRequest }> = [];
    for (const entry of [...this.tracked.values()]) {
      const request = await this.o.store.get(entry.requestId);
      if (request && isTrackable(request)) active.push({ entry, request });
      else this.tracked.delete(entry.requestId);
    }
    return active;
  }

  private isDue(entry: Tracked, request: InstallRequest, now: number): boolean {
    if (!request.execution?.pendingReportAt || entry.lastPolledAt === undefined) return true;
    return now - entry.lastPolledAt >= this.o.intervalMs * SLOW_POLL_FACTOR;
  }

  private async pollRegion(
    regionId: string,
    items: Array<{ entry: Tracked; request: InstallRequest }>,
  ): Promise<void> {
    const now = this.now().getTime();
    const backoff = this.backoff.get(regionId);
    if (backoff && now < backoff.notBefore) return;
    const due = items.filter(({ entry, request }) => this.isDue(entry, request, now));
    if (due.length === 0) return;
    const pass: RegionPass = { regionId, throttled: false };
    const log = this.o.logger.child({ regionId });
    const earliest = Math.min(
      ...items.map(({ request }) => Date.parse(request.execution?.startedAt ?? '') || now),
    );
    let executions: Execution[];
    this.count('regionsPolled');
    try {
      this.count('listExecutionsCalls');
      this.count('cloudCalls');
      executions = await this.o.oos.listExecutions({
        regionId,
        templateName: this.o.templateName,
        startDateAfter: new Date(earliest - START_DATE_MARGIN_MS).toISOString(),
      });
    } catch (err) {
      this.failed(pass, err, log, 'listing executions failed');
      return;
    }
    this.backoff.delete(regionId);
    const byId = new Map(executions.map((e) => [e.executionId, e]));
    const work: Array<{ entry: Tracked; execution: Execution }> = [];
    for (const { entry, request } of due) {
      const executionId = request.execution?.executionId ?? '';
      entry.lastPolledAt = now;
      const execution = byId.get(executionId) ?? (await this.lookUp(pass, executionId, log));
      if (execution) work.push({ entry, execution });
      else if (!pass.throttled)
        log.warn({ requestId: request.id, executionId }, 'execution not found in OOS');
    }
    await forEachLimited(work, TASK_CONCURRENCY, ({ entry, execution }) =>
      this.apply(pass, entry, execution),
    );
  }

  /** Fallback for an execution missing from its region's list (started before the window, filtered…). */
  private async lookUp(pass: RegionPass, executionId: string, log: Logger): Promise<Execution | undefined> {
    if (pass.throttled || executionId === '') return undefined;
    try {
      this.count('fallbackLookups');
      this.count('cloudCalls');
      const found = await this.o.oos.listExecutions({ regionId: pass.regionId, executionId });
      return found.find((e) => e.executionId === executionId);
    } catch (err) {
      this.failed(pass, err, log, 'looking up an execution failed');
      return undefined;
    }
  }

  /** Logs a failed call; on throttling backs the region off (doubling, honouring Retry-After). */
  private failed(pass: RegionPass, err: unknown, log: Logger, message: string): void {
    if (err instanceof CloudError && err.kind === 'throttled') {
      pass.throttled = true;
      this.count('throttled');
      const cap = Math.max(MAX_BACKOFF_MS, this.o.intervalMs);
      const previous = this.backoff.get(pass.regionId)?.delayMs ?? this.o.intervalMs;
      const delayMs = Math.min(previous * 2, cap);
      const waitMs = Math.max(delayMs, (err.retryAfterSeconds ?? 0) * 1000);
      this.backoff.set(pass.regionId, { delayMs, notBefore: this.now().getTime() + waitMs });
      log.warn({ err, code: err.code, waitMs }, `${message}: throttled, backing off`);
      return;
    }
    this.count('errors');
    log.warn({ err }, `${message}; retrying next cycle`);
  }

  /** Brings one request up to date with what OOS said about its execution. */
  private async apply(pass: RegionPass, entry: Tracked, execution: Execution): Promise<void> {
    const log = this.o.logger.child({ requestId: entry.requestId, executionId: execution.executionId });
    try {
      await this.withLock(entry.requestId, async () => {
        const request = await this.o.store.get(entry.requestId);
        if (!request || !isTrackable(request)) {
          this.tracked.delete(entry.requestId);
          return;
        }
        const terminal = isTerminalStatus(execution.status);
        const changed =
          entry.seen?.status !== execution.status || entry.seen?.updateDate !== execution.updateDate;
        let tasks: TaskExecution[] | undefined;
        if (changed && !pass.throttled) tasks = await this.fetchTasks(pass, entry, execution, log);
        const fresh = !changed || tasks !== undefined;
        if (terminal && !fresh && !this.giveUpOnTasks(entry)) return;
        if (fresh) entry.seen = { status: execution.status, updateDate: execution.updateDate };
        const current = request.execution?.instances ?? [];
        const instances = buildInstanceOutcomes(request.instanceIds, execution, tasks, current);
        if (terminal) await this.finish(request, execution, instances, log);
        else await this.progress(request, execution, instances);
      });
    } catch (err) {
      this.count('errors');
      log.error({ err }, 'updating a tracked request failed');
    }
  }

  private async fetchTasks(
    pass: RegionPass,
    entry: Tracked,
    execution: Execution,
    log: Logger,
  ): Promise<TaskExecution[] | undefined> {
    try {
      this.count('taskExecutionCalls');
      this.count('cloudCalls');
      const tasks = await this.o.oos.listTaskExecutions({
        regionId: pass.regionId,
        executionId: execution.executionId,
        taskName: CONFIGURE_TASK,
        includeChildren: true,
      });
      entry.taskFailures = 0;
      return tasks;
    } catch (err) {
      entry.taskFailures += 1;
      entry.lastTaskError = err;
      this.failed(pass, err, log, 'listing task executions failed');
      return undefined;
    }
  }

  /** Report a terminal execution without per-instance details when they cannot be had. */
  private giveUpOnTasks(entry: Tracked): boolean {
    const err = entry.lastTaskError;
    const hopeless = err instanceof CloudError && (err.kind === 'permission' || err.kind === 'not_found');
    return hopeless || entry.taskFailures >= TASK_FETCH_ATTEMPTS;
  }

  private async progress(
    request: InstallRequest,
    execution: Execution,
    instances: InstanceOutcome[],
  ): Promise<void> {
    const before = request.execution;
    if (!before) return;
    const next = withoutCredentials(
      transition(
        request,
        { type: 'status', status: execution.status, statusMessage: execution.statusMessage, instances },
        this.now(),
      ),
    );
    const after = next.execution ?? before;
    const key = progressKey(after);
    if (key !== before.lastNotifiedKey) {
      const told: InstallRequest = { ...next, execution: { ...after, lastNotifiedKey: key } };
      await this.o.store.put(told);
      const enteredWaiting = after.status === 'Waiting' && before.status !== 'Waiting';
      this.post(told, enteredWaiting ? { kind: 'waiting' } : { kind: 'progress' });
      return;
    }
    const changed =
      after.status !== before.status ||
      after.statusMessage !== before.statusMessage ||
      JSON.stringify(after.instances) !== JSON.stringify(before.instances);
    if (changed) await this.o.store.put(next);
  }

  /**
   * Terminal status: the finished state and `finalReportAt` are stored in one write before the report is
   * posted, so neither a second cycle nor a restart can post it again. The store gets the outputs with
   * credentials masked; the report is rendered from the unmasked copy so the requester gets them privately.
   */
  private async finish(
    request: InstallRequest,
    execution: Execution,
    instances: InstanceOutcome[],
    log: Logger,
  ): Promise<void> {
    const at = this.now();
    const status = execution.status as 'Success' | 'Failed' | 'Cancelled';
    const finished = transition(
      request,
      { type: 'finished', status, statusMessage: execution.statusMessage, instances },
      at,
    );
    const ended = finished.execution ?? request.execution;
    if (!ended) return;
    const withEnd: InstallRequest = {
      ...finished,
      execution: {
        ...ended,
        endedAt: validTime(execution.endDate) ?? ended.endedAt ?? at.toISOString(),
        lastNotifiedKey: progressKey(ended),
      },
    };
    const claimed = transition(withEnd, { type: 'final_report' }, at);
    await this.o.store.put(withoutCredentials(claimed));
    this.tracked.delete(request.id);
    this.count('finished');
    log.info({ status }, 'execution finished');
    this.post(claimed, { kind: 'final_report' });
  }

  private async checkTimeout(entry: Tracked): Promise<void> {
    if (!this.tracked.has(entry.requestId)) return;
    try {
      await this.withLock(entry.requestId, async () => {
        const request = await this.o.store.get(entry.requestId);
        const execution = request?.execution;
        if (!request || !execution || !isTrackable(request) || execution.pendingReportAt) return;
        const elapsed = this.now().getTime() - Date.parse(execution.startedAt);
        if (!(elapsed >= this.o.timeoutMs)) return;
        const next = transition(request, { type: 'pending_report' }, this.now());
        await this.o.store.put(next);
        this.o.logger.info(
          { requestId: request.id, executionId: execution.executionId },
          'poll timeout: pending report',
        );
        this.post(next, { kind: 'pending_report', timeoutMinutes: roundMinutes(this.o.timeoutMs) });
      });
    } catch (err) {
      this.count('errors');
      this.o.logger.error({ err, requestId: entry.requestId }, 'pending report failed');
    }
  }

  /** Queues a thread reply and a refresh of the confirmation message; the cycle waits for them at its end. */
  private post(request: InstallRequest, event: RequestEvent): void {
    this.count('notifications');
    const send = async () => {
      await this.o.notifier.notify(request, event);
      await this.o.notifier.refreshRequestMessage(request);
    };
    this.outbox.push(
      send().catch((err: unknown) => {
        this.o.logger.error({ err, requestId: request.id, kind: event.kind }, 'telling the thread failed');
      }),
    );
  }

  /** Runs `job` after every earlier job of the same request (the cycle and cancel never interleave). */
  private withLock<T>(requestId: string, job: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(requestId) ?? Promise.resolve();
    const result = previous.then(job);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(requestId, tail);
    void tail.then(() => {
      if (this.locks.get(requestId) === tail) this.locks.delete(requestId);
    });
    return result;
  }
}

/** A running request with an execution whose final report has not been posted. */
function isTrackable(request: InstallRequest): boolean {
  return request.status === 'running' && request.execution !== undefined && !request.execution.finalReportAt;
}

/** True when a cancel was requested and has not failed since. */
function cancelOutstanding(request: InstallRequest): boolean {
  for (let i = request.history.length - 1; i >= 0; i--) {
    const type = request.history[i]?.type;
    if (type === 'cancel_requested') return true;
    if (type === 'cancel_failed' || type === 'started') return false;
  }
  return false;
}

function errorDetail(error: unknown): string {
  if (error instanceof CloudError)
    return `${error.code}${error.requestId ? ` (RequestId ${error.requestId})` : ''}`;
  return error instanceof Error ? error.name : 'unknown error';
}

function validTime(value: string | undefined): string | undefined {
  return value && Number.isFinite(Date.parse(value)) ? new Date(value).toISOString() : undefined;
}

/** Minutes to three decimals: a sub-minute timeout (e.g. 0.005) must not read as "0 minutes". */
function roundMinutes(ms: number): number {
  return Math.round((ms / 60_000) * 1000) / 1000;
}

function emptyStats(at: Date): TrackerCycleStats {
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
async function forEachLimited<T>(
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
