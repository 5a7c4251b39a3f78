import { describe, expect, it } from 'vitest';
import { toPackageDetails, toPackageParameters } from '../../../src/domain/catalog/parameters.js';
import { sampleCatalog } from './fixtures.js';

describe('toPackageParameters', () => {
  it('maps every parameter type, unknown ones to String', () => {
    const content = {
      Parameters: {
        a: { Type: 'String', Default: 'x' },
        b: { Type: 'Number', Default: 1.5 },
        c: { Type: 'Integer', Default: 2 },
        d: { Type: 'Boolean', Default: true },
        e: { Type: 'List', Default: ['x'] },
        f: { Type: 'Json', Default: { k: 1 } },
        g: { Type: 'Numeric', Default: 3 },
        h: { Type: 'Weird', Default: '' },
        i: { Default: 'no type' },
      },
    };

    const types = toPackageParameters(content).map((p) => [p.name, p.type]);

    expect(types).toEqual([
      ['a', 'String'],
      ['b', 'Number'],
      ['c', 'Integer'],
      ['d', 'Boolean'],
      ['e', 'List'],
      ['f', 'Json'],
      ['g', 'Number'],
      ['h', 'String'],
      ['i', 'String'],
    ]);
  });

  it('reads labels, descriptions, defaults, allowed values and limits', () => {
    const content = {
      Parameters: {
        version: {
          Type: 'String',
          Label: { en: 'Version', 'zh-cn': '版本' },
          Description: 'Node.js version',
          Default: 'v22.13.1',
          AllowedValues: ['v22.13.1', 'v20.18.2'],
          MinLength: 2,
          MaxLength: '20',
          AllowedPattern: '^v\\d+',
        },
        port: {
          Type: 'Integer',
          MinValue: 1,
          MaxValue: 65535,
          Label: { default: { en: 'Port', 'zh-cn': '端口' } },
        },
      },
    };

    const [version, port] = toPackageParameters(content);

    expect(version).toEqual({
      name: 'version',
      type: 'String',
      label: { en: 'Version', zh: '版本' },
      description: { en: 'Node.js version', zh: '' },
      default: 'v22.13.1',
      allowedValues: ['v22.13.1', 'v20.18.2'],
      required: false,
      secret: false,
      minLength: 2,
      maxLength: 20,
      allowedPattern: '^v\\d+',
    });
    expect(port).toEqual({
      name: 'port',
      type: 'Integer',
      label: { en: 'Port', zh: '端口' },
      description: { en: '', zh: '' },
      required: true,
      secret: false,
      minValue: 1,
      maxValue: 65535,
    });
  });

  it('keeps template order and labels unlabelled parameters with their name', () => {
    const content = { Parameters: { zeta: {}, alpha: 'not an object', mid: { Default: null } } };

    const parameters = toPackageParameters(content);

    expect(parameters.map((p) => p.name)).toEqual(['zeta', 'alpha', 'mid']);
    expect(parameters.map((p) => p.label.en)).toEqual(['zeta', 'alpha', 'mid']);
    expect(parameters.every((p) => p.required)).toBe(true);
  });

  it.each([
    [
      'AssociationProperty Password',
      'adminUser',
      { AssociationProperty: 'ALIYUN::OOS::Parameter::Password' },
    ],
    ['a password name', 'dbPassword', {}],
    ['a token name', 'apiToken', {}],
    ['an access key name', 'access_key', {}],
    ['a private key name', 'privateKey', {}],
    ['a secret label', 'value', { Label: { en: 'Client secret' } }],
    ['a Chinese label', 'value', { Label: { 'zh-cn': '管理员密码' } }],
    ['NoEcho', 'value', { NoEcho: true }],
  ])('marks %s as secret', (_case, name, spec) => {
    const [parameter] = toPackageParameters({ Parameters: { [name]: spec } });

    expect(parameter?.secret).toBe(true);
  });

  it('does not mark ordinary parameters as secret', () => {
    const parameters = toPackageParameters({ Parameters: { version: {}, installPath: { Label: 'Path' } } });

    expect(parameters.map((p) => p.secret)).toEqual([false, false]);
  });

  it('gives no parameters when Content has none or a malformed Parameters', () => {
    const results = [toPackageParameters({}), toPackageParameters({ Parameters: ['x'] })];

    expect(results).toEqual([[], []]);
  });
});

describe('toPackageDetails', () => {
  it('takes the version GetTemplate returned and the parameters of its Content', () => {
    const pkg = sampleCatalog()[2]!;
    const doc = {
      summary: { ...pkgSummary(), templateVersion: 'v28' },
      content: { Parameters: { version: { Default: 'v22.13.1' } } },
    };

    const details = toPackageDetails(pkg, doc);

    expect(details.package).toBe(pkg);
    expect(details.templateVersion).toBe('v28');
    expect(details.parameters.map((p) => p.name)).toEqual(['version']);
  });
});

function pkgSummary() {
  return {
    templateName: 'ACS-Extension-node-1853370294850618',
    templateId: 't-1',
    templateVersion: 'v27',
    templateType: 'Package',
    shareType: 'Public',
    description: '{}',
  };
}
