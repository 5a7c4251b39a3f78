/**
 * Expiry of pending requests, the approvers' reminder, and picking up open requests after a restart. A
 * request nobody approved within its policy's TTL expires once (a compare-and-set makes one writer win,
 * whichever process fires first); halfway through its TTL the approvers are mentioned once in its
 * thread (the reminder is stored before it is posted, so no restart posts it again); a `starting`
 * request found at start is reconciled with OOS instead of being started blindly.
 */
import { isStoreError } from '../errors.js';
import type { InstallRequest } from '../model.js';
import { reminderDueAt } from '../policy/check-decision.js';
import { startingWaves } from '../rollout/rollout-state.js';
import { rolloutOf } from '../rollout/rollout-steps.js';
import { announce, applyTransition, forget, type InstallContext, tellThread } from './install-context.js';
import { launchKey, reconcileStarting } from './launch-request.js';
import { launchStage } from './launch-waves.js';
import { postConfirmation } from './request-install.js';

/** When the request's reminder is due, if it wants one and has not had it. */
function reminderDue(request: InstallRequest): number | undefined {
  if (request.remindedAt) return undefined;
  const due = reminderDueAt(
    new Date(request.createdAt),
    request.policy.ttlMinutes,
    request.remindApprovers ?? false,
  );
  return due?.getTime();
}

/**
 * Sets the request's one timer: for its reminder when that comes first, else for its expiry (a timer
 * past setTimeout's range fires early and sets itself again).
 */
export function scheduleExpiry(ctx: InstallContext, request: InstallRequest): void {
  const now = ctx.clock.now().getTime();
  const next = Math.min(Date.parse(request.expiresAt), reminderDue(request) ?? Number.POSITIVE_INFINITY);
  ctx.timers.set(request.id, next - now, () => expireOrRetry(ctx, request.id));
}

/** Wait before trying an expiry or reminder again when the store could not take the write. */
const STORE_RETRY_MS = 30_000;

/** Runs the timer's work; a store that cannot write leaves the request as it was, to be tried again. */
async function expireOrRetry(ctx: InstallContext, requestId: string): Promise<void> {
  try {
    await expireIfDue(ctx, requestId);
  } catch (err) {
    if (!isStoreError(err, 'unavailable')) throw err;
    ctx.log.warn({ err, requestId }, 'expiry not saved; trying again later');
    ctx.timers.set(requestId, STORE_RETRY_MS, () => expireOrRetry(ctx, requestId));
  }
}

/** Mentions the approvers once when the request has waited half its TTL; the store decides who posts. */
async function remindIfDue(ctx: InstallContext, request: InstallRequest): Promise<InstallRequest> {
  const now = ctx.clock.now().getTime();
  const due = reminderDue(request);
  if (due === undefined || now < due) return request;
  const { request: reminded, changed } = await applyTransition(
    ctx,
    request.id,
    { type: 'remind' },
    (current) => current.status === 'pending' && !current.remindedAt,
  );
  if (!reminded) return request;
  if (changed) {
    ctx.log.info({ requestId: request.id }, 'approvers reminded');
    await tellThread(ctx, reminded, { kind: 'reminder' });
  }
  return reminded;
}

/** Expires the request if it is still pending and its time is up; otherwise reminds and waits again. */
export async function expireIfDue(ctx: InstallContext, requestId: string): Promise<void> {
  const now = ctx.clock.now().getTime();
  const { request, changed } = await applyTransition(
    ctx,
    requestId,
    { type: 'expire' },
    (current) => current.status === 'pending' && now >= Date.parse(current.expiresAt),
  );
  if (!request) return;
  if (!changed) {
    if (request.status === 'pending') scheduleExpiry(ctx, await remindIfDue(ctx, request));
    return;
  }
  ctx.log.info({ requestId }, 'install request expired');
  forget(ctx, requestId);
  await announce(ctx, request, { kind: 'expired' });
}

/** On start: expire what is overdue, reschedule the other expiries, reconcile `starting` requests and waves. */
export async function resumeRequests(ctx: InstallContext): Promise<void> {
  const open = await ctx.store.list({ statuses: ['pending', 'starting', 'running'] });
  for (const request of open) {
    try {
      if (request.status === 'pending') {
        // Its confirmation was promised but never recorded (a crash or a long outage): the outbox
        // still holds it, or knows where it landed.
        if (!request.messageTs) void postConfirmation(ctx, request);
        await expireIfDue(ctx, request.id);
      } else if (request.status === 'starting') await reconcileStarting(ctx, request.id);
      // A rollout that crashed between claiming a wave and recording its start: start (or adopt) it now.
      else if (startingWaves(rolloutOf(request)).length > 0) {
        await launchStage(ctx, request.id, launchKey(request));
      }
    } catch (err) {
      ctx.log.error({ err, requestId: request.id }, 'could not resume install request');
    }
  }
}
