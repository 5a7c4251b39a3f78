import { ClientError, ServerError, ThrottlingError } from '@alicloud/openapi-core';
import { describe, expect, it } from 'vitest';
import { CREDENTIALS_HELP, scrubSecrets, toCloudError } from '../../src/cloud/cloud-errors.js';
import { CloudError } from '../../src/domain/errors.js';

const oos = { service: 'oos' as const, action: 'ListTemplates' };

/** Builds an error exactly as openapi-core's doRequest throws it for an error response. */
function sdkError(statusCode: number, body: Record<string, unknown>, retryAfter?: number): Error {
  const code = String(body.Code);
  const init = {
    statusCode,
    code,
    message: `code: ${statusCode}, ${body.Message} request id: ${body.RequestId}`,
    detail: 'undefined',
    description: 'undefined',
    data: body,
    requestId: `${body.RequestId}`,
  };
  if (code.includes('Throttling')) return new ThrottlingError({ ...init, retryAfter });
  if (statusCode < 500) return new ClientError({ ...init, accessDeniedDetail: body.AccessDeniedDetail });
  return new ServerError(init);
}

describe('toCloudError: response errors', () => {
  it('maps Forbidden.RAM with AccessDeniedDetail to permission with the denied action', () => {
    const err = sdkError(403, {
      Code: 'Forbidden.RAM',
      Message: 'User not authorized to operate on the specified resource.',
      RequestId: 'REQ-1',
      AccessDeniedDetail: { AuthAction: 'oos:ListTemplates', PolicyType: 'AccountLevelIdentityBasedPolicy' },
    });

    const mapped = toCloudError(err, oos);

    expect(mapped).toBeInstanceOf(CloudError);
    expect(mapped).toMatchObject({
      kind: 'permission',
      code: 'Forbidden.RAM',
      httpStatus: 403,
      requestId: 'REQ-1',
      deniedAction: 'oos:ListTemplates',
      service: 'oos',
      action: 'ListTemplates',
    });
  });

  it('parses the denied action from the message when there is no detail', () => {
    const err = sdkError(403, {
      Code: 'NoPermission',
      Message:
        'You are not authorized to do this action. Resource: acs:ecs:*:123:instance/* Action: ecs:DescribeInstances',
      RequestId: 'REQ-2',
    });

    const mapped = toCloudError(err, { service: 'ecs', action: 'DescribeInstances' });

    expect(mapped.kind).toBe('permission');
    expect(mapped.deniedAction).toBe('ecs:DescribeInstances');
  });

  it('defaults the denied action to service:Action', () => {
    const err = sdkError(403, { Code: 'Forbidden.Unauthorized', Message: 'denied', RequestId: 'REQ-3' });

    const mapped = toCloudError(err, { service: 'oos', action: 'StartExecution' });

    expect(mapped.kind).toBe('permission');
    expect(mapped.deniedAction).toBe('oos:StartExecution');
  });

  it('maps Throttling.User with x-acs-retry-after to throttled keeping the delay', () => {
    const err = sdkError(400, { Code: 'Throttling.User', Message: 'flow control', RequestId: 'REQ-4' }, 3);

    const mapped = toCloudError(err, oos);

    expect(mapped).toMatchObject({ kind: 'throttled', code: 'Throttling.User', retryAfterSeconds: 3 });
  });

  it.each([
    ['InvalidAccessKeyId.NotFound', 404, 'credentials'],
    ['SignatureDoesNotMatch', 400, 'credentials'],
    ['InvalidSecurityToken.Expired', 400, 'credentials'],
    ['IncompleteSignature', 400, 'credentials'],
    ['EntityNotExists.Template', 404, 'not_found'],
    ['InvalidInstanceId.NotFound', 400, 'not_found'],
    ['InvalidParameter', 400, 'invalid_request'],
    ['MissingParameter', 400, 'invalid_request'],
    ['InternalError', 500, 'server'],
    ['ServiceUnavailable', 503, 'server'],
    ['Throttling', 400, 'throttled'],
  ])('maps %s (HTTP %i) to %s', (code, status, kind) => {
    const err = sdkError(status, { Code: code, Message: 'm', RequestId: 'REQ-5' });

    const mapped = toCloudError(err, oos);

    expect(mapped.kind).toBe(kind);
    expect(mapped.code).toBe(code);
    expect(mapped.httpStatus).toBe(status);
    expect(mapped.requestId).toBe('REQ-5');
  });

  it('uses the HTTP status when the body has no Code', () => {
    const err = new ServerError({ statusCode: 502, code: 'undefined', message: 'bad gateway', data: {} });

    const mapped = toCloudError(err, oos);

    expect(mapped).toMatchObject({ kind: 'server', code: 'HTTP502', httpStatus: 502 });
  });

  it('keeps secrets out of the message of SignatureDoesNotMatch', () => {
    const err = sdkError(400, {
      Code: 'SignatureDoesNotMatch',
      Message:
        'Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3DLTAI5tAbCdEfGhIjKlMn',
      RequestId: 'REQ-6',
    });

    const mapped = toCloudError(err, oos);

    expect(mapped.message).toContain('SignatureDoesNotMatch');
    expect(mapped.message).not.toContain('LTAI5tAbCdEfGhIjKlMn');
    expect(mapped.message).not.toContain('AccessKeyId');
  });

  it('keeps the message short', () => {
    const err = sdkError(400, { Code: 'InvalidParameter', Message: 'x '.repeat(1000), RequestId: 'REQ-7' });

    const mapped = toCloudError(err, oos);

    expect(mapped.message.length).toBeLessThanOrEqual(300);
  });
});

