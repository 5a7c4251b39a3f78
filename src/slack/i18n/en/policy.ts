/** English words of `/ecs-ext policy`: the rules in force in a channel. */
import type { PolicyAction, PolicyRuleName } from '../../../domain/policy/channel-policy.js';
import { SLASH_COMMAND } from '../../ids.js';

/** English policy words. */
export const policy = {
  header: 'Policy in this channel',
  intro: (channel: string, own: string) =>
    own
      ? `Rules for ${channel}. Set for this channel: ${own}; the rest are the defaults.`
      : `Rules for ${channel}: the defaults.`,
  fromEnv: 'No policy file is configured: the ECS_EXT_APPROVERS… variables are the policy for every channel.',
  approvalTitle: '*Approval*',
  requestTitle: '*What may be requested*',
  freezeTitle: '*Freeze windows* (nothing may be submitted or approved inside them)',
  labels: {
    approvers: 'Who may approve',
    requiredApprovals: 'Approvals needed',
    allowSelfApproval: 'Requester may approve',
    approvalTtlMinutes: 'Expires if not approved within',
    remindApprovers: 'Reminder to approvers',
    actions: 'Actions',
    packages: 'Packages',
    regions: 'Regions',
    maxInstancesPerRequest: 'Instances per request',
    requireReason: 'Reason',
    canaryAbove: 'Canary or waves',
    freeze: 'Freeze windows',
  } satisfies Record<PolicyRuleName, string>,
  anyoneButRequester: 'anyone except the requester',
  anyone: 'anyone in this channel',
  yes: 'yes',
  no: 'no',
  reminderAt: (after: string) => `once, after ${after}`,
  off: 'off',
  action: { install: 'install', update: 'update', uninstall: 'uninstall' } satisfies Record<
    PolicyAction,
    string
  >,
  noAction: 'none: this channel cannot request anything',
  any: 'any',
  none: 'none',
  category: (name: string) => `category ${name}`,
  atMost: (n: number) => `at most ${n}`,
  reasonRequired: 'required',
  reasonOptional: 'optional',
  canaryAbove: (n: number) => `required above ${n} instance${n === 1 ? '' : 's'}`,
  canaryNever: 'not required',
  noFreeze: 'None coming up.',
  window: (from: string, to: string, reason: string) => `${from} → ${to}: ${reason}`,
  inForce: (until: string) => `*In force now*, until ${until}`,
  duration: (minutes: number) =>
    minutes % 1440 === 0
      ? `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`
      : minutes % 60 === 0
        ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}`
        : `${minutes} minute${minutes === 1 ? '' : 's'}`,
  mark: ' ◆',
  listSeparator: ', ',
  footer: (version: string) =>
    `◆ set for this channel · policy version ${version} · send \`${SLASH_COMMAND} help\` for usage`,
  fallback: (channel: string, needed: number, actions: string) =>
    `Policy in this channel (${channel}): ${needed} approval(s) needed; actions: ${actions}.`,
};
