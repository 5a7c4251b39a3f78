import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ExtensionPackage, PackageDetails, PackageParameter } from '../../../src/domain/model.js';
import { ActionIds } from '../../../src/slack/ids.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';
import { describeOsConstraints, renderSupportAnswer } from '../../../src/slack/views/support.js';

const NO_CONSTRAINTS = { osPlatforms: [], osTypes: [], osVersions: [], instanceTypeFamilies: [] };

function pkg(name: string, overrides: Partial<ExtensionPackage> = {}): ExtensionPackage {
  return {
    templateName: `ACS-Extension-${name}-1853370294850618`,
    templateId: `t-${name.toLowerCase()}`,
    templateVersion: 'v27',
    displayName: { en: name, zh: `${name}（中文）` },
    description: { en: `${name} one-click install`, zh: `${name} 一键安装` },
    categories: ['application'],
    docUrl: { en: `https://help.example.com/${name}`, zh: '' },
    constraints: NO_CONSTRAINTS,
    ...overrides,
  };
}

function param(name: string, overrides: Partial<PackageParameter> = {}): PackageParameter {
  return {
    name,
    type: 'String',
    label: { en: `${name} label`, zh: `${name} 标签` },
    description: { en: '', zh: '' },
    required: false,
    secret: false,
    ...overrides,
  };
}

function details(parameters: PackageParameter[], overrides: Partial<ExtensionPackage> = {}): PackageDetails {
  return { package: pkg('Node', overrides), templateVersion: 'v27', parameters };
}

function body(blocks: KnownBlock[]): string {
  return JSON.stringify(blocks);
}

function buttons(blocks: KnownBlock[]): Button[] {
  return blocks.filter((b): b is ActionsBlock => b.type === 'actions').flatMap((b) => b.elements as Button[]);
}

const NODE_PARAMS = [
  param('version', { default: 'v22.13.1', allowedValues: ['v22.13.1', 'v20.18.0'] }),
  param('adminPassword', {
    secret: true,
    default: 'S3cr3t-Default!',
    label: { en: 'Admin password', zh: '管理员密码' },
  }),
  param('port', { type: 'Number', required: true }),
  param('mirror', { default: '' }),
];

describe('renderSupportAnswer — supported', () => {
  it('shows the details, parameters and an Install button (snapshot)', () => {
    const answer = {
      kind: 'supported' as const,
      details: details(NODE_PARAMS, { imageUrl: 'https://img.example.com/node.png' }),
      otherMatches: [pkg('NodeRed'), pkg('Deno')],
    };

    const msg = renderSupportAnswer(answer, 'en');

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(msg).toMatchSnapshot();
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { text: '✅ Node' } });
    const text = body(msg.blocks);
    expect(text).toContain('`ACS-Extension-Node-1853370294850618`');
    expect(text).toContain('*Template version*\\n`v27`');
    expect(text).toContain('Any Linux or Windows supported by Cloud Assistant');
    expect(text).toContain(
      '• `version` (String, optional) · version label · default `v22.13.1` · allowed: v22.13.1, v20.18.0',
    );
    expect(text).toContain('• `port` (Number, required)');
    expect(text).toContain('default `(empty)`');
    expect(text).toContain('<https://help.example.com/Node|Open documentation>');
    expect(text).toContain('Other close matches: NodeRed (`ACS-Extension-NodeRed-1853370294850618`)');
    expect(msg.text).toBe('Node (ACS-Extension-Node-1853370294850618) is supported as an ECS extension.');
  });

  it('masks secret defaults', () => {
    const msg = renderSupportAnswer(
      { kind: 'supported', details: details(NODE_PARAMS), otherMatches: [] },
      'en',
    );

    const text = body(msg.blocks);
    expect(text).not.toContain('S3cr3t-Default!');
    expect(text).toContain(
      '• `adminPassword` (String, optional, secret) · Admin password · default `******`',
    );
  });

  it('carries the package name in the Install button value', () => {
    const msg = renderSupportAnswer({ kind: 'supported', details: details([]), otherMatches: [] }, 'en');

    const [install] = buttons(msg.blocks);
    expect(install).toMatchObject({
      action_id: ActionIds.openInstallForm,
      style: 'primary',
      text: { text: 'Install…' },
    });
    expect(JSON.parse(install?.value ?? '')).toEqual({ packageName: 'ACS-Extension-Node-1853370294850618' });
    expect(body(msg.blocks)).toContain('This extension takes no installation parameters.');
  });

  it('lists OS constraints when the template has them', () => {
    const constraints = {
      osPlatforms: ['CentOS', 'Ubuntu'],
      osTypes: ['linux' as const],
      osVersions: ['CentOS7.9 64bit'],
      instanceTypeFamilies: ['ecs.g8y'],
    };

    const en = describeOsConstraints(constraints, 'en');
    const linuxOnly = describeOsConstraints({ ...NO_CONSTRAINTS, osTypes: ['linux'] }, 'zh');

    expect(en).toBe('CentOS, Ubuntu · CentOS7.9 64bit · instance families: ecs.g8y');
    expect(linuxOnly).toBe('Linux');
    expect(describeOsConstraints(NO_CONSTRAINTS, 'zh')).toBe('云助手支持的任意 Linux / Windows 系统');
  });

  it('stays within limits with 80 long parameters and a huge description', () => {
    const parameters = Array.from({ length: 80 }, (_, i) =>
      param(`param${i}`, {
        description: { en: `Description ${'d'.repeat(1000)}`, zh: '' },
        default: 'x'.repeat(500),
        allowedValues: Array.from({ length: 50 }, (_, j) => `value-${j}`),
      }),
    );
    const answer = {
      kind: 'supported' as const,
      details: details(parameters, {
        displayName: { en: 'N'.repeat(400), zh: '' },
        description: { en: `<b>${'D'.repeat(20_000)}`, zh: '' },
        categories: Array.from({ length: 40 }, (_, i) => `category-${i}`),
        constraints: { ...NO_CONSTRAINTS, osVersions: Array.from({ length: 300 }, (_, i) => `OS ${i}`) },
        publisher: 'P'.repeat(1000),
      }),
      otherMatches: Array.from({ length: 60 }, (_, i) => pkg(`Other${i}`)),
    };

    const en = renderSupportAnswer(answer, 'en');
    const zh = renderSupportAnswer(answer, 'zh');

    expect(checkMessageLimits(en)).toEqual([]);
    expect(checkMessageLimits(zh)).toEqual([]);
    expect(JSON.stringify(en.blocks).length).toBeLessThan(13_000);
    const text = body(en.blocks);
    expect(text).toMatch(/…and \d+ more parameters; the install form lists them all\./);
    expect(text).toContain('&lt;b&gt;DDD');
    expect(text).toMatch(/…and \d+ more/);
    expect(body(zh.blocks)).toMatch(/…还有 \d+ 个参数，完整列表见安装表单。/);
  });

  it('renders Chinese (snapshot)', () => {
    const msg = renderSupportAnswer(
      { kind: 'supported', details: details(NODE_PARAMS), otherMatches: [] },
      'zh',
    );

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(msg.text).toBe('Node（中文）（ACS-Extension-Node-1853370294850618）可以作为 ECS 扩展程序安装。');
    expect(msg).toMatchSnapshot();
  });
});

