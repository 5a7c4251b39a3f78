/**
 * Launching an approved request (status `starting`): under the launch lock of its (region, package),
 * check that no duplicate install runs and call StartExecution exactly once per wave of the first stage
 * (one wave unless the request rolls out as a canary or in waves), with the wave's ClientToken and the
 * request's tag. After a crash, a `starting` request is reconciled: its executions are adopted if OOS
 * has them, else started with the same tokens (so OOS could never run one twice). Later stages start
 * through launch-waves.ts.
 */
import { DomainError, isStoreError } from '../errors.js';
import { type Execution, executionConsoleUrl, type InstallRequest } from '../model.js';
import type { RolloutWave } from '../rollout/rollout-model.js';
import { nextPlannedStage, wavesOfStage } from '../rollout/rollout-state.js';
import { rolloutOf } from '../rollout/rollout-steps.js';
import { findDuplicates } from './duplicates.js';
import { failureDetail } from './failure-detail.js';
import { announce, applyTransition, forget, type InstallContext } from './install-context.js';
import {
  launchKeyOf,
  ownExecutions,
  scheduleUnconfirmedWaves,
  startWaves,
  UNCONFIRMED_FIRST_RETRY_MS,
  unconfirmedRetryMs,
  type WaveStart,
  withWaveStarts,
} from './launch-waves.js';
import { canTransition, transition } from './request-state.js';
import { lostHiddenValues } from './secrets.js';
import { buildStartParameters } from './start-parameters.js';

/** The launch lock's key: two requests for one package in one region never pass the check together. */
export const launchKey = launchKeyOf;

/**
 * Starts a stored `starting` request: secrets present, no duplicate running, then StartExecution.
 * Returns the request as stored afterwards (running, blocked or start_failed, or as another writer left it).
 */
export function launchRequest(
  ctx: InstallContext,
  request: InstallRequest,
): Promise<InstallRequest | undefined> {
  return ctx.launchLock.withLock(launchKey(request), async () => {
    const current = await ctx.store.get(request.id);
    // Another process (or an earlier call) launched or settled it while this one waited for the lock.
    if (current?.status !== 'starting') return current;
    try {
      return await launchNow(ctx, current);
    } catch (err) {
      if (!isStoreError(err, 'unavailable')) throw err;
      // The outcome could not be saved: the request stays `starting` (its approval is saved), and is
      // reconciled with OOS (by tag, then by ClientToken) once the store takes writes again.
      ctx.log.error({ err, requestId: current.id }, 'launch outcome not saved; reconciling later');
      ctx.timers.set(current.id, UNCONFIRMED_FIRST_RETRY_MS, () => reconcileStarting(ctx, current.id));
      return current;
    }
  });
}

/** A `starting` request found at start or on a retry: adopt its execution if OOS has one, else launch it. */
export async function reconcileStarting(ctx: InstallContext, requestId: string): Promise<void> {
  const request = await ctx.store.get(requestId);
  if (request?.status !== 'starting') return;
  let existing: Map<number, Execution>;
  try {
    existing = await ownExecutions(ctx, request);
  } catch (err) {
    ctx.log.warn({ err, requestId }, 'could not look up the execution of a starting request');
    // An unconfirmed start is also asked by its ClientToken: StartExecution with the same token
    // returns the execution if OOS ran it, and runs it if not (the approval stands).
    if (
      request.startUnconfirmedAt &&
      lostHiddenValues(request, ctx.vault.get(requestId) ?? {}).length === 0
    ) {
      await launchRequest(ctx, request);
      return;
    }
    ctx.timers.set(requestId, retryDelayMs(ctx, request), () => reconcileStarting(ctx, requestId));
    return;
  }
  const waves = firstStage(request);
  const adopted = waves.flatMap((w) => {
    const execution = existing.get(w.number);
    return execution ? [{ wave: w.number, execution }] : [];
  });
  const first = adopted[0];
  if (first && adopted.length === waves.length) await recordStarted(ctx, request, first.execution, adopted);
  else await launchRequest(ctx, request);
}

