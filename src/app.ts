/**
 * Composition root: config → logger → store → cloud clients → domain services → Slack app. The only
 * module that knows every folder; `main.ts` adds the process concerns (env, signals, exit codes).
 */
import type { Logger as PinoLogger } from 'pino';
import { createCloudClients } from './cloud/index.js';
import type { Config } from './config/config.js';
import { CatalogService } from './domain/catalog/catalog-service.js';
import { matchPackages } from './domain/catalog/fuzzy.js';
import { CloudError } from './domain/errors.js';
import { isListedApprover } from './domain/install/approval-policy.js';
import { createInstallFlow } from './domain/install/install-flow.js';
import { ListInstalled } from './domain/lifecycle/list-installed.js';
import { buildWorkbench, concernedUsers } from './domain/lifecycle/workbench.js';
import { BULK_INSTALL_TEMPLATE } from './domain/model.js';
import { keepPromises } from './domain/outbox/keep-promises.js';
import { resolveChannelPolicy } from './domain/policy/channel-policy.js';
import { freezeInForce } from './domain/policy/check-decision.js';
import { type Clock, type Logger, systemClock } from './domain/ports.js';
import { extractInstallTargets } from './domain/routing/intent.js';
import { ExecutionTracker } from './domain/tracking/tracker.js';
import { boltLogger, createRootLogger, scrubSecrets } from './logging/logger.js';
import { HomePublisher, refreshingHomes } from './slack/home-publisher.js';
import { registerListeners } from './slack/listeners/index.js';
import { SlackNotifier } from './slack/notifier.js';
import { OutboxRelay } from './slack/outbox/outbox-relay.js';
import { createOutboxClient, SlackPosts } from './slack/outbox/slack-posts.js';
import { createSlackApp } from './slack/slack-app.js';
import { UserDirectory } from './slack/user-directory.js';
import { StoreOpenError } from './storage/lowdb-store.js';
import { openStore } from './storage/open-store.js';

/** Options that are not configuration: how to log, which clock to use. */
export interface BotOptions {
  pretty?: boolean;
  logger?: PinoLogger;
  clock?: Clock;
}

/** A composed bot, ready to start. */
export interface Bot {
  logger: PinoLogger;
  tracker: ExecutionTracker;
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
}

/** Why the bot could not start, in one line a person can act on. */
export function describeStartupError(err: unknown): string {
  if (err instanceof StoreOpenError) return err.message;
  if (err instanceof CloudError) return scrubSecrets(err.message);
  const data = (err as { data?: { error?: string } }).data;
  if (data?.error === 'invalid_auth' || data?.error === 'not_authed' || data?.error === 'account_inactive') {
    return `Slack rejected SLACK_BOT_TOKEN (${data.error}). Copy the Bot User OAuth Token (xoxb-…) from your app's "OAuth & Permissions" page.`;
  }
  const code = (err as { code?: string }).code;
  if (code === 'EADDRINUSE') return 'the port is already in use; set PORT to a free port.';
  if (code === 'slack_webapi_request_error' || code === 'slack_webapi_http_error') {
    return 'Slack could not be reached to verify SLACK_BOT_TOKEN; check the network and SLACK_API_URL.';
  }
  return scrubSecrets(err instanceof Error ? err.message : String(err));
}

