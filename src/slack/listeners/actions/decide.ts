/**
 * The confirmation's Approve, Reject and Withdraw buttons (value = request id): the domain decides and
 * tells the thread; only an unexpected failure is told here, privately, to the clicker.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { DecisionAction } from '../../../domain/install/types.js';
import type { ListenerDeps } from '../deps.js';
import { errorText, tellClicker } from '../replies.js';

/** Handles a click on one of the decision buttons. */
export function decide(deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>, decision: DecisionAction) {
  return async ({
    ack,
    body,
    action,
    client,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    try {
      await deps.install.decide(action.value ?? '', body.user.id, decision);
    } catch (err) {
      const log = deps.logger.child({ requestId: action.value, user: body.user.id, decision });
      log.warn({ err }, 'decision failed');
      await tellClicker(client, body, { text: errorText(err, await deps.locale(body.user.id)) }, log);
    }
  };
}
