/**
 * Starting a rollout's waves: each wave is one StartExecution with its own ClientToken (derived from the
 * request id and the wave number) and the request's tag plus its wave number. A stage's waves are
 * claimed (`starting`) in the store before any call, by whoever moved the rollout on (the tracker after
 * a wave, a `continue_rollout` click, or the first approval for stage 1). Starting them is safe to
 * repeat: the executions OOS already has for the request are adopted by tag first, and a repeated
 * StartExecution with the same ClientToken returns the execution it started; so after a crash (or on a
 * second replica) no wave is ever started twice. A StartExecution whose outcome OOS did not tell (and
 * that a lookup by tag could not settle) leaves its wave `starting`, marked unconfirmed: OOS is asked
 * again (by tag, then by the same ClientToken) until it says, for the first stage and later ones alike.
 */
import { CloudError, DomainError } from '../errors.js';
import { BULK_INSTALL_TEMPLATE, type Execution, type InstallRequest } from '../model.js';
import type { RolloutWave } from '../rollout/rollout-model.js';
import {
  nextPlannedStage,
  recordWaveStarted,
  recordWaveStartFailed,
  recordWaveUnconfirmed,
  startingWaves,
} from '../rollout/rollout-state.js';
import {
  type RolloutStep,
  rolloutInstances,
  rolloutOf,
  rolloutRunningStatus,
  settle,
} from '../rollout/rollout-steps.js';
import { findDuplicates } from './duplicates.js';
import { failureDetail } from './failure-detail.js';
import { type InstallContext, refreshMessage, tellThread } from './install-context.js';
import { transition } from './request-state.js';
import { lostHiddenValues } from './secrets.js';
import { buildStartParameters, REQUEST_TAG, WAVE_TAG } from './start-parameters.js';

/** Wait before retrying to reconcile a `starting` request whose execution lookup failed. */
export const RECONCILE_RETRY_MS = 60_000;
/** First wait before asking OOS again about a start it never confirmed; it grows to RECONCILE_RETRY_MS. */
export const UNCONFIRMED_FIRST_RETRY_MS = 5_000;

/**
 * What starting one wave gave: its execution, or why it did not start (in words for the thread);
 * `unconfirmed` when OOS may have run it all the same (no answer, and the lookup by tag failed too).
 */
export type WaveStart =
  | { wave: number; execution: Execution }
  | { wave: number; problem: string; error: unknown; unconfirmed?: boolean };

/**
 * True when a failed StartExecution may still have run: no answer (network, timeout), a server error,
 * or an answer we could not read. A refusal (bad parameter, permission, throttling) means it did not.
 */
export function outcomeUnknown(err: unknown): boolean {
  if (!(err instanceof CloudError)) return !(err instanceof DomainError);
  return err.kind === 'network' || err.kind === 'server' || err.kind === 'unknown';
}

/** How long to wait before asking OOS again about a start unconfirmed since `since`: quickly, then slower. */
export function unconfirmedRetryMs(now: Date, since: string | undefined): number {
  if (!since) return RECONCILE_RETRY_MS;
  const waited = now.getTime() - Date.parse(since);
  return Math.min(RECONCILE_RETRY_MS, Math.max(UNCONFIRMED_FIRST_RETRY_MS, waited / 2));
}

/** The earliest unconfirmed start among the rollout's `starting` waves, if any. */
function unconfirmedSince(request: InstallRequest): string | undefined {
  return startingWaves(rolloutOf(request))
    .map((w) => w.unconfirmedAt)
    .filter((at): at is string => at !== undefined)
    .sort()[0];
}

/**
 * Asks OOS again later about the running rollout's unconfirmed waves (if any): launchStage adopts
 * them by tag, or repeats their StartExecution with the same ClientToken.
 */
export function scheduleUnconfirmedWaves(ctx: InstallContext, request: InstallRequest): void {
  const since = unconfirmedSince(request);
  if (!since) return;
  const key = launchKeyOf(request);
  ctx.timers.set(request.id, unconfirmedRetryMs(ctx.clock.now(), since), () =>
    launchStage(ctx, request.id, key),
  );
}

/** The launch lock's key: two requests for one package in one region never pass the check together. */
export function launchKeyOf(request: Pick<InstallRequest, 'regionId' | 'packageName'>): string {
  return `launch:${request.regionId}/${request.packageName}`;
}

/** True for a rollout of more than one wave; a one-wave request is tagged and started as always. */
function multiWave(request: InstallRequest): boolean {
  return (request.rollout?.waves.length ?? 1) > 1;
}

