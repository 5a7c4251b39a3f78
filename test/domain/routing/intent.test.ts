import { describe, expect, it } from 'vitest';
import {
  type BotCommand,
  extractInstallTargets,
  parseCommand,
  routeIntent,
} from '../../../src/domain/routing/intent.js';

const ID = 'i-bp1a2b3c4d5e6f7g8h9i';

describe('routeIntent', () => {
  it.each<[string, BotCommand]>([
    // help
    ['', { kind: 'help' }],
    ['<@U0123ABC>', { kind: 'help' }],
    ['<@U0123ABC> hi', { kind: 'help' }],
    ['Hello!', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['what can you do?', { kind: 'help' }],
    ['你好', { kind: 'help' }],
    ['帮助', { kind: 'help' }],
    // list
    ['show me what extensions you have', { kind: 'list', filter: '' }],
    ['What extensions are available?', { kind: 'list', filter: '' }],
    ['available extensions', { kind: 'list', filter: '' }],
    ['list', { kind: 'list', filter: '' }],
    ['list database', { kind: 'list', filter: 'database' }],
    ['list database extensions please', { kind: 'list', filter: 'database' }],
    ['which packages can I install?', { kind: 'list', filter: '' }],
    ['what can I install', { kind: 'list', filter: '' }],
    ['<@U0123ABC> what do you support?', { kind: 'list', filter: '' }],
    ['有哪些扩展', { kind: 'list', filter: '' }],
    ['有哪些扩展？', { kind: 'list', filter: '' }],
    ['列出数据库扩展', { kind: 'list', filter: '数据库' }],
    ['支持哪些扩展', { kind: 'list', filter: '' }],
    ['都有什么插件', { kind: 'list', filter: '' }],
    // support check
    ['can I install docker?', { kind: 'check', query: 'docker' }],
    [`can I install docker on ${ID} in cn-hangzhou?`, { kind: 'check', query: 'docker' }],
    ['<@U0123|ecs-ext> can we install python3?', { kind: 'check', query: 'python3' }],
    ['is bt panel supported', { kind: 'check', query: 'bt panel' }],
    ['Is BaoTa supported?', { kind: 'check', query: 'BaoTa' }],
    ['do you support redis', { kind: 'check', query: 'redis' }],
    ['do you have nginx?', { kind: 'check', query: 'nginx' }],
    ['is there a golang extension', { kind: 'check', query: 'golang' }],
    ['is it possible to install node.js?', { kind: 'check', query: 'node.js' }],
    ['what about mysql', { kind: 'check', query: 'mysql' }],
    ['info about git', { kind: 'check', query: 'git' }],
    ['docker', { kind: 'check', query: 'docker' }],
    ['能安装宝塔吗', { kind: 'check', query: '宝塔' }],
    ['是否支持宝塔面板', { kind: 'check', query: '宝塔面板' }],
    ['可以安装docker吗？', { kind: 'check', query: 'docker' }],
    ['有没有redis扩展', { kind: 'check', query: 'redis' }],
    ['能不能装 nodejs', { kind: 'check', query: 'nodejs' }],
    ['请问有redis吗', { kind: 'check', query: 'redis' }],
    ['查一下nginx', { kind: 'check', query: 'nginx' }],
    ['is docker available?', { kind: 'check', query: 'docker' }],
    ['do you support databases?', { kind: 'check', query: 'databases' }],
    // install
    [`install node on ${ID} in cn-shanghai`, { kind: 'install', words: `node ${ID} cn-shanghai` }],
    [`deploy python to ${ID}`, { kind: 'install', words: `python ${ID}` }],
    [
      'one-click install BaoTa on i-abc,i-def cn-hangzhou',
      { kind: 'install', words: 'BaoTa i-abc i-def cn-hangzhou' },
    ],
    ['set up nginx on i-abc', { kind: 'install', words: 'nginx i-abc' }],
    [
      'please install Node.js v22 on i-abc in ap-southeast-1',
      { kind: 'install', words: 'Node.js v22 i-abc ap-southeast-1' },
    ],
    ['I want to setup docker on instance i-abc', { kind: 'install', words: 'docker i-abc' }],
    ['<@U0123ABC> install docker', { kind: 'install', words: 'docker' }],
    ['help me install docker', { kind: 'install', words: 'docker' }],
    ['can you install docker on i-abc?', { kind: 'install', words: 'docker i-abc' }],
    ['帮我在 i-xxx 上安装 nodejs', { kind: 'install', words: 'i-xxx nodejs' }],
    [`帮我在${ID}上安装nodejs`, { kind: 'install', words: `${ID} nodejs` }],
    ['装一下docker', { kind: 'install', words: 'docker' }],
    ['一键安装宝塔面板到 i-bp1xyz', { kind: 'install', words: '宝塔面板 i-bp1xyz' }],
    ['在杭州的 i-abc 上部署 docker', { kind: 'install', words: 'cn-hangzhou i-abc docker' }],
    ['部署 java 到 i-abc 和 i-def', { kind: 'install', words: 'java i-abc i-def' }],
    // status
    ['status req-123', { kind: 'status', id: 'req-123' }],
    ["what's the status of exec-abc123?", { kind: 'status', id: 'exec-abc123' }],
    ['installation status', { kind: 'status' }],
    ['how is my installation going?', { kind: 'status' }],
    ['安装进度', { kind: 'status' }],
    ['我的安装状态', { kind: 'status' }],
    // unknown
    [
      'what is the weather like today in the office',
      { kind: 'unknown', text: 'what is the weather like today in the office' },
    ],
    ['thanks!', { kind: 'unknown', text: 'thanks!' }],
  ])('%j → %j', (text, expected) => {
    const command = routeIntent(text);

    expect(command).toEqual(expected);
  });
});

describe('parseCommand', () => {
  it.each<[string, BotCommand]>([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP install', { kind: 'help' }],
    ['帮助', { kind: 'help' }],
    ['list', { kind: 'list', filter: '' }],
    ['list database', { kind: 'list', filter: 'database' }],
    ['列表 数据库', { kind: 'list', filter: '数据库' }],
    ['search docker', { kind: 'check', query: 'docker' }],
    ['check bt panel', { kind: 'check', query: 'bt panel' }],
    ['info node.js', { kind: 'check', query: 'node.js' }],
    ['查询 宝塔', { kind: 'check', query: '宝塔' }],
    ['check', { kind: 'help' }],
    ['install', { kind: 'install', words: '' }],
    [`install docker ${ID} cn-hangzhou`, { kind: 'install', words: `docker ${ID} cn-hangzhou` }],
    ['install docker on i-a,i-b', { kind: 'install', words: 'docker i-a i-b' }],
    ['安装 宝塔 i-abc', { kind: 'install', words: '宝塔 i-abc' }],
    ['status', { kind: 'status' }],
    ['status req-1', { kind: 'status', id: 'req-1' }],
    ['status exec-9f8e7d', { kind: 'status', id: 'exec-9f8e7d' }],
    ['状态', { kind: 'status' }],
    ['policy', { kind: 'policy' }],
    ['策略', { kind: 'policy' }],
    ['can I install docker?', { kind: 'check', query: 'docker' }],
    ['what extensions do you have', { kind: 'list', filter: '' }],
    ['安装宝塔', { kind: 'install', words: '宝塔' }],
  ])('%j → %j', (text, expected) => {
    const command = parseCommand(text);

    expect(command).toEqual(expected);
  });
});

describe('extractInstallTargets', () => {
  it('takes instance ids, the region and the package words apart', () => {
    const targets = extractInstallTargets(`node ${ID} cn-shanghai`);

    expect(targets).toEqual({ instanceIds: [ID], regionId: 'cn-shanghai', rest: 'node' });
  });

  it('keeps malformed i- ids for validation, de-duplicated and in order', () => {
    const targets = extractInstallTargets('docker on i-x, i-bad!id i-x');

    expect(targets.instanceIds).toEqual(['i-x', 'i-bad!id']);
    expect(targets.rest).toBe('docker');
  });

  it.each([
    ['ap-southeast-1', 'ap-southeast-1'],
    ['US-WEST-1', 'us-west-1'],
    ['eu-central-1', 'eu-central-1'],
    ['cn-hongkong', 'cn-hongkong'],
    ['me-east-1', 'me-east-1'],
    ['cn-hangzhou-finance', 'cn-hangzhou-finance'],
    ['上海', 'cn-shanghai'],
    ['新加坡', 'ap-southeast-1'],
  ])('reads %j as region %j', (word, regionId) => {
    const targets = extractInstallTargets(`redis ${word}`);

    expect(targets).toEqual({ instanceIds: [], regionId, rest: 'redis' });
  });

  it('takes the first region when several are given', () => {
    const targets = extractInstallTargets('docker us-west-1 eu-central-1');

    expect(targets.regionId).toBe('us-west-1');
  });

  it('does not take words that merely contain i- or look like packages as ids', () => {
    const targets = extractInstallTargets('multi-arch node-exporter Wi-Fi');

    expect(targets).toEqual({ instanceIds: [], rest: 'multi-arch node-exporter Wi-Fi' });
  });

  it('handles Chinese sentences with ids and region names glued to the text', () => {
    const targets = extractInstallTargets('在上海的i-abc、i-def上安装宝塔面板');

    expect(targets).toEqual({ instanceIds: ['i-abc', 'i-def'], regionId: 'cn-shanghai', rest: '宝塔面板' });
  });

  it('gives nothing for empty words', () => {
    const targets = extractInstallTargets('');

    expect(targets).toEqual({ instanceIds: [], rest: '' });
  });
});

describe('routeIntent: update and uninstall by mention', () => {
  it.each([
    ['uninstall nginx from i-bp1abcdefghijk0001', 'uninstall', 'nginx i-bp1abcdefghijk0001'],
    ['please remove docker from i-bp1abcdefghijk0001', 'uninstall', 'docker i-bp1abcdefghijk0001'],
    ['卸载 nginx', 'uninstall', 'nginx'],
    ['update docker on i-bp1abcdefghijk0001', 'update', 'docker i-bp1abcdefghijk0001'],
    ['upgrade nodejs', 'update', 'nodejs'],
    ['升级 docker', 'update', 'docker'],
  ])('%s → the form with action %s', (text, action, words) => {
    const command = routeIntent(text);

    expect(command).toEqual({ kind: 'install', action, words });
  });

  it('an uninstall is never read as an install, and a support question still wins', () => {
    expect(routeIntent('uninstall docker')).toMatchObject({ kind: 'install', action: 'uninstall' });
    expect(routeIntent('can I install docker?')).toMatchObject({ kind: 'check' });
  });
});
