/**
 * Retrying the failed instances of an install: anyone may ask (the retry is a new request that needs
 * approval again). The form is prefilled with the failed instances and the request's non-secret values,
 * Concurrency, MaxErrors, reason and rollout choice; secret values are typed again. Failed instances are
 * counted across every wave of a rollout, with those a stopped rollout never reached.
 */
import type { InstallRequest } from '../model.js';
import type { RequestStore } from '../ports.js';
import { failedInstanceIds } from '../tracking/progress.js';
import { findRequest } from './find-request.js';
import type { RetryResult } from './types.js';

/** What a retry of `requestId`'s failed instances prefills. */
export async function retryFailed(
  store: Pick<RequestStore, 'get' | 'findByExecutionId'>,
  requestId: string,
): Promise<RetryResult> {
  const request = await findRequest(store, requestId);
  if (!request) return { ok: false, reason: 'not_found' };
  const instanceIds = failedInstanceIds(request);
  if (instanceIds.length === 0) return { ok: false, reason: 'nothing_to_retry' };
  return {
    ok: true,
    channelId: request.channelId,
    prefill: {
      regionId: request.regionId,
      instanceIds,
      packageName: request.packageName,
      parameterValues: nonSecretValues(request),
      concurrency: request.concurrency,
      maxErrors: request.maxErrors,
      // The same reason and rollout choice as the request retried (a canary stays a canary).
      ...(request.reason ? { reason: request.reason } : {}),
      ...(request.rollout && request.rollout.mode !== 'all'
        ? {
            rollout: request.rollout.mode,
            ...(request.rollout.waveSize ? { waveSize: request.rollout.waveSize } : {}),
          }
        : {}),
    },
  };
}

/** The request's parameter values without the secret ones (stored masked; the user types them again). */
function nonSecretValues(request: InstallRequest): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(request.parameters).filter(([name]) => !request.secretParameterNames.includes(name)),
  );
}
