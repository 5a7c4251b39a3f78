/** `/ecs-ext installed` 的中文：OOS 记录的实例上已安装的扩展。 */
import type { Messages } from '../messages.js';

/** Chinese words of the installed view. */
export const installed: Messages['installed'] = {
  title: '已安装的扩展',
  summary: (region, count) => `地域 ${region} · ${count} 台实例 · 以 OOS 的记录为准`,
  fallback: (extensions, instances, region) =>
    `已安装的扩展：${instances} 台实例，共 ${extensions} 个（${region}）`,
  nothing: 'OOS 没有记录任何扩展。',
  unreadable: '无法读取已安装的扩展',
  newer: (version) => `有新版本 ${version}`,
  latest: '已是最新',
  noVersion: '版本未知',
  configuration: '配置信息',
  masked: '配置信息的值已隐藏。发起该安装的人或本频道的审批人可以用 `/ecs-ext installed` 私下查看。',
  privateNote: '此消息仅你可见：其中包含配置信息（登录名、密码）。',
  notFound: (region) => `在 ${region} 中找不到：`,
  moreInstances: (n) => `…还有 ${n} 台实例；请分批查询。`,
  problems: {
    noInstances: (command) =>
      `请指明要查看的实例，例如 \`${command} installed i-bp1abcdefghijk0001 cn-hangzhou\`。`,
    badInstanceIds: (ids) => `这些不是实例 ID：${ids}。实例 ID 形如 \`i-bp1abcdefghijk0001\`。`,
    tooManyInstances: (count, max) => `一共 ${count} 台实例；每次最多查询 ${max} 台。`,
    noneFound: (ids, region, regionGiven, command) =>
      regionGiven
        ? `${region} 中没有 ${ids}。请检查实例 ID 和地域。`
        : `默认地域 ${region} 中没有 ${ids}。如果实例在其他地域，请加上地域：\`${command} installed i-… cn-shanghai\`。`,
  },
};
