/** Modal submissions. */
import type { App, ViewSubmitAction } from '@slack/bolt';
import { CallbackIds } from '../../ids.js';
import type { ListenerDeps } from '../deps.js';
import { installRequestSubmission } from './install-request.js';
import { installedQuerySubmission } from './installed-query.js';

/** Registers the view submission listeners. */
export function register(app: App, deps: ListenerDeps): void {
  app.view<ViewSubmitAction>(CallbackIds.installRequest, installRequestSubmission(deps));
  app.view<ViewSubmitAction>(CallbackIds.installedQuery, installedQuerySubmission(deps));
}
