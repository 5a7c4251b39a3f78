/** The catalog's paging buttons: replace the private catalog message with the asked page. */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { parseCatalogPageValue } from '../../views/list.js';
import type { Message } from '../../views/text.js';
import { catalogPage, failure } from '../answer-command.js';
import type { ListenerDeps } from '../deps.js';

/** Handles a click on a list_page button. */
export function listPage(deps: Pick<ListenerDeps, 'catalog' | 'locale' | 'logger'>) {
  return async ({
    ack,
    action,
    body,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    await ack();
    const user = body.user.id;
    const locale = await deps.locale(user);
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '{}';
    let message: Message;
    try {
      const { page, filter } = parseCatalogPageValue(value);
      message = await catalogPage(deps, filter, page, locale);
    } catch (err) {
      message = failure(err, locale, deps.logger.child({ user }), 'list page');
    }
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      text: message.text,
      blocks: message.blocks as never,
    });
  };
}
