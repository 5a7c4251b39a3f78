/**
 * The Slack side of RequestNotifier: renders request events to Block Kit and posts them in the request's
 * thread, keeps the confirmation message current, and sends private content to the requester alone.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 * @see https://docs.slack.dev/reference/methods/chat.update
 */
import type { WebClient } from '@slack/web-api';
import type { InstallRequest } from '../domain/model.js';
import type { Logger, RequestEvent, RequestNotifier } from '../domain/ports.js';
import { renderApprovalEvent } from './views/approval-messages.js';
import { renderConfirmation } from './views/confirmation.js';
import { renderTrackingEvent } from './views/report-messages.js';

/** Posts request events to Slack. Failures are logged, never thrown into the domain's flow. */
export class SlackNotifier implements RequestNotifier {
  /** Posts to one thread are chained so replies keep their order. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
  ) {}

  /** Re-render the confirmation message in place. */
  async refreshRequestMessage(request: InstallRequest): Promise<void> {
    if (!request.messageTs) return;
    const message = renderConfirmation(request, { locale: request.locale });
    await this.inOrder(request, async () => {
      await this.client.chat.update({
        channel: request.channelId,
        ts: request.messageTs as string,
        text: message.text,
        blocks: message.blocks as never,
      });
    });
  }

  /** Reply in the request's thread; private text goes to the requester as an ephemeral message. */
  async notify(request: InstallRequest, event: RequestEvent): Promise<void> {
    const rendered =
      renderApprovalEvent(request, event, request.locale) ??
      renderTrackingEvent(request, event, request.locale);
    if (!rendered) {
      this.logger.warn({ requestId: request.id, kind: event.kind }, 'no view for request event');
      return;
    }
    await this.inOrder(request, async () => {
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

  private inOrder(request: InstallRequest, job: () => Promise<void>): Promise<void> {
    const key = request.id;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(job).catch((err: unknown) => {
      this.logger.error({ err, requestId: request.id }, 'posting to Slack failed');
    });
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
    return next;
  }
}
