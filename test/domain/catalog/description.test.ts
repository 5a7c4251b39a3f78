import { describe, expect, it } from 'vitest';
import {
  isOfficialPackage,
  parseConstraints,
  parseTemplateName,
  readableName,
  toExtensionPackage,
} from '../../../src/domain/catalog/description.js';
import { summary } from './fixtures.js';

describe('toExtensionPackage', () => {
  it('reads every key of a well-formed Description', () => {
    const template = summary(
      'ACS-Extension-node-1853370294850618',
      {
        categories: [' Application ', 'RUNTIME', 'application'],
        en: 'Node.js runtime one-click install',
        'zh-cn': 'Node.js 运行环境一键安装',
        'name-en': 'Node.js',
        'name-zh-cn': 'Node.js 运行环境',
        'doc-en': 'https://help.aliyun.com/node-en',
        'doc-zh-cn': 'https://help.aliyun.com/node-zh',
        image: 'https://oos-public-template.oss-cn-beijing.aliyuncs.com/Nodejs/icon.png',
      },
      { templateVersion: 'v27', publisher: 'Alibaba Cloud', updatedDate: '2025-02-15T12:00:00Z' },
    );

    const pkg = toExtensionPackage(template);

    expect(pkg).toMatchObject({
      templateName: 'ACS-Extension-node-1853370294850618',
      templateVersion: 'v27',
      displayName: { en: 'Node.js', zh: 'Node.js 运行环境' },
      description: { en: 'Node.js runtime one-click install', zh: 'Node.js 运行环境一键安装' },
      categories: ['application', 'runtime'],
      docUrl: { en: 'https://help.aliyun.com/node-en', zh: 'https://help.aliyun.com/node-zh' },
      imageUrl: 'https://oos-public-template.oss-cn-beijing.aliyuncs.com/Nodejs/icon.png',
      publisher: 'Alibaba Cloud',
      updatedDate: '2025-02-15T12:00:00Z',
    });
    expect(pkg.descriptionProblem).toBeUndefined();
  });

  it('keeps listing a package whose Description is malformed JSON, naming it from the template', () => {
    const template = summary('ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618', '{"en": "broken",');

    const pkg = toExtensionPackage(template);

    expect(pkg.displayName).toEqual({ en: 'Bao Ta Panel Free One Click', zh: '' });
    expect(pkg.description).toEqual({ en: '', zh: '' });
    expect(pkg.categories).toEqual(['other']);
    expect(pkg.descriptionProblem).toBe('Description is not valid JSON');
  });

  it('uses a plain-text Description as the English description and flags it', () => {
    const pkg = toExtensionPackage(summary('ACS-Extension-Git-1853370294850618', 'Installs Git.'));

    expect(pkg.description).toEqual({ en: 'Installs Git.', zh: '' });
    expect(pkg.displayName.en).toBe('Git');
    expect(pkg.descriptionProblem).toBe('Description is plain text, not JSON');
  });

  it('ignores fields of the wrong type and reports them', () => {
    const template = summary('ACS-Extension-DockerCE-1853370294850618', {
      categories: 7,
      en: { text: 'nested' },
      'name-en': ['Docker'],
      'zh-cn': 'Docker 社区版',
      image: 'not a url',
    });

    const pkg = toExtensionPackage(template);

    expect(pkg.displayName).toEqual({ en: 'Docker CE', zh: '' });
    expect(pkg.description).toEqual({ en: '', zh: 'Docker 社区版' });
    expect(pkg.categories).toEqual(['other']);
    expect(pkg.imageUrl).toBeUndefined();
    expect(pkg.descriptionProblem).toBe('Description fields of the wrong type: name-en, en, categories');
  });

  it.each([
    ['an empty Description', '', 'Description is empty'],
    ['a JSON array', '["a"]', 'Description JSON is not an object'],
  ])('flags %s', (_case, description, problem) => {
    const pkg = toExtensionPackage(summary('ACS-Extension-golang-1853370294850618', description));

    expect(pkg.descriptionProblem).toBe(problem);
    expect(pkg.displayName.en).toBe('Golang');
  });

  it('accepts categories given as a comma-separated string', () => {
    const pkg = toExtensionPackage(summary('ACS-Extension-x-1', { categories: 'Database, Cache' }));

    expect(pkg.categories).toEqual(['database', 'cache']);
  });

  it('falls back to the publisher UID of the template name', () => {
    const pkg = toExtensionPackage(summary('ACS-Extension-DockerCE-1563457855438522', {}));

    expect(pkg.publisher).toBe('1563457855438522');
  });
});

describe('parseConstraints', () => {
  it('reads the documented keys and derives OS types from the platforms', () => {
    const constraints = parseConstraints(
      JSON.stringify({
        InstanceTypeFamilies: ['ecs.g8y'],
        ImageTypes: ['system'],
        OSPlatforms: ['CentOS', 'Ubuntu', 'Windows Server 2022'],
        OSVersions: ['CentOS7.9 64bit'],
      }),
    );

    expect(constraints).toEqual({
      osPlatforms: ['CentOS', 'Ubuntu', 'Windows Server 2022'],
      osTypes: ['linux', 'windows'],
      osVersions: ['CentOS7.9 64bit'],
      instanceTypeFamilies: ['ecs.g8y'],
      imageTypes: ['system'],
    });
  });

  it('prefers declared OSTypes over the platforms', () => {
    const constraints = parseConstraints('{"OSTypes":["Windows"],"OSPlatforms":["Alibaba Cloud Linux"]}');

    expect(constraints.osTypes).toEqual(['windows']);
  });

  it.each([undefined, '', 'not json', '[1]', '{"OSPlatforms": 5}'])('means "no constraint" for %j', (raw) => {
    const constraints = parseConstraints(raw);

    expect(constraints).toEqual({ osPlatforms: [], osTypes: [], osVersions: [], instanceTypeFamilies: [] });
  });
});

describe('template names', () => {
  it('splits name and publisher, keeping hyphens inside the name', () => {
    const parts = parseTemplateName('ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618');

    expect(parts).toEqual({ name: 'BaoTaPanelFree-One-Click', publisherUid: '1853370294850618' });
  });

  it('tells the official publisher apart', () => {
    const official = isOfficialPackage({ templateName: 'ACS-Extension-DockerCE-1853370294850618' });
    const other = isOfficialPackage({ templateName: 'ACS-Extension-DockerCE-1563457855438522' });

    expect([official, other]).toEqual([true, false]);
  });

  it('makes name segments readable', () => {
    const names = ['DockerCE', 'node', 'golang', 'BaoTaPanelFree-One-Click', '1Panel'].map(readableName);

    expect(names).toEqual(['Docker CE', 'Node', 'Golang', 'Bao Ta Panel Free One Click', '1Panel']);
  });
});
