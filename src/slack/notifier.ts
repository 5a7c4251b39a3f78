/**
 * The Slack side of RequestNotifier: renders a new request's confirmation and every request event to
 * Block Kit and hands them to the outbox, which posts them in the request's thread (in order, retrying
 * through rate limits and outages, by DM when the bot left the channel). A post is stored as pending
 * work before it is tried, so the domain's flow never waits for Slack and nothing promised is lost.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 * @see https://docs.slack.dev/reference/methods/chat.update
 * @see https://docs.slack.dev/reference/methods/chat.postEphemeral
 */
import { randomUUID } from 'node:crypto';
import type { InstallRequest } from '../domain/model.js';
import { promiseKey } from '../domain/outbox/promises.js';
import type { Logger, PostedConfirmation, RequestEvent, RequestNotifier } from '../domain/ports.js';
import { messagesFor } from './i18n/messages.js';
import type { OutboxRelay } from './outbox/outbox-relay.js';
import type { EphemeralPayload, PostPayload, SlackPosts, UpdatePayload } from './outbox/slack-posts.js';
import { renderApprovalEvent } from './views/approval-messages.js';
import { renderConfirmation } from './views/confirmation.js';
import { notPostedText } from './views/not-posted.js';
import { renderTrackingEvent } from './views/report-messages.js';
import { renderRolloutEvent } from './views/rollout-messages.js';

/** How many confirmation messages the notifier remembers the shown version of. */
const MAX_SHOWN = 5_000;

/** Queues request posts in the outbox. Nothing here waits for Slack, except the confirmation's outcome. */
export class SlackNotifier implements RequestNotifier {
  /**
   * Newest stored version each confirmation message was asked to show: a refresh of an older version
   * (a slower writer) is not queued at all.
   */
  private readonly shown = new Map<string, number>();

  constructor(
    private readonly relay: OutboxRelay,
    private readonly posts: SlackPosts,
    private readonly logger: Logger,
  ) {}

  /**
   * Queue the confirmation (one per request, whoever asks) and wait until Slack took it or refused it
   * for good; an outage only delays the answer.
   */
  async postConfirmation(request: InstallRequest): Promise<PostedConfirmation> {
    const key = `${request.id}:confirmation`;
    const message = renderConfirmation(request, { locale: request.locale });
    const payload: PostPayload = {
      channel: request.channelId,
      text: message.text,
      blocks: message.blocks,
      locale: request.locale,
    };
    try {
      await this.relay.enqueue(
        { key, requestId: request.id, kind: 'post', payload: { ...payload } },
        { keepInMemory: false },
      );
    } catch (err) {
      this.logger.error({ err, requestId: request.id }, 'confirmation could not be queued');
      return { ok: false, code: 'store_unavailable' };
    }
    const item = await this.relay.settled(key);
    const channel = item.result?.channel;
    const ts = item.result?.ts;
    if (typeof channel === 'string' && typeof ts === 'string' && ts !== '') {
      return { ok: true, channelId: channel, messageTs: ts };
    }
    this.logger.warn({ requestId: request.id, code: item.lastError }, 'confirmation could not be posted');
    return item.lastError ? { ok: false, code: item.lastError } : { ok: false };
  }

  /** Tell the requester privately (in the channel, else by DM) that the request was dropped. */
  async confirmationNotPosted(request: InstallRequest, code: string | undefined): Promise<void> {
    const note: EphemeralPayload = {
      channel: request.channelId,
      user: request.requester,
      text: notPostedText(request, code),
      locale: request.locale,
    };
    await this.relay.enqueue({
      key: `${request.id}:not_posted`,
      requestId: request.id,
      kind: 'ephemeral',
      payload: { ...note },
    });
  }

  /** Queue an edit of the confirmation message, unless a newer version was queued already. */
  async refreshRequestMessage(request: InstallRequest): Promise<void> {
    if (!request.messageTs) return;
    const newest = this.shown.get(request.id) ?? 0;
    if (request.version < newest) return;
    this.shown.delete(request.id);
    this.shown.set(request.id, request.version);
    // Only recent requests change; forget the oldest entries rather than grow for ever.
    if (this.shown.size > MAX_SHOWN) this.shown.delete(this.shown.keys().next().value as string);
    const message = renderConfirmation(request, { locale: request.locale });
    const update: UpdatePayload = {
      channel: request.channelId,
      ts: request.messageTs,
      text: message.text,
      blocks: message.blocks,
      version: request.version,
    };
    await this.relay.enqueue({
      key: `${request.id}:refresh:${request.version}`,
      requestId: request.id,
      kind: 'update',
      payload: { ...update },
    });
  }

  /**
   * Queue a reply in the request's thread (the requester gets it by DM if the bot left the channel);
   * private text goes to the requester alone, held in memory only.
   */
  async notify(request: InstallRequest, event: RequestEvent): Promise<void> {
    const rendered =
      renderApprovalEvent(request, event, request.locale) ??
      renderTrackingEvent(request, event, request.locale) ??
      renderRolloutEvent(request, event, request.locale);
    if (!rendered) {
      this.logger.warn({ requestId: request.id, kind: event.kind }, 'no view for request event');
      return;
    }
    const key = promiseKey(request.id, event) ?? `${request.id}:${event.kind}:${randomUUID()}`;
    const reply: PostPayload = {
      channel: request.channelId,
      ...(request.messageTs ? { threadTs: request.messageTs } : {}),
      text: rendered.text,
      blocks: rendered.blocks,
      dmUser: request.requester,
      locale: request.locale,
    };
    await this.relay.enqueue({ key, requestId: request.id, kind: 'post', payload: { ...reply } });
    const privateText = 'privateText' in rendered ? rendered.privateText : undefined;
    if (typeof privateText !== 'string' || !privateText) return;
    const privateKey = `${key}:private`;
    this.posts.holdSecret(privateKey, privateText);
    const note: EphemeralPayload = {
      channel: request.channelId,
      user: request.requester,
      ...(request.messageTs ? { threadTs: request.messageTs } : {}),
      secret: true,
      lostText: messagesFor(request.locale).delivery.privateLost(
        request.packageDisplayName || request.packageName,
        request.id,
      ),
      locale: request.locale,
    };
    await this.relay.enqueue({
      key: privateKey,
      requestId: request.id,
      kind: 'ephemeral',
      payload: { ...note },
    });
  }
}
