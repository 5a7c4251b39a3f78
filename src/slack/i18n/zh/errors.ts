/** 错误的中文说明：出了什么问题、原因以及如何解决。参数为纯文本。 */
import type { Messages } from '../messages.js';

const tried = (attempts?: number): string =>
  attempts !== undefined && attempts >= 2 ? `（已尝试 ${attempts} 次）` : '';

const TRY_AGAIN = '请重试。如果问题持续出现，请让机器人管理员查看日志。';
const SEE_STATUS = '用 `/ecs-ext status` 查看其当前状态。';

/** Chinese error words. */
export const errors: Messages['errors'] = {
  requestId: (id) => `请求 ID：${id}`,
  unexpected: {
    title: '出了点问题',
    detail: '机器人在处理你的请求时遇到了意外问题。',
    hint: TRY_AGAIN,
  },
  storeUnavailable: {
    title: '机器人无法保存这次操作',
    detail: '它的请求存储（数据库或磁盘）暂时不可用，所以什么都没有改变。',
    hint: '请过一分钟再试。',
  },
  throttled: {
    title: '阿里云当前繁忙',
    detail: (call, code, attempts) => `${call} 调用被限流（${code}）${tried(attempts)}。`,
    hint: (waitSeconds) =>
      waitSeconds !== undefined ? `请在约 ${Math.ceil(waitSeconds)} 秒后重试。` : '请过一分钟后重试。',
  },
  server: {
    title: (service) => `阿里云 ${service} 暂时不可用`,
    detail: (call, code, httpStatus, attempts) =>
      `${call} 调用失败：${code}${httpStatus ? `（HTTP ${httpStatus}）` : ''}${tried(attempts)}。`,
    hint: '这通常是暂时的，请几分钟后重试；如果持续出现，请附上请求 ID 联系阿里云技术支持。',
  },
  network: {
    title: (service) => `无法连接阿里云 ${service}`,
    detail: (call, attempts) => `${call} 没有收到响应（网络错误）${tried(attempts)}。`,
    hint: '请几分钟后重试。如果持续出现，请让机器人管理员检查网络连通性以及 ECS_EXT_OOS_ENDPOINT / ECS_EXT_ECS_ENDPOINT 配置。',
  },
  cloudUnknown: {
    title: '阿里云返回了意外的错误',
    detail: (call, code) => `${call} 调用失败（${code}）。`,
    hint: TRY_AGAIN,
  },
  permission: {
    title: '机器人缺少阿里云访问权限',
    detail: (denied, code, call) => `机器人调用 ${call} 时，阿里云拒绝了 \`${denied}\` 权限（${code}）。`,
    hint: '请让阿里云管理员把以下权限策略授予机器人使用的 RAM 用户或角色，然后重试：',
    executionRole: (actions) =>
      `安装执行以 OOSAssumeRole 指定的 OOS 角色运行（未指定时以机器人自身身份运行）。该身份还需要：${actions}。把角色传给 OOS 还需要对该角色的 ram:PassRole 权限。`,
  },
  credentials: {
    title: '阿里云访问凭证缺失或无效',
    missing: '机器人没有找到阿里云访问凭证。',
    unknownKey: (code) => `阿里云无法识别机器人使用的 AccessKey ID（${code}），它可能已被删除或禁用。`,
    badSecret: (code) => `机器人的 AccessKey Secret 与 AccessKey ID 不匹配（${code}）。`,
    badToken: (code) => `机器人的 STS 安全令牌无效或已过期（${code}）。`,
    refused: (code) => `阿里云拒绝了机器人的访问凭证（${code}）。`,
    hint: [
      '请为机器人配置以下任一种凭证，然后重启机器人（切勿把密钥贴到 Slack 里）：',
      '• ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET（使用 STS 令牌时再加 ALIBABA_CLOUD_SECURITY_TOKEN）',
      '• ALIBABA_CLOUD_PROFILE 加 ~/.alibabacloud/credentials 中的配置（或 ALIBABA_CLOUD_CREDENTIALS_FILE 指定的文件）',
      '• ECS 实例 RAM 角色：ALIBABA_CLOUD_ECS_METADATA=<角色名>',
      '• OIDC / RRSA：ALIBABA_CLOUD_ROLE_ARN、ALIBABA_CLOUD_OIDC_PROVIDER_ARN 和 ALIBABA_CLOUD_OIDC_TOKEN_FILE',
    ].join('\n'),
  },
  templateNotFound: {
    title: '找不到该扩展程序',
    detail: (code) => `阿里云上没有这个扩展程序模板（${code}），它可能已被改名或下架。`,
    hint: '用 `/ecs-ext list` 查看当前的扩展程序目录。',
  },
  executionNotFound: {
    title: '找不到该执行',
    detail: (code) => `OOS 在该地域中没有这个执行（${code}）。`,
    hint: '请检查执行 ID 和地域，或用 `/ecs-ext status` 查看你最近的申请。',
  },
  notFound: {
    title: '在阿里云中找不到',
    detail: (call, code) => `${call} 没有找到所请求的资源（${code}）。`,
    hint: '请检查 ID 和地域后重试。',
  },
  clockSkew: {
    title: '机器人所在主机的时间不准确',
    detail: (call, code) => `由于请求时间偏差过大，阿里云拒绝了 ${call}（${code}）。`,
    hint: '请让机器人管理员同步主机时间（NTP）后重试。',
  },
  invalidRequest: {
    title: '阿里云拒绝了该请求',
    detail: (call, code) => `${call} 因参数无效被拒绝（${code}）。`,
    hint: '请检查你填写的值（地域、实例 ID、参数）后重试；如果确认无误，请附上请求 ID 联系技术支持。',
  },
  reasons: {
    secrets_lost: (names) =>
      `未启动：${names.join('、')} 的保密参数值只保存在内存中，而机器人已重启。请重新提交请求。`,
    wave_blocked: (executionIds) =>
      `另一个执行正在这一批的实例上安装该扩展程序（${executionIds.join('、')}），请等它结束后再继续。`,
    duplicate_check_failed: (problem) => `未启动：无法检查该扩展程序是否已有正在运行的安装。${problem}`,
  },
  domain: {
    invalid_input: { title: '输入无效', hint: '请修改后重试。' },
    not_found: { title: '找不到', hint: '请检查 ID，或用 `/ecs-ext status` 查看你最近的申请。' },
    not_allowed: { title: '你没有执行此操作的权限', hint: '请联系指定的审批人或机器人管理员。' },
    conflict: { title: '与正在进行的操作冲突', hint: '请等待其完成后再试。' },
    expired: { title: '该申请已过期', hint: '请重新提交安装申请。' },
    not_pending: { title: '该申请已不在等待审批状态', hint: SEE_STATUS },
    illegal_transition: { title: '申请当前的状态不允许此操作', hint: SEE_STATUS },
  },
};
