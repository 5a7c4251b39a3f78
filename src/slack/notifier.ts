/**
 * The Slack side of RequestNotifier: posts a new request's confirmation, renders request events to Block
 * Kit and posts them in the request's thread, keeps the confirmation message current, and sends private
 * content to the requester alone.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 * @see https://docs.slack.dev/reference/methods/chat.update
 * @see https://docs.slack.dev/reference/methods/chat.postEphemeral
 */
import type { WebClient } from '@slack/web-api';
import type { InstallRequest } from '../domain/model.js';
import type { Logger, PostedConfirmation, RequestEvent, RequestNotifier } from '../domain/ports.js';
import { renderApprovalEvent } from './views/approval-messages.js';
import { renderConfirmation } from './views/confirmation.js';
import { notPostedText } from './views/not-posted.js';
import { renderTrackingEvent } from './views/report-messages.js';
import { renderRolloutEvent } from './views/rollout-messages.js';

/** How many confirmation messages the notifier remembers the shown version of. */
const MAX_SHOWN = 5_000;

/** Posts request events to Slack. Thread and update failures are logged, never thrown into the domain's flow. */
export class SlackNotifier implements RequestNotifier {
  /**
   * Newest stored version each confirmation message was asked to show: a refresh of an older version
   * (a slower writer) is skipped rather than painted over a newer one.
   */
  private readonly shown = new Map<string, number>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
  ) {}

  /** Post the confirmation in the request's channel; Slack's error code when it refuses. */
  async postConfirmation(request: InstallRequest): Promise<PostedConfirmation> {
    const message = renderConfirmation(request, { locale: request.locale });
    try {
      const posted = await this.client.chat.postMessage({
        channel: request.channelId,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
      });
      if (!posted.ts) return { ok: false };
      return { ok: true, channelId: posted.channel ?? request.channelId, messageTs: posted.ts };
    } catch (err) {
      const code = slackErrorCode(err);
      this.logger.warn({ err, requestId: request.id, code }, 'confirmation could not be posted');
      return code ? { ok: false, code } : { ok: false };
    }
  }

  /** Tell the requester privately (in the channel, else in the app's DM) that the request was dropped. */
  async confirmationNotPosted(request: InstallRequest, code: string | undefined): Promise<void> {
    const text = notPostedText(request, code);
    try {
      await this.client.chat.postEphemeral({ channel: request.channelId, user: request.requester, text });
    } catch {
      // The bot cannot write in that channel at all: fall back to the app's DM with the requester.
      await this.client.chat.postMessage({ channel: request.requester, text }).catch((err: unknown) => {
        this.logger.warn({ err, requestId: request.id }, 'requester could not be told');
      });
    }
  }

  /** Re-render the confirmation message in place, unless a newer version was already sent. */
  async refreshRequestMessage(request: InstallRequest): Promise<void> {
    if (!request.messageTs) return;
    const newest = this.shown.get(request.id) ?? 0;
    if (request.version < newest) return;
    this.shown.delete(request.id);
    this.shown.set(request.id, request.version);
    // Only recent requests change; forget the oldest entries rather than grow for ever.
    if (this.shown.size > MAX_SHOWN) this.shown.delete(this.shown.keys().next().value as string);
    const message = renderConfirmation(request, { locale: request.locale });
    await this.guard(request, () =>
      this.client.chat.update({
        channel: request.channelId,
        ts: request.messageTs as string,
        text: message.text,
        blocks: message.blocks as never,
      }),
    );
  }

  /** Reply in the request's thread; private text goes to the requester as an ephemeral message. */
  async notify(request: InstallRequest, event: RequestEvent): Promise<void> {
    const rendered =
      renderApprovalEvent(request, event, request.locale) ??
      renderTrackingEvent(request, event, request.locale) ??
      renderRolloutEvent(request, event, request.locale);
    if (!rendered) {
      this.logger.warn({ requestId: request.id, kind: event.kind }, 'no view for request event');
      return;
    }
    await this.guard(request, async () => {
      await this.client.chat.postMessage({
        channel: request.channelId,
        thread_ts: request.messageTs,
        text: rendered.text,
        blocks: rendered.blocks as never,
        unfurl_links: false,
      });
      const privateText = 'privateText' in rendered ? rendered.privateText : undefined;
      if (typeof privateText === 'string' && privateText) {
        await this.client.chat.postEphemeral({
          channel: request.channelId,
          user: request.requester,
          thread_ts: request.messageTs,
          text: privateText,
        });
      }
    });
  }

  /** Runs a Slack call; a failure is logged with the request, not thrown. */
  private async guard(request: InstallRequest, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (err) {
      this.logger.error({ err, requestId: request.id }, 'posting to Slack failed');
    }
  }
}

/** Slack's error code of a failed Web API call (e.g. `not_in_channel`), when it has one. */
function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
