/**
 * Turns any error into words a person can act on, in English or Chinese: what failed, why, how to fix it,
 * the RAM policy when permissions are missing, and the Request ID for support tickets. Never includes a
 * stack trace, an SDK's raw message or a secret.
 */
import { CloudError, DomainError } from './errors.js';
import type { Locale, Localized } from './model.js';

/** What `describeError` returns: plain text with inline `code` marks, ready for any surface. */
export interface ErrorDescription {
  title: string;
  /** What happened; ends with "Request ID: …" when Alibaba Cloud returned one. */
  detail: string;
  /** How to fix it. */
  hint?: string;
  /** Minimum RAM policy JSON for the bot, on permission errors. */
  policy?: string;
  /** Extra context, e.g. what the OOS execution role needs beyond the bot's own policy. */
  note?: string;
  /** Alibaba Cloud's RequestId, for support tickets. */
  requestId?: string;
}

/** RAM actions the bot itself calls (OOS and ECS APIs). */
export const BOT_RAM_ACTIONS: readonly string[] = [
  'oos:ListTemplates',
  'oos:GetTemplate',
  'oos:StartExecution',
  'oos:ListExecutions',
  'oos:ListTaskExecutions',
  'oos:CancelExecution',
  'ecs:DescribeRegions',
  'ecs:DescribeInstances',
  'ecs:DescribeCloudAssistantStatus',
];

/** RAM actions the install execution (ACS-ECS-BulkyConfigureOOSPackageWithTemporaryURL) needs. */
export const EXECUTION_RAM_ACTIONS: readonly string[] = [
  'bss:DescribeOrderDetail',
  'ecs:DescribeCloudAssistantStatus',
  'ecs:DescribeInstances',
  'ecs:DescribeInvocationResults',
  'ecs:DescribeInvocations',
  'ecs:RunCommand',
  'oos:GetApplicationGroup',
  'oos:GetTemplate',
  'oos:ListInstancePackageStates',
  'oos:UpdateInstancePackageState',
  'oss:GetObject',
];

/** The minimum RAM policy for the bot's own identity, as pretty-printed JSON. */
export const MINIMUM_RAM_POLICY: string = JSON.stringify(
  { Version: '1', Statement: [{ Effect: 'Allow', Action: [...BOT_RAM_ACTIONS], Resource: '*' }] },
  null,
  2,
);

const pick = (locale: Locale, text: Localized): string => (locale === 'zh' ? text.zh : text.en);

/** What a description says, in both languages. */
interface Texts {
  title: Localized;
  detail: Localized;
  hint: Localized;
}

/** The description in `locale`. */
function describe(locale: Locale, texts: Texts): ErrorDescription {
  return {
    title: pick(locale, texts.title),
    detail: pick(locale, texts.detail),
    hint: pick(locale, texts.hint),
  };
}

const TRY_AGAIN_OR_CHECK_LOGS: Localized = {
  en: "Please try again. If it keeps happening, ask the bot's administrator to check its logs.",
  zh: '请重试。如果问题持续出现，请让机器人管理员查看日志。',
};

/** Describes any thrown value for a person; unknown errors get a generic message. */
export function describeError(err: unknown, locale: Locale): ErrorDescription {
  if (err instanceof CloudError) return withRequestId(describeCloudError(err, locale), err.requestId, locale);
  if (err instanceof DomainError) return describeDomainError(err, locale);
  return describe(locale, {
    title: { en: 'Something went wrong', zh: '出了点问题' },
    detail: {
      en: 'The bot hit an unexpected problem while handling your request.',
      zh: '机器人在处理你的请求时遇到了意外问题。',
    },
    hint: TRY_AGAIN_OR_CHECK_LOGS,
  });
}

function withRequestId(
  description: ErrorDescription,
  requestId: string | undefined,
  locale: Locale,
): ErrorDescription {
  if (!requestId) return description;
  const line = locale === 'zh' ? `请求 ID：${requestId}` : `Request ID: ${requestId}`;
  return { ...description, detail: `${description.detail}\n${line}`, requestId };
}

function serviceName(err: CloudError): string {
  return err.service.toUpperCase();
}

function attemptsText(err: CloudError, locale: Locale): string {
  if (err.attempts === undefined || err.attempts < 2) return '';
  return locale === 'zh' ? `（已尝试 ${err.attempts} 次）` : ` The bot tried ${err.attempts} times.`;
}

