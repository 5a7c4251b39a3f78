/**
 * English words of rollouts and channel guardrails: the install form's rollout, wave size and reason
 * inputs, the refusals of a submission under the channel policy, the waves in the thread and on the
 * confirmation, and the approvers' reminder. Arguments marked `md` are mrkdwn the view escaped already;
 * modal errors are plain text.
 */
import type { PolicyAction, RolloutMode } from '../../../domain/policy/channel-policy.js';
import type { PauseReason } from '../../../domain/rollout/rollout-model.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** English rollout and guardrail words. */
export const rollout = {
  form: {
    header: 'Rollout',
    modeLabel: 'Rollout',
    modes: {
      all: 'All at once',
      canary: 'Canary: one instance first, then the rest',
      waves: 'In waves',
    } satisfies Record<RolloutMode, string>,
    modeHint: (canaryAbove: number) =>
      `A canary waits for an approver's go-ahead after the first instance; waves go on by themselves until an instance fails.${
        canaryAbove > 0
          ? ` This channel needs a canary or waves above ${plural(canaryAbove, 'instance')}.`
          : ''
      }`,
    waveSizeLabel: 'Wave size',
    waveSizeHint: 'Instances per wave when the rollout is "In waves".',
    reasonLabel: 'Reason',
    reasonHint: (required: boolean): string =>
      required
        ? 'Required in this channel. Shown on the confirmation and kept with the request.'
        : 'Optional. Shown on the confirmation and kept with the request.',
    reasonPlaceholder: 'e.g. CVE-2026-1234 fix, ticket OPS-42',
    actionLabel: 'Action',
  },
  /** A submission refused by the channel policy: the rule that refused it and how to proceed (plain text). */
  refusal: {
    freeze: (reason: string, until: string) =>
      `A freeze is in force (rule freeze: ${reason}) until ${until}. Nothing can be requested until then; submit again after it ends.`,
    actions: (action: string, allowed: string) =>
      allowed
        ? `This channel does not allow ${action} (rule actions: ${allowed}). Choose an allowed action, or ask in a channel that allows it.`
        : `This channel allows no action (rule actions is empty). Ask in another channel, or ask an admin to change the policy file.`,
    packages: (name: string, allowed: string) =>
      `${name} is not allowed in this channel (rule packages: ${allowed}). Choose an allowed extension, or ask an admin to change the policy file.`,
    regions: (regionId: string, allowed: string) =>
      `Region ${regionId} is not allowed in this channel (rule regions: ${allowed}). Choose one of those regions.`,
    maxInstancesPerRequest: (count: number, max: number) =>
      `${plural(count, 'instance')} is more than this channel allows in one request (rule maxInstancesPerRequest: ${max}). Split it into requests of at most ${max}.`,
    requireReason:
      'This channel needs a reason for every request (rule requireReason). Say in a few words why.',
    canaryAbove: (count: number, canaryAbove: number) =>
      `Requests for more than ${plural(canaryAbove, 'instance')} must roll out as a canary or in waves here (rule canaryAbove; this one has ${count}). Choose "Canary" or "In waves".`,
  },
  modeInvalid: 'Choose one of the offered rollouts: all at once, canary or in waves.',
  waveSizeInvalid: (max: number) => `Enter a wave size from 1 to ${max} (whole instances).`,
  actionWords: { install: 'install', update: 'update', uninstall: 'uninstall' } satisfies Record<
    PolicyAction,
    string
  >,
  listSeparator: ', ',
  /** Confirmation and status lines. */
  reasonLine: (reasonMd: string) => `*Reason:* ${reasonMd}`,
  policyLine: (versionMd: string) => `Policy version ${versionMd}`,
  planLine: (mode: string, waves: number) => `*Rollout:* ${mode} (${plural(waves, 'wave')})`,
  waveOf: (stage: number, stages: number) => `wave ${stage} of ${stages}`,
  pausedLine: (stage: number, stages: number) =>
    `paused after wave ${stage} of ${stages}: waiting for an approver`,
  stoppedLine: (whoMd: string) => `rollout stopped by ${whoMd}`,
  /** Thread replies. */
  waveStarted: (stage: number, stages: number, count: number, idsMd: string) =>
    `:arrow_forward: *Wave ${stage} of ${stages} started* on ${plural(count, 'instance')}: ${idsMd}.`,
  paused: {
    canary: (stage: number, stages: number) =>
      `:bird: *The canary finished* (wave ${stage} of ${stages}). Check it, then let the rollout go on to the other instances, or stop it here.`,
    failure: (stage: number, stages: number) =>
      `:warning: *The rollout is paused*: an instance failed in wave ${stage} of ${stages}. Go on with the next wave, or stop here.`,
    freeze: (reasonMd: string, untilMd: string) =>
      `:snowflake: *The rollout is paused by a freeze* (${reasonMd}) until ${untilMd}. An approver can go on once it ends, or stop here.`,
  } satisfies Record<PauseReason, (...args: never[]) => string>,
  pausedText: (stage: number, stages: number) => `Rollout paused after wave ${stage} of ${stages}`,
  waveResult: (tallyText: string) => `Result of the wave: ${tallyText}`,
  whoMayAnswer: (approversMd: string) => `Who can answer: ${approversMd}.`,
  continueButton: 'Continue rollout',
  stopButton: 'Stop rollout',
  stopConfirm: {
    title: 'Stop the rollout?',
    body: 'No further wave starts. Instances not reached yet are listed as such in the final report.',
    confirm: 'Stop it',
    deny: 'Keep it',
  },
  continued: (whoMd: string) => `:arrow_forward: ${whoMd} let the rollout go on.`,
  stopped: (whoMd: string) =>
    `:octagonal_sign: ${whoMd} stopped the rollout. No further wave starts; the final report follows once the running wave ends.`,
  refused: {
    not_approver: (whoMd: string, approversMd: string) =>
      `:raised_hand: ${whoMd}, only someone who may approve this request can go on with or stop its rollout. Who can: ${approversMd}.`,
    not_paused: (whoMd: string) =>
      `:information_source: ${whoMd}, the rollout is not waiting for an answer now, so the click had no effect.`,
    freeze: (whoMd: string, reasonMd: string, untilMd: string) =>
      `:snowflake: ${whoMd}, a freeze is in force (${reasonMd}) until ${untilMd}: nothing may start now. Try again after it ends.`,
  },
  approvalFrozen: (whoMd: string, reasonMd: string, untilMd: string) =>
    `:snowflake: ${whoMd}, approvals are refused during the freeze (${reasonMd}) until ${untilMd}, so the click was not counted. Approve again after it ends (the request may expire first: then submit it again).`,
  reminder: (approversMd: string, waitedMd: string) =>
    `:bell: ${approversMd}: this request has been waiting for approval for ${waitedMd}; it expires if nobody approves it.`,
  reminderAnyone: (waitedMd: string) =>
    `:bell: This request has been waiting for approval for ${waitedMd}; anyone in this channel except the requester can approve it before it expires.`,
};
