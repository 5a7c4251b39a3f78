import { describe, expect, it } from 'vitest';
import { extractInstallTargets, parseCommand, routeIntent } from '../../../src/domain/routing/intent.js';

const ID = 'i-bp1abcdefghij0123456';

describe('the installed intent', () => {
  it.each([
    `what's installed on ${ID}?`,
    `<@U0BOT> what is installed on ${ID} and i-bp1abcdefghij0654321`,
    `What extensions are installed on ${ID} in cn-shanghai`,
    `is docker installed on ${ID}?`,
    `what does ${ID} have installed`,
    `${ID} 上装了什么`,
    `${ID}上都装了哪些？`,
    `${ID} 安装了什么扩展`,
    `看看 ${ID} 的已安装扩展`,
  ])('routes %j there, keeping the instance ids', (text) => {
    const command = routeIntent(text);

    expect(command.kind).toBe('installed');
    const words = command.kind === 'installed' ? command.words : '';
    expect(extractInstallTargets(words).instanceIds).toContain(ID);
  });

  it.each([
    ['install docker on i-bp1abcdefghij0123456', 'install'],
    ['can I install docker?', 'check'],
    ['how is my installation going?', 'status'],
    ['装好了吗', 'status'],
    ['what extensions do you have', 'list'],
    ['安装宝塔', 'install'],
  ])('leaves %j to the %s intent', (text, kind) => {
    expect(routeIntent(text).kind).toBe(kind);
  });

  it('is the `installed` subcommand, in English and Chinese, with the region kept', () => {
    const english = parseCommand(`installed ${ID} cn-shanghai`);
    const chinese = parseCommand(`已安装 ${ID}`);
    const bare = parseCommand('installed');

    expect(english).toEqual({ kind: 'installed', words: `${ID} cn-shanghai` });
    expect(chinese).toEqual({ kind: 'installed', words: ID });
    expect(bare).toEqual({ kind: 'installed', words: '' });
    expect(parseCommand(`install docker ${ID}`).kind).toBe('install');
  });
});
