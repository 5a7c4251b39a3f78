/**
 * The Home tab as a workbench for one user: the requests waiting for their approval, the installs
 * running now that concern them, and their own recent requests with outcomes. Also who a change of
 * one request concerns, so that only their Home tabs are published again.
 */
import { evaluateApproval, isApproverOf } from '../install/approval-policy.js';
import type { InstallRequest } from '../model.js';
import type { RequestStore } from '../ports.js';

/** What one user's Home tab shows. */
export interface Workbench {
  userId: string;
  /** Pending requests this user may approve now, oldest first (the most urgent on top). */
  awaiting: InstallRequest[];
  /** Requests starting or running that this user asked for or may approve, newest first. */
  running: InstallRequest[];
  /** The user's own latest requests, newest first. */
  recent: InstallRequest[];
}

/** Limits of each list (the view also fits them into Slack's 100 blocks). */
export const WORKBENCH_LIMITS = { awaiting: 10, running: 10, recent: 8 } as const;

/** What building a workbench reads. */
export interface WorkbenchDeps {
  store: Pick<RequestStore, 'list'>;
  /** Members of a Slack user group (S…). */
  groupMembers: (groupId: string) => Promise<string[]>;
}

/** The workbench of `userId`. */
export async function buildWorkbench(deps: WorkbenchDeps, userId: string): Promise<Workbench> {
  const [pending, active, recent] = await Promise.all([
    deps.store.list({ statuses: ['pending'] }),
    deps.store.list({ statuses: ['starting', 'running'] }),
    deps.store.list({ requester: userId, limit: WORKBENCH_LIMITS.recent }),
  ]);
  const awaiting: InstallRequest[] = [];
  for (const request of [...pending].reverse()) {
    if (awaiting.length >= WORKBENCH_LIMITS.awaiting) break;
    const verdict = await evaluateApproval({
      policy: request.policy,
      request,
      userId,
      groupMembers: deps.groupMembers,
    });
    if (verdict.allowed) awaiting.push(request);
  }
  const running: InstallRequest[] = [];
  for (const request of active) {
    if (running.length >= WORKBENCH_LIMITS.running) break;
    if (await concerns(request, userId, deps.groupMembers)) running.push(request);
  }
  return { userId, awaiting, running, recent };
}

/** True when `request` shows on the Home tab of `userId`: they asked for it, approved it or may. */
export async function concerns(
  request: InstallRequest,
  userId: string,
  groupMembers: (groupId: string) => Promise<string[]>,
): Promise<boolean> {
  if (request.requester === userId) return true;
  return isApproverOf(request, userId, groupMembers);
}

/**
 * Of the users in `candidates` (those whose Home is kept current), the ones a change of `request`
 * concerns (they approved it or may), and its requester always.
 */
export async function concernedUsers(
  request: InstallRequest,
  candidates: Iterable<string>,
  groupMembers: (groupId: string) => Promise<string[]>,
): Promise<string[]> {
  const users = new Set<string>([request.requester]);
  for (const userId of candidates) {
    if (users.has(userId)) continue;
    if (await concerns(request, userId, groupMembers)) users.add(userId);
  }
  return [...users];
}
