/** 安装跟踪的中文：OOS 状态词、进度回复、取消与重试提示、最终报告和待定报告、后续建议。 */
import type { Messages } from '../messages.js';

/** Chinese status words. */
export const executionStatus: Messages['executionStatus'] = {
  phrase: {
    Started: '已开始',
    Queued: '排队中',
    Running: '运行中',
    Waiting: '等待确认',
    Pending: '等待中',
    Success: '成功',
    Failed: '失败',
    Cancelled: '已取消',
    NotReached: '未执行（分批发布已停止）',
    Unknown: '未报告结果',
  },
  heading: (_status, phrase) => phrase,
};

/** Chinese words of the thread replies while an install runs. */
export const tracking: Messages['tracking'] = {
  progress: (c) =>
    [
      `${c.finished}/${c.total} 台已完成`,
      c.failed ? `${c.failed} 台失败` : '',
      c.cancelled ? `${c.cancelled} 台取消` : '',
      c.notReached ? `${c.notReached} 台未执行` : '',
    ]
      .filter(Boolean)
      .join('，'),
  console: '控制台',
  viewInConsole: '在控制台查看',
  waiting: {
    text: '等待确认 — 执行已暂停，需要有人在 OOS 控制台确认',
    body: (idMd) =>
      `⏸️ *等待人工确认。* OOS 暂停了执行 ${idMd}：有一个步骤需要有 OOS 控制台权限的人确认（或取消）后，安装才会继续。机器人会继续跟踪，并在状态变化后在此更新。`,
  },
  cancelRequested: {
    text: '已请求取消',
    body: (byMd, idMd) =>
      `⏹️ ${byMd} 已请求 OOS 取消执行 ${idMd}。已完成的实例会保留扩展；OOS 确认取消后会发布最终报告。`,
  },
  cancelFailed: {
    text: '取消失败',
    body: (byMd, idMd, whyMd) =>
      `⚠️ ${byMd}，无法取消执行 ${idMd}。${whyMd}\n执行仍在进行：请重试，或在 OOS 控制台中取消。`,
  },
  cancelButton: {
    text: '取消安装',
    title: '取消此次安装？',
    body: (executionId) => `OOS 将停止执行 ${executionId}。已完成的实例会保留扩展。`,
    confirm: '确认取消',
    deny: '继续执行',
  },
  refusals: {
    not_found: '该申请已不存在。发送 `/ecs-ext status` 查看你最近的申请。',
    not_running: '该安装已不在运行，无需取消。请查看线程中的最终报告。',
    not_allowed: '只有申请人或审批人可以取消此安装。请联系他们，或有 OOS 控制台权限的人。',
    already_requested: '已经请求过取消；OOS 确认后会发布最终报告。',
    nothing_to_retry: '该申请的所有实例均已成功（或尚未结束）：没有需要重试的实例。',
  },
};

