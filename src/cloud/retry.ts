/**
 * Retry policy for cloud calls: throttling, 5xx and network failures are retried with exponential
 * backoff and full jitter (or the delay the service asked for); everything else fails at once.
 */
import type { CloudError } from '../domain/errors.js';
import type { Logger } from '../domain/ports.js';
import { type CallContext, toCloudError, withAttempts } from './cloud-errors.js';

/** Knobs of the retry policy; sleep, random and now are injectable for tests. */
export interface RetryOptions {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Most time one call may spend waiting between its attempts: a wait (backoff or the service's
   * Retry-After) that would go past it ends the retries, so no call waits without bound. The error
   * keeps the Retry-After for callers that back off themselves.
   */
  budgetMs: number;
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1). */
  random: () => number;
  /** Milliseconds from an arbitrary origin, to measure call durations. */
  now: () => number;
}

/** Four attempts, 200 ms base, 5 s cap, at most 8 s of waiting in all, real timers. */
export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  budgetMs: 8_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: () => performance.now(),
};

/** True for failures that may pass on a later attempt (throttled, server, network). */
export function isRetryable(error: CloudError): boolean {
  return error.kind === 'throttled' || error.kind === 'server' || error.kind === 'network';
}

/**
 * Delay before the attempt after `attempt` (1-based): the service's retry-after if it sent one,
 * else a uniformly random delay in [0, min(maxDelay, base × 2^(attempt-1))).
 */
export function retryDelayMs(attempt: number, error: CloudError, options: RetryOptions): number {
  if (error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 0) {
    return error.retryAfterSeconds * 1000;
  }
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(options.random() * ceiling);
}

/** One cloud call: which API, which region, who logs. */
export interface CallSite extends CallContext {
  regionId: string;
  logger: Logger;
  retry: RetryOptions;
}

/**
 * Runs `call` until it succeeds, fails for good, or attempts run out; every failure leaves as a
 * CloudError carrying how many attempts were made (`attempts`). Logs one debug line per attempt `{service, action, regionId, attempt, ms, requestId}`.
 */
export async function withRetry<T>(
  site: CallSite,
  call: () => Promise<T>,
  requestIdOf: (result: T) => string | undefined,
): Promise<T> {
  const { service, action, regionId, logger, retry } = site;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    const started = retry.now();
    try {
      const result = await call();
      const ms = Math.round(retry.now() - started);
      logger.debug({ service, action, regionId, attempt, ms, requestId: requestIdOf(result) }, 'cloud call');
      return result;
    } catch (thrown) {
      const error = toCloudError(thrown, { service, action });
      const ms = Math.round(retry.now() - started);
      logger.debug(
        { service, action, regionId, attempt, ms, requestId: error.requestId, code: error.code },
        'cloud call failed',
      );
      if (!isRetryable(error) || attempt >= retry.maxAttempts) throw withAttempts(error, attempt);
      const delay = retryDelayMs(attempt, error, retry);
      if (waited + delay > retry.budgetMs) throw withAttempts(error, attempt);
      waited += delay;
      await retry.sleep(delay);
    }
  }
}
