/** 扩展程序目录（`/ecs-ext list`）和支持查询（`/ecs-ext check`）的中文。 */
import type { Messages } from '../messages.js';

/** Chinese category names, by the raw key in the templates. */
export const categories: Messages['categories'] = {
  application: '应用',
  applications: '应用',
  database: '数据库',
  runtime: '运行环境',
  ai: '人工智能',
  devops: '开发运维',
  container: '容器',
  monitoring: '监控',
  security: '安全',
  middleware: '中间件',
  web: 'Web 服务器',
  tools: '工具',
  other: '其他',
};

/** Chinese words of `/ecs-ext list`. */
export const catalog: Messages['catalog'] = {
  title: 'ECS 扩展程序目录',
  titleFiltered: (filter) => `匹配“${filter}”的 ECS 扩展程序`,
  stale: (age) => `:warning: 目录暂时无法刷新，以下是 ${age}的数据。`,
  noDescription: '_暂无简介_',
  documentation: '文档',
  range: (r) => `第 ${r.from}–${r.to} 项，共 ${r.total} 项 · 第 ${r.page}/${r.pageCount} 页`,
  previous: '◀ 上一页',
  next: '下一页 ▶',
  hint: '按类别或关键词筛选：`/ecs-ext list database` · 查看某个扩展：`/ecs-ext check docker`',
  empty: '目录中暂时没有可用的 ECS 扩展程序。请稍后再试。',
  noMatch: (filter) => `没有找到与“${filter}”匹配的扩展程序。`,
  noMatchIntro: (filterMd) => `没有找到与 *${filterMd}* 匹配的扩展程序。可以换个关键词，或按以下类别筛选：`,
  noMatchHint: '查看全部：`/ecs-ext list` · 查看某个扩展：`/ecs-ext check &lt;名称&gt;`',
  fallback: (filter, range, names) =>
    `ECS 扩展程序${filter ? `（筛选：${filter}）` : ''}：${range}。 ${names}`,
};

/** Chinese words of the answer to `/ecs-ext check`. */
export const support: Messages['support'] = {
  supported: (nameMd) => `${nameMd} 可以作为 ECS 扩展程序安装。`,
  supportedFallback: (name, templateName) => `${name}（${templateName}）可以作为 ECS 扩展程序安装。`,
  category: '类别',
  templateVersion: '模板版本',
  operatingSystems: '操作系统',
  publisher: '发布者',
  documentation: '文档',
  openDocumentation: '查看文档',
  install: '安装…',
  otherMatches: '其他相近的扩展：',
  anyOs: '云助手支持的任意 Linux / Windows 系统',
  instanceFamilies: (families) => `实例规格族：${families}`,
  parametersTitle: (count) => `*安装参数*（${count}）`,
  noParameters: '此扩展没有安装参数。',
  moreParameters: (rest) => `…还有 ${rest} 个参数，完整列表见安装表单。`,
  required: '必填',
  optional: '可选',
  secret: '保密',
  meta: (parts) => `（${parts.join('，')}）`,
  defaultValue: (valueMd) => `默认值 ${valueMd}`,
  allowed: (valuesMd) => `允许值：${valuesMd}`,
  empty: '（空）',
  unsupported: (queryMd) => `*${queryMd}* 目前还不支持作为 ECS 扩展程序安装。`,
  nearest: '*最接近的可用扩展：*',
  noAlternatives: '没有找到相近的扩展程序。',
  unsupportedHint: '查看全部扩展：`/ecs-ext list` · 查看其中一个：`/ecs-ext check &lt;TemplateName&gt;`',
  unsupportedFallback: (query, names) =>
    `${query} 目前还不支持作为 ECS 扩展程序安装。${names ? `相近的扩展：${names}。` : ''}`,
  ambiguous: (count, queryMd) => `有 ${count} 个扩展与 *${queryMd}* 匹配，你指的是哪一个？`,
  askAgain: (exampleMd) => `用完整名称再问一次，例如：\`/ecs-ext check ${exampleMd}\``,
  ambiguousFallback: (count, query, names) =>
    `有 ${count} 个扩展与“${query}”匹配：${names}。你指的是哪一个？`,
};
