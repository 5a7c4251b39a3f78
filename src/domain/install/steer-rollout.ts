/**
 * Answering a paused rollout from its thread: `continue_rollout` starts the next stage, `stop_rollout`
 * starts no further wave (instances not reached are reported as such). Only someone who may approve the
 * request may press them; anyone else, a click on a rollout that is not waiting, or a continue inside a
 * freeze window gets a refusal reply in the thread. The answer is written with one compare-and-set, so
 * of two clicks racing only one moves the rollout.
 */
import { DomainError } from '../errors.js';
import type { InstallRequest } from '../model.js';
import { checkDecision } from '../policy/check-decision.js';
import type { RolloutRefusalReason } from '../rollout/rollout-events.js';
import { continueRollout, nextPlannedStage } from '../rollout/rollout-state.js';
import { type RolloutStep, rolloutInstances, rolloutOf, stopStep } from '../rollout/rollout-steps.js';
import { mayApproveRollout } from './approval-policy.js';
import { type InstallContext, refreshMessage, tellThread } from './install-context.js';
import { launchKey } from './launch-request.js';
import { launchStage } from './launch-waves.js';
import { transition } from './request-state.js';

/** What a click on continue_rollout / stop_rollout did. */
export type SteerResult = { ok: true; request: InstallRequest } | { ok: false; reason: RolloutRefusalReason };

/** A rollout that may still be steered: running, with a stage left to start. */
function steerable(request: InstallRequest): boolean {
  return request.status === 'running' && nextPlannedStage(rolloutOf(request)) !== undefined;
}

async function refuse(
  ctx: InstallContext,
  request: InstallRequest,
  by: string,
  reason: RolloutRefusalReason,
  freeze?: { reason: string; until: string },
): Promise<SteerResult> {
  ctx.log.info({ requestId: request.id, user: by, reason }, 'rollout click refused');
  await tellThread(ctx, request, { kind: 'rollout_refused', by, reason, ...(freeze ? { freeze } : {}) });
  return { ok: false, reason };
}

/** A rollout that waits for a continue: steerable and paused. */
function paused(request: InstallRequest): boolean {
  return steerable(request) && request.rollout?.pause !== undefined;
}

/**
 * The request a rollout click names, with the refusal to answer instead when the clicker may not
 * approve it or it is not in the state (`ready`) the click needs.
 */
async function clicked(
  ctx: InstallContext,
  requestId: string,
  userId: string,
  ready: (request: InstallRequest) => boolean,
): Promise<{ request: InstallRequest; refused?: SteerResult }> {
  const request = await ctx.store.get(requestId);
  if (!request) throw new DomainError('not_found', `No install request ${requestId} was found.`);
  if (!(await mayApproveRollout(request, userId, (g) => ctx.groups.members(g)))) {
    return { request, refused: await refuse(ctx, request, userId, 'not_approver') };
  }
  if (!ready(request)) return { request, refused: await refuse(ctx, request, userId, 'not_paused') };
  return { request };
}

/** Lets a paused rollout go on with its next stage (see the module comment). */
export async function continueRolloutOf(
  ctx: InstallContext,
  requestId: string,
  userId: string,
): Promise<SteerResult> {
  const { request, refused } = await clicked(ctx, requestId, userId, paused);
  if (refused) return refused;
  const decision = checkDecision(ctx.policies, request.channelId, ctx.clock.now());
  if (!decision.allowed) {
    const { window, until } = decision.refusal;
    return refuse(ctx, request, userId, 'freeze', { reason: window.reason, until });
  }
  let moved = false;
  const stored = await ctx.store.update(requestId, (current) => {
    moved = paused(current);
    if (!moved) return undefined;
    const now = ctx.clock.now();
    const rollout = continueRollout(rolloutOf(current), userId, now);
    return transition(
      current,
      {
        type: 'rollout',
        rollout,
        instances: rolloutInstances(rollout, current.execution?.instances ?? []),
        note: { type: 'rollout_continued', actor: userId },
      },
      now,
    );
  });
  if (!stored || !moved) return refuse(ctx, stored ?? request, userId, 'not_paused');
  ctx.log.info({ requestId, user: userId }, 'rollout continued');
  await tellThread(ctx, stored, { kind: 'rollout_continued', by: userId });
  await launchStage(ctx, requestId, launchKey(stored));
  return { ok: true, request: (await ctx.store.get(requestId)) ?? stored };
}

/** Stops a rollout: no further wave starts; the final report follows once no wave runs. */
export async function stopRolloutOf(
  ctx: InstallContext,
  requestId: string,
  userId: string,
): Promise<SteerResult> {
  const { request, refused } = await clicked(ctx, requestId, userId, steerable);
  if (refused) return refused;
  let step: RolloutStep = { events: [] };
  const stored = await ctx.store.update(requestId, (current) => {
    step = steerable(current) ? stopStep(current, userId, ctx.clock.now()) : { events: [] };
    return step.next;
  });
  const { events } = step as RolloutStep;
  if (!stored || events.length === 0) return refuse(ctx, stored ?? request, userId, 'not_paused');
  ctx.vault.delete(requestId);
  ctx.log.info({ requestId, user: userId }, 'rollout stopped');
  for (const event of events) await tellThread(ctx, stored, event);
  await refreshMessage(ctx, stored);
  ctx.watcher.watch(requestId);
  return { ok: true, request: stored };
}
