/**
 * What the outbox holds for Slack and how it is sent: a thread reply or channel post (`post`), an edit
 * of the confirmation message (`update`), and a message only the requester sees (`ephemeral`). Slack's
 * answers are sorted into done, retry (rate limits, outages, timeouts) and give up (a refused message).
 * When the bot can no longer post in the channel, the requester gets the post by direct message.
 * Secret text never enters the outbox: it waits in this process's memory, and after a restart the
 * requester is told where to read it instead.
 * @see https://docs.slack.dev/reference/methods/chat.postMessage
 * @see https://docs.slack.dev/reference/methods/conversations.open
 * @see https://docs.slack.dev/apis/web-api/rate-limits
 */
import { webApi } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Locale } from '../../domain/model.js';
import type { OutboxItem } from '../../domain/ports.js';
import { messagesFor } from '../i18n/messages.js';
import type { DeliveryOutcome } from './outbox-relay.js';

/** A message posted in a channel or a thread; `dmUser` gets it by DM if the channel is gone. */
export interface PostPayload {
  channel: string;
  threadTs?: string;
  text: string;
  blocks?: unknown[];
  dmUser?: string;
  locale: Locale;
}

/** An edit of a message the bot posted (the confirmation); `version` orders edits of one request. */
export interface UpdatePayload {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  version: number;
}

/**
 * A message only `user` sees. `text` is stored when it holds no secret; otherwise `secret` is set, the
 * text waits in memory under the item's key, and `lostText` is what the user reads if it is gone.
 */
export interface EphemeralPayload {
  channel: string;
  user: string;
  threadTs?: string;
  text?: string;
  secret?: boolean;
  lostText?: string;
  locale: Locale;
}

const { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } = webApi;

/** Slack's error codes that mean the bot cannot post in that channel any more. */
const CHANNEL_GONE = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);
/** Blocks Slack takes in one message. */
const MAX_BLOCKS = 50;
/** Slack's error codes that pass with time. */
const TRANSIENT = new Set([
  'ratelimited',
  'rate_limited',
  'service_unavailable',
  'fatal_error',
  'internal_error',
  'request_timeout',
  'team_added_to_org',
]);

