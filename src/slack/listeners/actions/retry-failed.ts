/**
 * The "Retry failed instances" button (value = request id): opens the install form prefilled with the
 * failed instances and the request's non-secret values (the domain's retryFailed); it needs approval
 * again like any request.
 */
import { renderTrackingRefusal } from '../../views/report-messages.js';
import type { ListenerDeps } from '../deps.js';
import { openInstallModal } from '../open-install-modal.js';
import { requestButton } from './request-button.js';

/** Handles a click on retry_failed. */
export function retryFailed(deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>) {
  return requestButton(
    deps,
    { bind: { action: 'retry' }, failed: 'opening the retry form failed', tell: 'message' },
    async ({ requestId, userId, body, client, log, locale, tell }) => {
      locale(); // started, not awaited: the modal must open within the trigger's 3 s
      const retry = await deps.install.retryFailed(requestId);
      if (!retry.ok) {
        await tell(renderTrackingRefusal(retry.reason, await locale()));
        return;
      }
      await openInstallModal(client, body.trigger_id, retry.prefill, {
        userId,
        channelId: retry.channelId,
        locale: locale(),
        form: deps.install.form,
        logger: log,
      });
    },
  );
}
