/**
 * The Cancel button of a running install (value = request id). Who may cancel is the domain's rule; a
 * failed CancelExecution is told in the thread by the tracker, a refusal only to the clicker.
 */
import { renderTrackingRefusal } from '../../views/report-messages.js';
import type { ListenerDeps } from '../deps.js';
import { requestButton } from './request-button.js';

/** Handles a click on cancel_execution. */
export function cancelExecution(deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>) {
  return requestButton(
    deps,
    { bind: { action: 'cancel' }, failed: 'cancel failed', tell: 'message' },
    async ({ requestId, userId, locale, tell }) => {
      const result = await deps.install.cancel(requestId, userId);
      if (!result.ok && result.reason !== 'failed') {
        await tell(renderTrackingRefusal(result.reason, await locale()));
      }
    },
  );
}
