/** English words for errors: what failed, why, and how to fix it. Arguments are plain text. */
import type { DomainErrorCode } from '../../../domain/errors.js';

const tried = (attempts?: number): string =>
  attempts !== undefined && attempts >= 2 ? ` The bot tried ${attempts} times.` : '';

const TRY_AGAIN = "Please try again. If it keeps happening, ask the bot's administrator to check its logs.";
const SEE_STATUS = 'See its current state with `/ecs-ext status`.';

/** English error words. */
export const errors = {
  requestId: (id: string) => `Request ID: ${id}`,
  unexpected: {
    title: 'Something went wrong',
    detail: 'The bot hit an unexpected problem while handling your request.',
    hint: TRY_AGAIN,
  },
  storeUnavailable: {
    title: 'The bot could not save this',
    detail: 'Its request store (the database or its disk) is unavailable right now, so nothing was changed.',
    hint: 'Please try again in a minute.',
  },
  throttled: {
    title: 'Alibaba Cloud is busy right now',
    detail: (call: string, code: string, attempts?: number) =>
      `${call} was throttled (${code}).${tried(attempts)}`,
    hint: (waitSeconds?: number) =>
      waitSeconds !== undefined
        ? `Please try again in about ${Math.ceil(waitSeconds)} seconds.`
        : 'Please try again in a minute.',
  },
  server: {
    title: (service: string) => `Alibaba Cloud ${service} is temporarily unavailable`,
    detail: (call: string, code: string, httpStatus?: number, attempts?: number) =>
      `${call} failed with ${code}${httpStatus ? ` (HTTP ${httpStatus})` : ''}.${tried(attempts)}`,
    hint: 'This is usually temporary. Please try again in a few minutes; if it persists, contact Alibaba Cloud support with the Request ID.',
  },
  network: {
    title: (service: string) => `Could not reach Alibaba Cloud ${service}`,
    detail: (call: string, attempts?: number) => `${call} got no answer (network error).${tried(attempts)}`,
    hint: "Please try again in a few minutes. If it persists, ask the bot's administrator to check its network access and the ECS_EXT_OOS_ENDPOINT / ECS_EXT_ECS_ENDPOINT settings.",
  },
  cloudUnknown: {
    title: 'Alibaba Cloud returned an unexpected error',
    detail: (call: string, code: string) => `${call} failed (${code}).`,
    hint: TRY_AGAIN,
  },
  permission: {
    title: 'The bot lacks an Alibaba Cloud permission',
    detail: (denied: string, code: string, call: string) =>
      `Alibaba Cloud denied \`${denied}\` (${code}) when the bot called ${call}.`,
    hint: 'Ask an Alibaba Cloud administrator to attach this policy to the RAM user or role the bot runs as, then try again:',
    executionRole: (actions: string) =>
      `The install execution runs as the OOS role given in OOSAssumeRole (or as the bot itself when none is set). That identity also needs: ${actions}. Passing a role to OOS also needs ram:PassRole on it.`,
  },
  credentials: {
    title: 'Alibaba Cloud credentials are missing or invalid',
    missing: 'The bot found no Alibaba Cloud credentials.',
    unknownKey: (code: string) =>
      `Alibaba Cloud does not recognise the bot's AccessKey ID (${code}); it may have been deleted or disabled.`,
    badSecret: (code: string) => `The bot's AccessKey secret does not match its AccessKey ID (${code}).`,
    badToken: (code: string) => `The bot's STS security token is invalid or has expired (${code}).`,
    refused: (code: string) => `Alibaba Cloud rejected the bot's credentials (${code}).`,
    hint: [
      'Configure one of these for the bot, then restart it (never paste keys into Slack):',
      '• ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (plus ALIBABA_CLOUD_SECURITY_TOKEN for an STS token)',
      '• ALIBABA_CLOUD_PROFILE with a profile in ~/.alibabacloud/credentials (or the file named by ALIBABA_CLOUD_CREDENTIALS_FILE)',
      '• an ECS instance RAM role: ALIBABA_CLOUD_ECS_METADATA=<role name>',
      '• OIDC / RRSA: ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE',
    ].join('\n'),
  },
  templateNotFound: {
    title: 'Extension not found',
    detail: (code: string) =>
      `Alibaba Cloud has no such extension template (${code}); it may have been renamed or withdrawn.`,
    hint: 'See the current catalog with `/ecs-ext list`.',
  },
  executionNotFound: {
    title: 'Execution not found',
    detail: (code: string) => `OOS has no such execution in this region (${code}).`,
    hint: 'Check the execution ID and region, or see your recent requests with `/ecs-ext status`.',
  },
  notFound: {
    title: 'Not found in Alibaba Cloud',
    detail: (call: string, code: string) => `${call} found nothing for what was asked (${code}).`,
    hint: 'Check the IDs and the region, then try again.',
  },
  clockSkew: {
    title: "The bot's clock is wrong",
    detail: (call: string, code: string) =>
      `Alibaba Cloud refused ${call} because the request time was too far off (${code}).`,
    hint: "Ask the bot's administrator to synchronise the host clock (NTP), then try again.",
  },
  invalidRequest: {
    title: 'Alibaba Cloud rejected the request',
    detail: (call: string, code: string) => `${call} was refused as invalid (${code}).`,
    hint: 'Check the values you entered (region, instance IDs, parameters) and try again. If they look right, contact support with the Request ID.',
  },
  /** Details of a domain error that carries a reason; `problem` is a one-line description of the cause. */
  reasons: {
    secrets_lost: (names: string[]) =>
      `Not started: the secret values of ${names.join(', ')} were kept only in memory and the bot has restarted since. Please submit the request again.`,
    wave_blocked: (executionIds: string[]) =>
      `Another execution installs this extension on instances of this wave (${executionIds.join(', ')}); wait for it to end, then go on.`,
    duplicate_check_failed: (problem: string) =>
      `Not started: could not check for running installs of this extension. ${problem}`,
  },
  domain: {
    invalid_input: { title: 'That input is not valid', hint: 'Correct it and try again.' },
    not_found: {
      title: 'Not found',
      hint: 'Check the ID, or see your recent requests with `/ecs-ext status`.',
    },
    not_allowed: {
      title: 'You are not allowed to do that',
      hint: 'Ask one of the configured approvers, or the bot administrator.',
    },
    conflict: {
      title: 'That conflicts with work already in progress',
      hint: 'Wait for it to finish, then try again.',
    },
    expired: { title: 'This request has expired', hint: 'Submit a new install request.' },
    not_pending: { title: 'This request is no longer waiting for approval', hint: SEE_STATUS },
    illegal_transition: {
      title: "That action is not possible in the request's current state",
      hint: SEE_STATUS,
    },
  } satisfies Record<DomainErrorCode, { title: string; hint: string }>,
};
