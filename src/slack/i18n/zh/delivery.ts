/** 承诺消息无法按原路送达时的中文：改为私信、凭证未能保留。 */
import type { Messages } from '../messages.js';

/** 频道或私密内容不可用时，如何把消息送到申请人。 */
export const delivery: Messages['delivery'] = {
  dmPreface: (channelMd) =>
    `我已无法在 ${channelMd} 中发消息（我被移出了该频道，或频道已归档），因此通过私信发送这条更新。`,
  privateLost: (name, requestId) =>
    `🔒 仅你可见。${name} 的输出（申请 \`${requestId}\`）包含凭证，频道中已隐藏。我在发送给你之前重启了，而凭证从不保存：请在 OOS 控制台（报告中的“在控制台查看”）或实例上查看。`,
};
