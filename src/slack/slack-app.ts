/**
 * The Bolt app and its transport: HTTPReceiver (POST /slack/events, GET /healthz) by default, Socket Mode
 * when an app-level token is configured. Listeners never know which transport delivered an event.
 * @see https://docs.slack.dev/tools/bolt-js/concepts/receiver
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type Logger as BoltLogger, HTTPReceiver } from '@slack/bolt';
import type { Locale } from '../domain/model.js';
import type { DeliveryDedupe, Logger } from '../domain/ports.js';
import { guardDeliveries, tellWhenModalFails } from './delivery-guard.js';
import { guardHttpRequests } from './request-guard.js';

/** What the Slack app needs from the configuration. */
export interface SlackAppOptions {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl: string;
  port: number;
  logger: BoltLogger;
  /** The bot's own logger, for what the request checks refuse. */
  log: Logger;
  /** Remembers deliveries so that retries and double submissions are handled once. */
  dedupe: DeliveryDedupe;
  /** The user's language, for what the request checks tell them. */
  locale?: (userId: string) => Locale | Promise<Locale>;
  /** Readiness for /healthz (store open, listeners registered, resumed). */
  health: () => { ok: boolean; [key: string]: unknown };
}

/** A Bolt app bound to its transport. */
export interface SlackApp {
  app: App;
  mode: 'http' | 'socket';
  /** Start listening; resolves with the HTTP port actually bound (health server in Socket Mode). */
  start(): Promise<{ port: number }>;
  /** Stop taking requests. */
  stop(): Promise<void>;
}

function healthHandler(health: SlackAppOptions['health']) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const body = health();
    res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
}

/** Longest one Web API call of the app's own client may take (each retry has its own). */
const SLACK_CALL_TIMEOUT_MS = 10_000;

/** Web API client options: Slack's base URL (GovSlack, or a local fake) and a bounded retry policy. */
function clientOptions(apiUrl: string) {
  return {
    slackApiUrl: apiUrl,
    // A few retries with backoff; 429s wait for Retry-After inside the client before retrying.
    retryConfig: { retries: 4, factor: 2, minTimeout: 300, maxTimeout: 5_000, randomize: true },
    // No call waits for ever: a hung connection fails after this and is retried like any failure.
    timeout: SLACK_CALL_TIMEOUT_MS,
  };
}

/** Errors of apps.connections.open that mean the app-level token itself is wrong. */
const APP_TOKEN_REJECTIONS = ['not_authed', 'invalid_auth', 'account_inactive', 'not_allowed_token_type'];

/**
 * Name SLACK_APP_TOKEN when Slack rejects it; otherwise the startup message would blame the bot token,
 * since both are reported as the same Web API error.
 */
function appTokenError(err: unknown): unknown {
  const code = (err as { data?: { error?: string } }).data?.error;
  if (code === undefined || !APP_TOKEN_REJECTIONS.includes(code)) return err;
  return new Error(
    `Slack rejected SLACK_APP_TOKEN (${code}). Create an app-level token (xapp-…) with the connections:write ` +
      `scope under your app's "Basic Information" → "App-Level Tokens", and turn on Socket Mode.`,
  );
}

/** Build the Bolt app for the configured mode, with the checks on every delivery in front of it. */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const slack = options.appToken ? socketModeApp(options) : httpApp(options);
  guardDeliveries(slack.app, {
    dedupe: options.dedupe,
    ownTeam: ownTeamOf(slack.app),
    digestKey: options.signingSecret || options.botToken,
    locale: options.locale,
    logger: options.log,
  });
  tellWhenModalFails(slack.app, { locale: options.locale, logger: options.log });
  return slack;
}

/** The bot's own workspace from auth.test, asked once (again after a failure). */
function ownTeamOf(app: App): () => Promise<string> {
  let team: Promise<string> | undefined;
  return () => {
    team ??= app.client.auth.test().then((auth) => {
      if (!auth.team_id) throw new Error('auth.test named no team');
      return auth.team_id;
    });
    team.catch(() => {
      team = undefined;
    });
    return team;
  };
}

function httpApp(options: SlackAppOptions): SlackApp {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret ?? '',
    endpoints: ['/slack/events'],
    logger: options.logger,
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthHandler(options.health) }],
  });
  guardHttpRequests(receiver, { signingSecret: options.signingSecret ?? '', logger: options.log });
  const app = new App({
    token: options.botToken,
    receiver,
    logger: options.logger,
    clientOptions: clientOptions(options.apiUrl),
    deferInitialization: true,
    // The bot keeps no conversation state in Bolt; skip its per-event in-memory store lookups.
    convoStore: false,
  });
  return {
    app,
    mode: 'http',
    async start() {
      await app.init();
      const server = (await app.start(options.port)) as Server;
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      await app.stop();
    },
  };
}

function socketModeApp(options: SlackAppOptions): SlackApp {
  const app = new App({
    token: options.botToken,
    appToken: options.appToken,
    socketMode: true,
    logger: options.logger,
    clientOptions: clientOptions(options.apiUrl),
    deferInitialization: true,
    // The bot keeps no conversation state in Bolt; skip its per-event in-memory store lookups.
    convoStore: false,
  });
  // Socket Mode has no public endpoint; a small server still answers /healthz for orchestrators.
  const handler = healthHandler(options.health);
  const health = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/healthz') return handler(req, res);
    res.writeHead(404).end();
  });
  return {
    app,
    mode: 'socket',
    async start() {
      await app.init();
      // Bind the port before connecting: a busy port then fails start() (EADDRINUSE) instead of throwing
      // an uncaught 'error' event after the socket is up, and /healthz answers 503 while connecting.
      await new Promise<void>((resolve, reject) => {
        health.once('error', reject);
        health.listen(options.port, () => {
          health.off('error', reject);
          resolve();
        });
      });
      try {
        await app.start();
      } catch (err) {
        throw appTokenError(err);
      }
      return { port: (health.address() as AddressInfo).port };
    },
    async stop() {
      await app.stop();
      await new Promise<void>((resolve) => health.close(() => resolve()));
    },
  };
}
