/**
 * Starting a rollout's waves: each wave is one StartExecution with its own ClientToken (derived from the
 * request id and the wave number) and the request's tag plus its wave number. A stage's waves are
 * claimed (`starting`) in the store before any call, by whoever moved the rollout on (the tracker after
 * a wave, a `continue_rollout` click, or the first approval for stage 1). Starting them is safe to
 * repeat: the executions OOS already has for the request are adopted by tag first, and a repeated
 * StartExecution with the same ClientToken returns the execution it started; so after a crash (or on a
 * second replica) no wave is ever started twice.
 */
import { DomainError } from '../errors.js';
import { BULK_INSTALL_TEMPLATE, type Execution, type InstallRequest } from '../model.js';
import type { RolloutWave } from '../rollout/rollout-model.js';
import {
  nextPlannedStage,
  recordWaveStarted,
  recordWaveStartFailed,
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

/** What starting one wave gave: its execution, or why it did not start (in words for the thread). */
export type WaveStart =
  | { wave: number; execution: Execution }
  | { wave: number; problem: string; error: unknown };

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
          : { wave: wave.number, problem: failureDetail(err), error: err },
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
    rollout =
      'execution' in start
        ? recordWaveStarted(rollout, start.wave, start.execution, at)
        : recordWaveStartFailed(rollout, start.wave, start.problem, at);
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
 * which no wave started is settled at once (the rollout pauses with the buttons).
 */
export function launchStage(ctx: InstallContext, requestId: string, launchKey: string): Promise<void> {
  return ctx.launchLock.withLock(launchKey, async () => {
    const request = await ctx.store.get(requestId);
    if (request?.status !== 'running') return;
    const waves = startingWaves(rolloutOf(request));
    if (waves.length === 0) return;
    const starts = await startStage(ctx, request, waves);
    let settled: RolloutStep = { events: [] };
    const stored = await ctx.store.update(requestId, (current) => {
      if (current.status !== 'running') return undefined;
      const next = withWaveStarts(current, starts, ctx.clock.now(), true);
      settled = settle(next, ctx.clock.now());
      return settled.next ?? next;
    });
    if (!stored) return;
    if (nextPlannedStage(rolloutOf(stored)) === undefined) ctx.vault.delete(requestId);
    const started = starts.filter((s) => 'execution' in s).length;
    ctx.log.info({ requestId, waves: starts.map((s) => s.wave), started }, 'rollout stage started');
    const stage = waves[0]?.stage ?? 0;
    if (started > 0) await tellThread(ctx, stored, { kind: 'wave_started', stage });
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
  let existing: Map<number, Execution>;
  try {
    existing = await ownExecutions(ctx, request);
  } catch (err) {
    return fail(err);
  }
  const fresh = waves.filter((w) => !existing.has(w.number));
  if (fresh.length === 0) return startWaves(ctx, request, waves, {}, existing);
  const secrets = ctx.vault.get(request.id) ?? {};
  const lost = lostHiddenValues(request, secrets);
  if (lost.length > 0) {
    const message = `secret values of ${lost.join(', ')} were lost in a restart`;
    const error = new DomainError('expired', message, { kind: 'secrets_lost', names: lost });
    return waves.map((w) =>
      existing.has(w.number)
        ? { wave: w.number, execution: existing.get(w.number) as Execution }
        : { wave: w.number, problem: failureDetail(error), error },
    );
  }
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