/** The tags of a wave's execution: the request's, plus the wave number in a rollout of several waves. */
export function waveTags(request: InstallRequest, wave: RolloutWave): Record<string, string> {
  return multiWave(request)
    ? { [REQUEST_TAG]: request.id, [WAVE_TAG]: String(wave.number) }
    : { [REQUEST_TAG]: request.id };
}

/** The executions OOS has for the request (by its tag), keyed by wave number. */
export async function ownExecutions(
  ctx: InstallContext,
  request: InstallRequest,
): Promise<Map<number, Execution>> {
  const found = await ctx.oos.listExecutions({
    regionId: request.regionId,
    templateName: BULK_INSTALL_TEMPLATE,
    tags: { [REQUEST_TAG]: request.id },
  });
  const byWave = new Map<number, Execution>();
  for (const execution of found) {
    if (execution.tags[REQUEST_TAG] !== request.id) continue;
    const wave = Number(execution.tags[WAVE_TAG] ?? '1');
    if (Number.isInteger(wave) && !byWave.has(wave)) byWave.set(wave, execution);
  }
  return byWave;
}

/**
 * Starts `waves` (adopting the executions in `existing`): one StartExecution each, secret values from
 * `secrets`. A refused call is looked up by tag once more before it counts as not started.
 */
export async function startWaves(
  ctx: InstallContext,
  request: InstallRequest,
  waves: readonly RolloutWave[],
  secrets: Record<string, unknown>,
  existing: Map<number, Execution> = new Map(),
): Promise<WaveStart[]> {
  const results: WaveStart[] = [];
  for (const wave of waves) {
    const adopted = existing.get(wave.number);
    if (adopted) {
      results.push({ wave: wave.number, execution: adopted });
      continue;
    }
    try {
      const execution = await ctx.oos.startExecution({
        regionId: request.regionId,
        templateName: BULK_INSTALL_TEMPLATE,
        mode: 'Automatic',
        clientToken: wave.clientToken,
        parameters: buildStartParameters(request, { ...request.parameters, ...secrets }, wave),
        description: `ecs-ext ${request.id}${multiWave(request) ? ` wave ${wave.number}` : ''}`,
        tags: waveTags(request, wave),
      });
      results.push({ wave: wave.number, execution });
    } catch (err) {
      ctx.log.warn({ err, requestId: request.id, wave: wave.number }, 'StartExecution failed');
      const found = await ownExecutions(ctx, request).catch(() => new Map<number, Execution>());
      const execution = found.get(wave.number);
      results.push(
        execution
          ? { wave: wave.number, execution }
          : { wave: wave.number, problem: failureDetail(err), error: err, unconfirmed: outcomeUnknown(err) },
      );
    }
  }
  return results;
}

/**
 * The request with the outcome of each wave's start recorded (a wave already moved on is left alone);
 * `note` adds a history line (for later stages: the first one's is the request's `started`).
 */
export function withWaveStarts(
  request: InstallRequest,
  starts: readonly WaveStart[],
  at: Date,
  note = false,
): InstallRequest {
  let rollout = rolloutOf(request);
  for (const start of starts) {
    if (rollout.waves.find((w) => w.number === start.wave)?.status !== 'starting') continue;
    if ('execution' in start) rollout = recordWaveStarted(rollout, start.wave, start.execution, at);
    else if (start.unconfirmed) rollout = recordWaveUnconfirmed(rollout, start.wave, at);
    else rollout = recordWaveStartFailed(rollout, start.wave, start.problem, at);
  }
  const ids = starts.flatMap((s) => ('execution' in s ? [s.execution.executionId] : []));
  const execution = request.execution ? { ...request.execution } : undefined;
  // A new stage has its own poll timeout: the pending report of an earlier stage does not carry over.
  if (execution) delete execution.pendingReportAt;
  return transition(
    { ...request, ...(execution ? { execution } : {}) },
    {
      type: 'rollout',
      rollout,
      instances: rolloutInstances(rollout, request.execution?.instances ?? []),
      status: rolloutRunningStatus(rollout),
      ...(note && ids.length > 0 ? { note: { type: 'wave_started' as const, detail: ids.join(', ') } } : {}),
    },
    at,
  );
}

/**
 * Starts the claimed waves of a running rollout's next stage, under the launch lock of its (region,
 * package): the secret values must still be held, no other install may run on the stage's instances,
 * executions OOS already has are adopted. Each start (or failure) is recorded in one write; a stage of
 * which no wave started is settled at once (the rollout pauses with the buttons). A wave whose start
 * OOS did not confirm stays `starting` (the thread hears it once) and is asked about again later.
 */
