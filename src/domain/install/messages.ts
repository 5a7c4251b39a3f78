/**
 * The words the install domain shows people (form errors, notices, start problems), in English and
 * Chinese. Each says what is wrong and how to fix it; none carries a stack trace or a secret.
 */
import { CloudError, DomainError } from '../errors.js';
import type { Locale } from '../model.js';

function say(locale: Locale, en: string, zh: string): string {
  return locale === 'zh' ? zh : en;
}

/** Lists at most `max` items, then "…and N more". */
export function listSome(items: string[], locale: Locale, max = 5): string {
  const shown = items.slice(0, max).join(', ');
  const more = items.length - max;
  if (more <= 0) return shown;
  return say(locale, `${shown} …and ${more} more`, `${shown} …等另外 ${more} 个`);
}

/** Words for a failed cloud call or other error, for a form field or a thread reply. */
export function describeProblem(error: unknown, locale: Locale): string {
  if (error instanceof DomainError) return error.message;
  if (!(error instanceof CloudError)) {
    return say(
      locale,
      'An unexpected error occurred. Please try again; if it persists, ask the bot administrator to check the logs.',
      '发生意外错误。请重试；如果问题持续，请联系机器人管理员查看日志。',
    );
  }
  const api = `${error.service.toUpperCase()} ${error.action}`;
  const ref = error.requestId ? ` (${error.code}, RequestId ${error.requestId})` : ` (${error.code})`;
  switch (error.kind) {
    case 'permission': {
      const action = error.deniedAction ?? `${error.service}:${error.action}`;
      return say(
        locale,
        `The bot is not allowed to call ${api}${ref}. Ask an administrator to grant ${action} to the bot's RAM identity.`,
        `机器人无权调用 ${api}${ref}。请管理员为机器人的 RAM 身份授予 ${action} 权限。`,
      );
    }
    case 'credentials':
      return say(
        locale,
        `The bot's Alibaba Cloud credentials were refused by ${api}${ref}. Ask an administrator to check them.`,
        `${api} 拒绝了机器人的阿里云凭证${ref}。请管理员检查凭证配置。`,
      );
    case 'throttled':
      return say(
        locale,
        `${api} is throttling requests${ref}. Please wait a minute and try again.`,
        `${api} 请求过于频繁${ref}。请稍等一分钟后重试。`,
      );
    case 'network':
    case 'server':
      return say(
        locale,
        `${api} could not be reached or failed${ref}. Please try again in a moment.`,
        `${api} 暂时无法访问或出错${ref}。请稍后重试。`,
      );
    default:
      return say(locale, `${api} failed${ref}: ${error.message}`, `${api} 调用失败${ref}：${error.message}`);
  }
}

