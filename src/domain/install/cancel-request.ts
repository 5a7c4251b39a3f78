/**
 * Cancelling a running install. Who may: its requester, or an approver of it (whoever approved it or
 * whoever its policy lets approve). The execution tracker does the cancel itself (CancelExecution, the
 * thread reply, the next poll reports Cancelled).
 */
import type { InstallRequest } from '../model.js';
import type { CancelResult } from '../tracking/tracker.js';
import { isApproverOf } from './approval-policy.js';
import type { UserGroupDirectory } from './ports.js';

/** Cancels executions for a user the caller has judged (the tracker implements it). */
export interface ExecutionCanceller {
  cancel(
    requestId: string,
    userId: string,
    mayCancel: (userId: string, request: InstallRequest) => Promise<boolean>,
  ): Promise<CancelResult>;
}

/** True when `userId` may cancel `request`: its requester or one of its approvers. */
export async function mayCancel(
  request: InstallRequest,
  userId: string,
  groups: UserGroupDirectory,
): Promise<boolean> {
  return userId === request.requester || isApproverOf(request, userId, (g) => groups.members(g));
}

/** Cancels the execution of `requestId` on behalf of `userId`, if the rule above lets them. */
export function cancelRequest(
  deps: { canceller: ExecutionCanceller; groups: UserGroupDirectory },
  requestId: string,
  userId: string,
): Promise<CancelResult> {
  return deps.canceller.cancel(requestId, userId, (user, request) => mayCancel(request, user, deps.groups));
}
