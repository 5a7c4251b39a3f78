/**
 * Judge an install request against the policy of its channel: one call for the "request an install" use
 * case. Every rule that refuses yields one refusal, keyed by the form block it concerns and carrying
 * what the person needs to put it right; the words are the views'.
 */
import type { ApprovalPolicy } from '../model.js';
import {
  approvalPolicyOf,
  type ChannelPolicy,
  type FreezeWindow,
  type PolicyAction,
  type PolicyRules,
  type PolicySet,
  type RolloutMode,
  resolveChannelPolicy,
} from './channel-policy.js';
import { activeFreeze } from './freeze.js';
import { isPackageAllowed, isRegionAllowed } from './offer.js';

/** Install-form blocks a refusal can point at (contract block ids). */
export type PolicyBlock = 'action' | 'package' | 'region' | 'instances' | 'reason' | 'rollout';

/** What was asked, as far as the policy cares. */
export interface SubmissionDraft {
  action: PolicyAction;
  package: { templateName: string; categories: readonly string[] };
  regionId: string;
  instanceCount: number;
  reason?: string;
  /** `all` when the form has no rollout choice. */
  rollout?: RolloutMode;
}

/** A freeze window refused the submission or the approval; `until` is when it may be tried again. */
export interface FreezeRefusal {
  block: 'action';
  rule: 'freeze';
  window: FreezeWindow;
  until: string;
}

/** One rule that refused, with the data needed to say how to proceed. */
export type PolicyRefusal =
  | FreezeRefusal
  | { block: 'action'; rule: 'actions'; action: PolicyAction; allowed: PolicyAction[] }
  | { block: 'package'; rule: 'packages'; packageName: string; allowed: string[] }
  | { block: 'region'; rule: 'regions'; regionId: string; allowed: string[] }
  | { block: 'instances'; rule: 'maxInstancesPerRequest'; count: number; max: number }
  | { block: 'reason'; rule: 'requireReason' }
  | {
      block: 'rollout';
      rule: 'canaryAbove';
      count: number;
      canaryAbove: number;
      rollout: RolloutMode;
      allowed: RolloutMode[];
    };

/** What a request stores when the policy lets it through. */
export interface PolicyAdmission {
  approval: ApprovalPolicy;
  policyVersion: string;
  remindApprovers: boolean;
}

/** The outcome of `checkSubmission`. */
export type SubmissionVerdict =
  | ({ allowed: true; policy: ChannelPolicy } & PolicyAdmission)
  | { allowed: false; policy: ChannelPolicy; refusals: PolicyRefusal[] };

/** Every refusal of `draft` under `rules` at `now`, in the order of the form's blocks (none: allowed). */
export function refusalsFor(rules: PolicyRules, draft: SubmissionDraft, now: Date): PolicyRefusal[] {
  const refusals: PolicyRefusal[] = [];
  const freeze = activeFreeze(rules.freeze, now);
  if (freeze) refusals.push({ block: 'action', rule: 'freeze', ...freeze });
  if (!rules.actions.includes(draft.action)) {
    refusals.push({ block: 'action', rule: 'actions', action: draft.action, allowed: [...rules.actions] });
  }
  if (!isPackageAllowed(rules, draft.package)) {
    refusals.push({
      block: 'package',
      rule: 'packages',
      packageName: draft.package.templateName,
      allowed: [...rules.packages],
    });
  }
  if (!isRegionAllowed(rules, draft.regionId)) {
    refusals.push({
      block: 'region',
      rule: 'regions',
      regionId: draft.regionId,
      allowed: [...rules.regions],
    });
  }
  if (draft.instanceCount > rules.maxInstancesPerRequest) {
    refusals.push({
      block: 'instances',
      rule: 'maxInstancesPerRequest',
      count: draft.instanceCount,
      max: rules.maxInstancesPerRequest,
    });
  }
  if (rules.requireReason && (draft.reason ?? '').trim() === '') {
    refusals.push({ block: 'reason', rule: 'requireReason' });
  }
  const rollout = draft.rollout ?? 'all';
  if (rules.canaryAbove > 0 && draft.instanceCount > rules.canaryAbove && rollout === 'all') {
    refusals.push({
      block: 'rollout',
      rule: 'canaryAbove',
      count: draft.instanceCount,
      canaryAbove: rules.canaryAbove,
      rollout,
      allowed: ['canary', 'waves'],
    });
  }
  return refusals;
}

/** Judge a submission in `channelId`: either what the request must store, or every refusal. */
export function checkSubmission(
  set: PolicySet,
  channelId: string,
  draft: SubmissionDraft,
  now: Date,
): SubmissionVerdict {
  const policy = resolveChannelPolicy(set, channelId);
  const refusals = refusalsFor(policy.rules, draft, now);
  if (refusals.length > 0) return { allowed: false, policy, refusals };
  return {
    allowed: true,
    policy,
    approval: approvalPolicyOf(policy.rules),
    policyVersion: policy.version,
    remindApprovers: policy.rules.remindApprovers,
  };
}
