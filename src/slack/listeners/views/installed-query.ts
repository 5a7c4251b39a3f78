/**
 * Submission of the Home tab's "what's installed on…" modal: the modal shows "asking OOS…" at once,
 * then the answer of the same domain call as `/ecs-ext installed` (ListInstalled). A modal is seen by
 * its user alone, so configuration values the domain released to them may show.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { renderError } from '../../views/error.js';
import { renderInstalled, renderInstalledProblem } from '../../views/installed.js';
import {
  INSTALLED_QUERY_BLOCK,
  installedAnswerView,
  installedLoadingView,
  installedModalLocale,
} from '../../views/installed-modal.js';
import type { Message } from '../../views/text.js';
import type { ListenerDeps } from '../deps.js';

/** Handles the installed_query view submission. */
export function installedQuerySubmission(deps: Pick<ListenerDeps, 'installed' | 'logger'>) {
  return async ({
    ack,
    body,
    view,
    client,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const locale = installedModalLocale(view.private_metadata);
    const input = Object.values(view.state.values[INSTALLED_QUERY_BLOCK] ?? {})[0];
    const words = (input?.value ?? '').trim();
    await ack({ response_action: 'update', view: installedLoadingView(locale) });
    const log = deps.logger.child({ user: body.user.id, flow: 'home-installed' });
    let message: Message;
    try {
      // No channel: the defaults' approvers decide who sees configuration values.
      const outcome = await deps.installed.run({ userId: body.user.id, channelId: '', words });
      message = outcome.ok
        ? renderInstalled(outcome.answer, locale)
        : renderInstalledProblem(outcome.problem, locale);
    } catch (err) {
      log.error({ err }, 'installed from the Home tab failed');
      message = renderError(err, locale);
    }
    try {
      await client.views.update({ view_id: view.id, view: installedAnswerView(message, locale, words) });
    } catch (err) {
      log.warn({ err }, 'could not show the installed answer');
    }
  };
}
