/**
 * Block actions (buttons, selects) and the external selects' option requests.
 * @see https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 */
import type { App, BlockButtonAction, BlockExternalSelectAction } from '@slack/bolt';
import { ActionIds } from '../../ids.js';
import type { ListenerDeps } from '../deps.js';
import { cancelExecution } from './cancel-execution.js';
import { decide } from './decide.js';
import { homeInstalled } from './home-installed.js';
import { instanceOptions } from './instance-options.js';
import { listPage } from './list-page.js';
import { openInstallForm } from './open-install-form.js';
import { packageOptions } from './package-options.js';
import { packageSelected } from './package-select.js';
import { retryFailed } from './retry-failed.js';
import { steerRollout } from './steer-rollout.js';
import { undo } from './undo.js';

/** Registers the action and option listeners. */
export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>({ action_id: ActionIds.openInstallForm }, openInstallForm(deps));
  app.action<BlockExternalSelectAction>({ action_id: ActionIds.packageSelect }, packageSelected(deps));
  app.options<'block_suggestion'>({ action_id: ActionIds.packageSelect }, packageOptions(deps));
  app.options<'block_suggestion'>({ action_id: ActionIds.instancePicker }, instanceOptions(deps));
  app.action<BlockButtonAction>({ action_id: ActionIds.approve }, decide(deps, 'approve'));
  app.action<BlockButtonAction>({ action_id: ActionIds.reject }, decide(deps, 'reject'));
  app.action<BlockButtonAction>({ action_id: ActionIds.withdraw }, decide(deps, 'withdraw'));
  app.action<BlockButtonAction>({ action_id: ActionIds.cancelExecution }, cancelExecution(deps));
  app.action<BlockButtonAction>({ action_id: ActionIds.retryFailed }, retryFailed(deps));
  app.action<BlockButtonAction>({ action_id: ActionIds.continueRollout }, steerRollout(deps, 'continue'));
  app.action<BlockButtonAction>({ action_id: ActionIds.stopRollout }, steerRollout(deps, 'stop'));
  app.action<BlockButtonAction>({ action_id: ActionIds.undo }, undo(deps));
  app.action<BlockButtonAction>({ action_id: ActionIds.homeInstalled }, homeInstalled(deps));
  // A URL button: Slack still sends the click, which only needs an ack.
  app.action<BlockButtonAction>({ action_id: ActionIds.viewConsole }, async ({ ack }) => {
    await ack();
  });
  app.action(ActionIds.listPage, listPage(deps));
}
