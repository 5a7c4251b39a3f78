/**
 * Who may approve or reject an install request. Approvers are Slack users (U…/W…) and user groups (S…);
 * an empty list means anyone but the requester (unless self-approval is allowed). Approvals are distinct.
 */
import type { ApprovalPolicy, InstallRequest } from '../model.js';

/** Why a click was refused (the same words as the `refused` RequestEvent). */
export type RefusalReason = 'self_approval' | 'not_approver' | 'already_approved' | 'not_pending';

/** The outcome of checking one click. */
export type ApprovalVerdict = { allowed: true } | { allowed: false; reason: RefusalReason };

/** Everything needed to judge one click. */
export interface ApprovalCheck {
  policy: ApprovalPolicy;
  request: InstallRequest;
  userId: string;
  /** Members of a Slack user group (S…). */
  groupMembers: (groupId: string) => Promise<string[]>;
}

/** True when `userId` is named in `approvers`, directly or through a user group. Groups are asked lazily. */
export async function isListedApprover(
  approvers: string[],
  userId: string,
  groupMembers: (groupId: string) => Promise<string[]>,
): Promise<boolean> {
  if (approvers.includes(userId)) return true;
  for (const id of approvers) {
    if (id.startsWith('S') && (await groupMembers(id)).includes(userId)) return true;
  }
  return false;
}

/** Whether `userId` may approve `request` now. Checks status, repeats, self-approval, then the list. */
export async function evaluateApproval(check: ApprovalCheck): Promise<ApprovalVerdict> {
  const { policy, request, userId } = check;
  if (request.status !== 'pending') return { allowed: false, reason: 'not_pending' };
  if (request.approvals.some((a) => a.userId === userId))
    return { allowed: false, reason: 'already_approved' };
  if (userId === request.requester && !policy.allowSelfApproval)
    return { allowed: false, reason: 'self_approval' };
  if (policy.approvers.length === 0) return { allowed: true };
  return (await isListedApprover(policy.approvers, userId, check.groupMembers))
    ? { allowed: true }
    : { allowed: false, reason: 'not_approver' };
}

/** Whether `userId` may reject `request` now: the requester, or anyone allowed to approve it. */
export async function evaluateRejection(check: ApprovalCheck): Promise<ApprovalVerdict> {
  const { policy, request, userId } = check;
  if (request.status !== 'pending') return { allowed: false, reason: 'not_pending' };
  if (userId === request.requester || policy.approvers.length === 0) return { allowed: true };
  return (await isListedApprover(policy.approvers, userId, check.groupMembers))
    ? { allowed: true }
    : { allowed: false, reason: 'not_approver' };
}

/**
 * Whether `userId` counts as an approver of `request` after it started (who may cancel it besides the
 * requester): whoever approved it, or whoever its policy lets approve (anyone but the requester when
 * the approver list is empty).
 */
export async function isApproverOf(
  request: InstallRequest,
  userId: string,
  groupMembers: (groupId: string) => Promise<string[]>,
): Promise<boolean> {
  if (request.approvals.some((a) => a.userId === userId)) return true;
  if (request.policy.approvers.length === 0) return userId !== request.requester;
  return isListedApprover(request.policy.approvers, userId, groupMembers);
}

/**
 * Whether `userId` may steer `request`'s rollout (continue_rollout / stop_rollout): whoever may approve
 * it — a listed approver (directly or through a user group), or anyone when no list is set — and whoever
 * approved it. The requester only where self-approval is allowed.
 */
export async function mayApproveRollout(
  request: InstallRequest,
  userId: string,
  groupMembers: (groupId: string) => Promise<string[]>,
): Promise<boolean> {
  if (userId === request.requester && !request.policy.allowSelfApproval) return false;
  if (request.approvals.some((a) => a.userId === userId)) return true;
  if (request.policy.approvers.length === 0) return true;
  return isListedApprover(request.policy.approvers, userId, groupMembers);
}

/** True once `request` holds the approvals its policy requires. */
export function hasQuorum(request: InstallRequest): boolean {
  return new Set(request.approvals.map((a) => a.userId)).size >= request.policy.requiredApprovals;
}
