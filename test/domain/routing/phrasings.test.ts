import { describe, expect, it } from 'vitest';
import { type BotCommand, routeIntent } from '../../../src/domain/routing/intent.js';

/*
 * Phrasings people actually type, in both languages, beyond the contract's keywords. 扩展程序 is the
 * console's own name for extensions, so it (and 程序, 应用, 工具, 环境…) never becomes a search word.
 */
describe('routeIntent: real phrasings', () => {
  it.each<[string, BotCommand]>([
    // list (Chinese)
    ['有哪些扩展程序？', { kind: 'list', filter: '' }],
    ['有哪些扩展程序', { kind: 'list', filter: '' }],
    ['都有哪些扩展程序', { kind: 'list', filter: '' }],
    ['扩展程序有哪些', { kind: 'list', filter: '' }],
    ['扩展程序列表', { kind: 'list', filter: '' }],
    ['列出所有扩展程序', { kind: 'list', filter: '' }],
    ['目前支持哪些扩展程序？', { kind: 'list', filter: '' }],
    ['有哪些可以安装的扩展程序', { kind: 'list', filter: '' }],
    ['能装什么', { kind: 'list', filter: '' }],
    ['可以装哪些软件', { kind: 'list', filter: '' }],
    ['你们支持哪些软件', { kind: 'list', filter: '' }],
    ['有什么可以安装的', { kind: 'list', filter: '' }],
    ['有啥扩展', { kind: 'list', filter: '' }],
    ['有啥数据库插件', { kind: 'list', filter: '数据库' }],
    ['有什么监控工具', { kind: 'list', filter: '监控' }],
    ['看看有哪些数据库扩展', { kind: 'list', filter: '数据库' }],
    ['数据库相关的扩展程序有哪些', { kind: 'list', filter: '数据库' }],
    // list (English)
    ["what's available?", { kind: 'list', filter: '' }],
    ['what extensions can I install?', { kind: 'list', filter: '' }],
    ['show me the catalog', { kind: 'list', filter: '' }],
    ["what's in the catalog?", { kind: 'list', filter: '' }],
    ['which extensions do you support?', { kind: 'list', filter: '' }],
    ['which plugins are there', { kind: 'list', filter: '' }],
    ['list all packages', { kind: 'list', filter: '' }],
    ['give me the list of extensions', { kind: 'list', filter: '' }],
    ['what software can you install', { kind: 'list', filter: '' }],
    ['what do you offer for databases?', { kind: 'list', filter: 'databases' }],
    ['any monitoring extensions?', { kind: 'list', filter: 'monitoring' }],
    // support check (Chinese)
    ['有 redis 的扩展程序吗', { kind: 'check', query: 'redis' }],
    ['支持装mysql吗', { kind: 'check', query: 'mysql' }],
    ['能不能装个nginx', { kind: 'check', query: 'nginx' }],
    ['宝塔面板支持吗', { kind: 'check', query: '宝塔面板' }],
    ['docker 能装吗', { kind: 'check', query: 'docker' }],
    ['有没有 java 环境', { kind: 'check', query: 'java' }],
    ['可以装 Python 3 吗？', { kind: 'check', query: 'Python 3' }],
    // support check (English)
    ['got redis?', { kind: 'check', query: 'redis' }],
    ['do you guys support mongodb?', { kind: 'check', query: 'mongodb' }],
    ['does it support bt panel', { kind: 'check', query: 'bt panel' }],
    ['is there support for java 17?', { kind: 'check', query: 'java 17' }],
    ['any chance of installing php?', { kind: 'check', query: 'php' }],
    ['could I install golang', { kind: 'check', query: 'golang' }],
    ['can I get docker on my server?', { kind: 'check', query: 'docker' }],
    // install (Chinese)
    ['帮我在 i-abc 上装 docker', { kind: 'install', words: 'i-abc docker' }],
    ['i-abc 装 docker', { kind: 'install', words: 'i-abc docker' }],
    ['我想装 redis', { kind: 'install', words: 'redis' }],
    ['给 i-abc 装一下 redis', { kind: 'install', words: 'i-abc redis' }],
    ['帮忙给 i-abc 和 i-def 装个宝塔面板', { kind: 'install', words: 'i-abc i-def 宝塔面板' }],
    ['我要在杭州的 i-abc 上安装 mysql', { kind: 'install', words: 'cn-hangzhou i-abc mysql' }],
    // install (English)
    ['put docker on i-abc', { kind: 'install', words: 'docker i-abc' }],
    ['add nginx to i-abc', { kind: 'install', words: 'nginx i-abc' }],
    ['get me redis on i-abc', { kind: 'install', words: 'redis i-abc' }],
    ['I need mysql on i-abc', { kind: 'install', words: 'mysql i-abc' }],
    ['please deploy the cloudmonitor agent to i-abc', { kind: 'install', words: 'cloudmonitor agent i-abc' }],
    // status
    ['redis 装好了吗', { kind: 'status' }],
    ['安装得怎么样了', { kind: 'status' }],
    ['装完了没', { kind: 'status' }],
    ['查看我的申请', { kind: 'status' }],
    ['is my install done?', { kind: 'status' }],
    ['did my install finish?', { kind: 'status' }],
    ['any update on my request?', { kind: 'status' }],
  ])('%j → %j', (text, expected) => {
    const command = routeIntent(text);

    expect(command).toEqual(expected);
  });

  it('does not read a verb like "add" or "need" as an install without an instance id', () => {
    const command = routeIntent('I need help with something else entirely today');

    expect(command.kind).not.toBe('install');
  });
});