describe('toCloudError: local failures', () => {
  it('turns a credential chain failure into credentials/NoCredentials with help', () => {
    const err = new Error(
      'unable to get credentials from any of the providers in the chain: unable to get credentials from enviroment variables, …',
    );

    const mapped = toCloudError(err, oos);

    expect(mapped).toMatchObject({ kind: 'credentials', code: 'NoCredentials', message: CREDENTIALS_HELP });
    expect(mapped.message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
    expect(mapped.message).toContain('ALIBABA_CLOUD_PROFILE');
  });

  it('turns the SDK InvalidCredentials error into NoCredentials', () => {
    const err = new ClientError({
      code: 'InvalidCredentials',
      message: 'Please set up the credentials correctly.',
    });

    const mapped = toCloudError(err, oos);

    expect(mapped).toMatchObject({ kind: 'credentials', code: 'NoCredentials' });
  });

  it.each([
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'],
    ['ETIMEDOUT', 'connect ETIMEDOUT'],
    ['ECONNRESET', 'socket hang up'],
  ])('maps a %s network error to network without echoing the URL', (code, message) => {
    const err = Object.assign(
      new Error(`${message}POST http://127.0.0.1:9/?Parameters=%7B%22password%22%7D failed.`),
      {
        code,
      },
    );

    const mapped = toCloudError(err, oos);

    expect(mapped).toMatchObject({ kind: 'network', code: 'NetworkError' });
    expect(mapped.message).toContain(code);
    expect(mapped.message).not.toContain('Parameters');
  });

  it('maps an httpx read timeout to network', () => {
    const err = Object.assign(new Error('ReadTimeout(15000). POST http://x/ failed.'), {
      name: 'RequestTimeoutError',
    });

    const mapped = toCloudError(err, oos);

    expect(mapped.kind).toBe('network');
  });

  it('maps fetch failed to network', () => {
    const mapped = toCloudError(new TypeError('fetch failed'), oos);

    expect(mapped.kind).toBe('network');
  });

  it('returns a CloudError unchanged', () => {
    const original = new CloudError({ kind: 'server', code: 'X', service: 'ecs', action: 'A', message: 'm' });

    const mapped = toCloudError(original, oos);

    expect(mapped).toBe(original);
  });

  it('maps anything else to unknown', () => {
    const mapped = toCloudError(new Error('boom'), oos);

    expect(mapped).toMatchObject({ kind: 'unknown', code: 'UnknownError' });
  });
});

describe('scrubSecrets', () => {
  it.each([
    ['key LTAI5tQ9xYz1234567890 used', 'LTAI5tQ9xYz1234567890'],
    ['sts STS.NUgYrLnoC37mZZCNnAbez2HS', 'STS.NUgYrLnoC37mZZCNnAbez2HS'],
    [
      'token CAIS8gF1q6Ft5B2yfSjIr5bkH9bYoq1vvZi3aEP3s2o1dvl7hZL9kDz2IHxKe3VtBOkbs/8xmGtS7vc',
      'CAIS8gF1q6Ft5B2',
    ],
    [
      'Authorization: ACS3-HMAC-SHA256 Credential=LTAIabcdefgh,SignedHeaders=host,Signature=abc',
      'Credential=',
    ],
    ['accessKeySecret=shh-very-secret', 'shh-very-secret'],
    ['boom POST http://127.0.0.1:9/?Parameters=%7B%22pw%22%3A%22hunter2%22%7D failed.', 'hunter2'],
  ])('removes the secret from %j', (text, secret) => {
    const scrubbed = scrubSecrets(text);

    expect(scrubbed).not.toContain(secret);
  });

  it('keeps ordinary words and request ids', () => {
    const text = 'The specified template does not exist. request id: 5BBE2663-A18E-5261-9BBB-F4832F5294D9';

    const scrubbed = scrubSecrets(text);

    expect(scrubbed).toBe(text);
  });
});
