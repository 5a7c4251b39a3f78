/** 安装表单的中文：弹窗的标签和提示、顶部说明，以及各输入项下的问题。 */
import type { Messages } from '../messages.js';

const EXAMPLE_ID = 'i-bp1abcdefghij0123456';

/** Chinese words of the install modal. */
export const form: Messages['form'] = {
  title: '安装扩展程序',
  cancel: '取消',
  close: '关闭',
  submit: '提交安装申请',
  loading: ':hourglass_flowing_sand: 正在加载地域、实例和扩展程序信息…',
  loadFailed: (messageMd) => `:warning: *无法加载安装表单。*\n${messageMd}`,
  intro: '选择要安装的扩展程序和目标实例。申请在频道中获得批准之前，不会执行任何安装。',
  region: {
    label: '地域',
    typeHint: '地域 ID，例如 cn-hangzhou。',
    hint: '目标实例所在的地域。',
    placeholder: '选择地域',
  },
  instances: {
    label: '实例 ID',
    hint: (max) =>
      `形如 i-bp1abc… 的实例 ID，用空格、逗号或换行分隔，最多 ${max} 个。也可以在下方选择实例，至少需要一个。`,
  },
  picker: {
    label: '或选择运行中的实例',
    hint: '按名称或 ID 搜索所选地域中运行中的实例。',
    placeholder: '搜索实例',
  },
  package: {
    label: '扩展程序',
    hint: '按名称搜索。选择后，下方会显示它的安装参数。',
    placeholder: '搜索扩展程序',
  },
  chooseExtension: '选择扩展程序后即可查看它的安装参数。',
  noParameters: (nameMd, version) => `*${nameMd}*（${version}）没有安装参数。`,
  parametersRetry: (nameMd, version) =>
    `*${nameMd} 的安装参数*（${version}），已填入原申请的参数值；敏感参数的值不会保留，请重新输入。`,
  parameters: (nameMd, version) => `*${nameMd} 的安装参数*（${version}），已填入默认值。`,
  tooManyParameters: (count, fits, rest) =>
    `:warning: 该扩展程序有 ${count} 个参数，表单只能显示 ${fits} 个，其余 ${rest} 个使用默认值。`,
  chooseValue: '选择一个值',
  yes: '是',
  no: '否',
  yesOrNo: '是或否',
  mustBeJson: '必须是合法的 JSON。',
  secretRetry: (hasDefault) =>
    hasDefault
      ? '敏感信息：原申请的值不会保留，请重新输入（留空则使用模板默认值）。提交后在所有地方都显示为 ******。'
      : '敏感信息：原申请的值不会保留，请重新输入。提交后在所有地方都显示为 ******。',
  secret: (hasDefault) =>
    hasDefault
      ? '敏感信息：留空则使用模板默认值。提交后在所有地方都显示为 ******。'
      : '敏感信息：提交后在所有地方都显示为 ******。',
  longDefault: '留空则使用（较长的）默认值。',
  advanced: '高级设置',
  concurrency: { label: '并发数', hint: '同时安装的实例数量。' },
  maxErrors: { label: '最大错误数', hint: '失败的实例数超过该值时，安装将停止。' },
};

/** Chinese words of form problems and notices. */
export const formProblems: Messages['formProblems'] = {
  more: (shown, count) => `${shown} …等另外 ${count} 个`,
  problems: {
    instances_empty: () => `请至少输入一个实例 ID，例如 ${EXAMPLE_ID}。`,
    instances_bad_shape: (p, list) => `不是有效的实例 ID：${list(p.ids)}。实例 ID 形如 ${EXAMPLE_ID}。`,
    instances_duplicated: (p, list) => `重复输入：${list(p.ids)}。每个实例只需输入一次。`,
    instances_too_many: (p) => `输入了 ${p.count} 个实例，一个请求最多 ${p.max} 个。请拆分为多个请求。`,
    instances_not_found: (p, list) =>
      `在 ${p.regionId} 中未找到：${list(p.ids)}。请检查实例 ID，或选择实例所在的地域。`,
    instances_not_running: (p, list) =>
      `未处于运行中：${list(p.instances.map((i) => `${i.instanceId} (${i.status})`))}。请先启动这些实例。`,
    instances_assistant_offline: (p, list) =>
      `以下实例的云助手不在线：${list(p.ids)}。请安装或重启云助手 Agent 后重试。`,
    instances_wrong_os: (p, list) =>
      `该扩展程序仅支持 ${p.supported.join(', ')}；不支持：${list(p.instances.map((i) => `${i.instanceId} (${i.os})`))}。`,
    region_unknown: (p) => `${p.regionId || '（空）'} 不是本账号可用的 ECS 地域。请从列表中选择。`,
    package_bad_name: () => '请从列表中选择扩展程序（模板名称，如 ACS-Extension-node-1853370294850618）。',
    package_unknown: (p) => `${p.name} 不是公共扩展程序包。请从列表中选择。`,
    param_required: () => '此参数为必填项。',
    param_not_number: () => '请输入数字，例如 8080。',
    param_number_out_of_range: () =>
      `数字过大，无法准确传递；请输入 ${-Number.MAX_SAFE_INTEGER} 到 ${Number.MAX_SAFE_INTEGER} 之间的数。`,
    param_not_integer: () => '请输入整数，例如 3。',
    param_below_min: (p) => `不能小于 ${p.min}。`,
    param_above_max: (p) => `不能大于 ${p.max}。`,
    param_not_boolean: () => '请输入 true 或 false。',
    param_not_allowed: (p, list) => `必须是以下之一：${list(p.allowed, 10)}。`,
    param_not_json: () => '请输入有效的 JSON，例如 {"key": "value"}。',
    param_not_list: () => '请输入 JSON 列表，例如 ["a", "b"]。',
    param_json_number_out_of_range: () =>
      '此 JSON 中有数字过大，无法准确传递；请写成字符串（"123…"）或改用较小的数。',
    param_too_short: (p) => `长度不能少于 ${p.min} 个字符。`,
    param_too_long: (p) => `长度不能超过 ${p.max} 个字符。`,
    param_pattern: (p) => `不符合要求的格式 ${p.pattern}。`,
    concurrency_invalid: () => '请输入不小于 1 的整数（同时安装的实例数）。',
    max_errors_invalid: () => '请输入不小于 0 的整数（停止前允许失败的实例数）。',
    lookup_failed: (p, _list, error) => error(p.error),
  },
  notices: {
    region_not_listed: (n) => `${n.regionId} 不是可用地域，已改选 ${n.fallback}。`,
    package_load_failed: (n, _list, error) => `无法加载 ${n.packageName}：${error(n.error)}`,
    package_not_allowed: (n) =>
      `本频道的策略（packages 规则）不允许 ${n.packageName}，请在下方选择允许的扩展程序。`,
    no_package_matched: (n) => `没有与“${n.words}”匹配的扩展程序，请在下方选择。`,
    several_packages_matched: (n, list) =>
      `有多个扩展程序与“${n.words}”匹配（${list(n.names, 3)}），请在下方选择。`,
  },
};