function describeCloudError(err: CloudError, locale: Locale): ErrorDescription {
  const call = `${serviceName(err)} ${err.action}`;
  switch (err.kind) {
    case 'permission':
      return describePermission(err, locale);
    case 'credentials':
      return describeCredentials(err, locale);
    case 'throttled': {
      const wait = err.retryAfterSeconds;
      return describe(locale, {
        title: { en: 'Alibaba Cloud is busy right now', zh: '阿里云当前繁忙' },
        detail: {
          en: `${call} was throttled (${err.code}).${attemptsText(err, locale)}`,
          zh: `${call} 调用被限流（${err.code}）${attemptsText(err, locale)}。`,
        },
        hint:
          wait !== undefined
            ? {
                en: `Please try again in about ${Math.ceil(wait)} seconds.`,
                zh: `请在约 ${Math.ceil(wait)} 秒后重试。`,
              }
            : { en: 'Please try again in a minute.', zh: '请过一分钟后重试。' },
      });
    }
    case 'server':
      return describe(locale, {
        title: {
          en: `Alibaba Cloud ${serviceName(err)} is temporarily unavailable`,
          zh: `阿里云 ${serviceName(err)} 暂时不可用`,
        },
        detail: {
          en: `${call} failed with ${err.code}${err.httpStatus ? ` (HTTP ${err.httpStatus})` : ''}.${attemptsText(err, locale)}`,
          zh: `${call} 调用失败：${err.code}${err.httpStatus ? `（HTTP ${err.httpStatus}）` : ''}${attemptsText(err, locale)}。`,
        },
        hint: {
          en: 'This is usually temporary. Please try again in a few minutes; if it persists, contact Alibaba Cloud support with the Request ID.',
          zh: '这通常是暂时的，请几分钟后重试；如果持续出现，请附上请求 ID 联系阿里云技术支持。',
        },
      });
    case 'network':
      return describe(locale, {
        title: {
          en: `Could not reach Alibaba Cloud ${serviceName(err)}`,
          zh: `无法连接阿里云 ${serviceName(err)}`,
        },
        detail: {
          en: `${call} got no answer (network error).${attemptsText(err, locale)}`,
          zh: `${call} 没有收到响应（网络错误）${attemptsText(err, locale)}。`,
        },
        hint: {
          en: "Please try again in a few minutes. If it persists, ask the bot's administrator to check its network access and the ECS_EXT_OOS_ENDPOINT / ECS_EXT_ECS_ENDPOINT settings.",
          zh: '请几分钟后重试。如果持续出现，请让机器人管理员检查网络连通性以及 ECS_EXT_OOS_ENDPOINT / ECS_EXT_ECS_ENDPOINT 配置。',
        },
      });
    case 'not_found':
      return describeNotFound(err, locale);
    case 'invalid_request':
      return describeInvalidRequest(err, locale);
    default:
      return describe(locale, {
        title: {
          en: 'Alibaba Cloud returned an unexpected error',
          zh: '阿里云返回了意外的错误',
        },
        detail: {
          en: `${call} failed (${err.code}).`,
          zh: `${call} 调用失败（${err.code}）。`,
        },
        hint: TRY_AGAIN_OR_CHECK_LOGS,
      });
  }
}

function describePermission(err: CloudError, locale: Locale): ErrorDescription {
  const denied = err.deniedAction || `${err.service}:${err.action}`;
  const texts = describe(locale, {
    title: { en: 'The bot lacks an Alibaba Cloud permission', zh: '机器人缺少阿里云访问权限' },
    detail: {
      en: `Alibaba Cloud denied \`${denied}\` (${err.code}) when the bot called ${serviceName(err)} ${err.action}.`,
      zh: `机器人调用 ${serviceName(err)} ${err.action} 时，阿里云拒绝了 \`${denied}\` 权限（${err.code}）。`,
    },
    hint: {
      en: 'Ask an Alibaba Cloud administrator to attach this policy to the RAM user or role the bot runs as, then try again:',
      zh: '请让阿里云管理员把以下权限策略授予机器人使用的 RAM 用户或角色，然后重试：',
    },
  });
  return { ...texts, policy: MINIMUM_RAM_POLICY, note: executionRoleNote(locale) };
}

