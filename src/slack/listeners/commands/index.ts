/** Slash commands. */
import type { App } from '@slack/bolt';
import { SLASH_COMMAND } from '../../ids.js';
import type { ListenerDeps } from '../deps.js';
import { ecsExtCommand } from './ecs-ext.js';

/** Registers the slash command listeners. */
export function register(app: App, deps: ListenerDeps): void {
  app.command(SLASH_COMMAND, ecsExtCommand(deps));
}
