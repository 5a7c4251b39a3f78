/**
 * The Bolt app and its transport: HTTPReceiver (POST /slack/events, GET /healthz) by default, Socket Mode
 * when an app-level token is configured. Listeners never know which transport delivered an event.
 * @see https://docs.slack.dev/tools/bolt-js/concepts/receiver
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type Logger as BoltLogger, HTTPReceiver } from '@slack/bolt';

/** What the Slack app needs from the configuration. */
export interface SlackAppOptions {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl: string;
  port: number;
  logger: BoltLogger;
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

/** Web API client options: Slack's base URL (GovSlack, or a local fake) and a bounded retry policy. */
function clientOptions(apiUrl: string) {
  return {
    slackApiUrl: apiUrl,
    // A few retries with backoff; 429s wait for Retry-After inside the client before retrying.
    retryConfig: { retries: 4, factor: 2, minTimeout: 300, maxTimeout: 5_000, randomize: true },
  };
}

/** Build the Bolt app for the configured mode. */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  if (options.appToken) return socketModeApp(options);
  return httpApp(options);
}

function httpApp(options: SlackAppOptions): SlackApp {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret ?? '',
    endpoints: ['/slack/events'],
    logger: options.logger,
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthHandler(options.health) }],
  });
  const app = new App({
    token: options.botToken,
    receiver,
    logger: options.logger,
    clientOptions: clientOptions(options.apiUrl),
    deferInitialization: true,
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
      await app.start();
      await new Promise<void>((resolve) => health.listen(options.port, resolve));
      return { port: (health.address() as AddressInfo).port };
    },
    async stop() {
      await app.stop();
      await new Promise<void>((resolve) => health.close(() => resolve()));
    },
  };
}
