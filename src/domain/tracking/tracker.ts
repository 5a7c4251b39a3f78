/**
 * The execution tracker: one polling loop for the whole bot that follows every running install until
 * OOS reports Success, Failed or Cancelled, tells the request's thread only what changed, posts the
 * final report exactly once (and a pending report after the timeout), and resumes from the store after
 * a restart. Polling is batched: one ListExecutions chain per region and cycle, per-instance details
 * (ListTaskExecutions) only for executions that changed. A rollout's running waves are found in the
 * same chain: no call per wave beyond its execution's; between waves a rollout costs no call at all.
 */
import { CloudError } from '../errors.js';
import { transition } from '../install/request-state.js';
import { type Execution, type InstallRequest, isTerminalStatus, type TaskExecution } from '../model.js';
import type {
  Clock,
  ExecutionWatcher,
  LeaseStore,
  Logger,
  OosPort,
  RequestEvent,
  RequestNotifier,
  RequestStore,
} from '../ports.js';
import type { FreezeNote } from '../rollout/rollout-events.js';
import { type CancelResult, cancelExecution } from './cancel-execution.js';
import { type Counter, emptyStats, forEachLimited, type TrackerCycleStats } from './cycle-stats.js';
import { CONFIGURE_TASK } from './outcomes.js';
import { followAll, RegionLeases } from './region-leases.js';
import {
  idleStep,
  isMultiWave,
  isTrackable,
  runningExecutions,
  runningSince,
  singleWaveStep,
  type TrackingStep,
  waveStep,
} from './tracking-steps.js';
import { verifyWave, withVerified } from './verify-installed.js';

export type { CancelResult, TrackerCycleStats };

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
  /** Several replicas on one store: follow every running request, poll leased regions (region-leases.ts). */
  fleet?: { leases: LeaseStore; owner: string };
  /** The freeze in force in a channel now, if any: a rollout pauses instead of starting its next stage. */
  freezeAt?: (channelId: string, at: Date) => FreezeNote | undefined;
  /** Starts the claimed (`starting`) waves of a rollout's next stage (the install flow's launcher). */
  launchStage?: (requestId: string) => Promise<void>;
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
  /** Per execution: status and UpdateDate last processed with fresh per-instance details. */
  seen?: Record<string, { status: string; updateDate?: string }>;
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

/** Follows started executions; see the module comment. */
export class ExecutionTracker implements ExecutionWatcher {
  private readonly tracked = new Map<string, Tracked>();
  private readonly backoff = new Map<string, RegionBackoff>();
  private readonly regions: RegionLeases;
  private cancelTimer?: () => void;
  private inFlight?: Promise<TrackerCycleStats>;
  private stopped = false;
  private last?: TrackerCycleStats;
  private stats: TrackerCycleStats = emptyStats(new Date(0));
  /** Thread replies of the current cycle, in order; sent per request, one after another, at its end. */
  private outbox: Array<{ request: InstallRequest; event: RequestEvent }> = [];