/** Compose the bot from its configuration. Opening the store may fail (corrupt file): nothing starts then. */
export async function createBot(config: Config, options: BotOptions = {}): Promise<Bot> {
  const root =
    options.logger ?? createRootLogger({ level: config.logLevel, pretty: options.pretty ?? false });
  const log = root as unknown as Logger;
  const clock = options.clock ?? systemClock;

  const opened = await openStore(config, log);
  const store = opened.store;
  const { oos, ecs } = createCloudClients({
    oosEndpoint: config.cloud.oosEndpoint,
    ecsEndpoint: config.cloud.ecsEndpoint,
    logger: log,
  });

  let ready = false;
  const startedAt = Date.now();
  const slack = createSlackApp({
    botToken: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    appToken: config.slack.appToken,
    apiUrl: config.slack.apiUrl,
    port: config.port,
    logger: boltLogger(root),
    log: log.child({ component: 'delivery' }),
    dedupe: opened.deliveries,
    locale: (userId) => users.locale(userId),
    health: () => ({
      ok: ready && opened.healthy(),
      store: opened.healthy() ? 'ok' : 'unavailable',
      mode: config.slack.mode,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    }),
  });

  const users = new UserDirectory(slack.app.client, log.child({ component: 'users' }));
  // Promised posts go through the outbox, sent by a client of their own (no retries inside it, a
  // timeout on every call) so a rate limit or a hung call never holds back other requests' posts.
  const posts = new SlackPosts(
    createOutboxClient({
      token: config.slack.botToken,
      apiUrl: config.slack.apiUrl,
      logger: boltLogger(root),
    }),
  );
  const relay = new OutboxRelay({
    outbox: opened.outbox,
    deliver: (item) => posts.deliver(item),
    clock,
    logger: log.child({ component: 'outbox' }),
  });
  // Home tabs follow the requests they show: every change the notifier hears of schedules them.
  const groupMembers = (groupId: string) => users.members(groupId);
  const home = new HomePublisher({
    client: slack.app.client,
    workbench: (userId) => buildWorkbench({ store, groupMembers }, userId),
    concerned: (request, candidates) => concernedUsers(request, candidates, groupMembers),
    locale: (userId) => users.locale(userId),
    clock,
    logger: log.child({ component: 'home' }),
  });
  const notifier = refreshingHomes(
    new SlackNotifier(relay, posts, log.child({ component: 'notifier' })),
    home,
  );
  const catalog = new CatalogService({
    oos,
    regionId: config.cloud.catalogRegion,
    ttlMs: config.catalogTtlMs,
    clock,
    logger: log,
  });
  const tracker = new ExecutionTracker({
    oos,
    store,
    notifier,
    clock,
    logger: log.child({ component: 'tracker' }),
    intervalMs: config.pollIntervalMs,
    timeoutMs: config.pollTimeoutMs,
    templateName: BULK_INSTALL_TEMPLATE,
    fleet: opened.fleet,
    // A rollout pauses at a freeze instead of starting its next wave.
    freezeAt: (channelId, at) => freezeInForce(config.policy, channelId, at),
    // The install flow starts the waves the tracker claims (built below; called only once running).
    launchStage: (requestId) => install.launchStage(requestId),
  });
  const install = createInstallFlow({
    oos,
    ecs,
    catalog,
    matchPackage: (words, packages) => matchPackages(words, packages),
    extractTargets: extractInstallTargets,
    store,
    launchLock: opened.lock,
    notifier,
    watcher: tracker,
    canceller: tracker,
    groups: users,
    policy: { ...config.approval },
    policies: config.policy,
    catalogRegion: config.cloud.catalogRegion,
    clock,
    logger: log,
  });

  const installed = new ListInstalled({
    oos,
    ecs,
    catalog,
    requests: store,
    // Configuration values go to the channel's named approvers only: an empty list ("anyone but the
    // requester") names nobody, so then only the requester of an install sees them.
    mayApprove: (userId, channelId) =>
      isListedApprover(resolveChannelPolicy(config.policy, channelId).rules.approvers, userId, (g) =>
        users.members(g),
      ),
    defaultRegionId: config.cloud.catalogRegion,
    clock,
    logger: log,
  });

  registerListeners(slack.app, {
    install,
    catalog,
    installed,
    home,
    locale: (u) => users.locale(u),
    logger: log,
    policies: config.policy,
    clock,
  });
  slack.app.error(async (error) => {
    root.error({ err: error }, 'unhandled listener error');
  });

  return {
    logger: root,
    tracker,
    async start() {
      const bound = await slack.start();
      relay.start();
      if (opened.outboxShared) {
        await keepPromises({
          store,
          outbox: opened.outbox,
          notifier,
          clock,
          logger: log,
          pendingTimeoutMinutes: config.pollTimeoutMs / 60_000,
        });
      }
      await install.resume();
      await tracker.resume();
      ready = true;
      return bound;
    },
    async stop() {
      ready = false;
      await slack.stop().catch((err: unknown) => root.warn({ err }, 'stopping the Slack app failed'));
      install.stop();
      home.stop();
      await tracker.stop();
      await relay.stop();
      await store.close();
      await opened.outbox.close();
    },
  };
}
