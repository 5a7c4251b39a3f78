import { describe, expect, it } from 'vitest';
import {
  isCredentialKey,
  maskCredentialText,
  mentionsCredential,
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
    'passwd',
    'DB_PASS',
    'passphrase',
    'apiKey',
    'accessKey',
    'secret_key',
    'private-key',
    'SSH_KEYS',
    'credentials',
    'Authorization',
    '初始密码',
    '登录口令',
    '密钥',
    'root用户密码',
  ])('treats %s as a credential', (key) => {
    expect(isCredentialKey(key)).toBe(true);
  });

  it.each(['username', 'publicUrl', 'port', 'keyName', 'KeyPairName', 'version', 'OOSAssumeRole', '用户名'])(
    'leaves %s alone',
    (key) => {
      expect(isCredentialKey(key)).toBe(false);
    },
  );
});

describe('mentionsCredential', () => {
  it.each([
    'The password of the admin user',
    'API key for the agent',
    'Access Key used to upload',
    'Secret used to sign cookies',
    'Your personal access token',
    'Passphrase of the SSH key',
    '管理员登录密码',
    '访问密钥',
    '数据库口令',
  ])('reads %j as a credential', (text) => {
    expect(mentionsCredential(text)).toBe(true);
  });

  it.each([
    'The port the panel listens on',
    'Key pair name',
    'Install directory',
    '安装目录',
    'keyboard layout',
  ])('leaves %j alone', (text) => {
    expect(mentionsCredential(text)).toBe(false);
  });
});

/** Every shape a credential is printed in: the text, what the channel sees, and the value found. */
const SHAPES: Array<[shape: string, text: string, masked: string, value: string]> = [
  ['key=value', 'user=admin password=hunter2 port=22', 'user=admin password=****** port=22', 'hunter2'],
  ['key: value', 'Admin password: Xyz123!', 'Admin password: ******', 'Xyz123!'],
  ['key：value (full-width)', 'password：Abc-123', 'password：******', 'Abc-123'],
  ['key is value', 'The admin password is Qw3rty99', 'The admin password is ******', 'Qw3rty99'],
  ['YAML field', '  - accessKeySecret: LTAIabc', '  - accessKeySecret: ******', 'LTAIabc'],
  ['quoted value', 'SECRET_KEY="two words"', 'SECRET_KEY="******"', 'two words'],
  [
    'JSON field',
    '{"db_password": "s3cr3t", "user": "root"}',
    '{"db_password": "******", "user": "root"}',
    's3cr3t',
  ],
  ['JSON field, nested', '{"auth":{"apiKey":"AKIA123"}}', '{"auth":{"apiKey":"******"}}', 'AKIA123'],
  ['JSON number', '{"pin_password": 123456}', '{"pin_password": ******}', '123456'],
  ['JSON inside a log line', 'created {"token":"tk-1"} ok', 'created {"token":"******"} ok', 'tk-1'],
  [
    'CLI -p<pw>',
    'mysql -uroot -pS3cr3tPass -h 127.0.0.1',
    'mysql -uroot -p****** -h 127.0.0.1',
    'S3cr3tPass',
  ],
  ['CLI --password=', 'mysqladmin --password=Abc123 status', 'mysqladmin --password=****** status', 'Abc123'],
  ['CLI --api-key <v>', 'tool --api-key abc123def --verbose', 'tool --api-key ****** --verbose', 'abc123def'],
  [
    'URL userinfo',
    'connect postgres://app:pa55w0rd@db.local:5432/app',
    'connect postgres://app:******@db.local:5432/app',
    'pa55w0rd',
  ],
  ['URL userinfo, no user', 'redis://:r3dis@10.0.0.1:6379', 'redis://:******@10.0.0.1:6379', 'r3dis'],
  ['export', 'export API_KEY=sk-live-123', 'export API_KEY=******', 'sk-live-123'],
  ['Bearer token', 'Authorization: Bearer eyJhbGciOi.abc', 'Authorization: Bearer ******', 'eyJhbGciOi.abc'],
  ['Chinese label', '初始密码：Abc123，请及时修改', '初始密码：******，请及时修改', 'Abc123'],
  ['Chinese label with 为', '数据库root密码为 Xy9z', '数据库root密码为 ******', 'Xy9z'],
  [
    'Chinese panel block',
    '面板地址：http://1.2.3.4:8888/abc 用户名：admin 密码：Xy12z9',
    '面板地址：http://1.2.3.4:8888/abc 用户名：admin 密码：******',
    'Xy12z9',
  ],
  [
    'failed instance error',
    'Error: login failed for user root with password=Topsecret1',
    'Error: login failed for user root with password=******',
    'Topsecret1',
  ],
];

describe('redactCredentials: every shape', () => {
  it.each(SHAPES)('%s', (_shape, text, masked, value) => {
    const scan = redactCredentials(text);

    expect(scan.redacted).toBe(masked);
    expect(scan.found.map((f) => f.value)).toContain(value);
    expect(scan.redacted).not.toContain(value);
  });

  it.each([
    'docker run -p8080:80 nginx',
    'mkdir -pv /opt/app',
    'The password is required',
    'password: ******',
    'nothing to see: here',
    'ssh -p 22 root@host',
  ])('leaves %j as it is', (text) => {
    expect(redactCredentials(text)).toEqual({ redacted: text, found: [] });
  });

  it('masks every credential of a multi-line output and keeps its layout', () => {
    const text = SHAPES.map(([, line]) => line).join('\n');

    const masked = maskCredentialText(text);

    expect(masked).toBe(SHAPES.map(([, , line]) => line).join('\n'));
  });
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
        'export API_TOKEN="******"',
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
  it('masks the outputs, the error message of every instance and the status message', () => {
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
            message: 'mysql -uroot -pHunter22 failed',
            output: 'token=abc',
            configuration: 'pwd: x',
          },
        ],
      },
    };

    const clean = withoutCredentials({
      ...withOutputs,
      execution: { ...withOutputs.execution, statusMessage: 'failed: password=Hunter22' },
    });

    expect(clean.execution?.instances[0]).toMatchObject({
      message: 'mysql -uroot -p****** failed',
      output: 'token=******',
      configuration: 'pwd: ******',
    });
    expect(clean.execution?.statusMessage).toBe('failed: password=******');
  });
});
