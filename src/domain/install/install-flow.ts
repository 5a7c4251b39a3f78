/**
 * The install flow assembled from its use cases, for the composition root and the Slack listeners:
 * the form's queries (install-form.ts), request (request-install.ts), decide (decide-request.ts),
 * launch (launch-request.ts, called by decide and on resume; later waves launch-waves.ts), expire
 * (expire-requests.ts), steer a rollout (steer-rollout.ts), cancel and retry (cancel-request.ts,
 * retry-request.ts).
 */
import { undoRequest } from '../lifecycle/undo-request.js';
import { cancelRequest, type ExecutionCanceller } from './cancel-request.js';
import { decideRequest } from './decide-request.js';
import { resumeRequests } from './expire-requests.js';
import { findRequest } from './find-request.js';
import { createInstallContext, type InstallDeps } from './install-context.js';
import { installForm } from './install-form.js';
import { launchKey } from './launch-request.js';
import { launchStage } from './launch-waves.js';
import { newRequestId, requestInstall } from './request-install.js';
import { retryFailed } from './retry-request.js';
import { continueRolloutOf, stopRolloutOf } from './steer-rollout.js';
import type { InstallFlow } from './types.js';

/** Builds the install flow over its ports; `canceller` is the execution tracker. */
export function createInstallFlow(deps: InstallDeps & { canceller: ExecutionCanceller }): InstallFlow {
  const ctx = createInstallContext(deps, newRequestId);
  return {
    form: installForm(ctx),
    requestInstall: (submission) => requestInstall(ctx, submission),
    decide: (requestId, userId, action) => decideRequest(ctx, requestId, userId, action),
    cancel: (requestId, userId) => cancelRequest(deps, requestId, userId),
    retryFailed: (requestId) => retryFailed(ctx.store, requestId),
    undo: (requestId) => undoRequest(ctx.store, requestId),
    find: (idOrExecutionId) => findRequest(ctx.store, idOrExecutionId),
    recent: (userId, limit) => ctx.store.list({ requester: userId, limit }),
    continueRollout: (requestId, userId) => continueRolloutOf(ctx, requestId, userId),
    stopRollout: (requestId, userId) => stopRolloutOf(ctx, requestId, userId),
    async launchStage(requestId) {
      const request = await ctx.store.get(requestId);
      if (request) await launchStage(ctx, requestId, launchKey(request));
    },
    resume: () => resumeRequests(ctx),
    stop: () => ctx.timers.stop(),
  };
}
