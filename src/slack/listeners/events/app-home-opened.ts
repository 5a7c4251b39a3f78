/**
 * The Home tab: published as the user's workbench when they open it; from then on the Home publisher
 * keeps it current as the requests it shows change.
 * @see https://docs.slack.dev/reference/events/app_home_opened
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';

/** Handles app_home_opened events. */
export function appHomeOpened(deps: Pick<ListenerDeps, 'home'>) {
  return async ({ event }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    await deps.home.opened(event.user);
  };
}
