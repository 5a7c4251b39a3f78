/**
 * The one preamble of every button whose value is a request id (decide, cancel, retry, undo, steer a
 * rollout): ack at once, read the request and the clicker, bind a child logger, and tell the clicker
 * privately when the handler fails unexpectedly.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { PrefillResult } from '../../../domain/install/types.js';
import type { Locale } from '../../../domain/model.js';
import type { Logger } from '../../../domain/ports.js';
import { renderError } from '../../views/error.js';
import type { ListenerDeps } from '../deps.js';
import { openInstallModal } from '../open-install-modal.js';
import { errorText, tellClicker } from '../replies.js';

/** An acknowledged click on a request button, with what its handler reads. */
export interface RequestClick {
  requestId: string;
  userId: string;
  body: BlockButtonAction;
  client: WebClient;
  /** A child logger bound to the request, the clicker and the listener's fields. */
  log: Logger;
  /** The clicker's language, looked up on the first call only (a modal must not wait for it). */
  locale: () => Locale | Promise<Locale>;
  /** A private reply to the clicker in the message's channel and thread. */
  tell: (message: { text: string; blocks?: unknown[] }) => Promise<void>;
}

/** How a request button names itself in the logs and tells an unexpected failure. */
export interface RequestButtonOptions {
  /** Log fields naming the listener, e.g. `{ action: 'cancel' }`. */
  bind: Record<string, string>;
  /** The static log message of an unexpected failure. */
  failed: string;
  /**
   * `message`: the failure is the clicker's only news, so it is logged as an error and told in full;
   * `line`: the domain already told the thread, so it is a warning told in one line.
   */
  tell: 'message' | 'line';
}

/** Wraps a request button's handler in the shared ack → read → handle → tell-on-failure preamble. */
export function requestButton(
  deps: Pick<ListenerDeps, 'locale' | 'logger'>,
  options: RequestButtonOptions,
  handle: (click: RequestClick) => Promise<void>,
) {
  return async ({
    ack,
    body,
    action,
    client,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const userId = body.user.id;
    const requestId = action.value ?? '';
    const log = deps.logger.child({ requestId, user: userId, ...options.bind });
    let locale: Locale | Promise<Locale> | undefined;
    const click: RequestClick = {
      requestId,
      userId,
      body,
      client,
      log,
      locale: () => {
        locale ??= deps.locale(userId);
        return locale;
      },
      tell: (message) => tellClicker(client, body, message, log),
    };
    try {
      await handle(click);
    } catch (err) {
      if (options.tell === 'message') {
        log.error({ err }, options.failed);
        await click.tell(renderError(err, await click.locale()));
      } else {
        log.warn({ err }, options.failed);
        await click.tell({ text: errorText(err, await click.locale()) });
      }
    }
  };
}

/**
 * A request button that opens the install form prefilled from that request (retry failed instances,
 * undo), or tells the clicker why there is nothing to prefill.
 */
export function prefilledFormButton<Reason extends string>(
  deps: Pick<ListenerDeps, 'install' | 'locale' | 'logger'>,
  options: RequestButtonOptions,
  load: (requestId: string) => Promise<PrefillResult<Reason>>,
  refusal: (reason: Reason, locale: Locale) => { text: string; blocks?: unknown[] },
) {
  return requestButton(deps, options, async ({ requestId, userId, body, client, log, locale, tell }) => {
    locale(); // started, not awaited: the modal must open within the trigger's 3 s
    const result = await load(requestId);
    if (!result.ok) {
      await tell(refusal(result.reason, await locale()));
      return;
    }
    await openInstallModal(client, body.trigger_id, result.prefill, {
      userId,
      channelId: result.channelId,
      locale: locale(),
      form: deps.install.form,
      logger: log,
    });
  });
}
