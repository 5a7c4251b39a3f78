/**
 * The report's `undo` button (value = request id): opens the form prefilled to uninstall the package
 * from the instances where the install or update succeeded (the domain's undo); the uninstall is a new
 * request that needs approval like any other.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { messagesFor } from '../../i18n/messages.js';
import { renderError } from '../../views/error.js';
import type { ListenerDeps } from '../deps.js';
import { openInstallModal } from '../open-install-modal.js';
import { tellClicker } from '../replies.js';

/** Handles a click on undo. */
export function undo(deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>) {
  return async ({
    ack,
    body,
    action,
    client,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const userId = body.user.id;
    const requestId = action.value ?? '';
    const log = deps.logger.child({ requestId, user: userId, action: 'undo' });
    const locale = deps.locale(userId); // not awaited: the modal must open within the trigger's 3 s
    try {
      const undone = await deps.install.undo(requestId);
      if (!undone.ok) {
        const text = messagesFor(await locale).lifecycle.undoRefusals[undone.reason];
        await tellClicker(client, body, { text }, log);
        return;
      }
      await openInstallModal(client, body.trigger_id, undone.prefill, {
        userId,
        channelId: undone.channelId,
        locale,
        form: deps.install.form,
        logger: log,
      });
    } catch (err) {
      log.error({ err }, 'opening the undo form failed');
      await tellClicker(client, body, renderError(err, await locale), log);
    }
  };
}
