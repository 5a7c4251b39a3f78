/**
 * What the thread hears about a rollout and the channel's guardrails: a wave started, the rollout paused
 * (after the canary, a failure or for a freeze), went on or stopped, a click on its buttons refused, an
 * approval refused by a freeze, and the approvers' reminder. Part of the notifier's RequestEvent.
 */

/** Why a `continue_rollout` / `stop_rollout` click did nothing. */
export type RolloutRefusalReason = 'not_approver' | 'not_paused' | 'freeze';

/** A freeze window as the thread shows it: its reason and when the freeze ends. */
export interface FreezeNote {
  reason: string;
  until: string;
}

/** Rollout and guardrail events; the state they describe is on the request (`rollout`, `execution`). */
export type RolloutEvent =
  /** The waves of `stage` were started. */
  | { kind: 'wave_started'; stage: number }
  /** The rollout waits for an approver (`request.rollout.pause` says why), with the two buttons. */
  | { kind: 'rollout_paused' }
  | { kind: 'rollout_continued'; by: string }
  | { kind: 'rollout_stopped'; by: string }
  | { kind: 'rollout_refused'; by: string; reason: RolloutRefusalReason; freeze?: FreezeNote }
  /** An approval given inside a freeze window was not counted. */
  | { kind: 'approval_frozen'; by: string; freeze: FreezeNote }
  /** Half the approval TTL has passed: the approvers are mentioned once. */
  | { kind: 'reminder' };