/** Slack's error code of a failed call (`not_in_channel`…), if it has one. */
export function slackErrorCode(err: unknown): string | undefined {
  if (err instanceof WebAPIPlatformError) return err.data.error;
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** Sorts a failed Slack call into retry or give up. */
export function classifyFailure(err: unknown): DeliveryOutcome {
  if (err instanceof WebAPIRateLimitedError) {
    return { type: 'retry', error: 'ratelimited', retryAfterMs: err.retryAfter * 1000 };
  }
  if (err instanceof WebAPIHTTPError) return { type: 'retry', error: `http_${err.statusCode}` };
  if (err instanceof WebAPIRequestError) {
    const timedOut = (err.original as { name?: string } | undefined)?.name === 'TimeoutError';
    return { type: 'retry', error: timedOut ? 'timeout' : 'network' };
  }
  const code = slackErrorCode(err);
  if (code === undefined) return { type: 'retry', error: 'unknown_error' };
  return TRANSIENT.has(code) ? { type: 'retry', error: code } : { type: 'give_up', error: code };
}

/** Sends outbox items with a WebClient that never waits for rate limits itself (the outbox does). */
export class SlackPosts {
  /** Secret texts of pending ephemeral items, by key (memory only). */
  readonly #secrets = new Map<string, string>();
  /** Newest version each confirmation message was edited to, so an older edit never paints over it. */
  readonly #shown = new Map<string, number>();

  constructor(private readonly client: WebClient) {}

  /** Keeps the secret text of an ephemeral item until it is sent. */
  holdSecret(key: string, text: string): void {
    this.#secrets.set(key, text);
  }

  /** Sends one item and says how it went; never throws. */
  async deliver(item: OutboxItem): Promise<DeliveryOutcome> {
    try {
      const outcome = await this.#send(item);
      if (outcome.type !== 'retry') this.#secrets.delete(item.key);
      return outcome;
    } catch (err) {
      return classifyFailure(err);
    }
  }

  async #send(item: OutboxItem): Promise<DeliveryOutcome> {
    switch (item.kind) {
      case 'post':
        return this.#post(item.payload as unknown as PostPayload);
      case 'update':
        return this.#update(item.requestId ?? item.key, item.payload as unknown as UpdatePayload);
      case 'ephemeral':
        return this.#ephemeral(item.key, item.payload as unknown as EphemeralPayload);
      default:
        return { type: 'give_up', error: `unknown_kind:${item.kind}` };
    }
  }

  async #post(post: PostPayload): Promise<DeliveryOutcome> {
    try {
      const posted = await this.client.chat.postMessage({
        channel: post.channel,
        ...(post.threadTs ? { thread_ts: post.threadTs } : {}),
        text: post.text,
        ...(post.blocks ? { blocks: post.blocks as never } : {}),
        unfurl_links: false,
      });
      return { type: 'done', result: { channel: posted.channel ?? post.channel, ts: posted.ts ?? '' } };
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === undefined || !CHANNEL_GONE.has(code) || !post.dmUser) throw err;
      return this.#direct(post.dmUser, post.channel, post.locale, post.text, post.blocks);
    }
  }

  async #update(lane: string, update: UpdatePayload): Promise<DeliveryOutcome> {
    // A newer edit of the same message was sent already: this one would show an older state.
    if ((this.#shown.get(lane) ?? 0) > update.version) return { type: 'done' };
    try {
      await this.client.chat.update({
        channel: update.channel,
        ts: update.ts,
        text: update.text,
        ...(update.blocks ? { blocks: update.blocks as never } : {}),
      });
    } catch (err) {
      // The message cannot be edited any more (channel gone, message deleted): nothing to keep current.
      const code = slackErrorCode(err);
      if (code !== undefined && (CHANNEL_GONE.has(code) || code === 'message_not_found')) {
        return { type: 'give_up', error: code };
      }
      throw err;
    }
    this.#shown.set(lane, update.version);
    return { type: 'done' };
  }

  async #ephemeral(key: string, note: EphemeralPayload): Promise<DeliveryOutcome> {
    const text = note.secret ? (this.#secrets.get(key) ?? note.lostText ?? '') : (note.text ?? '');
    try {
      await this.client.chat.postEphemeral({
        channel: note.channel,
        user: note.user,
        ...(note.threadTs ? { thread_ts: note.threadTs } : {}),
        text,
      });
      return { type: 'done' };
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === undefined || !CHANNEL_GONE.has(code)) throw err;
      return this.#direct(note.user, note.channel, note.locale, text);
    }
  }

  /** Posts to the user's DM with the app, saying why it came there. */
  async #direct(
    user: string,
    channel: string,
    locale: Locale,
    text: string,
    blocks?: unknown[],
  ): Promise<DeliveryOutcome> {
    const opened = await this.client.conversations.open({ users: user });
    const dm = opened.channel?.id;
    if (!dm) return { type: 'retry', error: 'no_dm_channel' };
    const preface = messagesFor(locale).delivery.dmPreface(`<#${channel}>`);
    const lead = { type: 'context', elements: [{ type: 'mrkdwn', text: preface }] };
    const posted = await this.client.chat.postMessage({
      channel: dm,
      text: `${preface}\n${text}`,
      // Slack takes 50 blocks a message: a full report goes without the lead block (the text has it).
      ...(blocks ? { blocks: (blocks.length < MAX_BLOCKS ? [lead, ...blocks] : blocks) as never } : {}),
      unfurl_links: false,
    });
    return { type: 'done', result: { channel: posted.channel ?? dm, ts: posted.ts ?? '', direct: true } };
  }
}

/** Longest a single Slack call of the outbox may take before it counts as failed (and is retried). */
export const OUTBOX_CALL_TIMEOUT_MS = 10_000;

/**
 * The WebClient the outbox sends with: no retries and no waiting out 429s inside the client (a paused
 * client queue would hold every other post back), and a timeout on every call.
 */
export function createOutboxClient(options: {
  token: string;
  apiUrl: string;
  timeoutMs?: number;
  logger?: webApi.Logger;
}): WebClient {
  return new webApi.WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? OUTBOX_CALL_TIMEOUT_MS,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
