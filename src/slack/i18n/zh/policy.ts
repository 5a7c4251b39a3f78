/** `/ecs-ext policy` 的中文：频道当前生效的规则。 */
import { SLASH_COMMAND } from '../../ids.js';
import type { Messages } from '../messages.js';

/** Chinese policy words. */
export const policy: Messages['policy'] = {
  header: '本频道的策略',
  intro: (channel, own) =>
    own
      ? `${channel} 的规则。本频道单独设置了：${own}；其余沿用默认值。`
      : `${channel} 的规则：全部沿用默认值。`,
  fromEnv: '未配置策略文件：ECS_EXT_APPROVERS… 等变量即是所有频道的策略。',
  approvalTitle: '*审批*',
  requestTitle: '*可以申请的内容*',
  freezeTitle: '*冻结窗口*（窗口内不能提交或批准申请）',
  labels: {
    approvers: '谁可以批准',
    requiredApprovals: '所需批准数',
    allowSelfApproval: '申请人可自己批准',
    approvalTtlMinutes: '未获批准的过期时间',
    remindApprovers: '提醒审批人',
    actions: '操作',
    packages: '扩展程序',
    regions: '地域',
    maxInstancesPerRequest: '每个申请的实例数',
    requireReason: '申请理由',
    canaryAbove: '金丝雀或分批',
    freeze: '冻结窗口',
  },
  anyoneButRequester: '除申请人以外的任何人',
  anyone: '本频道中的任何人',
  yes: '是',
  no: '否',
  reminderAt: (after) => `等待 ${after}后提醒一次`,
  off: '关闭',
  action: { install: '安装', update: '更新', uninstall: '卸载' },
  noAction: '无：本频道不能提交任何申请',
  any: '不限',
  none: '无',
  category: (name) => `类别 ${name}`,
  atMost: (n) => `最多 ${n} 台`,
  reasonRequired: '必填',
  reasonOptional: '选填',
  canaryAbove: (n) => `超过 ${n} 台实例时必须使用`,
  canaryNever: '不要求',
  noFreeze: '近期没有冻结窗口。',
  window: (from, to, reason) => `${from} → ${to}：${reason}`,
  inForce: (until) => `*正在生效*，直到 ${until}`,
  duration: (minutes) =>
    minutes % 1440 === 0
      ? `${minutes / 1440} 天`
      : minutes % 60 === 0
        ? `${minutes / 60} 小时`
        : `${minutes} 分钟`,
  mark: ' ◆',
  listSeparator: '、',
  footer: (version) => `◆ 为本频道单独设置 · 策略版本 ${version} · 发送 \`${SLASH_COMMAND} help\` 查看用法`,
  fallback: (channel, needed, actions) =>
    `本频道（${channel}）的策略：需要 ${needed} 个批准；可用操作：${actions}。`,
};
