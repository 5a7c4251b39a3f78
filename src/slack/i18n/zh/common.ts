/** 各视图通用的中文：列表截断提示和时间。 */
import type { Messages } from '../messages.js';

/** Chinese common words. */
export const common: Messages['common'] = {
  andMore: (count) => `…还有 ${count} 项`,
  age: {
    justNow: '不到 1 分钟前',
    minutes: (n) => `${n} 分钟前`,
    hours: (n) => `${n} 小时前`,
    days: (n) => `${n} 天前`,
  },
};
