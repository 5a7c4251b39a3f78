/**
 * Deciding on a pending request: approve, reject or withdraw. Who may do what is the approval policy's
 * (approval-policy.ts); the decision is written with a compare-and-set, and when another click changed
 * the request first, it is read again and judged again. The approval that completes the quorum moves the
 * request to `starting`, and only the writer of that move launches it: exactly one StartExecution.
 */
import { DomainError, isStoreError } from '../errors.js';
import type { InstallRequest } from '../model.js';
import { checkDecision } from '../policy/check-decision.js';
import type { FreezeRefusal } from '../policy/check-submission.js';
import { evaluateApproval, evaluateRejection, hasQuorum, type RefusalReason } from './approval-policy.js';
import { announce, forget, type InstallContext, refreshMessage, tellThread } from './install-context.js';
import { launchRequest } from './launch-request.js';
import { transition } from './request-state.js';
import type { DecisionAction, DecisionResult } from './types.js';

/** Rounds of read → judge → write one click tries before giving up (each lost round is another's win). */
const MAX_ROUNDS = 100;

/** Why a decision was refused. */
type Refusal = RefusalReason | 'not_requester';

/**
 * Approve, reject or withdraw. Refusals are told in the thread and return changed=false. The last
 * approval starts the install (duplicate check, exactly one StartExecution).
 */
export async function decideRequest(
  ctx: InstallContext,
  requestId: string,
  userId: string,
  action: DecisionAction,
): Promise<DecisionResult> {
  for (let round = 1; ; round += 1) {
    const request = await ctx.store.get(requestId);
    if (!request) throw new DomainError('not_found', `No install request ${requestId} was found.`);
    const refusal = await judge(ctx, request, userId, action);
    if (refusal) return refuse(ctx, request, userId, refusal);
    if (action === 'approve') {
      // Nothing may start inside a freeze window: the approval is not counted (the policy in force now).
      const decision = checkDecision(ctx.policies, request.channelId, ctx.clock.now());
      if (!decision.allowed) return frozen(ctx, request, userId, decision.refusal);
    }
    let stored: InstallRequest;
    try {
      stored = await ctx.store.put(decided(ctx, request, userId, action));
    } catch (err) {
      // Another click (or a timer) wrote first: judge again on what it left.
      if (isStoreError(err, 'conflict') && round < MAX_ROUNDS) continue;
      throw err;
    }
    return after(ctx, stored, userId, action);
  }
}

/** The reason `userId` may not take `action` on `request` now, or undefined when they may. */
async function judge(
  ctx: InstallContext,
  request: InstallRequest,
  userId: string,
  action: DecisionAction,
): Promise<Refusal | undefined> {
  if (action === 'withdraw') {
    if (userId !== request.requester) return 'not_requester';
    return request.status === 'pending' ? undefined : 'not_pending';
  }
  const check = {
    policy: request.policy,
    request,
    userId,
    groupMembers: (groupId: string) => ctx.groups.members(groupId),
  };
  const verdict = action === 'approve' ? await evaluateApproval(check) : await evaluateRejection(check);
  return verdict.allowed ? undefined : verdict.reason;
}

/** The request after the decision (approval, and `starting` once the quorum is reached). */
function decided(
  ctx: InstallContext,
  request: InstallRequest,
  userId: string,
  action: DecisionAction,
): InstallRequest {
  const now = ctx.clock.now();
  if (action === 'reject') return transition(request, { type: 'reject', by: userId }, now);
  if (action === 'withdraw') return transition(request, { type: 'withdraw', by: userId }, now);
  const approved = transition(request, { type: 'approve', by: userId }, now);
  return hasQuorum(approved) ? transition(approved, { type: 'start_requested' }, now) : approved;
}

/** What follows a stored decision: thread replies, the refreshed message, and the launch. */
async function after(
  ctx: InstallContext,
  request: InstallRequest,
  userId: string,
  action: DecisionAction,
): Promise<DecisionResult> {
  if (action === 'approve') {
    await tellThread(ctx, request, {
      kind: 'approved',
      by: userId,
      count: request.approvals.length,
      required: request.policy.requiredApprovals,
    });
    if (request.status === 'starting') {
      return { request: (await launchRequest(ctx, request)) ?? request, changed: true };
    }
    await refreshMessage(ctx, request);
    return { request, changed: true };
  }
  forget(ctx, request.id);
  await announce(
    ctx,
    request,
    action === 'reject' ? { kind: 'rejected', by: userId } : { kind: 'withdrawn', by: userId },
  );
  return { request, changed: true };
}

async function frozen(
  ctx: InstallContext,
  request: InstallRequest,
  userId: string,
  refusal: FreezeRefusal,
): Promise<DecisionResult> {
  ctx.log.info({ requestId: request.id, user: userId }, 'approval refused: freeze window');
  await tellThread(ctx, request, {
    kind: 'approval_frozen',
    by: userId,
    freeze: { reason: refusal.window.reason, until: refusal.until },
  });
  return { request, changed: false };
}

async function refuse(
  ctx: InstallContext,
  request: InstallRequest,
  userId: string,
  reason: Refusal,
): Promise<DecisionResult> {
  ctx.log.info({ requestId: request.id, user: userId, reason }, 'decision refused');
  await tellThread(ctx, request, { kind: 'refused', by: userId, reason });
  return { request, changed: false };
}