describe('renderSupportAnswer — unsupported', () => {
  it('says it is not supported and lists the nearest alternatives (snapshot)', () => {
    const answer = {
      kind: 'unsupported' as const,
      query: 'kubernetes',
      alternatives: [pkg('DockerCE'), pkg('Git')],
    };

    const msg = renderSupportAnswer(answer, 'en');

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(msg).toMatchSnapshot();
    const text = body(msg.blocks);
    expect(text).toContain('*kubernetes* is not currently supported as an ECS extension.');
    expect(text).toContain('• *DockerCE*  `ACS-Extension-DockerCE-1853370294850618`');
    expect(text).toContain('`/ecs-ext list`');
    expect(text).toContain('`/ecs-ext check &lt;TemplateName&gt;`');
    expect(msg.text).toBe(
      'kubernetes is not currently supported as an ECS extension. Nearest: DockerCE, Git.',
    );
  });

  it('escapes the query and copes with no alternatives', () => {
    const msg = renderSupportAnswer(
      { kind: 'unsupported', query: '<!channel> & co', alternatives: [] },
      'en',
    );

    const text = body(msg.blocks);
    expect(text).toContain('*&lt;!channel&gt; &amp; co* is not currently supported');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('No close alternatives were found.');
  });

  it('lists at most ten alternatives and counts the rest', () => {
    const alternatives = Array.from({ length: 30 }, (_, i) => pkg(`Alt${i}`));

    const msg = renderSupportAnswer({ kind: 'unsupported', query: 'x', alternatives }, 'zh');

    expect(checkMessageLimits(msg)).toEqual([]);
    const text = body(msg.blocks);
    expect(text).toContain('*x* 目前还不支持作为 ECS 扩展程序安装。');
    expect(text).toContain('Alt9（中文）');
    expect(text).not.toContain('Alt10（中文）');
    expect(text).toContain('…还有 20 项');
  });
});

describe('renderSupportAnswer — ambiguous', () => {
  it('lists the candidates and asks which one (snapshot)', () => {
    const answer = {
      kind: 'ambiguous' as const,
      query: 'docker',
      candidates: [pkg('DockerCE'), pkg('DockerCompose')],
    };

    const msg = renderSupportAnswer(answer, 'en');

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(msg).toMatchSnapshot();
    expect(msg.text).toBe('2 extensions match "docker": DockerCE, DockerCompose. Which one did you mean?');
    expect(body(msg.blocks)).toContain('`/ecs-ext check ACS-Extension-DockerCE-1853370294850618`');
  });

  it('stays within limits with many long candidates', () => {
    const candidates = Array.from({ length: 200 }, (_, i) =>
      pkg(`C${i}`, {
        description: { en: 'd'.repeat(5000), zh: '' },
        displayName: { en: 'n'.repeat(500), zh: '' },
      }),
    );

    const msg = renderSupportAnswer({ kind: 'ambiguous', query: 'q'.repeat(5000), candidates }, 'zh');

    expect(checkMessageLimits(msg)).toEqual([]);
    const text = msg.blocks[0]?.type === 'section' ? (msg.blocks[0].text?.text ?? '') : '';
    const listed = text.split('\n').filter((line) => line.startsWith('• ')).length;
    const rest = Number(/…还有 (\d+) 项/.exec(text)?.[1]);
    expect(listed).toBeGreaterThan(0);
    expect(listed + rest).toBe(200);
  });
});
