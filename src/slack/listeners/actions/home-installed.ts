/**
 * The Home tab's "what's installed on…" button: opens the small question modal at once (the trigger_id
 * lives 3 seconds).
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { installedQueryView } from '../../views/installed-modal.js';
import type { ListenerDeps } from '../deps.js';

/** Handles a click on home_installed. */
export function homeInstalled(deps: Pick<ListenerDeps, 'locale' | 'logger'>) {
  return async ({ ack, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const cached = deps.locale(body.user.id);
    const locale = typeof cached === 'string' ? cached : 'en';
    try {
      await client.views.open({ trigger_id: body.trigger_id, view: installedQueryView(locale) });
    } catch (err) {
      deps.logger.warn({ err, user: body.user.id }, 'could not open the installed modal');
    }
  };
}
