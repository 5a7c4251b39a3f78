/**
 * End-to-end harness: the real bot (Bolt HTTP receiver on an ephemeral port, real Alibaba SDKs, lowdb)
 * wired to the OOS/ECS emulator and the fake Slack Web API, all on 127.0.0.1, driven by signed requests.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger as PinoLogger } from 'pino';
import { type Bot, createBot } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { type CloudEmulator, EMULATOR_CREDENTIALS, startCloudEmulator } from '../emulator/cloud-emulator.js';
import { type FakeSlack, startFakeSlack } from '../emulator/fake-slack.js';
import { createSlackDriver, type SlackDriver } from './slack-driver.js';

/** The signing secret every e2e test uses. */
export const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';

/** A running bot with its fakes. */
export interface Harness {
  cloud: CloudEmulator;
  slack: FakeSlack;
  driver: SlackDriver;
  bot: Bot;
  botUrl: string;
  dataDir: string;
  env: Record<string, string>;
  /** Stop the bot (as SIGTERM would) and start a new one on the same store; `undefined` unsets a variable. */
  restart(extraEnv?: Record<string, string | undefined>): Promise<void>;
  close(): Promise<void>;
}

/** Point the credential chain at the emulator's AccessKey, and never at the metadata service. */
export function useEmulatorCredentials(): void {
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = EMULATOR_CREDENTIALS.accessKeyId;
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = EMULATOR_CREDENTIALS.accessKeySecret;
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
}

/**
 * Removes a stopped bot's data directory. A listener already past its ack when the bot stopped may still
 * write its last file there, so the removal is asynchronous (that write can finish) and tried again as a
 * whole (a synchronous rm retries only the final rmdir, and fails with ENOTEMPTY on a file made meanwhile).
 */
export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
}

/** The bot's environment for the given fakes; an `undefined` in `extra` leaves that variable unset. */
export function botEnv(
  cloud: CloudEmulator,
  slack: FakeSlack,
  dataDir: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  return withoutUnset({
    SLACK_BOT_TOKEN: 'xoxb-e2e-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: '0',
    ECS_EXT_OOS_ENDPOINT: cloud.url,
    ECS_EXT_ECS_ENDPOINT: cloud.url,
    ECS_EXT_DB_FILE: join(dataDir, 'ecs-ext.json'),
    ECS_EXT_POLL_INTERVAL_SECONDS: '0.05',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'silent',
    ...extra,
  });
}

function withoutUnset(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

async function bootBot(
  env: Record<string, string>,
  logger?: PinoLogger,
): Promise<{ bot: Bot; botUrl: string }> {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(`bad e2e config: ${result.problems.join('; ')}`);
  const bot = await createBot(result.config, { pretty: false, ...(logger ? { logger } : {}) });
  const { port } = await bot.start();
  return { bot, botUrl: `http://127.0.0.1:${port}` };
}

/**
 * Start emulator, fake Slack and the bot. `undefined` unsets a variable: `{ SLACK_APP_TOKEN: 'xapp-…',
 * SLACK_SIGNING_SECRET: undefined }` runs the bot in Socket Mode only (`botUrl` is then its health server).
 */
export async function startHarness(
  extraEnv: Record<string, string | undefined> = {},
  /** A logger of the test's own (e.g. capturing every line); default: one from LOG_LEVEL. */
  logger?: PinoLogger,
): Promise<Harness> {
  useEmulatorCredentials();
  const cloud = await startCloudEmulator();
  const slack = await startFakeSlack();
  const dataDir = mkdtempSync(join(tmpdir(), 'ecs-ext-e2e-'));
  const env = botEnv(cloud, slack, dataDir, extraEnv);
  let { bot, botUrl } = await bootBot(env, logger);
  const harness: Harness = {
    cloud,
    slack,
    bot,
    botUrl,
    dataDir,
    env,
    driver: createSlackDriver({
      botUrl,
      signingSecret: SIGNING_SECRET,
      responseUrlBase: slack.responseUrlBase,
    }),
    async restart(more = {}) {
      await bot.stop();
      for (const [name, value] of Object.entries(more)) {
        if (value === undefined) delete env[name];
        else env[name] = value;
      }
      ({ bot, botUrl } = await bootBot(env, logger));
      harness.bot = bot;
      harness.botUrl = botUrl;
      harness.driver = createSlackDriver({
        botUrl,
        signingSecret: SIGNING_SECRET,
        responseUrlBase: slack.responseUrlBase,
      });
    },
    async close() {
      await bot.stop().catch(() => {});
      await cloud.close();
      await slack.close();
      await removeDataDir(dataDir);
    },
  };
  return harness;
}
