/**
 * Refuses, in front of Bolt's HTTP receiver, requests Slack would never send: a signature timestamp more
 * than five minutes in the future (Bolt only checks the past) gets 401, and a signed body that is not an
 * object, or lacks the user or the team Slack always names, gets 400 instead of crashing the process.
 * @see https://docs.slack.dev/authentication/verifying-requests-from-slack
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { HTTPModuleFunctions, type HTTPReceiver, isValidSlackRequest } from '@slack/bolt';
import type { Logger } from '../domain/ports.js';

/** Slack's allowed clock skew, both ways. */
const MAX_SKEW_SECONDS = 5 * 60;

const FORM = 'application/x-www-form-urlencoded';

/** Interactivity payload types: each names the acting user and their team. */
const INTERACTIVE_TYPES = new Set([
  'block_actions',
  'block_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'interactive_message',
  'dialog_submission',
  'dialog_suggestion',
  'dialog_cancellation',
]);

type Body = Record<string, unknown>;

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

/**
 * Every team id a body names for the sender (command `team_id`; payload `team.id`, `user.team_id`;
 * event envelope `team_id`, `authorizations[0].team_id`, and the event's `team`, `user_team`,
 * `source_team`). A Slack Connect guest shows up as a different team in one of them.
 */
export function teamsOf(body: Body): string[] {
  const event = body.event;
  const authorizations = Array.isArray(body.authorizations) ? body.authorizations : [];
  const candidates = [
    body.team_id,
    field(body.team, 'id'),
    field(body.user, 'team_id'),
    body.user_team,
    field(authorizations[0], 'team_id'),
    field(event, 'team'),
    field(event, 'user_team'),
    field(event, 'source_team'),
  ];
  return [...new Set(candidates.map(text).filter((id): id is string => id !== undefined))];
}

/** What kind of delivery a body is, as Bolt routes it. */
export type DeliveryKind = 'command' | 'event' | 'interactive' | 'url_verification' | 'other';

/** The kind of delivery of a parsed body. */
export function deliveryKind(body: Body): DeliveryKind {
  if (body.type === 'url_verification') return 'url_verification';
  if (typeof body.command === 'string') return 'command';
  if (body.type === 'event_callback' || 'event' in body) return 'event';
  if (typeof body.type === 'string' && INTERACTIVE_TYPES.has(body.type)) return 'interactive';
  return 'other';
}

/**
 * Why a parsed body is not one Slack sends (it is no object, or it lacks the user or the team), or
 * undefined when it is well formed. Events need a team and an event; the rest a user and a team.
 */
export function bodyProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'the body is not an object';
  const kind = deliveryKind(body);
  if (kind === 'url_verification')
    return text(body.challenge) ? undefined : 'url_verification without a challenge';
  if (body.ssl_check === '1' || body.type === 'app_rate_limited') return undefined;
  if (teamsOf(body).length === 0) return 'no team';
  if (kind === 'event') return isObject(body.event) && text(body.event.type) ? undefined : 'no event';
  const user = kind === 'command' ? body.user_id : field(body.user, 'id');
  return text(user) ? undefined : 'no user';
}

/** Parses a raw body the way Bolt's HTTP receiver does; throws on malformed input. */
export function parseSlackBody(raw: string, contentType: string | undefined): unknown {
  if (contentType === FORM) {
    const fields = parseQuery(raw);
    return typeof fields.payload === 'string' ? JSON.parse(fields.payload) : fields;
  }
  return JSON.parse(raw);
}

/** Why a signature's timestamp is unacceptable: missing, not a number, or in the future beyond the skew. */
function timestampProblem(header: string | string[] | undefined, nowSeconds: number): string | undefined {
  if (typeof header !== 'string') return 'no timestamp';
  const seconds = Number(header);
  if (!Number.isFinite(seconds)) return 'a timestamp that is not a number';
  if (seconds - nowSeconds > MAX_SKEW_SECONDS) return 'a timestamp in the future';
  return undefined;
}

/** What the guard needs. */
export interface RequestGuardOptions {
  signingSecret: string;
  logger: Logger;
  /** The POST paths Bolt serves (default `/slack/events`). */
  endpoints?: string[];
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
}

function refuse(res: ServerResponse, status: 400 | 401 | 413): void {
  if (res.headersSent) return;
  res.writeHead(status).end();
}

/**
 * Puts the checks in front of `receiver`'s request listener. Requests that pass go on to Bolt with their
 * body already read (Bolt reuses it and verifies the signature again).
 */
export function guardHttpRequests(receiver: HTTPReceiver, options: RequestGuardOptions): void {
  const inner = receiver.requestListener;
  const endpoints = new Set(options.endpoints ?? ['/slack/events']);
  const now = options.now ?? Date.now;
  const log = options.logger;

  const check = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let buffered: Awaited<ReturnType<typeof HTTPModuleFunctions.bufferIncomingMessage>>;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
    } catch (err) {
      log.warn({ err }, 'request body could not be read');
      refuse(res, HTTPModuleFunctions.isRawBodyError(err) && err.statusCode === 413 ? 413 : 400);
      return;
    }
    const raw = buffered.rawBody.toString();
    const contentType = req.headers['content-type'];
    // Slack's SSL check is unsigned by design; Bolt answers it.
    if (contentType === FORM && parseQuery(raw).ssl_check === '1') return inner(buffered, res);

    const timestamp = req.headers['x-slack-request-timestamp'];
    const signature = req.headers['x-slack-signature'];
    const skew = timestampProblem(timestamp, Math.floor(now() / 1000));
    const signed =
      skew === undefined &&
      typeof signature === 'string' &&
      isValidSlackRequest({
        signingSecret: options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
        nowMilliseconds: now(),
      });
    if (!signed) {
      log.warn({ reason: skew ?? 'a bad or stale signature' }, 'request refused: not signed by Slack');
      refuse(res, 401);
      return;
    }

    let body: unknown;
    try {
      body = parseSlackBody(raw, contentType);
    } catch {
      log.warn({ reason: 'malformed body' }, 'request refused: malformed');
      refuse(res, 400);
      return;
    }
    const problem = bodyProblem(body);
    if (problem) {
      log.warn({ reason: problem }, 'request refused: not a request Slack sends');
      refuse(res, 400);
      return;
    }
    inner(buffered, res);
  };

  receiver.requestListener = (req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method !== 'POST' || !endpoints.has(path)) return inner(req, res);
    check(req, res).catch((err: unknown) => {
      log.error({ err }, 'request check failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}
