/**
 * The install modal's package select changed: re-render the form with that package's parameters,
 * keeping what was typed (the update carries the view's hash, so a newer change wins).
 * @see https://docs.slack.dev/reference/methods/views.update
 */
import type { AllMiddlewareArgs, BlockExternalSelectAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { formDataFromView, installFormView, readModalMetadata } from '../../views/install-modal.js';
import type { ListenerDeps } from '../deps.js';
import { errorText } from '../replies.js';

/** Handles a change of the package select. */
export function packageSelected(deps: Pick<ListenerDeps, 'install' | 'logger'>) {
  return async ({
    ack,
    body,
    action,
    client,
  }: SlackActionMiddlewareArgs<BlockExternalSelectAction> & AllMiddlewareArgs) => {
    await ack();
    const view = body.view;
    const metadata = view ? readModalMetadata(view) : undefined;
    if (!view || !metadata) return;
    const data = formDataFromView(view);
    const packageName = action.selected_option?.value;
    const state = {
      locale: metadata.locale,
      channelId: metadata.channelId,
      ...(metadata.guard ? { guard: metadata.guard } : {}),
      ...(metadata.undoOf ? { undoOf: metadata.undoOf } : {}),
    };
    let next = installFormView(data, state);
    if (packageName) {
      try {
        next = installFormView(data, {
          ...state,
          package: await deps.install.form.packageDetails(packageName),
        });
      } catch (err) {
        deps.logger.warn({ err, packageName }, 'package details could not be loaded');
        next = installFormView(data, { ...state, errorsNotice: errorText(err, metadata.locale) });
      }
    }
    try {
      await client.views.update({ view_id: view.id, hash: view.hash, view: next });
    } catch (err) {
      // hash_conflict: the user changed the form again meanwhile; that newer change re-renders it.
      deps.logger.debug({ err }, 'install form update skipped');
    }
  };
}
