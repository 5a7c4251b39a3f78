/**
 * Expiry of pending requests, and picking up open requests after a restart. A request nobody approved
 * within its policy's TTL expires once (a compare-and-set makes one writer win, whichever process fires
 * first); a `starting` request found at start is reconciled with OOS instead of being started blindly.
 */
import type { InstallRequest } from '../model.js';
import { announce, applyTransition, forget, type InstallContext } from './install-context.js';
import { reconcileStarting } from './launch-request.js';

/** Sets the request's expiry timer (a timer past setTimeout's range fires early and sets itself again). */
export function scheduleExpiry(ctx: InstallContext, request: InstallRequest): void {
  const wait = Date.parse(request.expiresAt) - ctx.clock.now().getTime();
  ctx.timers.set(request.id, wait, () => expireIfDue(ctx, request.id));
}

/** Expires the request if it is still pending and its time is up; otherwise waits again. */
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
    if (request.status === 'pending') scheduleExpiry(ctx, request);
    return;
  }
  ctx.log.info({ requestId }, 'install request expired');
  forget(ctx, requestId);
  await announce(ctx, request, { kind: 'expired' });
}

/** On start: expire what is overdue, reschedule the other expiries, reconcile `starting` requests. */
export async function resumeRequests(ctx: InstallContext): Promise<void> {
  const open = await ctx.store.list({ statuses: ['pending', 'starting'] });
  for (const request of open) {
    try {
      if (request.status === 'pending') await expireIfDue(ctx, request.id);
      else await reconcileStarting(ctx, request.id);
    } catch (err) {
      ctx.log.error({ err, requestId: request.id }, 'could not resume install request');
    }
  }
}
