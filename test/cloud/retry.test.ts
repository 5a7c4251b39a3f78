import { ClientError, ServerError, ThrottlingError } from '@alicloud/openapi-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions, retryDelayMs, withRetry } from '../../src/cloud/retry.js';
import { CloudError } from '../../src/domain/errors.js';
import type { Logger } from '../../src/domain/ports.js';

interface LogLine {
  obj: Record<string, unknown>;
  msg?: string;
}

function recordingLogger(lines: LogLine[]): Logger {
  const logger: Logger = {
    debug: (obj, msg) => lines.push({ obj: obj as Record<string, unknown>, msg }),
    info: () => {},
    warn: () => {},
    error: () => {},
    child: () => logger,
  };
  return logger;
}

function harness(overrides: Partial<RetryOptions> = {}) {
  const sleeps: number[] = [];
  const lines: LogLine[] = [];
  let clock = 0;
  const retry: RetryOptions = {
    ...DEFAULT_RETRY_OPTIONS,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => (clock += 7),
    ...overrides,
  };
  const site = {
    service: 'oos' as const,
    action: 'ListTemplates',
    regionId: 'cn-hangzhou',
    logger: recordingLogger(lines),
    retry,
  };
  return { site, sleeps, lines };
}

/** A call that throws the given errors in turn, then returns `{ RequestId: 'OK' }`. */
function scripted(errors: Error[]) {
  let calls = 0;
  const call = async () => {
    const err = errors[calls++];
    if (err) throw err;
    return { RequestId: 'OK' };
  };
  return { call, count: () => calls };
}

const throttled = (retryAfter?: number) =>
  new ThrottlingError({
    statusCode: 400,
    code: 'Throttling.User',
    message: 'flow control',
    data: {},
    retryAfter,
    requestId: 'T',
  });
const serverError = () =>
  new ServerError({ statusCode: 503, code: 'ServiceUnavailable', message: 'busy', data: {}, requestId: 'S' });
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

describe('withRetry', () => {
  it('retries throttling, 5xx and network errors, then returns the result', async () => {
    const { site, sleeps } = harness();
    const { call, count } = scripted([throttled(), serverError(), refused()]);

    const result = await withRetry(site, call, (r) => r.RequestId);

    expect(result).toEqual({ RequestId: 'OK' });
    expect(count()).toBe(4);
    expect(sleeps).toHaveLength(3);
  });

  it('uses exponential backoff with full jitter capped at maxDelayMs', async () => {
    const { site, sleeps } = harness({
      maxAttempts: 6,
      baseDelayMs: 200,
      maxDelayMs: 1000,
      random: () => 0.5,
    });
    const { call } = scripted([serverError(), serverError(), serverError(), serverError(), serverError()]);

    await withRetry(site, call, () => undefined);

    expect(sleeps).toEqual([100, 200, 400, 500, 500]);
  });

  it('honours x-acs-retry-after instead of the backoff', async () => {
    const { site, sleeps } = harness();
    const { call } = scripted([throttled(3)]);

    await withRetry(site, call, () => undefined);

    expect(sleeps).toEqual([3000]);
  });

  it('never waits longer than its budget: a long Retry-After ends the retries and is kept on the error', async () => {
    const { site, sleeps } = harness({ budgetMs: 8_000 });
    const { call, count } = scripted([throttled(600)]);

    const outcome = withRetry(site, call, () => undefined);

    await expect(outcome).rejects.toMatchObject({ kind: 'throttled', retryAfterSeconds: 600, attempts: 1 });
    expect(count()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('stops retrying once the waits would add up past the budget', async () => {
    const { site, sleeps } = harness({ budgetMs: 5_000 });
    const { call, count } = scripted([throttled(2), throttled(2), throttled(2)]);

    const outcome = withRetry(site, call, () => undefined);

    await expect(outcome).rejects.toMatchObject({ kind: 'throttled', attempts: 3 });
    expect(count()).toBe(3);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it('gives up after maxAttempts with the mapped error', async () => {
    const { site, sleeps } = harness({ maxAttempts: 4 });
    const { call, count } = scripted([
      serverError(),
      serverError(),
      serverError(),
      serverError(),
      serverError(),
    ]);

    const outcome = withRetry(site, call, () => undefined);

    await expect(outcome).rejects.toMatchObject({
      kind: 'server',
      code: 'ServiceUnavailable',
      httpStatus: 503,
      requestId: 'S',
      attempts: 4,
    });
    expect(count()).toBe(4);
    expect(sleeps).toHaveLength(3);
  });

  it('does not retry other errors', async () => {
    const { site, sleeps } = harness();
    const forbidden = new ClientError({
      statusCode: 403,
      code: 'Forbidden.RAM',
      message: 'no',
      data: {},
      requestId: 'F',
    });
    const { call, count } = scripted([forbidden]);

    const outcome = withRetry(site, call, () => undefined);

    await expect(outcome).rejects.toBeInstanceOf(CloudError);
    await expect(outcome).rejects.toMatchObject({ kind: 'permission', attempts: 1 });
    expect(count()).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('counts the attempts on the error it throws, keeping its class, fields and stack', async () => {
    const { site } = harness({ maxAttempts: 2 });
    const original = new CloudError({
      kind: 'network',
      code: 'NetworkError',
      service: 'oos',
      action: 'ListTemplates',
      message: 'Could not reach OOS',
    });
    const { call } = scripted([original, original]);

    const thrown = await withRetry(site, call, () => undefined).catch((error: unknown) => error);

    expect(thrown).toBeInstanceOf(CloudError);
    expect(thrown).toMatchObject({ kind: 'network', code: 'NetworkError', message: 'Could not reach OOS' });
    expect((thrown as CloudError).attempts).toBe(2);
    expect((thrown as CloudError).stack).toBe(original.stack);
    expect(original.attempts).toBeUndefined();
  });

  it('logs one debug line per attempt with timing and request id', async () => {
    const { site, lines } = harness();
    const { call } = scripted([throttled()]);

    await withRetry(site, call, (r) => r.RequestId);

    expect(lines.map((line) => line.obj)).toEqual([
      {
        service: 'oos',
        action: 'ListTemplates',
        regionId: 'cn-hangzhou',
        attempt: 1,
        ms: 7,
        requestId: 'T',
        code: 'Throttling.User',
      },
      {
        service: 'oos',
        action: 'ListTemplates',
        regionId: 'cn-hangzhou',
        attempt: 2,
        ms: 7,
        requestId: 'OK',
      },
    ]);
  });
});

describe('retryDelayMs', () => {
  const error = new CloudError({ kind: 'server', code: 'X', service: 'ecs', action: 'A', message: 'm' });

  it('stays below the exponential ceiling', () => {
    const options = { ...DEFAULT_RETRY_OPTIONS, random: () => 0.999 };

    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(attempt, error, options));

    expect(delays).toEqual([199, 399, 799, 1598, 3196, 4995]);
  });

  it('can be zero (full jitter)', () => {
    const options = { ...DEFAULT_RETRY_OPTIONS, random: () => 0 };

    const delay = retryDelayMs(3, error, options);

    expect(delay).toBe(0);
  });
});
