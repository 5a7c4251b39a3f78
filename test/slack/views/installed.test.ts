import { describe, expect, it } from 'vitest';
import {
  type InstalledAnswer,
  type InstalledExtension,
  type InstalledProblem,
  withoutSecrets,
} from '../../../src/domain/lifecycle/list-installed.js';
import { renderInstalled, renderInstalledProblem } from '../../../src/slack/views/installed.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';

const NODE: InstalledExtension = {
  templateName: 'ACS-Extension-node-1853370294850618',
  displayName: { en: 'Node.js', zh: 'Node.js 运行环境' },
  installedVersion: 'v26',
  latestVersion: 'v27',
  newerAvailable: true,
  updatedAt: '2026-03-01T10:06:00.000Z',
  configurationKeys: [],
};

const PANEL: InstalledExtension = {
  templateName: 'ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618',
  displayName: { en: 'BaoTa Panel (Free)', zh: '宝塔面板免费版' },
  installedVersion: 'v5',
  latestVersion: 'v5',
  newerAvailable: false,
  updatedAt: '2026-03-02T08:00:00.000Z',
  configurationKeys: ['publicUrl', 'username', 'password'],
  configuration: { publicUrl: 'http://203.0.113.10:8888/x', username: 'emu_admin', password: 'pa55-word' },
};

function answer(fields: Partial<InstalledAnswer> = {}): InstalledAnswer {
  return {
    regionId: 'cn-hangzhou',
    instances: [
      { instanceId: 'i-bp1abcdefghij0000001', name: 'web-01', extensions: [PANEL, NODE] },
      { instanceId: 'i-bp1abcdefghij0000002', name: 'db-02', extensions: [] },
    ],
    notFound: ['i-bp1nosuchinstance0009'],
    hasSecrets: true,
    ...fields,
  };
}

describe('renderInstalled', () => {
  it('shows each instance with name, version, newer version and date (English)', () => {
    const message = renderInstalled(withoutSecrets(answer()), 'en');

    expect(message).toMatchSnapshot();
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('`ACS-Extension-node-1853370294850618` `v26` · newer v27 available');
    expect(text).toContain('`v5` (latest)');
    expect(text).toContain(`<!date^${Date.parse(NODE.updatedAt ?? '') / 1000}^`);
    expect(text).toContain('No extension recorded by OOS.');
    expect(text).toContain('Not found in cn-hangzhou:');
    expect(message.text).toBe('Installed extensions: 2 on 2 instances in cn-hangzhou');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('says the same in Chinese', () => {
    const message = renderInstalled(withoutSecrets(answer()), 'zh');

    expect(message).toMatchSnapshot();
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('*Node.js 运行环境*');
    expect(text).toContain('有新版本 v27');
    expect(text).toContain('配置信息的值已隐藏');
  });

  it('masks every configuration value when the answer carries none, and says who can see them', () => {
    const message = renderInstalled(withoutSecrets(answer()), 'en');

    const text = JSON.stringify(message);
    expect(text).toContain('publicUrl: ****** · username: ****** · password: ******');
    expect(text).not.toContain('pa55-word');
    expect(text).not.toContain('emu_admin');
    expect(text).toContain('Configuration values are hidden');
    expect(text).not.toContain('Only you can see this message');
  });

  it('shows the values an entitled asker was given, marked as private', () => {
    const message = renderInstalled(answer(), 'en');

    const text = JSON.stringify(message.blocks);
    expect(text).toContain('password: `pa55-word`');
    expect(text).toContain('Only you can see this message');
    expect(text).not.toContain('Configuration values are hidden');
    expect(message.text).not.toContain('pa55-word');
  });

  it('says an instance could not be read without hiding the others', () => {
    const message = renderInstalled(
      answer({
        hasSecrets: false,
        notFound: [],
        instances: [
          { instanceId: 'i-bp1abcdefghij0000001', extensions: [], error: new Error('boom') },
          { instanceId: 'i-bp1abcdefghij0000002', extensions: [NODE] },
        ],
      }),
      'en',
    );

    const text = JSON.stringify(message.blocks);
    expect(text).toContain(':warning: Could not read what is installed');
    expect(text).toContain('Node.js');
    expect(text).not.toContain('boom');
  });

  it('stays within Slack limits for 50 instances with many extensions, saying how many were left out', () => {
    const many = Array.from({ length: 12 }, (_, n) => ({
      ...NODE,
      templateName: `ACS-Extension-pkg${n}-0000000000000001`,
      displayName: { en: `Package ${n}`, zh: `软件包 ${n}` },
    }));
    const instances = Array.from({ length: 50 }, (_, n) => ({
      instanceId: `i-bp1abcdefghij${String(n).padStart(7, '0')}`,
      name: `host-${n}`,
      extensions: many,
    }));

    const en = renderInstalled(answer({ instances, notFound: [], hasSecrets: false }), 'en');
    const zh = renderInstalled(answer({ instances, notFound: [], hasSecrets: false }), 'zh');

    expect(checkMessageLimits(en)).toEqual([]);
    expect(checkMessageLimits(zh)).toEqual([]);
    const shown = en.blocks.filter((b) => b.type === 'section').length;
    expect(shown).toBeLessThan(50);
    expect(JSON.stringify(en.blocks)).toContain(
      `…and ${50 - shown} more instances; ask about fewer at a time.`,
    );
    const shownZh = zh.blocks.filter((b) => b.type === 'section').length;
    expect(JSON.stringify(zh.blocks)).toContain(`…还有 ${50 - shownZh} 台实例`);
  });
});

describe('renderInstalledProblem', () => {
  it.each<[InstalledProblem, string, string]>([
    [{ code: 'no_instances' }, 'Name the instances to look at', '请指明要查看的实例'],
    [
      { code: 'bad_instance_ids', ids: ['i-x'] },
      'These are not instance IDs: `i-x`',
      '这些不是实例 ID：`i-x`',
    ],
    [{ code: 'too_many_instances', count: 60, max: 50 }, 'at most 50 at a time', '每次最多查询 50 台'],
    [
      {
        code: 'none_found',
        instanceIds: ['i-bp1nosuchinstance0009'],
        regionId: 'cn-hangzhou',
        regionGiven: false,
      },
      'add the region',
      '请加上地域',
    ],
    [
      {
        code: 'none_found',
        instanceIds: ['i-bp1nosuchinstance0009'],
        regionId: 'cn-beijing',
        regionGiven: true,
      },
      'Check the IDs and the region',
      '请检查实例 ID 和地域',
    ],
  ])('words %j in both languages', (problem, english, chinese) => {
    const en = renderInstalledProblem(problem, 'en');
    const zh = renderInstalledProblem(problem, 'zh');

    expect(en.text).toContain(english);
    expect(zh.text).toContain(chinese);
    expect(checkMessageLimits(en)).toEqual([]);
  });
});
