import { describe, expect, it } from 'vitest';
import { renderHome } from '../../../src/slack/views/home.js';
import { renderInstallPrompt } from '../../../src/slack/views/install-prompt.js';
import { notPostedText } from '../../../src/slack/views/not-posted.js';
import { makeRequest } from '../../fakes/requests.js';

/** Any `<…>` Slack would read as a link, a mention or a command, other than the ones meant. */
const STRAY_ANGLE = /<(?![@#!]|https?:)/;

describe('renderHome', () => {
  it('lists the commands with <name> escaped, and the recent requests with their names escaped', () => {
    const request = makeRequest({ id: 'req-1', packageDisplayName: 'Tool <beta> & co' });

    const home = renderHome({ userId: 'U0BOB', awaiting: [request], running: [], recent: [request] }, 'en');

    const text = JSON.stringify(home.blocks);
    expect(text).toContain('`/ecs-ext check &lt;name&gt;`');
    expect(text).toContain('Tool &lt;beta&gt; &amp; co');
    expect(text).not.toMatch(STRAY_ANGLE);
  });

  it('speaks Chinese from the Chinese catalog', () => {
    const home = renderHome({ userId: 'U0BOB', awaiting: [], running: [], recent: [] }, 'zh');

    const text = JSON.stringify(home.blocks);
    expect(text).toContain('你最近的请求');
    expect(text).toContain('你还没有提交过申请。');
    expect(text).not.toMatch(STRAY_ANGLE);
  });
});

describe('renderInstallPrompt', () => {
  it('says what was prefilled and carries it in the button', () => {
    const prefill = {
      instanceIds: ['i-bp1aaaaaaaaaaaaaaaa1'],
      regionId: 'cn-hangzhou',
      packageName: 'ACS-Extension-node-1',
    };

    const en = renderInstallPrompt(prefill, 'install node', 'en');
    const zh = renderInstallPrompt(prefill, 'install node', 'zh');

    expect(en.text).toBe(
      'Open the install form, check the values and submit; a confirmation table is then posted here for a teammate to approve. (prefilled: package `ACS-Extension-node-1`, 1 instance(s), region `cn-hangzhou`)',
    );
    expect(zh.text).toContain('（已预填：扩展 `ACS-Extension-node-1`，1 台实例，地域 `cn-hangzhou`）');
    const button = en.blocks[1]?.elements?.[0];
    expect(JSON.parse(String(button?.value))).toMatchObject({
      ...prefill,
      words: 'install node',
    });
  });
});

describe('notPostedText', () => {
  it('asks to invite the bot when it is not in the channel, and says nothing was installed otherwise', () => {
    const request = makeRequest({ channelId: 'C0CHANNEL' });

    expect(notPostedText(request, 'not_in_channel')).toContain("in <#C0CHANNEL> because I'm not a member");
    expect(notPostedText(request, 'ratelimited')).toContain(
      '(ratelimited), so it was dropped and nothing was installed',
    );
    expect(notPostedText({ ...request, locale: 'zh' }, undefined)).toContain('（未知错误）');
  });
});
