/**
 * Two bot replicas in HTTP mode on one PostgreSQL database, driven through the real transports: Slack's
 * signed requests go to either replica, both talk to the OOS/ECS emulator through the Alibaba SDKs.
 * Whichever replica a command, submission or click reaches, each approval counts once, one execution
 * starts, and one "started" reply and one final report reach the thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bot, createBot } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/domain/ports.js';
import { openPgStore, type PgRequestStore } from '../../src/storage/pg/pg-store.js';
import { SEED_INSTANCES, SEED_PACKAGES } from '../emulator/catalog.js';
import { type CloudEmulator, startCloudEmulator } from '../emulator/cloud-emulator.js';
import { type FakeSlack, startFakeSlack } from '../emulator/fake-slack.js';
import { freshSchemaUrl, pgDatabaseUrl } from '../storage/pg-test-db.js';
import { botEnv, SIGNING_SECRET, useEmulatorCredentials } from '../support/harness.js';
import {
  buttonOf,
  callAfter,
  finalReports,
  openInstallForm,
  REQUESTER,
  type Rig,
  replies,
  shown,
  submitForm,
  waitForFinalReport,
  waitForReply,
  waitUntil,
} from '../support/install-driver.js';
import { createSlackDriver } from '../support/slack-driver.js';

const APPROVERS = Array.from({ length: 12 }, (_, i) => `U0VOTER${String(i).padStart(2, '0')}`);

describe.skipIf(!pgDatabaseUrl)('two replicas on one PostgreSQL database', () => {
  let cloud: CloudEmulator;
  let slack: FakeSlack;
  let dataDir: string;
  let store: PgRequestStore;
  const bots: Bot[] = [];
  const rigs: Rig[] = [];
  const ports: number[] = [];

  beforeAll(async () => {
    useEmulatorCredentials();
    cloud = await startCloudEmulator();
    slack = await startFakeSlack();
    dataDir = mkdtempSync(join(tmpdir(), 'ecs-ext-replicas-'));
    const url = await freshSchemaUrl();
    const env = botEnv(cloud, slack, dataDir, {
      DATABASE_URL: url,
      ECS_EXT_REQUIRED_APPROVALS: String(APPROVERS.length),
      ECS_EXT_POLL_INTERVAL_SECONDS: '0.2',
    });
    const loaded = loadConfig(env);
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    // Both replicas start together on the empty database: they migrate it once between them.
    const started = await Promise.all([0, 1].map(() => createBot(loaded.config, { pretty: false })));
    for (const bot of started) {
      const { port } = await bot.start();
      bots.push(bot);
      ports.push(port);
      const driver = createSlackDriver({
        botUrl: `http://127.0.0.1:${port}`,
        signingSecret: SIGNING_SECRET,
        responseUrlBase: slack.responseUrlBase,
      });
      rigs.push({ cloud, slack, driver, env });
    }
    store = await openPgStore({ url, logger: silentLogger });
  });

  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop().catch(() => {})));
    await store?.close();
    await cloud?.close();
    await slack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('command on one replica, submission on the other, 12 approvals over both: one execution, one report', async () => {
    const [a, b] = rigs as [Rig, Rig];
    const startsBefore = cloud.callsTo('StartExecution').length;

    const { view } = await openInstallForm(
      a,
      `install ${SEED_PACKAGES.node} ${SEED_INSTANCES.linux} cn-hangzhou`,
    );
    const from = slack.calls.length;
    const submitted = await submitForm(b, view);
    const confirmation = await callAfter(
      b,
      from,
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.thread_ts === undefined &&
        shown(c).includes('Please confirm'),
    );
    const requestId = buttonOf(confirmation, 'approve')?.value as string;
    const messageTs = await waitUntil(
      'the confirmation ts in the store',
      async () => (await store.get(requestId))?.messageTs,
    );
    const thread = { messageTs };
    const clicks = await Promise.all(
      APPROVERS.map((userId, i) =>
        (rigs[i % 2] as Rig).driver.blockAction({
          actionId: 'approve',
          value: requestId,
          userId,
          channelId: confirmation.args.channel as string,
          messageTs,
        }),
      ),
    );
    await waitForReply(a, thread, 'Installation started');
    const report = await waitForFinalReport(a, thread, 30_000);
    const stored = await waitUntil('the report marked in the store', async () => {
      const r = await store.get(requestId);
      return r?.execution?.finalReportAt ? r : undefined;
    });
    // Let both replicas run more poll cycles: a second report would show up now.
    const cycles = bots.map((bot) => bot.tracker.cycleStats()?.at);
    await waitUntil('another cycle on each replica', async () =>
      bots.every((bot, i) => bot.tracker.cycleStats()?.at !== cycles[i]) ? true : undefined,
    );

    expect(submitted.status).toBe(200);
    expect(clicks.every((c) => c.status === 200)).toBe(true);
    expect(stored.requester).toBe(REQUESTER);
    expect(stored.approvals.map((x) => x.userId).sort()).toEqual([...APPROVERS].sort());
    expect(cloud.callsTo('StartExecution').length - startsBefore).toBe(1);
    const thread1 = replies(a, thread).map(shown);
    expect(thread1.filter((t) => t.includes('Installation started'))).toHaveLength(1);
    expect(finalReports(a, thread)).toEqual([report]);
    // The promised posts went through the shared outbox, and every one of them is done.
    const { rows } = await store.pool.query<{ done: boolean; n: string }>(
      'SELECT done_at IS NOT NULL AS done, count(*) AS n FROM outbox WHERE request_id = $1 GROUP BY 1',
      [requestId],
    );
    expect(rows).toEqual([{ done: true, n: expect.stringMatching(/^[1-9]\d*$/) }]);
  });

  it('answers /healthz on both replicas with the store up', async () => {
    const answers = await Promise.all(
      ports.map((port) =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(async (r) => ({
          status: r.status,
          body: await r.json(),
        })),
      ),
    );

    for (const answer of answers)
      expect(answer).toMatchObject({ status: 200, body: { ok: true, store: 'ok' } });
  });
});
