/**
 * The "Install…" / "Open install form" buttons (catalog, support answers, mention replies, Home tab):
 * open the install modal, prefilled from the button's value.
 */
import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { z } from 'zod';
import type { InstallPrefill } from '../../../domain/install/types.js';
import type { ListenerDeps } from '../deps.js';
import { openInstallModal } from '../open-install-modal.js';

/** The value of an "Open install form" button: a parsed prefill, or just the words to parse. */
export const OpenInstallFormValue = z.object({
  packageName: z.string().optional(),
  instanceIds: z.array(z.string()).optional(),
  regionId: z.string().optional(),
  packageWords: z.string().optional(),
  words: z.string().optional(),
  action: z.enum(['install', 'update', 'uninstall']).optional(),
});
/** Parsed value of an "Open install form" button. */
export type OpenInstallFormValue = z.infer<typeof OpenInstallFormValue>;

/** Handles a click on an open_install_form button. */
export function openInstallForm(deps: ListenerDeps) {
  return async ({
    ack,
    body,
    action,
    client,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    await openInstallModal(client, body.trigger_id, buttonSource(action), {
      userId: body.user.id,
      // Without a channel (e.g. the Home tab) the confirmation goes to the app's DM with the user.
      channelId: body.channel?.id ?? body.user.id,
      locale: deps.locale(body.user.id),
      form: deps.install.form,
      logger: deps.logger,
    });
  };
}

/** The button's value as a prefill, or as words to parse when it carries only words. */
function buttonSource(action: ButtonAction): string | InstallPrefill {
  let value: OpenInstallFormValue = {};
  try {
    const parsed = OpenInstallFormValue.safeParse(JSON.parse(action.value ?? '{}'));
    if (parsed.success) value = parsed.data;
  } catch {
    // Not JSON: treat the value as words.
    value = { words: action.value ?? '' };
  }
  const prefilled =
    value.packageName || value.regionId || value.packageWords || (value.instanceIds ?? []).length > 0;
  if (!prefilled && value.words) return value.words;
  return {
    instanceIds: value.instanceIds ?? [],
    ...(value.regionId ? { regionId: value.regionId } : {}),
    ...(value.packageName ? { packageName: value.packageName } : {}),
    ...(value.packageWords ? { packageWords: value.packageWords } : {}),
    ...(value.action ? { action: value.action } : {}),
  };
}
