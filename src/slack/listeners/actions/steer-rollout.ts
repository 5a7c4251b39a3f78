/**
 * The rollout's `continue_rollout` and `stop_rollout` buttons (value = request id): the domain decides
 * who may press them and tells the thread (the next wave, the stop, or why the click was refused); only
 * an unexpected failure is told here, privately, to the clicker.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { errorText, tellClicker } from '../replies.js';

/** Handles a click on continue_rollout (`continue`) or stop_rollout (`stop`). */
export function steerRollout(
  deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>,
  answer: 'continue' | 'stop',
) {
  return async ({
    ack,
    body,
    action,
    client,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const requestId = action.value ?? '';
    try {
      if (answer === 'continue') await deps.install.continueRollout(requestId, body.user.id);
      else await deps.install.stopRollout(requestId, body.user.id);
    } catch (err) {
      const log = deps.logger.child({ requestId, user: body.user.id, answer });
      log.warn({ err }, 'rollout answer failed');
      await tellClicker(client, body, { text: errorText(err, await deps.locale(body.user.id)) }, log);
    }
  };
}
