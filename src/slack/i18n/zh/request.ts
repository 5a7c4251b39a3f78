/** 安装申请相关的中文：确认消息、审批期间的消息串回复，以及 `/ecs-ext status`。 */

import { CONFIRM_SENTENCE_EN } from '../en/request.js';
import type { Messages } from '../messages.js';

const tail = (detailMd: string, sep = '：') => (detailMd ? `${sep}${detailMd}` : '');

/** Chinese words of the confirmation message and the request summary. */
export const request: Messages['request'] = {
  header: (name) => `安装申请：${name}`,
  statusWord: {
    pending: '等待审批',
    starting: '正在启动',
    running: '正在安装',
    succeeded: '安装成功',
    failed: '安装失败',
    cancelled: '已取消',
    rejected: '已拒绝',
    expired: '已过期',
    withdrawn: '已撤回',
    blocked: '未启动（重复执行）',
    start_failed: '启动失败',
  },
  statusLine: {
    pending: (approvals) => `:hourglass_flowing_sand: *等待审批* — 已批准 ${approvals}`,
    starting: ':rocket: *已批准，正在启动安装…*',
    startingUnconfirmed: ':hourglass_flowing_sand: *正在启动（待确认）* — 正在向 OOS 确认安装是否已启动',
    running: (statusMd, countsMd) =>
      `:arrows_counterclockwise: *正在安装* — OOS 状态 ${statusMd}${countsMd ? `；${countsMd}` : ''}`,
    succeeded: (countsMd) => `:white_check_mark: *安装成功*${tail(countsMd, ' — ')}`,
    failed: (countsMd) => `:x: *安装失败*${tail(countsMd, ' — ')}`,
    cancelled: (countsMd) => `:no_entry_sign: *安装已取消*${tail(countsMd, ' — ')}`,
    rejected: (actorMd) => `:no_entry: *已被${actorMd ? ` ${actorMd} ` : ''}拒绝* — 未执行任何安装`,
    expired: (required) => `:hourglass: *已过期* — 未能及时获得 ${required} 个批准，未执行任何安装`,
    withdrawn: (actorMd) =>
      `:leftwards_arrow_with_hook: *已${actorMd ? `由 ${actorMd} ` : ''}撤回* — 未执行任何安装`,
    blocked: ':warning: *未启动* — 已有另一个执行正在这些实例上安装该扩展程序',
    start_failed: (detailMd) => `:x: *无法启动安装*${tail(detailMd, ' — ')}`,
  },
  counts: {
    succeeded: (n) => `${n} 台成功`,
    failed: (n) => `${n} 台失败`,
    cancelled: (n) => `${n} 台已取消`,
    inProgress: (n) => `${n} 台进行中`,
  },
  requester: '申请人',
  instances: '实例数',
  parametersHead: '*安装参数*',
  noParameters: '该扩展程序没有参数。',
  defaultMark: '（默认值）',
  templateDefault: '模板默认值',
  empty: '（空）',
  approval: (whoMd, given, required, givenMd) =>
    `*审批人：* ${whoMd}\n*批准：* 需要 ${required} 个，已有 ${given} 个${givenMd ? `（${givenMd}）` : ''}`,
  anyone: '本频道中的任何人',
  anyoneButRequester: '除申请人以外的任何人',
  duplicatesHead:
    ':warning: *已在运行：* 另一个执行正在这些实例上安装该扩展程序，在它结束之前本次安装不会启动。',
  execution: (idMd, linkMd, statusMd) => `*执行* ${idMd} · ${linkMd} · ${statusMd}`,
  openInConsole: '在 OOS 控制台中查看',
  preflight: {
    head: '*安装前检查*',
    none: '没有检查结果。',
    allGood: (total) => `:white_check_mark: 全部 ${total} 台实例均在运行，云助手在线。`,
    online: '云助手在线',
    offline: '云助手*离线*',
    unknown: '云助手状态未知',
  },
  pendingFooter: (idMd, expiresMd) => `申请 ${idMd} · 过期时间 ${expiresMd}`,
  footer: (idMd) => `申请 ${idMd}`,
  // Chinese readers get their sentence first; the contract's English one stays below it.
  confirmQuestion: `*请确认以上参数无误，确认后我将开始安装。*\n_${CONFIRM_SENTENCE_EN}_`,
  approve: '批准',
  reject: {
    button: '拒绝',
    title: '拒绝此申请？',
    text: '将不会执行任何安装，且无法撤销。',
    confirm: '拒绝',
    deny: '保留',
  },
  withdraw: {
    button: '撤回申请',
    title: '撤回此申请？',
    text: '只有申请人可以撤回。将不会执行任何安装。',
    confirm: '撤回申请',
    deny: '保留',
  },
  fallback: (title, id, count, regionId, status) =>
    `${title}（${id}）：${regionId} 的 ${count} 台实例 — ${status}`,
};