export function launchStage(ctx: InstallContext, requestId: string, launchKey: string): Promise<void> {
  return ctx.launchLock.withLock(launchKey, async () => {
    const request = await ctx.store.get(requestId);
    if (request?.status !== 'running') return;
    const waves = startingWaves(rolloutOf(request));
    if (waves.length === 0) return;
    const starts = await startStage(ctx, request, waves);
    let settled: RolloutStep = { events: [] };
    let newlyUnconfirmed: WaveStart | undefined;
    const stored = await ctx.store.update(requestId, (current) => {
      if (current.status !== 'running') return undefined;
      const before = rolloutOf(current).waves;
      newlyUnconfirmed = starts.find(
        (s) =>
          'unconfirmed' in s &&
          s.unconfirmed &&
          before.some((w) => w.number === s.wave && w.status === 'starting' && !w.unconfirmedAt),
      );
      const next = withWaveStarts(current, starts, ctx.clock.now(), true);
      settled = settle(next, ctx.clock.now());
      return settled.next ?? next;
    });
    if (!stored) return;
    const unsettled = startingWaves(rolloutOf(stored)).length > 0;
    // An unconfirmed wave may need its secret values again, for a StartExecution with the same token.
    if (nextPlannedStage(rolloutOf(stored)) === undefined && !unsettled) ctx.vault.delete(requestId);
    scheduleUnconfirmedWaves(ctx, stored);
    const started = starts.filter((s) => 'execution' in s).length;
    ctx.log.info({ requestId, waves: starts.map((s) => s.wave), started }, 'rollout stage started');
    const stage = waves[0]?.stage ?? 0;
    if (started > 0) await tellThread(ctx, stored, { kind: 'wave_started', stage });
    const unconfirmed = newlyUnconfirmed as WaveStart | undefined;
    if (unconfirmed && 'error' in unconfirmed) {
      ctx.log.warn({ requestId, wave: unconfirmed.wave }, 'wave start unconfirmed: asking OOS again later');
      await tellThread(ctx, stored, { kind: 'start_unconfirmed', error: unconfirmed.error });
    }
    for (const event of (settled as RolloutStep).events) await tellThread(ctx, stored, event);
    await refreshMessage(ctx, stored);
    ctx.watcher.watch(requestId);
  });
}

/** The checks before a later stage, then its StartExecutions. */
async function startStage(
  ctx: InstallContext,
  request: InstallRequest,
  waves: readonly RolloutWave[],
): Promise<WaveStart[]> {
  const fail = (error: unknown) =>
    waves.map((w) => ({ wave: w.number, problem: failureDetail(error), error }));
  // Waves already sent to StartExecution without an answer: OOS may run them, so a failed lookup
  // never counts as "not started" for them, and their duplicate check was done before the first try.
  const unconfirmed = waves.every((w) => w.unconfirmedAt !== undefined);
  const secrets = ctx.vault.get(request.id) ?? {};
  const lost = lostHiddenValues(request, secrets);
  let existing: Map<number, Execution>;
  try {
    existing = await ownExecutions(ctx, request);
  } catch (err) {
    if (!unconfirmed) return fail(err);
    ctx.log.warn({ err, requestId: request.id }, 'could not look up unconfirmed waves by tag');
    // Without the secret values the same ClientToken cannot be sent again: ask by tag later.
    if (lost.length > 0) return fail(err).map((start) => ({ ...start, unconfirmed: true }));
    return startWaves(ctx, request, waves, secrets);
  }
  const fresh = waves.filter((w) => !existing.has(w.number));
  if (fresh.length === 0) return startWaves(ctx, request, waves, {}, existing);
  if (lost.length > 0) {
    const message = `secret values of ${lost.join(', ')} were lost in a restart`;
    const error = new DomainError('expired', message, { kind: 'secrets_lost', names: lost });
    return waves.map((w) =>
      existing.has(w.number)
        ? { wave: w.number, execution: existing.get(w.number) as Execution }
        : { wave: w.number, problem: failureDetail(error), error },
    );
  }
  if (unconfirmed) return startWaves(ctx, request, waves, secrets, existing);
  try {
    const duplicates = await findDuplicates(ctx.oos, {
      regionId: request.regionId,
      packageName: request.packageName,
      instanceIds: fresh.flatMap((w) => w.instanceIds),
      ownRequestId: request.id,
    });
    if (duplicates.length > 0) {
      const ids = duplicates.map((d) => d.executionId);
      const message = `another execution installs this package on the wave's instances: ${ids.join(', ')}`;
      return fail(new DomainError('conflict', message, { kind: 'wave_blocked', executionIds: ids }));
    }
  } catch (err) {
    return fail(
      new DomainError('conflict', `could not check for running installs: ${failureDetail(err)}`, {
        kind: 'duplicate_check_failed',
        cause: err,
      }),
    );
  }
  return startWaves(ctx, request, waves, secrets, existing);
}