/** What the OOS execution itself needs (reference §1.9), shown next to the bot's policy. */
function executionRoleNote(locale: Locale): string {
  const actions = EXECUTION_RAM_ACTIONS.join(', ');
  return pick(locale, {
    en: `The install execution runs as the OOS role given in OOSAssumeRole (or as the bot itself when none is set). That identity also needs: ${actions}. Passing a role to OOS also needs ram:PassRole on it.`,
    zh: `安装执行以 OOSAssumeRole 指定的 OOS 角色运行（未指定时以机器人自身身份运行）。该身份还需要：${actions}。把角色传给 OOS 还需要对该角色的 ram:PassRole 权限。`,
  });
}

const CREDENTIALS_HELP: Localized = {
  en: [
    'Configure one of these for the bot, then restart it (never paste keys into Slack):',
    '• ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (plus ALIBABA_CLOUD_SECURITY_TOKEN for an STS token)',
    '• ALIBABA_CLOUD_PROFILE with a profile in ~/.alibabacloud/credentials (or the file named by ALIBABA_CLOUD_CREDENTIALS_FILE)',
    '• an ECS instance RAM role: ALIBABA_CLOUD_ECS_METADATA=<role name>',
    '• OIDC / RRSA: ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  ].join('\n'),
  zh: [
    '请为机器人配置以下任一种凭证，然后重启机器人（切勿把密钥贴到 Slack 里）：',
    '• ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET（使用 STS 令牌时再加 ALIBABA_CLOUD_SECURITY_TOKEN）',
    '• ALIBABA_CLOUD_PROFILE 加 ~/.alibabacloud/credentials 中的配置（或 ALIBABA_CLOUD_CREDENTIALS_FILE 指定的文件）',
    '• ECS 实例 RAM 角色：ALIBABA_CLOUD_ECS_METADATA=<角色名>',
    '• OIDC / RRSA：ALIBABA_CLOUD_ROLE_ARN、ALIBABA_CLOUD_OIDC_PROVIDER_ARN 和 ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  ].join('\n'),
};

function describeCredentials(err: CloudError, locale: Locale): ErrorDescription {
  const code = err.code;
  let detail: Localized;
  if (code === 'NoCredentials') {
    detail = { en: 'The bot found no Alibaba Cloud credentials.', zh: '机器人没有找到阿里云访问凭证。' };
  } else if (/^InvalidAccessKeyId/i.test(code)) {
    detail = {
      en: `Alibaba Cloud does not recognise the bot's AccessKey ID (${code}); it may have been deleted or disabled.`,
      zh: `阿里云无法识别机器人使用的 AccessKey ID（${code}），它可能已被删除或禁用。`,
    };
  } else if (/^(SignatureDoesNotMatch|IncompleteSignature|InvalidAccessKeySecret)/i.test(code)) {
    detail = {
      en: `The bot's AccessKey secret does not match its AccessKey ID (${code}).`,
      zh: `机器人的 AccessKey Secret 与 AccessKey ID 不匹配（${code}）。`,
    };
  } else if (/^InvalidSecurityToken/i.test(code)) {
    detail = {
      en: `The bot's STS security token is invalid or has expired (${code}).`,
      zh: `机器人的 STS 安全令牌无效或已过期（${code}）。`,
    };
  } else {
    detail = {
      en: `Alibaba Cloud rejected the bot's credentials (${code}).`,
      zh: `阿里云拒绝了机器人的访问凭证（${code}）。`,
    };
  }
  return describe(locale, {
    title: {
      en: 'Alibaba Cloud credentials are missing or invalid',
      zh: '阿里云访问凭证缺失或无效',
    },
    detail,
    hint: CREDENTIALS_HELP,
  });
}

function describeNotFound(err: CloudError, locale: Locale): ErrorDescription {
  const call = `${serviceName(err)} ${err.action}`;
  if (err.action === 'GetTemplate' || /Template/i.test(err.code)) {
    return describe(locale, {
      title: { en: 'Extension not found', zh: '找不到该扩展程序' },
      detail: {
        en: `Alibaba Cloud has no such extension template (${err.code}); it may have been renamed or withdrawn.`,
        zh: `阿里云上没有这个扩展程序模板（${err.code}），它可能已被改名或下架。`,
      },
      hint: {
        en: 'See the current catalog with `/ecs-ext list`.',
        zh: '用 `/ecs-ext list` 查看当前的扩展程序目录。',
      },
    });
  }
  if (/Execution/i.test(err.action) || /Execution/i.test(err.code)) {
    return describe(locale, {
      title: { en: 'Execution not found', zh: '找不到该执行' },
      detail: {
        en: `OOS has no such execution in this region (${err.code}).`,
        zh: `OOS 在该地域中没有这个执行（${err.code}）。`,
      },
      hint: {
        en: 'Check the execution ID and region, or see your recent requests with `/ecs-ext status`.',
        zh: '请检查执行 ID 和地域，或用 `/ecs-ext status` 查看你最近的申请。',
      },
    });
  }
  return describe(locale, {
    title: { en: 'Not found in Alibaba Cloud', zh: '在阿里云中找不到' },
    detail: {
      en: `${call} found nothing for what was asked (${err.code}).`,
      zh: `${call} 没有找到所请求的资源（${err.code}）。`,
    },
    hint: {
      en: 'Check the IDs and the region, then try again.',
      zh: '请检查 ID 和地域后重试。',
    },
  });
}

function describeInvalidRequest(err: CloudError, locale: Locale): ErrorDescription {
  const call = `${serviceName(err)} ${err.action}`;
  if (/^InvalidTimeStamp/i.test(err.code)) {
    return describe(locale, {
      title: { en: "The bot's clock is wrong", zh: '机器人所在主机的时间不准确' },
      detail: {
        en: `Alibaba Cloud refused ${call} because the request time was too far off (${err.code}).`,
        zh: `由于请求时间偏差过大，阿里云拒绝了 ${call}（${err.code}）。`,
      },
      hint: {
        en: "Ask the bot's administrator to synchronise the host clock (NTP), then try again.",
        zh: '请让机器人管理员同步主机时间（NTP）后重试。',
      },
    });
  }
  return describe(locale, {
    title: { en: 'Alibaba Cloud rejected the request', zh: '阿里云拒绝了该请求' },
    detail: {
      en: `${call} was refused as invalid (${err.code}).`,
      zh: `${call} 因参数无效被拒绝（${err.code}）。`,
    },
    hint: {
      en: 'Check the values you entered (region, instance IDs, parameters) and try again. If they look right, contact support with the Request ID.',
      zh: '请检查你填写的值（地域、实例 ID、参数）后重试；如果确认无误，请附上请求 ID 联系技术支持。',
    },
  });
}

const DOMAIN_TEXTS: Record<DomainError['code'], { title: Localized; hint: Localized }> = {
  invalid_input: {
    title: { en: 'That input is not valid', zh: '输入无效' },
    hint: { en: 'Correct it and try again.', zh: '请修改后重试。' },
  },
  not_found: {
    title: { en: 'Not found', zh: '找不到' },
    hint: {
      en: 'Check the ID, or see your recent requests with `/ecs-ext status`.',
      zh: '请检查 ID，或用 `/ecs-ext status` 查看你最近的申请。',
    },
  },
  not_allowed: {
    title: { en: 'You are not allowed to do that', zh: '你没有执行此操作的权限' },
    hint: {
      en: 'Ask one of the configured approvers, or the bot administrator.',
      zh: '请联系指定的审批人或机器人管理员。',
    },
  },
  conflict: {
    title: { en: 'That conflicts with work already in progress', zh: '与正在进行的操作冲突' },
    hint: { en: 'Wait for it to finish, then try again.', zh: '请等待其完成后再试。' },
  },
  expired: {
    title: { en: 'This request has expired', zh: '该申请已过期' },
    hint: { en: 'Submit a new install request.', zh: '请重新提交安装申请。' },
  },
  not_pending: {
    title: { en: 'This request is no longer waiting for approval', zh: '该申请已不在等待审批状态' },
    hint: {
      en: 'See its current state with `/ecs-ext status`.',
      zh: '用 `/ecs-ext status` 查看其当前状态。',
    },
  },
  illegal_transition: {
    title: {
      en: "That action is not possible in the request's current state",
      zh: '申请当前的状态不允许此操作',
    },
    hint: {
      en: 'See its current state with `/ecs-ext status`.',
      zh: '用 `/ecs-ext status` 查看其当前状态。',
    },
  },
};

function describeDomainError(err: DomainError, locale: Locale): ErrorDescription {
  const texts = DOMAIN_TEXTS[err.code];
  return {
    title: pick(locale, texts.title),
    detail: err.message.replace(/\s+/g, ' ').trim() || pick(locale, texts.title),
    hint: pick(locale, texts.hint),
  };
}