/** Form and start messages, by situation. */
export const Msg = {
  instancesEmpty: (l: Locale) =>
    say(
      l,
      'Enter at least one instance ID, e.g. i-bp1abcdefghij0123456.',
      '请至少输入一个实例 ID，例如 i-bp1abcdefghij0123456。',
    ),
  instancesBadShape: (l: Locale, ids: string[]) =>
    say(
      l,
      `Not an instance ID: ${listSome(ids, l)}. IDs look like i-bp1abcdefghij0123456.`,
      `不是有效的实例 ID：${listSome(ids, l)}。实例 ID 形如 i-bp1abcdefghij0123456。`,
    ),
  instancesDuplicated: (l: Locale, ids: string[]) =>
    say(
      l,
      `Listed more than once: ${listSome(ids, l)}. Enter each instance once.`,
      `重复输入：${listSome(ids, l)}。每个实例只需输入一次。`,
    ),
  instancesTooMany: (l: Locale, count: number, max: number) =>
    say(
      l,
      `${count} instances entered; one request may target at most ${max}. Split them into several requests.`,
      `输入了 ${count} 个实例，一个请求最多 ${max} 个。请拆分为多个请求。`,
    ),
  instancesNotFound: (l: Locale, ids: string[], regionId: string) =>
    say(
      l,
      `Not found in ${regionId}: ${listSome(ids, l)}. Check the IDs or pick the instances' region.`,
      `在 ${regionId} 中未找到：${listSome(ids, l)}。请检查实例 ID，或选择实例所在的地域。`,
    ),
  instancesNotRunning: (l: Locale, items: string[]) =>
    say(
      l,
      `Not running: ${listSome(items, l)}. Start them first.`,
      `未处于运行中：${listSome(items, l)}。请先启动这些实例。`,
    ),
  instancesAssistantOffline: (l: Locale, ids: string[]) =>
    say(
      l,
      `Cloud Assistant is not online on ${listSome(ids, l)}. Install or restart the Cloud Assistant agent, then try again.`,
      `以下实例的云助手不在线：${listSome(ids, l)}。请安装或重启云助手 Agent 后重试。`,
    ),
  instancesWrongOs: (l: Locale, items: string[], supported: string) =>
    say(
      l,
      `This extension supports ${supported}; not: ${listSome(items, l)}.`,
      `该扩展程序仅支持 ${supported}；不支持：${listSome(items, l)}。`,
    ),
  regionUnknown: (l: Locale, regionId: string) =>
    say(
      l,
      `${regionId || '(empty)'} is not an ECS region available to this account. Pick one from the list.`,
      `${regionId || '（空）'} 不是本账号可用的 ECS 地域。请从列表中选择。`,
    ),
  packageBadName: (l: Locale) =>
    say(
      l,
      'Pick an extension from the list (a template name such as ACS-Extension-node-1853370294850618).',
      '请从列表中选择扩展程序（模板名称，如 ACS-Extension-node-1853370294850618）。',
    ),
  packageUnknown: (l: Locale, name: string) =>
    say(
      l,
      `${name} is not a public extension package. Pick one from the list.`,
      `${name} 不是公共扩展程序包。请从列表中选择。`,
    ),
  paramRequired: (l: Locale) => say(l, 'This parameter is required.', '此参数为必填项。'),
  paramNotNumber: (l: Locale) => say(l, 'Enter a number, e.g. 8080.', '请输入数字，例如 8080。'),
  paramNotInteger: (l: Locale) => say(l, 'Enter a whole number, e.g. 3.', '请输入整数，例如 3。'),
  paramBelowMin: (l: Locale, min: number) => say(l, `Must be at least ${min}.`, `不能小于 ${min}。`),
  paramAboveMax: (l: Locale, max: number) => say(l, `Must be at most ${max}.`, `不能大于 ${max}。`),
  paramNumberOutOfRange: (l: Locale) =>
    say(
      l,
      `This number is too large to send exactly; enter one between ${-Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}.`,
      `数字过大，无法准确传递；请输入 ${-Number.MAX_SAFE_INTEGER} 到 ${Number.MAX_SAFE_INTEGER} 之间的数。`,
    ),
  paramJsonNumberOutOfRange: (l: Locale) =>
    say(
      l,
      'A number in this JSON is too large to send exactly; write it as a string ("123…") or use a smaller one.',
      '此 JSON 中有数字过大，无法准确传递；请写成字符串（"123…"）或改用较小的数。',
    ),
  paramNotBoolean: (l: Locale) => say(l, 'Enter true or false.', '请输入 true 或 false。'),
  paramNotAllowed: (l: Locale, allowed: string[]) =>
    say(l, `Must be one of: ${listSome(allowed, l, 10)}.`, `必须是以下之一：${listSome(allowed, l, 10)}。`),
  paramNotJson: (l: Locale) =>
    say(l, 'Enter valid JSON, e.g. {"key": "value"}.', '请输入有效的 JSON，例如 {"key": "value"}。'),
  paramNotList: (l: Locale) =>
    say(l, 'Enter a JSON list, e.g. ["a", "b"].', '请输入 JSON 列表，例如 ["a", "b"]。'),
  paramTooShort: (l: Locale, min: number) =>
    say(l, `Must be at least ${min} characters long.`, `长度不能少于 ${min} 个字符。`),
  paramTooLong: (l: Locale, max: number) =>
    say(l, `Must be at most ${max} characters long.`, `长度不能超过 ${max} 个字符。`),
  paramPattern: (l: Locale, pattern: string) =>
    say(l, `Does not match the expected format ${pattern}.`, `不符合要求的格式 ${pattern}。`),
  concurrencyInvalid: (l: Locale) =>
    say(
      l,
      'Enter a whole number of 1 or more (instances installed at the same time).',
      '请输入不小于 1 的整数（同时安装的实例数）。',
    ),
  maxErrorsInvalid: (l: Locale) =>
    say(
      l,
      'Enter a whole number of 0 or more (failed instances tolerated before stopping).',
      '请输入不小于 0 的整数（停止前允许失败的实例数）。',
    ),
  secretsLost: (l: Locale, names: string[]) =>
    say(
      l,
      `Not started: the secret values of ${names.join(', ')} were kept only in memory and the bot has restarted since. Please submit the request again.`,
      `未启动：${names.join('、')} 的保密参数值只保存在内存中，而机器人已重启。请重新提交请求。`,
    ),
  duplicateCheckFailed: (l: Locale, problem: string) =>
    say(
      l,
      `Not started: could not check for running installs of this extension. ${problem}`,
      `未启动：无法检查该扩展程序是否已有正在运行的安装。${problem}`,
    ),
  noPackageMatched: (l: Locale, words: string) =>
    say(
      l,
      `No extension matched "${words}"; pick one below.`,
      `没有与“${words}”匹配的扩展程序，请在下方选择。`,
    ),
  severalPackagesMatched: (l: Locale, words: string, names: string[]) =>
    say(
      l,
      `Several extensions match "${words}" (${listSome(names, l, 3)}); pick one below.`,
      `有多个扩展程序与“${words}”匹配（${listSome(names, l, 3)}），请在下方选择。`,
    ),
  waveBlocked: (l: Locale, executionIds: string[]) =>
    say(
      l,
      `Another execution installs this extension on instances of this wave (${executionIds.join(', ')}); wait for it to end, then go on.`,
      `另一个执行正在这一批的实例上安装该扩展程序（${executionIds.join('、')}），请等它结束后再继续。`,
    ),
  packageNotAllowed: (l: Locale, name: string) =>
    say(
      l,
      `${name} is not allowed in this channel (its policy's packages rule); pick an allowed extension below.`,
      `本频道的策略（packages 规则）不允许 ${name}，请在下方选择允许的扩展程序。`,
    ),
  packageLoadFailed: (l: Locale, name: string, problem: string) =>
    say(l, `Could not load ${name}: ${problem}`, `无法加载 ${name}：${problem}`),
  regionNotListed: (l: Locale, regionId: string, fallback: string) =>
    say(
      l,
      `${regionId} is not an available region; ${fallback} is selected instead.`,
      `${regionId} 不是可用地域，已改选 ${fallback}。`,
    ),
};
