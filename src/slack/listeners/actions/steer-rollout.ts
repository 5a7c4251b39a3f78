/**
 * The rollout's `continue_rollout` and `stop_rollout` buttons (value = request id): the domain decides
 * who may press them and tells the thread (the next wave, the stop, or why the click was refused); only
 * an unexpected failure is told here, privately, to the clicker.
 */
import type { ListenerDeps } from '../deps.js';
import { requestButton } from './request-button.js';

/** Handles a click on continue_rollout (`continue`) or stop_rollout (`stop`). */
export function steerRollout(
  deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>,
  answer: 'continue' | 'stop',
) {
  return requestButton(
    deps,
    { bind: { answer }, failed: 'rollout answer failed', tell: 'line' },
    async ({ requestId, userId }) => {
      if (answer === 'continue') await deps.install.continueRollout(requestId, userId);
      else await deps.install.stopRollout(requestId, userId);
    },
  );
}
