/**
 * Checks on every delivery, whichever transport brought it (HTTP or Socket Mode), before Bolt routes it:
 * a body without a user or team is dropped, a command, click, submission or event from another workspace
 * than the bot's own is refused (approver lists do not matter), an event retry (`x-slack-retry-num`) and
 * the same view submitted twice are handled once. And when Slack will not open a modal, the user is told
 * what to do.
 * @see https://docs.slack.dev/apis/events-api/#retries
 */
import { createHmac } from 'node:crypto';
import type { AnyMiddlewareArgs, App, ReceiverEvent, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Locale } from '../domain/model.js';
import type { DeliveryDedupe, Logger } from '../domain/ports.js';
import { messagesFor } from './i18n/messages.js';
import { SLASH_COMMAND } from './ids.js';
import { bodyProblem, deliveryKind, teamsOf } from './request-guard.js';

/** How long an event id is remembered: Slack's last retry comes about five minutes after the first try. */
export const EVENT_DEDUPE_MS = 60 * 60_000;
/** How long a submitted view is remembered: double clicks and retries come within seconds. */
export const SUBMISSION_DEDUPE_MS = 30_000;
/** How long a repeated submission waits for the first one's answer before answering on its own. */
const WAIT_FOR_FIRST_MS = 2_500;

/** What the delivery checks need. */
export interface DeliveryGuardOptions {
  dedupe: DeliveryDedupe;
  /** The team the bot is installed in (auth.test `team_id`). */
  ownTeam: () => Promise<string>;
  /** Keys submissions' digests, so a stored key reveals nothing of what was typed (a deployment secret). */
  digestKey: string;
  /** The user's language, for what the checks tell them. */
  locale?: (userId: string) => Locale | Promise<Locale>;
  logger: Logger;
}

type Body = Record<string, unknown>;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Body)[key] : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The answer to a delivery the checks refuse, shaped for its kind (options want a list). */
function refusal(body: Body): unknown {
  if (body.type === 'block_suggestion') return { options: [] };
  if (typeof body.command === 'string') return messagesFor('en').guard.otherWorkspace;
  return undefined;
}

/** The dedupe key of a delivery, or undefined when it is not one Slack repeats. */
function deliveryKey(
  body: Body,
  team: string,
  digestKey: string,
): { key: string; ttlMs: number } | undefined {
  const eventId = str(body.event_id);
  if (deliveryKind(body) === 'event' && eventId)
    return { key: `event:${team}:${eventId}`, ttlMs: EVENT_DEDUPE_MS };
  if (body.type !== 'view_submission') return undefined;
  const view = body.view;
  const viewId = str(field(view, 'id'));
  if (!viewId) return undefined;
  const values = JSON.stringify(field(field(view, 'state'), 'values') ?? {});
  const digest = createHmac('sha256', digestKey).update(values).digest('base64url');
  return { key: `view:${team}:${viewId}:${digest}`, ttlMs: SUBMISSION_DEDUPE_MS };
}

/** True for a `response_action: errors` answer: the submission made nothing, so it may come again. */
function isErrorsAnswer(response: unknown): boolean {
  return field(response, 'response_action') === 'errors';
}

/** The answer of the first submission of a view, as this process saw it. */
interface FirstAnswer {
  settled: Promise<unknown>;
  /** Set once the first submission acked. */
  response?: { value: unknown };
  at: number;
}

/** First answers to view submissions handled in this process, kept as long as their dedupe key. */
class FirstAnswers {
  readonly #answers = new Map<string, FirstAnswer>();

  /** Wraps `ack` so the answer given to `key` is remembered. */
  watch(key: string, ack: ReceiverEvent['ack']): ReceiverEvent['ack'] {
    this.#sweep();
    let resolve: (value: unknown) => void = () => {};
    const answer: FirstAnswer = { settled: new Promise((r) => (resolve = r)), at: Date.now() };
    this.#answers.set(key, answer);
    return async (response?: unknown) => {
      answer.response = { value: response };
      resolve(response);
      return ack(response as never);
    };
  }

  get(key: string): FirstAnswer | undefined {
    return this.#answers.get(key);
  }

  #sweep(): void {
    const stale = Date.now() - SUBMISSION_DEDUPE_MS;
    for (const [key, answer] of this.#answers) if (answer.at < stale) this.#answers.delete(key);
  }
}

/** The first input block of a submitted view, where a general error can be shown. */
function firstInputBlock(body: Body): string | undefined {
  const blocks = field(body.view, 'blocks');
  if (!Array.isArray(blocks)) return undefined;
  const input = blocks.find((block) => field(block, 'type') === 'input' && str(field(block, 'block_id')));
  return str(field(input, 'block_id'));
}

/**
 * Wraps `app.processEvent` (what both receivers call) with the shape, workspace and repeat checks. A
 * repeated view is answered like the first one when this process handled it, and goes through again
 * when the first came back with errors (nothing was made, so the user may simply try again).
 */
