import { describe, expect, it } from 'vitest';
import {
  CloudError,
  type CloudErrorKind,
  DomainError,
  type DomainErrorCode,
} from '../../../src/domain/errors.js';
import {
  BOT_RAM_ACTIONS,
  EXECUTION_RAM_ACTIONS,
  MINIMUM_RAM_POLICY,
} from '../../../src/domain/ram-policy.js';
import { describeError } from '../../../src/slack/views/describe-error.js';

function cloudError(
  kind: CloudErrorKind,
  code: string,
  extra: Partial<ConstructorParameters<typeof CloudError>[0]> = {},
) {
  return new CloudError({
    kind,
    code,
    service: 'oos',
    action: 'ListTemplates',
    message: 'raw SDK message with LTAI5tSECRETKEYID and a stack',
    ...extra,
  });
}

function everyText(d: ReturnType<typeof describeError>): string {
  return [d.title, d.detail, d.hint, d.policy, d.note].filter(Boolean).join('\n');
}

describe('describeError — permission', () => {
  it('names the denied action and gives the minimum RAM policy', () => {
    const err = cloudError('permission', 'Forbidden.RAM', {
      deniedAction: 'oos:ListTemplates',
      httpStatus: 403,
      requestId: 'A57FBFD7-FC9A-54FE-A876-4D5E19577186',
    });

    const d = describeError(err, 'en');

    expect(d.title).toBe('The bot lacks an Alibaba Cloud permission');
    expect(d.detail).toBe(
      'Alibaba Cloud denied `oos:ListTemplates` (Forbidden.RAM) when the bot called OOS ListTemplates.\n' +
        'Request ID: A57FBFD7-FC9A-54FE-A876-4D5E19577186',
    );
    expect(d.requestId).toBe('A57FBFD7-FC9A-54FE-A876-4D5E19577186');
    expect(d.policy).toBe(MINIMUM_RAM_POLICY);
    expect(JSON.parse(d.policy ?? '')).toEqual({
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'oos:ListTemplates',
            'oos:GetTemplate',
            'oos:StartExecution',
            'oos:ListExecutions',
            'oos:ListTaskExecutions',
            'oos:CancelExecution',
            'oos:ListInstancePackageStates',
            'ecs:DescribeRegions',
            'ecs:DescribeInstances',
            'ecs:DescribeCloudAssistantStatus',
          ],
          Resource: '*',
        },
      ],
    });
    for (const action of EXECUTION_RAM_ACTIONS) expect(d.note).toContain(action);
    expect(d.note).toContain('OOSAssumeRole');
    expect(everyText(d)).not.toContain('LTAI5t');
  });

  it('falls back to service:action when the denied action is unknown, in Chinese', () => {
    const err = new CloudError({
      kind: 'permission',
      code: 'NoPermission',
      service: 'ecs',
      action: 'DescribeInstances',
      message: 'x',
    });

    const d = describeError(err, 'zh');

    expect(d.title).toBe('机器人缺少阿里云访问权限');
    expect(d.detail).toContain('`ecs:DescribeInstances`');
    expect(d.detail).toContain('NoPermission');
    expect(d.requestId).toBeUndefined();
    expect(d.detail).not.toContain('请求 ID');
  });

  it('lists only the actions the bot itself calls in the policy', () => {
    expect(BOT_RAM_ACTIONS).not.toContain('ecs:RunCommand');
    expect(MINIMUM_RAM_POLICY).not.toContain('RunCommand');
  });
});

describe('describeError — credentials', () => {
  it.each([
    ['NoCredentials', 'The bot found no Alibaba Cloud credentials.'],
    ['InvalidAccessKeyId.NotFound', "Alibaba Cloud does not recognise the bot's AccessKey ID"],
    ['SignatureDoesNotMatch', "The bot's AccessKey secret does not match its AccessKey ID"],
    ['InvalidSecurityToken.Expired', "The bot's STS security token is invalid or has expired"],
  ])('explains %s and how to configure credentials, without values', (code, expected) => {
    const err = cloudError('credentials', code);

    const d = describeError(err, 'en');

    expect(d.title).toBe('Alibaba Cloud credentials are missing or invalid');
    expect(d.detail).toContain(expected);
    for (const name of [
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'ALIBABA_CLOUD_PROFILE',
      '~/.alibabacloud/credentials',
      'ALIBABA_CLOUD_ECS_METADATA',
      'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
    ]) {
      expect(d.hint).toContain(name);
    }
    expect(everyText(d)).not.toContain('LTAI5t');
  });
});

