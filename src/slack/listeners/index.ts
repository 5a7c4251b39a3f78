/**
 * Every Slack listener, grouped by surface (commands, actions, views, events), one handler per file.
 * Each handler acks at once, makes one domain call and renders the outcome.
 */
import type { App } from '@slack/bolt';
import { register as registerActions } from './actions/index.js';
import { register as registerCommands } from './commands/index.js';
import type { ListenerDeps } from './deps.js';
import { register as registerEvents } from './events/index.js';
import { register as registerViews } from './views/index.js';

export type { ListenerDeps };

/** Registers every listener of the bot on the Bolt app. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
}