  constructor(private readonly o: ExecutionTrackerOptions) {
    this.regions = new RegionLeases(o.fleet, o.intervalMs, o.logger);
  }

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
    this.arm(); // in fleet mode the loop runs even with nothing tracked: other replicas start executions
    return resumable.length;
  }

  /** Stop the loop and wait for a cycle in progress to end. Nothing is lost: the store has it all. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    await this.idle();
    await this.regions.releaseAll();
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
   * Cancel the execution of a request (every running wave of a rollout, which stops). Only the requester
   * or an approver may (cancel-execution.ts).
   */
  cancel(
    requestId: string,
    userId: string,
    isApprover: (userId: string, request: InstallRequest) => Promise<boolean>,
  ): Promise<CancelResult> {
    const deps = { ...this.o, watch: (id: string) => this.watch(id) };
    return cancelExecution(deps, requestId, userId, isApprover);
  }

  private arm(): void {
    if (this.stopped || this.cancelTimer || (this.tracked.size === 0 && !this.o.fleet)) return;
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
      const active: Array<{ entry: Tracked; request: InstallRequest }> = [];
      for (const item of await this.loadActive()) {
        // A rollout between stages (paused, stopped, or a stage that failed to start) costs no cloud call.
        if (runningExecutions(item.request).length > 0) active.push(item);
        else await this.settleIdle(item.entry);
      }
      this.stats.tracked = active.length;
      const byRegion = new Map<string, Array<{ entry: Tracked; request: InstallRequest }>>();
      for (const item of active) {
        const regionId = item.request.execution?.regionId ?? '';
        byRegion.set(regionId, [...(byRegion.get(regionId) ?? []), item]);
      }
      const { mine, failures } = await this.regions.claim([...byRegion.keys()]);
      this.count('errors', failures);
      const polls = [...byRegion].filter(([regionId]) => mine.has(regionId));
      await Promise.all(polls.map(([regionId, items]) => this.pollRegion(regionId, items)));
      for (const { entry, request } of active) {
        if (mine.has(request.execution?.regionId ?? '')) await this.checkTimeout(entry);
      }
    } catch (err) {
      this.count('errors');
      this.o.logger.error({ err }, 'tracking cycle failed');
    }
    await this.sendOutbox();
    const stats = { ...this.stats, durationMs: Math.max(0, this.now().getTime() - started.getTime()) };
    this.last = stats;
    this.o.logger.debug({ ...stats }, 'tracking cycle done');
    return stats;
  }

  /** The tracked requests that still need polling; the others are dropped. */
  private async loadActive(): Promise<Array<{ entry: Tracked; request: InstallRequest }>> {
    if (this.o.fleet) {
      const running = (await this.o.store.list({ statuses: ['running'] })).filter(isTrackable);
      return followAll(this.tracked, running, (requestId) => ({ requestId, taskFailures: 0 }));
    }
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
      ...items.map(({ request }) => runningSince(request) ?? now),
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
    const work: Array<{ entry: Tracked; wave: number; execution: Execution }> = [];
    for (const { entry, request } of due) {
      entry.lastPolledAt = now;
      // One execution per running wave, all found in the region's one ListExecutions chain.
      for (const { wave, executionId } of runningExecutions(request)) {
        const execution = byId.get(executionId) ?? (await this.lookUp(pass, executionId, log));
        if (execution) work.push({ entry, wave, execution });
        else if (!pass.throttled)
          log.warn({ requestId: request.id, executionId }, 'execution not found in OOS');
      }
    }
    await forEachLimited(work, TASK_CONCURRENCY, ({ entry, wave, execution }) =>
      this.apply(pass, entry, wave, execution),
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
  private async apply(pass: RegionPass, entry: Tracked, wave: number, execution: Execution): Promise<void> {
    const log = this.o.logger.child({ requestId: entry.requestId, executionId: execution.executionId });
    try {
      const request = await this.o.store.get(entry.requestId);
      if (!request || !isTrackable(request)) {
        this.tracked.delete(entry.requestId);
        return;
      }
      const terminal = isTerminalStatus(execution.status);
      const seen = entry.seen?.[execution.executionId];
      const changed = seen?.status !== execution.status || seen?.updateDate !== execution.updateDate;
      let tasks: TaskExecution[] | undefined;
      if (changed && !pass.throttled) tasks = await this.fetchTasks(pass, entry, execution, log);
      const fresh = !changed || tasks !== undefined;
      if (terminal && !fresh && !this.giveUpOnTasks(entry)) return;
      if (fresh) {
        entry.seen = {
          ...entry.seen,
          [execution.executionId]: { status: execution.status, updateDate: execution.updateDate },
        };
      }
      const freeze = this.o.freezeAt?.(request.channelId, this.now());
      const checks = terminal ? await verifyWave(this.o.oos, request, wave, execution, tasks) : [];
      // One compare-and-set write; if a cancel click wrote first, the step is worked out again on it.
      let step: TrackingStep = {};
      const stored = await this.o.store.update(entry.requestId, (current) => {
        step = {};
        if (!isTrackable(current)) return undefined;
        const checked = withVerified(current, checks);
        step = isMultiWave(checked)
          ? waveStep(checked, wave, execution, tasks, this.now(), freeze)
          : singleWaveStep(checked, execution, tasks, this.now());
        return step.next;
      });
      if (!stored || !isTrackable(stored)) this.tracked.delete(entry.requestId);
      const { tell, launch } = step as TrackingStep;
      if (stored && launch) this.launch(stored.id);
      if (!stored || !tell) return;
      if (tell.event.kind === 'final_report') {
        this.count('finished');
        log.info({ status: execution.status }, 'execution finished');
      }
      this.post({ ...tell.request, version: stored.version }, tell.event);
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

  /** A rollout with no wave running: settle it (pause, next stage, or final report) in one write. */
  private async settleIdle(entry: Tracked): Promise<void> {
    try {
      let step: TrackingStep = {};
      const stored = await this.o.store.update(entry.requestId, (current) => {
        step = isTrackable(current)
          ? idleStep(current, this.now(), this.o.freezeAt?.(current.channelId, this.now()))
          : {};
        return step.next;
      });
      const { tell, launch } = step as TrackingStep;
      // Nothing to poll until someone answers the pause (continue or stop watches it again).
      if (!stored || !launch) this.tracked.delete(entry.requestId);
      if (stored && launch) this.launch(stored.id);
      if (stored && tell) {
        if (tell.event.kind === 'final_report') this.count('finished');
        this.post({ ...tell.request, version: stored.version }, tell.event);
      }
    } catch (err) {
      this.count('errors');
      this.o.logger.error({ err, requestId: entry.requestId }, 'settling a rollout failed');
    }
  }

  /** Starts the waves a step claimed, after its write; a failure is the launcher's to report. */
  private launch(requestId: string): void {
    this.o
      .launchStage?.(requestId)
      .catch((err: unknown) => this.o.logger.error({ err, requestId }, 'starting the next wave failed'));
  }

  private async checkTimeout(entry: Tracked): Promise<void> {
    if (!this.tracked.has(entry.requestId)) return;
    try {
      const now = this.now();
      let due = false;
      const next = await this.o.store.update(entry.requestId, (current) => {
        const execution = current.execution;
        const since = runningSince(current);
        due =
          isTrackable(current) &&
          execution !== undefined &&
          since !== undefined &&
          !execution.pendingReportAt &&
          now.getTime() - since >= this.o.timeoutMs;
        return due ? transition(current, { type: 'pending_report' }, now) : undefined;
      });
      if (!next || !due) return;
      this.o.logger.info(
        { requestId: next.id, executionId: next.execution?.executionId },
        'poll timeout: pending report',
      );
      this.post(next, { kind: 'pending_report', timeoutMinutes: roundMinutes(this.o.timeoutMs) });
    } catch (err) {
      this.count('errors');
      this.o.logger.error({ err, requestId: entry.requestId }, 'pending report failed');
    }
  }

  /** Queues a thread reply and a refresh of the confirmation message for the end of the cycle. */
  private post(request: InstallRequest, event: RequestEvent): void {
    this.count('notifications');
    this.outbox.push({ request, event });
  }

  /**
   * Sends the cycle's replies: one request's in the order they were queued, different requests side by
   * side, so one slow thread holds up no other.
   */
  private async sendOutbox(): Promise<void> {
    const byRequest = new Map<string, Array<{ request: InstallRequest; event: RequestEvent }>>();
    for (const item of this.outbox)
      byRequest.set(item.request.id, [...(byRequest.get(item.request.id) ?? []), item]);
    this.outbox = [];
    await Promise.all(
      [...byRequest.values()].map(async (items) => {
        for (const { request, event } of items) {
          try {
            await this.o.notifier.notify(request, event);
            await this.o.notifier.refreshRequestMessage(request);
          } catch (err) {
            this.o.logger.error(
              { err, requestId: request.id, kind: event.kind },
              'telling the thread failed',
            );
          }
        }
      }),
    );
  }
}

/** Minutes to three decimals: a sub-minute timeout (e.g. 0.005) must not read as "0 minutes". */
function roundMinutes(ms: number): number {
  return Math.round((ms / 60_000) * 1000) / 1000;
}