describe('describeError — transient failures', () => {
  it('asks to retry in a minute when throttled', () => {
    const d = describeError(cloudError('throttled', 'Throttling.User', { attempts: 4 }), 'en');

    expect(d.title).toBe('Alibaba Cloud is busy right now');
    expect(d.detail).toBe('OOS ListTemplates was throttled (Throttling.User). The bot tried 4 times.');
    expect(d.hint).toBe('Please try again in a minute.');
  });

  it('uses the retry-after the service sent', () => {
    const d = describeError(cloudError('throttled', 'Throttling', { retryAfterSeconds: 7.2 }), 'zh');

    expect(d.hint).toBe('请在约 8 秒后重试。');
  });

  it('reports a server failure with the attempts and the Request ID', () => {
    const err = cloudError('server', 'ServiceUnavailable', {
      httpStatus: 503,
      attempts: 4,
      requestId: 'R-1',
    });

    const d = describeError(err, 'en');

    expect(d.title).toBe('Alibaba Cloud OOS is temporarily unavailable');
    expect(d.detail).toBe(
      'OOS ListTemplates failed with ServiceUnavailable (HTTP 503). The bot tried 4 times.\nRequest ID: R-1',
    );
  });

  it('reports a network failure with what to check', () => {
    const err = new CloudError({
      kind: 'network',
      code: 'NetworkError',
      service: 'ecs',
      action: 'DescribeRegions',
      message: 'ECONNREFUSED 127.0.0.1',
      attempts: 3,
    });

    const d = describeError(err, 'zh');

    expect(d.title).toBe('无法连接阿里云 ECS');
    expect(d.detail).toBe('ECS DescribeRegions 没有收到响应（网络错误）（已尝试 3 次）。');
    expect(d.hint).toContain('ECS_EXT_ECS_ENDPOINT');
  });
});

describe('describeError — request problems', () => {
  it('says an extension template was not found and points to the catalog', () => {
    const err = cloudError('not_found', 'EntityNotExists.Template', {
      action: 'GetTemplate',
      requestId: 'R-2',
    });

    const d = describeError(err, 'en');

    expect(d.title).toBe('Extension not found');
    expect(d.hint).toContain('/ecs-ext list');
    expect(d.detail).toContain('Request ID: R-2');
  });

  it('says an execution was not found', () => {
    const d = describeError(
      cloudError('not_found', 'EntityNotExists.Execution', { action: 'ListTaskExecutions' }),
      'en',
    );

    expect(d.title).toBe('Execution not found');
  });

  it('explains an invalid request without the raw message', () => {
    const d = describeError(
      cloudError('invalid_request', 'InvalidParameter', { action: 'StartExecution' }),
      'en',
    );

    expect(d.title).toBe('Alibaba Cloud rejected the request');
    expect(d.detail).toBe('OOS StartExecution was refused as invalid (InvalidParameter).');
    expect(everyText(d)).not.toContain('raw SDK message');
  });

  it('recognises a clock skew', () => {
    const d = describeError(cloudError('invalid_request', 'InvalidTimeStamp.Expired'), 'en');

    expect(d.hint).toContain('NTP');
  });

  it('gives a generic text for an unknown cloud error', () => {
    const d = describeError(cloudError('unknown', 'UnexpectedResponse'), 'en');

    expect(d.title).toBe('Alibaba Cloud returned an unexpected error');
    expect(d.detail).toBe('OOS ListTemplates failed (UnexpectedResponse).');
  });
});

describe('describeError — domain and unknown errors', () => {
  it.each([
    ['invalid_input', 'That input is not valid'],
    ['not_found', 'Not found'],
    ['not_allowed', 'You are not allowed to do that'],
    ['conflict', 'That conflicts with work already in progress'],
    ['expired', 'This request has expired'],
    ['not_pending', 'This request is no longer waiting for approval'],
    ['illegal_transition', "That action is not possible in the request's current state"],
  ] as Array<[DomainErrorCode, string]>)('describes DomainError %s', (code, title) => {
    const d = describeError(new DomainError(code, 'Request r-1 is   already approved.'), 'en');

    expect(d.title).toBe(title);
    expect(d.detail).toBe('Request r-1 is already approved.');
    expect(d.hint).toBeTruthy();
  });

  it('never shows the message or stack of an unexpected error', () => {
    const err = new TypeError("Cannot read properties of undefined (reading 'x')");

    const d = describeError(err, 'en');

    expect(d.title).toBe('Something went wrong');
    expect(everyText(d)).not.toContain('Cannot read');
    expect(everyText(d)).not.toContain('at ');
  });

  it('copes with thrown non-errors', () => {
    expect(describeError('boom', 'zh').title).toBe('出了点问题');
    expect(describeError(undefined, 'en').detail).toBe(
      'The bot hit an unexpected problem while handling your request.',
    );
  });
});
