/**
 * The guardrails a channel works under (issue 11): who approves, what may be installed where, how big a
 * request may be, and when nothing may start. A `PolicySet` holds the defaults and each channel's
 * overrides; `resolveChannelPolicy` merges them into the rules in force in one channel.
 */
import type { ApprovalPolicy } from '../model.js';
import { MAX_INSTANCES_PER_REQUEST } from '../model.js';

/** What a request asks OOS to do with a package. */
export type PolicyAction = 'install' | 'update' | 'uninstall';

/** Every action, in the order forms and views list them. */
export const POLICY_ACTIONS: readonly PolicyAction[] = ['install', 'update', 'uninstall'];

/** How a request reaches its instances: one execution, one instance first, or waves. */
export type RolloutMode = 'all' | 'canary' | 'waves';

/** A span of time in which nothing may be submitted or approved. Times are ISO 8601 with an offset. */
export interface FreezeWindow {
  from: string;
  to: string;
  reason: string;
}

/** Every rule of a policy, all fields set (the defaults after merging, or one channel's result). */
export interface PolicyRules {
  /** User ids (U…/W…) and user-group ids (S…); empty = anyone but the requester. */
  approvers: string[];
  requiredApprovals: number;
  allowSelfApproval: boolean;
  approvalTtlMinutes: number;
  /** Mention the approvers once in the thread when a request has waited half its TTL. */
  remindApprovers: boolean;
  actions: PolicyAction[];
  /** TemplateName globs (`*`, `?`) or `category:<category>`. */
  packages: string[];
  /** Region id globs (`cn-*`). */
  regions: string[];
  maxInstancesPerRequest: number;
  requireReason: boolean;
  /** Requests for more instances than this must roll out by canary or waves; 0 never requires it. */
  canaryAbove: number;
  freeze: FreezeWindow[];
}

/** The name of one rule, as written in the policy file. */
export type PolicyRuleName = keyof PolicyRules;

/** Where the policy came from: the policy file, or the ECS_EXT_APPROVERS… variables alone. */
export type PolicySource = 'file' | 'env';

/** The whole policy: defaults for every channel and per-channel overrides, with a version to record. */
export interface PolicySet {
  /** Short, stable identifier of the policy content; stored with each request. */
  version: string;
  source: PolicySource;
  defaults: PolicyRules;
  /** Channel id → the fields that channel sets itself. */
  channels: Readonly<Record<string, Partial<PolicyRules>>>;
}

/** The rules in force in one channel, and which of them the channel sets itself. */
export interface ChannelPolicy {
  channelId: string;
  version: string;
  source: PolicySource;
  rules: PolicyRules;
  /** Fields set for this channel (the rest come from the defaults), in the order of `PolicyRules`. */
  overrides: PolicyRuleName[];
}

/** Rules that allow everything with the given approval policy: the defaults when there is no file. */
export function openRules(approval: ApprovalPolicy): PolicyRules {
  return {
    approvers: [...approval.approvers],
    requiredApprovals: approval.requiredApprovals,
    allowSelfApproval: approval.allowSelfApproval,
    approvalTtlMinutes: approval.ttlMinutes,
    remindApprovers: true,
    actions: [...POLICY_ACTIONS],
    packages: ['*'],
    regions: ['*'],
    maxInstancesPerRequest: MAX_INSTANCES_PER_REQUEST,
    requireReason: false,
    canaryAbove: 0,
    freeze: [],
  };
}

/** One entry per rule (a missing one is a compile error), in the order views list them. */
const RULE_ORDER: Record<PolicyRuleName, null> = {
  approvers: null,
  requiredApprovals: null,
  allowSelfApproval: null,
  approvalTtlMinutes: null,
  remindApprovers: null,
  actions: null,
  packages: null,
  regions: null,
  maxInstancesPerRequest: null,
  requireReason: null,
  canaryAbove: null,
  freeze: null,
};

/** Every rule name, in the order views list them. */
export const POLICY_RULE_NAMES = Object.keys(RULE_ORDER) as PolicyRuleName[];

/** The defaults merged with the channel's overrides (each field replaces the default as a whole). */
export function resolveChannelPolicy(set: PolicySet, channelId: string): ChannelPolicy {
  const own = Object.hasOwn(set.channels, channelId) ? (set.channels[channelId] ?? {}) : {};
  const overrides = POLICY_RULE_NAMES.filter((name) => own[name] !== undefined);
  return {
    channelId,
    version: set.version,
    source: set.source,
    rules: structuredClone({ ...set.defaults, ...pickDefined(own) }),
    overrides,
  };
}

function pickDefined(partial: Partial<PolicyRules>): Partial<PolicyRules> {
  return Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
}

/** The approval part of the rules, in the shape a request stores. */
export function approvalPolicyOf(rules: PolicyRules): ApprovalPolicy {
  return {
    approvers: [...rules.approvers],
    requiredApprovals: rules.requiredApprovals,
    allowSelfApproval: rules.allowSelfApproval,
    ttlMinutes: rules.approvalTtlMinutes,
  };
}
