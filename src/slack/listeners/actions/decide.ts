/**
 * The confirmation's Approve, Reject and Withdraw buttons (value = request id): the domain decides and
 * tells the thread; only an unexpected failure is told here, privately, to the clicker.
 */
import type { DecisionAction } from '../../../domain/install/types.js';
import type { ListenerDeps } from '../deps.js';
import { requestButton } from './request-button.js';

/** Handles a click on one of the decision buttons. */
export function decide(deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>, decision: DecisionAction) {
  return requestButton(
    deps,
    { bind: { decision }, failed: 'decision failed', tell: 'line' },
    async ({ requestId, userId }) => {
      await deps.install.decide(requestId, userId, decision);
    },
  );
}
