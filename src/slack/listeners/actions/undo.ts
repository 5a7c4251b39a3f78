/**
 * The report's `undo` button (value = request id): opens the form prefilled to uninstall the package
 * from the instances where the install or update succeeded (the domain's undo); the uninstall is a new
 * request that needs approval like any other.
 */
import { messagesFor } from '../../i18n/messages.js';
import type { ListenerDeps } from '../deps.js';
import { prefilledFormButton } from './request-button.js';

/** Handles a click on undo. */
export function undo(deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>) {
  return prefilledFormButton(
    deps,
    { bind: { action: 'undo' }, failed: 'opening the undo form failed', tell: 'message' },
    (requestId) => deps.install.undo(requestId),
    (reason, locale) => ({ text: messagesFor(locale).lifecycle.undoRefusals[reason] }),
  );
}