/** Chinese thread replies while a request waits for approval or starts. */
export const approval: Messages['approval'] = {
  approved: (byMd, count, required) =>
    `:white_check_mark: ${byMd} 已批准（${count}/${required}）。${count >= required ? '审批已全部通过，正在启动安装。' : `还需要 ${required - count} 个批准。`}`,
  rejected: (byMd, requesterMd) =>
    `:no_entry: ${byMd} 拒绝了此申请，不会执行任何安装。${requesterMd}，如有需要可用 \`/ecs-ext install\` 重新提交申请。`,
  withdrawn: (byMd) => `:leftwards_arrow_with_hook: ${byMd} 撤回了此申请，不会执行任何安装。`,
  expired: (required, ttl, requesterMd) =>
    `:hourglass: 申请已过期：未在 ${ttl}内获得 ${required} 个批准，未执行任何安装。${requesterMd}，如仍需安装，请用 \`/ecs-ext install\` 重新提交。`,
  ttl: {
    days: (n) => `${n} 天`,
    hours: (n) => `${n} 小时`,
    minutes: (n) => `${n} 分钟`,
  },
  blockedHead: ':warning: *安装未启动。*',
  blockedAdvice:
    '*如何处理：* 等待该执行结束（或在控制台中取消它），然后用 `/ecs-ext install` 重新提交申请。',
  started: (idMd, linkMd) =>
    `:rocket: *安装已启动。* 执行 ID ${idMd} — ${linkMd}。我会在此消息串中发布进度和最终报告。`,
  startedLink: '在 OOS 控制台中查看',
  startFailedHead: ':x: *无法启动安装。*',
  startUnconfirmed: (problemMd) =>
    `:hourglass_flowing_sand: *正在向 OOS 确认是否已启动。* OOS 没有答复安装是否已启动（${problemMd}），暂时也无法查询，安装可能已在运行。我会持续查询，OOS 一有答复就在此发帖；请不要重复提交。`,
  startFailedAdvice: '未执行任何安装。问题解决后，请用 `/ecs-ext install` 重新提交申请。',
  refused: {
    not_approver: (whoMd, approversMd) =>
      `:raised_hand: ${whoMd} 不是此申请的审批人，本次操作未被计入。审批人：${approversMd}。`,
    self_approval: (whoMd, approversMd) =>
      `:raised_hand: ${whoMd}，你不能批准自己提交的申请。请联系：${approversMd}。`,
    already_approved: (whoMd, count, required) =>
      `:information_source: ${whoMd} 已经批准过此申请（${count}/${required}），每人只计一次。`,
    not_pending: (whoMd, status) =>
      `:information_source: ${whoMd}，此申请已不在等待审批状态（状态：${status}），本次操作无效。`,
    not_requester: (whoMd, requesterMd) =>
      `:raised_hand: ${whoMd}，只有申请人（${requesterMd}）可以撤回此申请。如需阻止安装，请点击“拒绝”。`,
  },
};

/** Chinese words of `/ecs-ext status`. */
export const status: Messages['status'] = {
  header: (id) => `安装申请 ${id}`,
  createdPending: (createdMd, expiresMd) => `创建于 ${createdMd} · 过期时间 ${expiresMd}`,
  createdUpdated: (createdMd, updatedMd) => `创建于 ${createdMd} · 更新于 ${updatedMd}`,
  fallback: (id, name, status) => `安装申请 ${id}（${name}）：${status}`,
  notFound: (idMd) => `没有找到请求或执行 ${idMd}。发送 \`/ecs-ext status\` 查看你最近的请求。`,
  noRequests: '你还没有安装申请。可以用 `/ecs-ext install` 发起一个。',
  recentHeader: '你最近的安装申请',
  recentLine: (nameMd, idMd, status, regionMd, count, createdMd) =>
    `*${nameMd}* ${idMd} — ${status}\n${regionMd} · ${count} 台实例 · ${createdMd}`,
  detailsHint: '查看详情：`/ecs-ext status &lt;申请 ID 或执行 ID&gt;`',
  recentFallback: (count) => `你最近的 ${count} 个安装申请`,
  outputHeading: '*各实例输出*',
  outputCut: (chars, instances, consoleMd) =>
    `:scissors: 有 ${instances} 台实例共 ${chars} 个字符的输出超出 Slack 限制，未在此显示。完整输出请在${consoleMd}中查看。`,
  theConsole: 'OOS 控制台',
  historyHead: '*历史记录*',
  earlierEntries: (n) => `…更早的 ${n} 条记录`,
  history: {
    created: (whoMd) => `由 ${whoMd} 提交`,
    approved: (whoMd) => `${whoMd} 批准`,
    rejected: (whoMd) => `${whoMd} 拒绝`,
    refused: (whoMd, detailMd) => `${whoMd} 的操作被拒绝${tail(detailMd)}`,
    expired: () => '已过期',
    withdrawn: (whoMd, detailMd) => (whoMd ? `${whoMd} 撤回` : `已丢弃${tail(detailMd)}`),
    starting: () => '正在启动安装',
    started: (_whoMd, detailMd) => `执行已启动${detailMd ? `（${detailMd}）` : ''}`,
    start_failed: (_whoMd, detailMd) => `启动失败${tail(detailMd)}`,
    blocked: (_whoMd, detailMd) => `未启动${tail(detailMd)}`,
    status: (_whoMd, detailMd) => `执行状态 ${detailMd}`,
    cancel_requested: (whoMd) => `${whoMd} 请求取消执行`,
    cancel_failed: (_whoMd, detailMd) => `取消失败${tail(detailMd)}`,
    pending_report: () => '轮询超时仍在运行，已发布进度报告',
    final_report: () => '已发布最终报告',
    reminded: () => '已提醒审批人',
    wave_started: (_whoMd, detailMd) => `批次已启动${tail(detailMd)}`,
    rollout_paused: (_whoMd, detailMd) => `分批发布已暂停${tail(detailMd)}`,
    rollout_continued: (whoMd) => `${whoMd} 继续分批发布`,
    rollout_stopped: (whoMd) => `${whoMd} 停止分批发布`,
    error: (_whoMd, detailMd) => `错误${tail(detailMd)}`,
  },
};
