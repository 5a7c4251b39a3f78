/** 请求检查的中文：拒绝其他工作区、重复提交、表单未能打开。 */
import type { Messages } from '../messages.js';

/** Chinese words of the request checks. */
export const guard: Messages['guard'] = {
  otherWorkspace: '此机器人只服务于安装它的工作区，无法处理此请求。',
  submittedTwice: '此表单刚刚已用相同的内容提交，正在处理中。如果没有出现确认消息，请半分钟后再提交一次。',
  triggerExpired: (command) =>
    `表单未能打开：Slack 允许打开表单的 3 秒时间已过。请重新输入 \`${command}\`（或再次点击按钮）。`,
  modalFailed: (code, command) =>
    `表单未能打开（Slack 返回 \`${code}\`）。请稍后重新输入 \`${command}\`（或再次点击按钮）。`,
};
