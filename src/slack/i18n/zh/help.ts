/** 帮助、主页、提及回复和确认消息无法发布时的中文说明。`<` 和 `>` 写成实体，避免 Slack 当作链接。 */
import type { Messages } from '../messages.js';

/** Chinese words of `/ecs-ext help`. */
export const help: Messages['help'] = {
  header: 'ECS 扩展程序助手 · 使用说明',
  intro: '我可以列出阿里云 ECS 扩展程序、查询某个软件是否支持，并在审批通过后把它一键安装到你的 ECS 实例上。',
  // The usage lines keep the command syntax of the contract, in English.
  usage: {
    list: '`/ecs-ext list [category or words]`',
    check: '`/ecs-ext check &lt;words&gt;`',
    install: '`/ecs-ext install [package] [instance IDs…] [region]`',
    update: '`/ecs-ext update [package] [instance IDs…] [region]`',
    uninstall: '`/ecs-ext uninstall [package] [instance IDs…] [region]`',
    status: '`/ecs-ext status [request ID or execution ID]`',
    installed: '`/ecs-ext installed &lt;instance IDs…&gt; [region]`',
    policy: '`/ecs-ext policy`',
    help: '`/ecs-ext help`',
  },
  what: {
    list: '浏览可安装的 ECS 扩展程序目录，可按类别或关键词筛选。',
    check:
      '查询某个软件是否支持作为扩展安装：显示详情、参数和“安装”按钮，或给出相近的替代项。（`search` 和 `info` 作用相同）',
    install:
      '打开安装表单，并用你提到的扩展、实例和地域预先填好。提交后会在频道里发出确认消息，经同事审批后才开始安装。',
    update: '打开同一个表单，把扩展程序更新到最新版本（先卸载已安装的版本）；与安装一样需要审批。',
    uninstall:
      '打开同一个表单卸载扩展程序：每个实例运行 OOS 记录的已安装版本的卸载脚本。与安装一样需要审批。',
    status: '查看一个安装申请或 OOS 执行的状态；不带参数时列出你最近的申请。',
    installed: '列出 OOS 记录的这些实例上已安装的扩展：版本、安装时间，以及是否有新版本。',
    policy: '显示本频道当前生效的策略：谁可以批准、可以安装哪些扩展和地域、数量上限和冻结窗口。',
    help: '显示本帮助。',
  },
  examples: '示例',
  mentions:
    '*也可以直接提及我*\n在频道里 @ 我并用自然语言提问，我会在消息串里回复，例如：\n• `@ecs-ext 有哪些扩展？`\n• `@ecs-ext 支持 docker 吗？`\n• `@ecs-ext 在 i-bp1abcdefghijk0001 上安装 nginx`\n安装类请求会附带一个按钮，用来打开预填好的安装表单。',
  approvals: '安装需要经过审批；审批、拒绝和执行结果都会回复在确认消息的消息串中。',
  fallback:
    'ECS 扩展程序助手用法：/ecs-ext list [类别]、/ecs-ext check &lt;名称&gt;、/ecs-ext install [扩展] [实例 ID] [地域]、/ecs-ext status [ID]、/ecs-ext help。',
};

/** Chinese words of the App Home tab. */
export const home: Messages['home'] = {
  header: 'ECS 扩展助手',
  intro:
    '在 Slack 中浏览、检查并安装阿里云 ECS 扩展（宝塔面板、Node.js、Python、Docker、Java…），经团队审批后批量安装，并在消息线程里跟踪进度。',
  usage: [
    '• `/ecs-ext list [分类或关键词]` — 浏览可安装的 ECS 扩展',
    '• `/ecs-ext check &lt;名称&gt;` — 查询是否支持某个扩展及其参数',
    '• `/ecs-ext install [扩展] [i-…] [地域]` — 打开安装表单，提交后由同事审批',
    '• `/ecs-ext update …` / `/ecs-ext uninstall …` — 用同一个表单更新或卸载',
    '• `/ecs-ext installed &lt;i-…&gt; [地域]` — 查看 OOS 记录的实例上已安装的扩展',
    '• `/ecs-ext status [请求ID]` — 查看请求和执行进度',
  ],
  recentHeader: '*你最近的请求*',
  none: '暂无。',
};

/** Chinese words of the reply to a mention that asks for an install. */
export const prompt: Messages['prompt'] = {
  package: (nameMd) => `扩展 ${nameMd}`,
  instances: (count) => `${count} 台实例`,
  region: (regionMd) => `地域 ${regionMd}`,
  text: (prefilled) =>
    `打开安装表单，核对参数后提交；提交后会在频道里发出确认表，由同事审批。${prefilled.length > 0 ? `（已预填：${prefilled.join('，')}）` : ''}`,
  button: '打开安装表单',
};

/** Chinese words when the confirmation message could not be posted. */
export const notPosted: Messages['notPosted'] = {
  notMember: (channelMd) =>
    `我无法在 ${channelMd} 中发布你的安装申请，因为我不是该频道的成员。请在该频道中输入 \`/invite @ecs-ext\` 邀请我，然后重新提交申请（\`/ecs-ext install\`）。未执行任何安装。`,
  failed: (code) =>
    `我无法发布你的安装申请（${code ?? '未知错误'}），申请已作废，未执行任何安装。请稍后用 \`/ecs-ext install\` 重试。`,
};
