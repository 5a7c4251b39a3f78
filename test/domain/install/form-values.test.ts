import { describe, expect, it } from 'vitest';
import {
  maskSecretValues,
  parseInstanceIds,
  parseParameterValues,
} from '../../../src/domain/install/form-values.js';
import { SECRET_MASK } from '../../../src/domain/model.js';
import { makeParameter } from '../../fakes/fake-catalog.js';

const A = 'i-uf6aaaabbbbcccc0001';
const B = 'i-uf6aaaabbbbcccc0002';

function ids(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `i-bp1abcdefgh${String(i).padStart(8, '0')}`);
}

describe('parseInstanceIds', () => {
  it('splits on spaces, commas and new lines', () => {
    const text = `${A},  ${B}\n i-bp1abcdefghij0123458`;

    const parsed = parseInstanceIds(text);

    expect(parsed).toEqual({ instanceIds: [A, B, 'i-bp1abcdefghij0123458'], problems: [] });
  });

  it('adds picked ids that were not typed, once', () => {
    const parsed = parseInstanceIds(A, [A, B]);

    expect(parsed).toEqual({ instanceIds: [A, B], problems: [] });
  });

  it('asks for at least one id', () => {
    const parsed = parseInstanceIds('  \n ');

    expect(parsed.problems).toEqual([{ code: 'instances_empty' }]);
  });

  it('names each id of the wrong shape', () => {
    const parsed = parseInstanceIds(`${A} i-short web-01`);

    expect(parsed.problems).toEqual([{ code: 'instances_bad_shape', ids: ['i-short', 'web-01'] }]);
  });

  it('names each id typed twice', () => {
    const parsed = parseInstanceIds(`${A} ${B} ${A}`);

    expect(parsed.problems).toEqual([{ code: 'instances_duplicated', ids: [A] }]);
  });

  it('refuses 51 ids and accepts 50', () => {
    const tooMany = parseInstanceIds(ids(51).join(' '));
    const enough = parseInstanceIds(ids(50).join(' '));

    expect(tooMany.problems).toEqual([{ code: 'instances_too_many', count: 51, max: 50 }]);
    expect(enough.problems).toEqual([]);
  });
});

