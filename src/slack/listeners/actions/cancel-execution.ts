/**
 * The Cancel button of a running install (value = request id). Who may cancel is the domain's rule; a
 * failed CancelExecution is told in the thread by the tracker, a refusal only to the clicker.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { renderError } from '../../views/error.js';
import { renderTrackingRefusal } from '../../views/report-messages.js';
import type { ListenerDeps } from '../deps.js';
import { tellClicker } from '../replies.js';

/** Handles a click on cancel_execution. */
export function cancelExecution(deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>) {
  return async ({
    ack,
    body,
    action,
    client,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const userId = body.user.id;
    const requestId = action.value ?? '';
    const log = deps.logger.child({ requestId, user: userId, action: 'cancel' });
    const locale = await deps.locale(userId);
    try {
      const result = await deps.install.cancel(requestId, userId);
      if (!result.ok && result.reason !== 'failed') {
        await tellClicker(client, body, renderTrackingRefusal(result.reason, locale), log);
      }
    } catch (err) {
      log.error({ err }, 'cancel failed');
      await tellClicker(client, body, renderError(err, locale), log);
    }
  };
}
