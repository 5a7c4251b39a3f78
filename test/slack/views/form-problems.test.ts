import { describe, expect, it } from 'vitest';
import { CloudError, DomainError } from '../../../src/domain/errors.js';
import type { FormProblem } from '../../../src/domain/install/form-problems.js';
import { describeError } from '../../../src/slack/views/describe-error.js';
import {
  formNoticeText,
  formProblemsText,
  renderFormErrors,
} from '../../../src/slack/views/form-problems.js';

const I1 = 'i-bp1aaaaaaaaaaaaaaaa1';
const I2 = 'i-bp1aaaaaaaaaaaaaaaa2';

const denied = new CloudError({
  kind: 'permission',
  code: 'Forbidden.RAM',
  service: 'ecs',
  action: 'DescribeInstances',
  message: 'raw SDK text that must not show',
  requestId: 'REQ-1',
  deniedAction: 'ecs:DescribeInstances',
});

describe('formProblemsText', () => {
  it.each<[FormProblem, RegExp]>([
    [{ code: 'instances_empty' }, /^Enter at least one instance ID, e\.g\. i-bp1/],
    [{ code: 'instances_bad_shape', ids: ['i-nope'] }, /^Not an instance ID: i-nope\./],
    [{ code: 'instances_duplicated', ids: [I1] }, new RegExp(`more than once: ${I1}\\.`)],
    [
      { code: 'instances_too_many', count: 51, max: 50 },
      /51 instances entered; one request may target at most 50/,
    ],
    [
      { code: 'instances_not_found', ids: ['i-bp1zzzzzzzzzzzzzzzz9'], regionId: 'cn-hangzhou' },
      /^Not found in cn-hangzhou: i-bp1zzzzzzzzzzzzzzzz9\./,
    ],
    [
      { code: 'instances_not_running', instances: [{ instanceId: I2, status: 'Stopped' }] },
      new RegExp(`^Not running: ${I2} \\(Stopped\\)\\. Start them first\\.`),
    ],
    [
      { code: 'instances_assistant_offline', ids: [I1] },
      new RegExp(`Cloud Assistant is not online on ${I1}`),
    ],
    [
      {
        code: 'instances_wrong_os',
        instances: [{ instanceId: I1, os: 'Windows Server 2022' }],
        supported: ['linux'],
      },
      new RegExp(`supports linux; not: ${I1} \\(Windows Server 2022\\)`),
    ],
    [{ code: 'region_unknown', regionId: '' }, /^\(empty\) is not an ECS region/],
    [
      { code: 'package_unknown', name: 'ACS-Extension-nope-1' },
      /ACS-Extension-nope-1 is not a public extension/,
    ],
    [{ code: 'param_below_min', min: 1 }, /^Must be at least 1\.$/],
    [
      { code: 'param_not_allowed', allowed: ['community', 'enterprise'] },
      /^Must be one of: community, enterprise\.$/,
    ],
    [{ code: 'param_pattern', pattern: '^[a-z]+$' }, /format \^\[a-z\]\+\$/],
    [{ code: 'param_number_out_of_range' }, /too large to send exactly; enter one between -9007199254740991/],
    [{ code: 'concurrency_invalid' }, /1 or more/],
    [{ code: 'max_errors_invalid' }, /0 or more/],
  ])('says %j in words', (problem, words) => {
    expect(formProblemsText([problem], 'en')).toMatch(words);
  });

  it('lists five items, then how many more', () => {
    const ids = Array.from({ length: 8 }, (_, n) => `x${n}`);

    expect(formProblemsText([{ code: 'instances_bad_shape', ids }], 'en')).toContain(
      'x0, x1, x2, x3, x4 …and 3 more.',
    );
    expect(formProblemsText([{ code: 'instances_bad_shape', ids }], 'zh')).toContain(
      'x0, x1, x2, x3, x4 …等另外 3 个',
    );
  });

  it('says a failed lookup as the error in one line, without the SDK text', () => {
    const text = formProblemsText([{ code: 'lookup_failed', error: denied }], 'en');

    expect(text).toContain('The bot lacks an Alibaba Cloud permission');
    expect(text).toContain('`ecs:DescribeInstances`');
    expect(text).toContain('Request ID: REQ-1');
    expect(text).not.toContain('raw SDK text');
    expect(text).not.toContain('\n');
  });

  it('speaks Chinese from the Chinese catalog', () => {
    expect(formProblemsText([{ code: 'instances_empty' }], 'zh')).toContain('请至少输入一个实例 ID');
    expect(formProblemsText([{ code: 'param_not_boolean' }], 'zh')).toBe('请输入 true 或 false。');
  });
});

describe('renderFormErrors', () => {
  it('joins every problem of a block into one text, block by block', () => {
    const errors = renderFormErrors(
      {
        instances: [{ code: 'instances_empty' }, { code: 'instances_duplicated', ids: [I1] }],
        'param:port': [{ code: 'param_not_number' }],
      },
      'en',
    );

    expect(Object.keys(errors)).toEqual(['instances', 'param:port']);
    expect(errors.instances).toMatch(/^Enter at least one instance ID.*\. Listed more than once: /);
    expect(errors['param:port']).toBe('Enter a number, e.g. 8080.');
  });
});

describe('formNoticeText', () => {
  it('says what the words could not prefill', () => {
    expect(
      formNoticeText({ code: 'region_not_listed', regionId: 'xx-1', fallback: 'cn-hangzhou' }, 'en'),
    ).toBe('xx-1 is not an available region; cn-hangzhou is selected instead.');
    expect(
      formNoticeText({ code: 'several_packages_matched', words: 'py', names: ['a', 'b', 'c', 'd'] }, 'en'),
    ).toBe('Several extensions match "py" (a, b, c …and 1 more); pick one below.');
    expect(formNoticeText({ code: 'no_package_matched', words: 'zzz' }, 'zh')).toBe(
      '没有与“zzz”匹配的扩展程序，请在下方选择。',
    );
    expect(
      formNoticeText({ code: 'package_load_failed', packageName: 'ACS-Extension-X-1', error: denied }, 'en'),
    ).toMatch(/^Could not load ACS-Extension-X-1: The bot lacks an Alibaba Cloud permission/);
  });
});

describe('describeError of a domain error with a reason', () => {
  it('words the reason instead of the domain message', () => {
    const lost = new DomainError('expired', 'secret values of adminPass were lost in a restart', {
      kind: 'secrets_lost',
      names: ['adminPass', 'token'],
    });
    const unchecked = new DomainError('conflict', 'could not check', {
      kind: 'duplicate_check_failed',
      cause: denied,
    });

    expect(describeError(lost, 'en').detail).toBe(
      'Not started: the secret values of adminPass, token were kept only in memory and the bot has restarted since. Please submit the request again.',
    );
    expect(describeError(lost, 'zh').detail).toContain('adminPass、token 的保密参数值');
    const blocked = new DomainError('conflict', 'busy', {
      kind: 'wave_blocked',
      executionIds: ['exec-1', 'exec-2'],
    });
    expect(describeError(blocked, 'en').detail).toBe(
      'Another execution installs this extension on instances of this wave (exec-1, exec-2); wait for it to end, then go on.',
    );
    expect(describeError(blocked, 'zh').detail).toContain('exec-1、exec-2');
    expect(describeError(unchecked, 'en').detail).toMatch(
      /^Not started: could not check for running installs of this extension\. The bot lacks an Alibaba Cloud permission/,
    );
  });
});
