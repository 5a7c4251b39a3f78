/**
 * Opening the install modal, shared by the slash command, the "Open install form" button and "Retry
 * failed instances": the loading view at once (the trigger_id lives 3 seconds), then the form.
 * @see https://docs.slack.dev/surfaces/modals
 */
import type { WebClient } from '@slack/web-api';
import type { InstallForm, InstallPrefill } from '../../domain/install/types.js';
import type { RequestAction } from '../../domain/lifecycle/preflight-installed.js';
import type { Locale } from '../../domain/model.js';
import { type Logger, silentLogger } from '../../domain/ports.js';
import { installErrorView, installFormView, loadingView } from '../views/install-modal.js';
import { errorText } from './replies.js';

/** Where the modal was opened from and for whom. */
export interface OpenInstallModalContext {
  userId: string;
  /** The channel the confirmation will be posted in. */
  channelId: string;
  /** The user's language; a pending lookup does not delay views.open (the loading view is then English). */
  locale: Locale | Promise<Locale>;
  form: Pick<InstallForm, 'parsePrefill' | 'loadForm'>;
  logger?: Logger;
  /** The action the command named (`update`, `uninstall`); words keep it when parsed into a prefill. */
  action?: RequestAction;
}

/**
 * Opens the install modal: the loading view at once (before any slow lookup), then the form from
 * `loadForm`; words are parsed into a prefill first. If loading fails, the modal explains why.
 */
export async function openInstallModal(
  client: WebClient,
  triggerId: string,
  source: string | InstallPrefill,
  ctx: OpenInstallModalContext,
): Promise<void> {
  const log = (ctx.logger ?? silentLogger).child({ user: ctx.userId, flow: 'install-modal' });
  // The trigger_id lives 3 seconds: nothing slow (not even a users.info lookup) runs before views.open.
  const early = typeof ctx.locale === 'string' ? ctx.locale : 'en';
  const opened = await client.views.open({ trigger_id: triggerId, view: loadingView(early) });
  const viewId = opened.view?.id;
  if (!viewId) return;
  const locale = await ctx.locale;
  try {
    const prefill =
      typeof source === 'string'
        ? { ...(await ctx.form.parsePrefill(source)), ...(ctx.action ? { action: ctx.action } : {}) }
        : { ...source, locale: source.locale ?? locale };
    const data = await ctx.form.loadForm({ ...prefill, channelId: ctx.channelId });
    await client.views.update({
      view_id: viewId,
      ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
      view: installFormView(data, { locale, channelId: ctx.channelId }),
    });
  } catch (err) {
    log.warn({ err }, 'install form could not be loaded');
    await client.views.update({
      view_id: viewId,
      view: installErrorView(locale, errorText(err, locale)),
    });
  }
}
