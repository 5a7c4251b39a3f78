import { describe, expect, it } from 'vitest';
import { renderHelp } from '../../../src/slack/views/help.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';

describe('renderHelp', () => {
  it.each(['en', 'zh'] as const)('covers every subcommand of the contract within limits (%s)', (locale) => {
    const msg = renderHelp(locale);

    expect(checkMessageLimits(msg)).toEqual([]);
    const body = JSON.stringify(msg.blocks);
    for (const usage of [
      '/ecs-ext list [category or words]',
      '/ecs-ext check &lt;words&gt;',
      '/ecs-ext install [package] [instance IDs…] [region]',
      '/ecs-ext status [request ID or execution ID]',
      '/ecs-ext policy',
      '/ecs-ext help',
    ]) {
      expect(body).toContain(usage);
    }
    for (const example of [
      '/ecs-ext list database',
      '/ecs-ext check docker',
      '/ecs-ext search redis',
      '/ecs-ext info ',
    ]) {
      expect(body).toContain(example);
    }
    expect(body).toContain('@ecs-ext');
    // Slack reads any other `<…>` as a link, a mention or a command.
    expect(body).not.toMatch(/<(?![@#!]|https?:)/);
    expect(msg.text).not.toMatch(/<(?![@#!]|https?:)/);
    expect(msg.text).toContain('/ecs-ext list');
    expect(msg).toMatchSnapshot();
  });

  it('speaks the requested language', () => {
    const en = renderHelp('en');
    const zh = renderHelp('zh');

    expect(JSON.stringify(en.blocks)).toContain('Or just mention me');
    expect(JSON.stringify(zh.blocks)).toContain('也可以直接提及我');
    expect(zh.text).toContain('用法');
  });
});
