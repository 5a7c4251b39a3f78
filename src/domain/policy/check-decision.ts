/**
 * Judge an approval against the policy in force now: one call for the "decide on a request" use case.
 * Who may approve stays with the approval policy stored on the request; the channel's current freeze
 * windows decide whether anything may start now.
 */
import { type PolicySet, resolveChannelPolicy } from './channel-policy.js';
import type { FreezeRefusal } from './check-submission.js';
import { activeFreeze } from './freeze.js';

/** The outcome of `checkDecision`. */
export type DecisionVerdict = { allowed: true } | { allowed: false; refusal: FreezeRefusal };

/** Whether an approval given in `channelId` at `now` may count (refused inside a freeze window). */
export function checkDecision(set: PolicySet, channelId: string, now: Date): DecisionVerdict {
  const freeze = activeFreeze(resolveChannelPolicy(set, channelId).rules.freeze, now);
  return freeze
    ? { allowed: false, refusal: { block: 'action', rule: 'freeze', ...freeze } }
    : { allowed: true };
}

/** The freeze in force in `channelId` at `now`, as the thread tells it (its reason and end), if any. */
export function freezeInForce(
  set: PolicySet,
  channelId: string,
  now: Date,
): { reason: string; until: string } | undefined {
  const freeze = activeFreeze(resolveChannelPolicy(set, channelId).rules.freeze, now);
  return freeze ? { reason: freeze.window.reason, until: freeze.until } : undefined;
}

/** When to remind the approvers of a request still waiting: half its TTL after creation, if the policy wants it. */
export function reminderDueAt(
  createdAt: Date,
  ttlMinutes: number,
  remindApprovers: boolean,
): Date | undefined {
  if (!remindApprovers) return undefined;
  return new Date(createdAt.getTime() + (ttlMinutes * 60_000) / 2);
}