describe('parseParameterValues', () => {
  it('takes defaults for empty inputs and lists them', () => {
    const params = [
      makeParameter('version', { default: 'v22.13.1' }),
      makeParameter('port', { type: 'Integer', default: 80 }),
    ];

    const parsed = parseParameterValues(params, { version: '', port: undefined });

    expect(parsed).toEqual({
      values: { version: 'v22.13.1', port: 80 },
      defaultsUsed: ['version', 'port'],
      errors: {},
    });
  });

  it('counts a value equal to the default as a default used', () => {
    const params = [makeParameter('port', { type: 'Integer', default: 80 })];

    const parsed = parseParameterValues(params, { port: '80' });

    expect(parsed.defaultsUsed).toEqual(['port']);
  });

  it('requires parameters without a default', () => {
    const params = [makeParameter('domain')];

    const parsed = parseParameterValues(params, {});

    expect(parsed.errors).toEqual({ 'param:domain': [{ code: 'param_required' }] });
  });

  it.each([
    ['Number', '8.5', 8.5],
    ['Number', '-3e2', -300],
    ['Integer', '42', 42],
    ['Boolean', 'TRUE', true],
    ['Boolean', 'false', false],
    ['List', '["a", "b"]', ['a', 'b']],
    ['Json', '{"a": 1}', { a: 1 }],
    ['String', '  hello  ', 'hello'],
  ] as const)('parses a %s from %j', (type, text, expected) => {
    const params = [makeParameter('p', { type })];

    const parsed = parseParameterValues(params, { p: text });

    expect(parsed.errors).toEqual({});
    expect(parsed.values.p).toEqual(expected);
  });

  it.each([
    ['Number', 'abc', 'param_not_number'],
    ['Number', '', 'param_required'],
    ['Integer', '4.5', 'param_not_integer'],
    ['Boolean', 'yes', 'param_not_boolean'],
    ['List', '["a",', 'param_not_list'],
    ['List', '{"a": 1}', 'param_not_list'],
    ['Json', '{bad json}', 'param_not_json'],
  ] as const)('refuses a %s given %j', (type, text, code) => {
    const params = [makeParameter('p', { type })];

    const parsed = parseParameterValues(params, { p: text });

    expect(parsed.errors['param:p']).toEqual([{ code }]);
    expect(parsed.values).not.toHaveProperty('p');
  });

  it.each([
    ['Number', '1e999'],
    ['Number', '-1e999'],
    ['Number', '9'.repeat(400)],
    ['Integer', '9'.repeat(400)],
    ['Integer', '12345678901234567890'],
    ['Json', '{"size": 1e999}'],
    ['Json', `{"id": ${'9'.repeat(400)}}`],
    ['List', '[1, 12345678901234567890]'],
  ] as const)('refuses a %s that cannot be sent exactly: %s', (type, text) => {
    const params = [makeParameter('p', { type })];

    const parsed = parseParameterValues(params, { p: text });

    expect(parsed.errors['param:p']?.[0]?.code).toMatch(/^param_(json_)?number_out_of_range$/);
    expect(parsed.values).not.toHaveProperty('p');
  });

  it('still takes large numbers that survive the trip', () => {
    const params = [makeParameter('n', { type: 'Number' }), makeParameter('j', { type: 'Json' })];

    const parsed = parseParameterValues(params, {
      n: '1e300',
      j: '{"big": 9007199254740991, "f": 1.5e300, "g": 0.12345678901234567890, "h": 2e+25}',
    });

    expect(parsed.errors).toEqual({});
    expect(parsed.values).toEqual({
      n: 1e300,
      j: { big: 9007199254740991, f: 1.5e300, g: 0.12345678901234568, h: 2e25 },
    });
  });

  it('checks numeric ranges', () => {
    const params = [makeParameter('n', { type: 'Integer', minValue: 1, maxValue: 10 })];

    const low = parseParameterValues(params, { n: '0' });
    const high = parseParameterValues(params, { n: '11' });
    const ok = parseParameterValues(params, { n: '10' });

    expect(low.errors['param:n']).toEqual([{ code: 'param_below_min', min: 1 }]);
    expect(high.errors['param:n']).toEqual([{ code: 'param_above_max', max: 10 }]);
    expect(ok.values.n).toBe(10);
  });

  it('checks allowed values, for strings and numbers', () => {
    const params = [
      makeParameter('edition', { allowedValues: ['community', 'enterprise'] }),
      makeParameter('major', { type: 'Integer', allowedValues: [18, 20, 22] }),
    ];

    const bad = parseParameterValues(params, { edition: 'pro', major: '19' });
    const good = parseParameterValues(params, { edition: 'enterprise', major: '22' });

    expect(bad.errors).toEqual({
      'param:edition': [{ code: 'param_not_allowed', allowed: ['community', 'enterprise'] }],
      'param:major': [{ code: 'param_not_allowed', allowed: ['18', '20', '22'] }],
    });
    expect(good.values).toEqual({ edition: 'enterprise', major: 22 });
  });

  it('checks lengths and the allowed pattern', () => {
    const params = [makeParameter('user', { minLength: 3, maxLength: 8, allowedPattern: '^[a-z]+$' })];

    const short = parseParameterValues(params, { user: 'ab' });
    const long = parseParameterValues(params, { user: 'abcdefghi' });
    const pattern = parseParameterValues(params, { user: 'Admin' });

    expect(short.errors['param:user']).toEqual([{ code: 'param_too_short', min: 3 }]);
    expect(long.errors['param:user']).toEqual([{ code: 'param_too_long', max: 8 }]);
    expect(pattern.errors['param:user']).toEqual([{ code: 'param_pattern', pattern: '^[a-z]+$' }]);
  });

  it('keeps secret values exactly as typed', () => {
    const params = [makeParameter('password', { secret: true })];

    const parsed = parseParameterValues(params, { password: ' s3cret! ' });

    expect(parsed.values.password).toBe(' s3cret! ');
  });

  it('ignores inputs that are not parameters of the package', () => {
    const parsed = parseParameterValues([], { stray: 'x' });

    expect(parsed).toEqual({ values: {}, defaultsUsed: [], errors: {} });
  });
});

describe('maskSecretValues', () => {
  it('replaces secret values that were given and leaves the rest', () => {
    const masked = maskSecretValues({ password: 'hunter2', token: '', user: 'admin' }, ['password', 'token']);

    expect(masked).toEqual({ password: SECRET_MASK, token: '', user: 'admin' });
  });

  it('masks the password of URLs in any value, nested too, and leaves URLs without one', () => {
    const values = {
      repo: 'https://deploy:gh-pat-123@git.example.com/app.git',
      mirrors: ['https://u:p4ss@m1.example.com/', 'https://m2.example.com/'],
      config: { db: 'mysql://root:r00t@10.0.0.5:3306/app', plain: 'http://user@host/' },
      port: 80,
    };

    const masked = maskSecretValues(values, []);

    expect(masked).toEqual({
      repo: `https://deploy:${SECRET_MASK}@git.example.com/app.git`,
      mirrors: [`https://u:${SECRET_MASK}@m1.example.com/`, 'https://m2.example.com/'],
      config: { db: `mysql://root:${SECRET_MASK}@10.0.0.5:3306/app`, plain: 'http://user@host/' },
      port: 80,
    });
    expect(values.repo).toContain('gh-pat-123');
  });
});
