import { describe, expect, it } from 'vitest';
import {
  isCredentialKey,
  redactCredentials,
  withoutCredentials,
} from '../../../src/domain/tracking/credentials.js';
import { runningRequest } from './tracking-fixtures.js';

describe('isCredentialKey', () => {
  it.each([
    'password',
    'Password',
    'db_password',
    'adminPass',
    'api-key',
    'AccessKeySecret',
    'token',
    'pwd',
    '密码',
  ])('treats %s as a credential', (key) => {
    expect(isCredentialKey(key)).toBe(true);
  });

  it.each(['username', 'publicUrl', 'port', 'keyName', 'version', 'OOSAssumeRole'])(
    'leaves %s alone',
    (key) => {
      expect(isCredentialKey(key)).toBe(false);
    },
  );
});

describe('redactCredentials', () => {
  it('masks values in JSON, however deep', () => {
    const text = JSON.stringify({
      url: 'https://x',
      auth: { username: 'admin', password: 'p1' },
      list: [{ token: 't1' }],
    });

    const scan = redactCredentials(text);

    expect(scan.found).toEqual([
      { key: 'password', value: 'p1' },
      { key: 'token', value: 't1' },
    ]);
    expect(scan.redacted).not.toMatch(/p1|t1/);
    expect(JSON.parse(scan.redacted).auth.username).toBe('admin');
  });

  it('masks key: value and key=value lines, with full-width colons and exports', () => {
    const text = [
      'Panel: https://1.2.3.4:8888/abc',
      'password: hunter2',
      'export API_TOKEN="tok-9"',
      '密码：秘密值',
      'plain line',
    ].join('\n');

    const scan = redactCredentials(text);

    expect(scan.redacted).toBe(
      [
        'Panel: https://1.2.3.4:8888/abc',
        'password: ******',
        'export API_TOKEN=******',
        '密码：******',
        'plain line',
      ].join('\n'),
    );
    expect(scan.found.map((f) => f.value)).toEqual(['hunter2', 'tok-9', '秘密值']);
  });

  it('returns text without credentials unchanged', () => {
    const text = '{ "url": "https://x" }';

    expect(redactCredentials(text)).toEqual({ redacted: text, found: [] });
  });

  it('finds nothing in already masked text', () => {
    expect(redactCredentials('{"password":"******"}').found).toEqual([]);
    expect(redactCredentials('password: ******').found).toEqual([]);
  });
});

describe('withoutCredentials', () => {
  it('masks the outputs of every instance', () => {
    const request = runningRequest('req-1', 'exec-1', ['i-bp1aaaaaaaaaa0000001']);
    const execution = request.execution as NonNullable<typeof request.execution>;
    const withOutputs = {
      ...request,
      execution: {
        ...execution,
        instances: [
          {
            instanceId: 'i-bp1aaaaaaaaaa0000001',
            status: 'Success',
            message: '',
            output: 'token=abc',
            configuration: 'pwd: x',
          },
        ],
      },
    };

    const clean = withoutCredentials(withOutputs);

    expect(clean.execution?.instances[0]).toMatchObject({
      output: 'token=******',
      configuration: 'pwd: ******',
    });
  });
});
