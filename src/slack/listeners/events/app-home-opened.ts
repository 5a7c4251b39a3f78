/**
 * The Home tab: the user's recent requests, published when they open it.
 * @see https://docs.slack.dev/reference/events/app_home_opened
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { renderHome } from '../../views/home.js';
import type { ListenerDeps } from '../deps.js';

/** Handles app_home_opened events. */
export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    const locale = await deps.locale(event.user);
    const recent = await deps.install.recent(event.user, 5);
    await client.views.publish({ user_id: event.user, view: renderHome(locale, recent) as never });
  };
}
