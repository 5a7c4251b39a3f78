/**
 * Usage of `/ecs-ext`: every subcommand of the contract with examples, and how mentions work.
 */
import type { KnownBlock } from '@slack/types';
import type { Locale } from '../../domain/model.js';
import type { UsageWords } from '../i18n/en/help.js';
import { messagesFor } from '../i18n/messages.js';
import { SLASH_COMMAND } from '../ids.js';
import { SlackLimits } from './limits.js';
import { type Message, mrkdwnText, plainText } from './text.js';

const c = SLASH_COMMAND;

/** Examples of each subcommand: commands, the same in every language. */
const EXAMPLES: Record<keyof UsageWords, string[]> = {
  list: [`${c} list`, `${c} list database`, `${c} list web server`],
  check: [`${c} check docker`, `${c} search redis`, `${c} info ACS-Extension-node-1853370294850618`],
  install: [`${c} install docker i-bp1abcdefghijk0001 cn-hangzhou`, `${c} install nginx`],
  update: [`${c} update node i-bp1abcdefghijk0001`],
  uninstall: [`${c} uninstall docker i-bp1abcdefghijk0001 cn-hangzhou`],
  status: [`${c} status`, `${c} status exec-44d32b45d2a449e`],
  installed: [`${c} installed i-bp1abcdefghijk0001 cn-hangzhou`],
  policy: [`${c} policy`],
  help: [`${c} help`],
};

/** The help message (sent ephemerally) in the wanted language. */
export function renderHelp(locale: Locale): Message {
  const words = messagesFor(locale).help;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(words.header, SlackLimits.headerText) },
    { type: 'section', text: mrkdwnText(words.intro) },
  ];
  for (const key of Object.keys(EXAMPLES) as Array<keyof UsageWords>) {
    const examples = EXAMPLES[key].map((e) => `\`${e}\``).join('   ');
    blocks.push({
      type: 'section',
      text: mrkdwnText(`*${words.usage[key]}*\n${words.what[key]}\n_${words.examples}:_ ${examples}`),
    });
  }
  blocks.push({ type: 'divider' });
  blocks.push({ type: 'section', text: mrkdwnText(words.mentions) });
  blocks.push({ type: 'context', elements: [mrkdwnText(words.approvals)] });
  return { text: words.fallback, blocks };
}
