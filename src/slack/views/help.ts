/**
 * Usage of `/ecs-ext`: every subcommand of the contract with examples, and how mentions work.
 */
import type { KnownBlock } from '@slack/types';
import type { Locale } from '../../domain/model.js';
import { SLASH_COMMAND } from '../ids.js';
import { SlackLimits } from './limits.js';
import { type Message, mrkdwnText, plainText } from './text.js';

interface Usage {
  command: string;
  what: string;
  examples: string[];
}

const c = SLASH_COMMAND;

function usages(locale: Locale): Usage[] {
  const zh = locale === 'zh';
  return [
    {
      command: `${c} list [category or words]`,
      what: zh
        ? '浏览可安装的 ECS 扩展程序目录，可按类别或关键词筛选。'
        : 'Browse the catalog of ECS extensions you can install, optionally filtered by category or words.',
      examples: [`${c} list`, `${c} list database`, `${c} list web server`],
    },
    {
      command: `${c} check <words>`,
      what: zh
        ? '查询某个软件是否支持作为扩展安装：显示详情、参数和“安装”按钮，或给出相近的替代项。（`search` 和 `info` 作用相同）'
        : 'Is something supported? Shows its details, parameters and an Install button, or the nearest alternatives. (`search` and `info` do the same.)',
      examples: [`${c} check docker`, `${c} search redis`, `${c} info ACS-Extension-node-1853370294850618`],
    },
    {
      command: `${c} install [package] [instance IDs…] [region]`,
      what: zh
        ? '打开安装表单，并用你提到的扩展、实例和地域预先填好。提交后会在频道里发出确认消息，经同事审批后才开始安装。'
        : 'Opens the install form, prefilled with the extension, instances and region you name. Submitting posts a confirmation in the channel; the install starts once a teammate approves it.',
      examples: [`${c} install docker i-bp1abcdefghijk0001 cn-hangzhou`, `${c} install nginx`],
    },
    {
      command: `${c} status [request ID or execution ID]`,
      what: zh
        ? '查看一个安装申请或 OOS 执行的状态；不带参数时列出你最近的申请。'
        : 'Shows the state of one install request or OOS execution; without an ID, lists your recent requests.',
      examples: [`${c} status`, `${c} status exec-44d32b45d2a449e`],
    },
    {
      command: `${c} policy`,
      what: zh
        ? '显示本频道当前生效的策略：谁可以批准、可以安装哪些扩展和地域、数量上限和冻结窗口。'
        : 'Shows the policy in force in this channel: who may approve, which packages and regions are allowed, the limits and freeze windows.',
      examples: [`${c} policy`],
    },
    {
      command: `${c} help`,
      what: zh ? '显示本帮助。' : 'Shows this help.',
      examples: [`${c} help`],
    },
  ];
}

/** The help message (sent ephemerally) in the wanted language. */
export function renderHelp(locale: Locale): Message {
  const zh = locale === 'zh';
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: plainText(
        zh ? 'ECS 扩展程序助手 · 使用说明' : 'ECS extensions bot · how to use it',
        SlackLimits.headerText,
      ),
    },
    {
      type: 'section',
      text: mrkdwnText(
        zh
          ? '我可以列出阿里云 ECS 扩展程序、查询某个软件是否支持，并在审批通过后把它一键安装到你的 ECS 实例上。'
          : 'I list Alibaba Cloud ECS extensions, tell you whether something is supported, and install it on your ECS instances in one click once a teammate approves.',
      ),
    },
  ];
  for (const usage of usages(locale)) {
    const examples = usage.examples.map((e) => `\`${e}\``).join('   ');
    const label = zh ? '示例' : 'Examples';
    blocks.push({
      type: 'section',
      text: mrkdwnText(`*\`${usage.command}\`*\n${usage.what}\n_${label}:_ ${examples}`),
    });
  }
  blocks.push({ type: 'divider' });
  blocks.push({
    type: 'section',
    text: mrkdwnText(
      zh
        ? '*也可以直接提及我*\n在频道里 @ 我并用自然语言提问，我会在消息串里回复，例如：\n• `@ecs-ext 有哪些扩展？`\n• `@ecs-ext 支持 docker 吗？`\n• `@ecs-ext 在 i-bp1abcdefghijk0001 上安装 nginx`\n安装类请求会附带一个按钮，用来打开预填好的安装表单。'
        : '*Or just mention me*\n@-mention me in a channel and ask in plain words; I answer in the thread. For example:\n• `@ecs-ext what extensions are available?`\n• `@ecs-ext can I install docker?`\n• `@ecs-ext install nginx on i-bp1abcdefghijk0001`\nInstall requests come with a button that opens the prefilled install form.',
    ),
  });
  blocks.push({
    type: 'context',
    elements: [
      mrkdwnText(
        zh
          ? '安装需要经过审批；审批、拒绝和执行结果都会回复在确认消息的消息串中。'
          : 'Installs need approval; approvals, rejections and the final report appear in the confirmation message’s thread.',
      ),
    ],
  });
  const text = zh
    ? `ECS 扩展程序助手用法：${c} list [类别]、${c} check <名称>、${c} install [扩展] [实例 ID] [地域]、${c} status [ID]、${c} help。`
    : `ECS extensions bot usage: ${c} list [category], ${c} check <words>, ${c} install [package] [instance IDs] [region], ${c} status [ID], ${c} help.`;
  return { text, blocks };
}