/** Chinese words of the final and pending report (labels keep the contract's English in brackets). */
export const report: Messages['report'] = {
  labels: {
    extensionName: '扩展名称 (Extension Name)',
    target: '安装目标 (Installation Target)',
    parameters: '安装参数 (Installation Parameters)',
    executionId: '执行 ID (Execution ID)',
    executionStatus: '执行状态 (Execution Status)',
    completionTime: '完成时间 (Completion Time)',
    resultDetails: '结果详情 (Result Details)',
    followUp: '后续建议 (Follow-up Suggestions)',
  },
  titles: {
    succeeded: '安装成功',
    partial: '安装部分失败',
    failed: '安装失败',
    cancelled: '安装已取消',
    stopped: '分批发布已停止',
    pending: '安装仍未完成',
  },
  summary: (name, title, c) => `${name}：${title}（${c.succeeded}/${c.total} 台实例成功）`,
  target: (regionMd, count, idsMd) => `地域 ${regionMd}，${count} 台实例：${idsMd}`,
  tally: (c) =>
    [
      `${c.finished}/${c.total} 台已完成`,
      `${c.succeeded} 成功`,
      c.failed ? `${c.failed} 失败` : '',
      c.cancelled ? `${c.cancelled} 取消` : '',
      c.notReached ? `${c.notReached} 未执行` : '',
    ]
      .filter(Boolean)
      .join('，'),
  timedOut: (minutes, statusMd, tally) =>
    `Pending（等待 ${minutes} 分钟后超时）— OOS 最近状态 ${statusMd}，${tally}`,
  notFinished: (started) => `尚未完成（开始于 ${started}）`,
  took: (ended, duration) => `${ended} (耗时 ${duration})`,
  durationUnits: { hours: '小时', minutes: '分', seconds: '秒' },
  shortened: '_（为适应 Slack 已截断）_',
  succeededGroup: (count, idsMd) => `✅ ${count} 台成功：${idsMd}`,
  notReachedGroup: (count, idsMd) => `⏭️ ${count} 台未执行（分批发布已停止）：${idsMd}`,
  waveExecution: (idMd, stage) => `${idMd}（第 ${stage} 批）`,
  instanceMessage: (lineMd, messageMd) => `${lineMd}：${messageMd}`,
  configuration: '配置信息',
  output: '输出',
  blockLabel: (label) => `${label}：`,
  noInstances: 'OOS 尚未报告任何实例的结果。',
  detailsNote: (requestId) =>
    `部分输出为适应 Slack 已截断。完整内容见控制台（在控制台查看）或 \`/ecs-ext status ${requestId}\`。`,
  privateHead: (name, requestId) =>
    `🔒 仅你可见。以下是 ${name} 输出的凭证（申请 \`${requestId}\`），频道中已隐藏。请立即妥善保存（此消息在 Slack 刷新后消失），并在首次登录后修改初始密码。`,
  privateMore: (requestId) => `…其余内容请在控制台或实例上查看（\`/ecs-ext status ${requestId}\`）。`,
  requestedBy: (requesterMd, requestMd) => `申请人 ${requesterMd} · 申请 ${requestMd}`,
  retryFailed: (count) => `重试失败实例（${count}）`,
};

/** Chinese follow-up suggestions, by code. */
export const suggestions: Messages['suggestions'] = {
  check_extension: (shortName) => `可登录实例检查扩展，或使用 \`/ecs-ext check ${shortName}\` 查看详情。`,
  verify_version: (command) => `在实例上验证安装结果：\`${command}\`。`,
  open_port: (port) => `在实例的安全组中放行入方向 TCP ${port} 端口（建议只对自己的 IP 段开放）。`,
  find_panel_port: (panel, loginCommand) =>
    `在实例的安全组中放行 ${panel} 面板端口（可用 \`${loginCommand}\` 查看）。`,
  panel_login: (loginCommand, privateDetails) =>
    `获取登录地址和账号：在实例上运行 \`${loginCommand}\`${privateDetails ? '，或查看私下发送给申请人的信息' : ''}。首次登录后请修改初始密码。`,
  failure: {
    cloud_assistant_offline:
      '云助手似乎不在线。请在实例上运行 `systemctl status aliyun.service`（Windows：`Get-Service AliyunService`）并启动它，然后重试。',
    instance_not_running: '实例不在运行中。请在 ECS 控制台启动实例后重试。',
    timed_out: '安装超时。请检查实例负载（`top`）和网络后重试。',
    download_failed:
      '下载安装包失败。请确认实例能访问公网或 OSS（公网 IP、NAT 网关、DNS），例如 `curl -I https://oss-cn-hangzhou.aliyuncs.com`。',
    os_unsupported:
      '此扩展可能不支持该实例的操作系统。请用 `cat /etc/os-release` 对照 `/ecs-ext info` 显示的支持系统。',
    disk_full: '磁盘空间可能不足。请在实例上运行 `df -h` 并清理空间后重试。',
    permission_denied:
      'OOS 缺少权限。请检查账号或 OOS 执行角色的 RAM 策略（ecs:RunCommand、oos:GetTemplate、oss:GetObject 等）。',
    unknown: '请在控制台打开该执行，查看失败任务的日志以了解具体错误。',
  },
  cancelled: '执行已取消：已完成的实例保留扩展。准备好后可重试其余实例。',
  retry_failed: '可点击“重试失败实例”为未成功的实例重新发起安装申请（需要重新审批）。',
  pending_watching: '机器人会在后台继续检查，执行结束后会在此发布最终报告。',
  pending_check: (requestId) =>
    `随时自行查看：\`/ecs-ext status ${requestId}\`，或在 OOS 控制台打开该执行（在控制台查看）。`,
  pending_cli: (command) => `使用阿里云 CLI：\`${command}\``,
  pending_waiting: '执行处于 Waiting 状态：需要有人在 OOS 控制台确认后才会继续。',
};
