import { describe, expect, it } from 'vitest';
import {
  hiddenValues,
  isSecretParameter,
  lostHiddenValues,
  maskRequestSecrets,
} from '../../../src/domain/install/secrets.js';
import { type InstallRequest, SECRET_MASK } from '../../../src/domain/model.js';
import { makeRequest } from '../../fakes/requests.js';

const none = { en: '', zh: '' };

describe('isSecretParameter', () => {
  it.each([
    'password',
    'AdminPassword',
    'db_passwd',
    'mysqlRootPwd',
    'secret',
    'jwtSecret',
    'token',
    'githubToken',
    'apiKey',
    'AccessKey',
    'access_key_secret',
    'privateKey',
    'passphrase',
    'credentials',
    '密码',
    '口令',
    '密钥',
  ])('by name: %s', (name) => {
    expect(isSecretParameter({ name })).toBe(true);
  });

  it.each([
    [{ en: 'The password of the admin user', zh: '' }, none],
    [none, { en: 'API key used by the agent', zh: '' }],
    [none, { en: '', zh: '管理员登录密码' }],
    [{ en: '', zh: '数据库口令' }, none],
    [none, { en: 'Personal access token', zh: '' }],
  ])('by label or description: %j %j', (label, description) => {
    expect(isSecretParameter({ name: 'value1', label, description })).toBe(true);
  });

  it.each([
    { associationProperty: 'ALIYUN::ECS::Instance::Password' },
    { associationProperty: 'Secret' },
    { noEcho: true },
    { noEcho: 'True' },
  ])('by template hint: %j', (hint) => {
    expect(isSecretParameter({ name: 'value1', ...hint })).toBe(true);
  });

  it.each([
    { name: 'port', description: { en: 'The port the panel listens on', zh: '面板端口' } },
    { name: 'KeyPairName', description: { en: 'Key pair name', zh: '' } },
    { name: 'installDir', label: { en: 'Install directory', zh: '安装目录' } },
    { name: 'version', noEcho: false, associationProperty: 'ALIYUN::ECS::Instance::InstanceId' },
  ])('leaves ordinary parameters alone: $name', (hints) => {
    expect(isSecretParameter(hints)).toBe(false);
  });
});

describe('hidden values', () => {
  it('keeps in the vault what the stored request does not show, and finds what a restart lost', () => {
    const real = { password: 'hunter2', repo: 'https://u:pat-1@git.example.com/x.git', port: 80 };
    const shown = { password: SECRET_MASK, repo: `https://u:${SECRET_MASK}@git.example.com/x.git`, port: 80 };
    const request: InstallRequest = {
      ...makeRequest(),
      parameters: shown,
      secretParameterNames: ['password'],
    };

    const hidden = hiddenValues(real, shown);

    expect(hidden).toEqual({ password: 'hunter2', repo: 'https://u:pat-1@git.example.com/x.git' });
    expect(lostHiddenValues(request, hidden)).toEqual([]);
    expect(lostHiddenValues(request, {})).toEqual(['password', 'repo']);
  });

  it('masks URL passwords in what a store writes, also without secret parameters', () => {
    const request: InstallRequest = {
      ...makeRequest(),
      parameters: { repo: 'https://u:pat-1@git.example.com/x.git' },
      secretParameterNames: [],
      startParameters: JSON.stringify({ parameters: { repo: 'https://u:pat-1@git.example.com/x.git' } }),
    };

    const stored = JSON.stringify(maskRequestSecrets(request));

    expect(stored).not.toContain('pat-1');
    expect(stored).toContain(`https://u:${SECRET_MASK}@git.example.com/x.git`);
  });
});
