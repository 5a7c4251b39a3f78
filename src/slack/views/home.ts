/**
 * The App Home tab: what the bot does, how to use it, and the user's recent install requests.
 */
import type { InstallRequest, Locale } from '../../domain/model.js';
import { SLASH_COMMAND } from '../ids.js';

const STATUS_EMOJI: Record<string, string> = {
  pending: ':hourglass_flowing_sand:',
  starting: ':rocket:',
  running: ':arrows_counterclockwise:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  cancelled: ':no_entry_sign:',
  rejected: ':no_entry:',
  expired: ':alarm_clock:',
  withdrawn: ':leftwards_arrow_with_hook:',
  blocked: ':construction:',
  start_failed: ':warning:',
};

/** The Home tab view for one user. */
export function renderHome(locale: Locale, recent: InstallRequest[]) {
  const zh = locale === 'zh';
  const usage = zh
    ? [
        `• \`${SLASH_COMMAND} list [分类或关键词]\` — 浏览可安装的 ECS 扩展`,
        `• \`${SLASH_COMMAND} check <名称>\` — 查询是否支持某个扩展及其参数`,
        `• \`${SLASH_COMMAND} install [扩展] [i-…] [地域]\` — 打开安装表单，提交后由同事审批`,
        `• \`${SLASH_COMMAND} status [请求ID]\` — 查看请求和执行进度`,
      ]
    : [
        `• \`${SLASH_COMMAND} list [category or words]\` — browse the ECS extensions you can install`,
        `• \`${SLASH_COMMAND} check <name>\` — is an extension supported, and with which parameters`,
        `• \`${SLASH_COMMAND} install [package] [i-…] [region]\` — open the install form; a teammate approves`,
        `• \`${SLASH_COMMAND} status [request id]\` — a request's state and its execution's progress`,
      ];
  const rows = recent.slice(0, 5).map((r) => {
    const emoji = STATUS_EMOJI[r.status] ?? ':grey_question:';
    return `${emoji} \`${r.id}\` ${r.packageDisplayName} → ${r.instanceIds.length} × ${r.regionId} — *${r.status}*`;
  });
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: zh ? 'ECS 扩展助手' : 'ECS Extensions' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: zh
            ? '在 Slack 中浏览、检查并安装阿里云 ECS 扩展（宝塔面板、Node.js、Python、Docker、Java…），经团队审批后批量安装，并在消息线程里跟踪进度。'
            : 'Browse, check and install Alibaba Cloud ECS extensions (BT Panel, Node.js, Python, Docker, Java, …) from Slack, with teammate approval and live progress in the thread.',
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: usage.join('\n') } },
      { type: 'divider' },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            (zh ? '*你最近的请求*\n' : '*Your recent requests*\n') +
            (rows.length > 0 ? rows.join('\n') : zh ? '暂无。' : 'None yet.'),
        },
      },
    ],
  };
}