export function guardDeliveries(app: App, options: DeliveryGuardOptions): void {
  const process = app.processEvent.bind(app);
  const log = options.logger;
  const answers = new FirstAnswers();

  const locale = async (body: Body): Promise<Locale> => {
    const user = str(field(body.user, 'id')) ?? str(body.user_id);
    if (!user || !options.locale) return 'en';
    return Promise.resolve(options.locale(user)).catch(() => 'en' as const);
  };

  const ownTeam = async (): Promise<string | undefined> => {
    try {
      return await options.ownTeam();
    } catch (err) {
      log.error({ err }, 'the bot could not learn its own workspace (auth.test); refusing deliveries');
      return undefined;
    }
  };

  const firstSeen = async (key: string, ttlMs: number): Promise<boolean> => {
    try {
      return await options.dedupe.firstSeen(key, ttlMs);
    } catch (err) {
      // Handling a repeat twice is better than dropping a first delivery.
      log.warn({ err }, 'delivery dedupe unavailable; handling the delivery');
      return true;
    }
  };

  const answerRepeat = async (event: ReceiverEvent, body: Body, key: string): Promise<boolean> => {
    const first = answers.get(key);
    if (first) {
      const waited = await Promise.race([
        first.settled.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), WAIT_FOR_FIRST_MS).unref()),
      ]);
      if (waited && first.response && isErrorsAnswer(first.response.value)) return false;
      if (waited && first.response) {
        await event.ack(first.response.value as never);
        return true;
      }
    }
    const block = firstInputBlock(body);
    const text = messagesFor(await locale(body)).guard.submittedTwice;
    await event.ack((block ? { response_action: 'errors', errors: { [block]: text } } : undefined) as never);
    return true;
  };

  app.processEvent = async (event: ReceiverEvent): Promise<void> => {
    const body = event.body as unknown;
    const problem = bodyProblem(body);
    if (problem) {
      log.warn({ reason: problem }, 'delivery dropped: not a request Slack sends');
      await event.ack();
      return;
    }
    const shaped = body as Body;
    const team = await ownTeam();
    const teams = teamsOf(shaped);
    if (!team || teams.some((id) => id !== team)) {
      log.warn({ teams, ownTeam: team, kind: deliveryKind(shaped) }, 'delivery refused: another workspace');
      await event.ack(refusal(shaped) as never);
      return;
    }
    const dedupe = deliveryKey(shaped, team, options.digestKey);
    if (dedupe && !(await firstSeen(dedupe.key, dedupe.ttlMs))) {
      const kind = deliveryKind(shaped);
      if (kind === 'event') {
        log.info({ eventId: shaped.event_id, retryNum: event.retryNum }, 'event repeat ignored');
        await event.ack();
        return;
      }
      if (await answerRepeat(event, shaped, dedupe.key)) {
        log.info({ kind }, 'view submission repeat answered without handling it again');
        return;
      }
    }
    const ack = dedupe?.key.startsWith('view:') ? answers.watch(dedupe.key, event.ack) : event.ack;
    await process({ ...event, ack });
  };
}

/** Marks errors thrown by `views.open`, so the middleware knows a modal failed to open. */
const MODAL_OPEN_FAILED = Symbol('modalOpenFailed');
const watchedClients = new WeakSet<object>();

function watchViewsOpen(client: WebClient): void {
  if (watchedClients.has(client)) return;
  watchedClients.add(client);
  const open = client.views.open.bind(client.views);
  client.views.open = async (args) => {
    try {
      return await open(args);
    } catch (err) {
      if (typeof err === 'object' && err !== null)
        Object.defineProperty(err, MODAL_OPEN_FAILED, { value: true });
      throw err;
    }
  };
}

function modalOpenFailure(err: unknown): string | undefined {
  const errors = field(err, 'originals');
  const all = Array.isArray(errors) ? errors : [err];
  const failed = all.find((e) => typeof e === 'object' && e !== null && MODAL_OPEN_FAILED in e);
  if (!failed) return undefined;
  return str(field(field(failed, 'data'), 'error')) ?? str(field(failed, 'code')) ?? 'error';
}

/** Slack's answers for a trigger that ran out or was used already. */
const TRIGGER_ERRORS = new Set([
  'expired_trigger_id',
  'exchanged_trigger_id',
  'invalid_trigger_id',
  'trigger_expired',
  'trigger_exchanged',
]);

/**
 * A global middleware: when a listener's `views.open` fails (the 3-second trigger ran out, Slack said
 * no), the user is told privately what happened and what to do, instead of nothing happening.
 */
export function tellWhenModalFails(app: App, options: Pick<DeliveryGuardOptions, 'locale' | 'logger'>): void {
  app.use(async (args: AnyMiddlewareArgs & { client: WebClient; next: () => Promise<void> }) => {
    watchViewsOpen(args.client);
    try {
      await args.next();
    } catch (err) {
      const code = modalOpenFailure(err);
      if (!code) throw err;
      const body = args.body as Body;
      const user = str(field(body.user, 'id')) ?? str(body.user_id);
      options.logger.warn({ err, code, user }, 'the modal could not be opened');
      if (!user) return;
      const locale = await Promise.resolve(options.locale?.(user) ?? 'en').catch(() => 'en' as const);
      const words = messagesFor(locale).guard;
      const text = TRIGGER_ERRORS.has(code)
        ? words.triggerExpired(SLASH_COMMAND)
        : words.modalFailed(code, SLASH_COMMAND);
      const respond = (args as { respond?: RespondFn }).respond;
      await tellPrivately(args.client, body, user, text, respond).catch((tellErr: unknown) => {
        options.logger.warn({ err: tellErr, user }, 'the user could not be told the modal failed');
      });
    }
  });
}

async function tellPrivately(
  client: WebClient,
  body: Body,
  user: string,
  text: string,
  respond: RespondFn | undefined,
): Promise<void> {
  if (respond) {
    await respond({ response_type: 'ephemeral', replace_original: false, text });
    return;
  }
  const channel = str(body.channel_id) ?? str(field(body.channel, 'id'));
  if (channel) {
    await client.chat.postEphemeral({ channel, user, text });
    return;
  }
  // The Home tab has no channel: the app's DM with the user.
  await client.chat.postMessage({ channel: user, text });
}
