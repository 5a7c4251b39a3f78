/**
 * The "Retry failed instances" button (value = request id): opens the install form prefilled with the
 * failed instances and the request's non-secret values (the domain's retryFailed); it needs approval
 * again like any request.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { renderError } from '../../views/error.js';
import { renderTrackingRefusal } from '../../views/report-messages.js';
import type { ListenerDeps } from '../deps.js';
import { openInstallModal } from '../open-install-modal.js';
import { tellClicker } from '../replies.js';

/** Handles a click on retry_failed. */
export function retryFailed(deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>) {
  return async ({
    ack,
    body,
    action,
    client,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const userId = body.user.id;
    const requestId = action.value ?? '';
    const log = deps.logger.child({ requestId, user: userId, action: 'retry' });
    const locale = deps.locale(userId); // not awaited: the modal must open within the trigger's 3 s
    try {
      const retry = await deps.install.retryFailed(requestId);
      if (!retry.ok) {
        await tellClicker(client, body, renderTrackingRefusal(retry.reason, await locale), log);
        return;
      }
      await openInstallModal(client, body.trigger_id, retry.prefill, {
        userId,
        channelId: retry.channelId,
        locale,
        form: deps.install.form,
        logger: log,
      });
    } catch (err) {
      log.error({ err }, 'opening the retry form failed');
      await tellClicker(client, body, renderError(err, await locale), log);
    }
  };
}
