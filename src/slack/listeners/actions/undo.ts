/**
 * The report's `undo` button (value = request id): opens the form prefilled to uninstall the package
 * from the instances where the install or update succeeded (the domain's undo); the uninstall is a new
 * request that needs approval like any other.
 */
import { messagesFor } from '../../i18n/messages.js';
import type { ListenerDeps } from '../deps.js';
import { openInstallModal } from '../open-install-modal.js';
import { requestButton } from './request-button.js';

/** Handles a click on undo. */
export function undo(deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>) {
  return requestButton(
    deps,
    { bind: { action: 'undo' }, failed: 'opening the undo form failed', tell: 'message' },
    async ({ requestId, userId, body, client, log, locale, tell }) => {
      locale(); // started, not awaited: the modal must open within the trigger's 3 s
      const undone = await deps.install.undo(requestId);
      if (!undone.ok) {
        await tell({ text: messagesFor(await locale()).lifecycle.undoRefusals[undone.reason] });
        return;
      }
      await openInstallModal(client, body.trigger_id, undone.prefill, {
        userId,
        channelId: undone.channelId,
        locale: locale(),
        form: deps.install.form,
        logger: log,
      });
    },
  );
}