async function launchNow(ctx: InstallContext, request: InstallRequest): Promise<InstallRequest | undefined> {
  const log = ctx.log.child({ requestId: request.id });
  const secrets = ctx.vault.get(request.id) ?? {};
  const lost = lostHiddenValues(request, secrets);
  if (lost.length > 0) {
    const message = `secret values of ${lost.join(', ')} were lost in a restart`;
    return failStart(
      ctx,
      request,
      new DomainError('expired', message, { kind: 'secrets_lost', names: lost }),
    );
  }
  let duplicates: Awaited<ReturnType<typeof findDuplicates>> = [];
  // A start that may have run already was checked before its first attempt: checking again would
  // count its own execution, or fail while OOS is unreachable and wrongly say "not started".
  if (!request.startUnconfirmedAt) {
    try {
      duplicates = await findDuplicates(ctx.oos, {
        regionId: request.regionId,
        packageName: request.packageName,
        instanceIds: request.instanceIds,
        ownRequestId: request.id,
      });
    } catch (err) {
      log.warn({ err }, 'duplicate check failed before starting');
      return failStart(
        ctx,
        request,
        new DomainError('conflict', `could not check for running installs: ${failureDetail(err)}`, {
          kind: 'duplicate_check_failed',
          cause: err,
        }),
      );
    }
  }
  if (duplicates.length > 0) {
    const detail = duplicates.map((d) => d.executionId).join(', ');
    const { request: blocked, changed } = await applyTransition(ctx, request.id, {
      type: 'blocked',
      detail,
      duplicates,
    });
    if (changed && blocked) {
      forget(ctx, request.id);
      log.info(
        { duplicates: duplicates.map((d) => d.executionId) },
        'install blocked by a running execution',
      );
      await announce(ctx, blocked, { kind: 'blocked', duplicates });
    }
    return blocked;
  }
  const starts = await startWaves(ctx, request, firstStage(request), secrets);
  const first = starts.find((s) => 'execution' in s);
  if (!first || !('execution' in first)) {
    const failure = starts.find((s) => 'error' in s);
    const error = failure && 'error' in failure ? failure.error : undefined;
    // OOS may have run it and could not be asked: keep asking rather than say "not started".
    if (failure && 'unconfirmed' in failure && failure.unconfirmed) {
      return keepUnconfirmed(ctx, request, error);
    }
    return failStart(ctx, request, error);
  }
  return recordStarted(ctx, request, first.execution, starts);
}

/** The waves of the rollout's first stage (the one wave of a plain request). */
function firstStage(request: InstallRequest): RolloutWave[] {
  return wavesOfStage(rolloutOf(request), 1);
}

/** Records the started execution (once, whoever wins the write), tells the thread and starts tracking. */
async function recordStarted(
  ctx: InstallContext,
  request: InstallRequest,
  execution: Execution,
  starts: readonly WaveStart[],
): Promise<InstallRequest | undefined> {
  const consoleUrl = executionConsoleUrl(request.regionId, execution.executionId);
  let changed = false;
  const started = await ctx.store.update(request.id, (current) => {
    changed = canTransition(current.status, 'started');
    if (!changed) return undefined;
    const now = ctx.clock.now();
    const running = transition(
      current,
      {
        type: 'started',
        executionId: execution.executionId,
        regionId: current.regionId,
        consoleUrl,
        // For a rollout: the Parameters every wave shares, over all of the request's instances.
        startParameters: JSON.stringify(buildStartParameters(current)),
        status: execution.status,
        statusMessage: execution.statusMessage,
      },
      now,
    );
    return current.rollout ? withWaveStarts(running, starts, now) : running;
  });
  if (!changed || !started) return started;
  // Later waves still need the secret values; they are dropped once the last stage has started.
  ctx.timers.cancel(request.id);
  if (nextPlannedStage(rolloutOf(started)) === undefined) ctx.vault.delete(request.id);
  // A wave of the first stage whose start OOS did not confirm is asked about again, as later stages'.
  scheduleUnconfirmedWaves(ctx, started);
  ctx.log.info({ requestId: request.id, executionId: execution.executionId }, 'install started');
  await announce(ctx, started, { kind: 'started', executionId: execution.executionId, consoleUrl });
  ctx.watcher.watch(request.id);
  return started;
}

/** How long to wait before asking OOS again: quickly at first, then every RECONCILE_RETRY_MS. */
function retryDelayMs(ctx: InstallContext, request: InstallRequest): number {
  return unconfirmedRetryMs(ctx.clock.now(), request.startUnconfirmedAt);
}

/**
 * StartExecution may have run and OOS could not confirm it: the request stays `starting`, marked
 * unconfirmed (the thread hears it once), its secrets are kept for a start with the same ClientToken,
 * and OOS is asked again later.
 */
async function keepUnconfirmed(
  ctx: InstallContext,
  request: InstallRequest,
  error: unknown,
): Promise<InstallRequest | undefined> {
  const { request: kept, changed } = await applyTransition(
    ctx,
    request.id,
    { type: 'start_unconfirmed', detail: failureDetail(error) },
    (current) => current.status === 'starting' && !current.startUnconfirmedAt,
  );
  if (changed && kept) {
    ctx.log.warn({ requestId: request.id }, 'start unconfirmed: asking OOS again later');
    await announce(ctx, kept, { kind: 'start_unconfirmed', error });
  }
  const current = kept ?? request;
  if (current.status === 'starting') {
    ctx.timers.set(request.id, retryDelayMs(ctx, current), () => reconcileStarting(ctx, request.id));
  }
  return current;
}

/** Marks the request start_failed (once) and tells the thread why. */
async function failStart(
  ctx: InstallContext,
  request: InstallRequest,
  error: unknown,
): Promise<InstallRequest | undefined> {
  const { request: failed, changed } = await applyTransition(ctx, request.id, {
    type: 'start_failed',
    detail: failureDetail(error),
  });
  if (changed && failed) {
    forget(ctx, request.id);
    await announce(ctx, failed, { kind: 'start_failed', error });
  }
  return failed;
}
