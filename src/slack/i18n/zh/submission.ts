/** 提交较慢、在 Slack 时限之后才检查完毕时，安装表单的中文。 */
import type { Messages } from '../messages.js';

/** 安装表单的“检查中”“已提交”“请修改”视图。 */
export const submission: Messages['submission'] = {
  checking:
    ':hourglass_flowing_sand: *正在检查你的申请…* 阿里云响应较慢。请保持此窗口打开：几秒后它会自动更新，显示确认信息或需要修改的内容。',
  submitted: (channelMd) => `:white_check_mark: *申请已提交。* 确认消息已发布在 ${channelMd}，可在那里审批。`,
  fixBelow: ':warning: *请修改下方标出的内容，然后重新提交。*',
  submit: '提交',
  close: '关闭',
  done: '完成',
};
