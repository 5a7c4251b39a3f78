/**
 * The reply to a mention that asks for an install: mentions carry no trigger_id, so the bot offers a
 * button that opens the prefilled form.
 */
import type { InstallPrefill } from '../../domain/install/types.js';
import type { Locale } from '../../domain/model.js';
import { ActionIds } from '../ids.js';
import { SlackLimits } from './limits.js';

/** "Open install form" message for a mention, prefilled with what the words named. */
export function renderInstallPrompt(prefill: InstallPrefill, words: string, locale: Locale) {
  const zh = locale === 'zh';
  const parts: string[] = [];
  if (prefill.packageName)
    parts.push(zh ? `扩展 \`${prefill.packageName}\`` : `package \`${prefill.packageName}\``);
  if (prefill.instanceIds.length > 0) {
    parts.push(zh ? `${prefill.instanceIds.length} 台实例` : `${prefill.instanceIds.length} instance(s)`);
  }
  if (prefill.regionId) parts.push(zh ? `地域 \`${prefill.regionId}\`` : `region \`${prefill.regionId}\``);
  const summary =
    parts.length > 0 ? (zh ? `（已预填：${parts.join('，')}）` : ` (prefilled: ${parts.join(', ')})`) : '';
  const text = zh
    ? `打开安装表单，核对参数后提交；提交后会在频道里发出确认表，由同事审批。${summary}`
    : `Open the install form, check the values and submit; a confirmation table is then posted here for a teammate to approve.${summary}`;
  let value = JSON.stringify({ ...prefill, words });
  if (value.length > SlackLimits.buttonValue) value = JSON.stringify({ words: words.slice(0, 1500) });
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            style: 'primary',
            action_id: ActionIds.openInstallForm,
            text: { type: 'plain_text', text: zh ? '打开安装表单' : 'Open install form' },
            value,
          },
        ],
      },
    ],
  };
}
