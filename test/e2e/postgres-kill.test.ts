/**
 * Two bot processes on one PostgreSQL database; the one polling the region (it holds the region's
 * lease) is killed with SIGKILL mid-execution. The other takes the lease over once it runs out and
 * finishes the job; the killed one comes back. One StartExecution, one started reply, one final report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/domain/ports.js';
import { openPgStore, type PgRequestStore } from '../../src/storage/pg/pg-store.js';
import { SEED_PACKAGES } from '../emulator/catalog.js';
import { type CloudEmulator, startCloudEmulator } from '../emulator/cloud-emulator.js';
import { type FakeSlack, startFakeSlack } from '../emulator/fake-slack.js';
import { freshSchemaUrl, pgDatabaseUrl } from '../storage/pg-test-db.js';
import { type BotProcess, exited, spawnBot } from '../support/bot-process.js';
import { botEnv, SIGNING_SECRET, useEmulatorCredentials } from '../support/harness.js';
import {
  APPROVER,
  buttonOf,
  callAfter,
  expectAccepted,
  finalReports,
  openInstallForm,
  type Rig,
  replies,
  shown,
  submitForm,
  waitForFinalReport,
  waitForReply,
  waitUntil,
} from '../support/install-driver.js';
import { createSlackDriver } from '../support/slack-driver.js';

describe.skipIf(!pgDatabaseUrl)('kill -9 of a replica on PostgreSQL', () => {
  let cloud: CloudEmulator;
  let slack: FakeSlack;
  let dataDir: string;
  let env: Record<string, string>;
  let store: PgRequestStore;
  const children: BotProcess[] = [];

  function rigFor(child: BotProcess): Rig {
    const driver = createSlackDriver({
      botUrl: `http://127.0.0.1:${child.port}`,
      signingSecret: SIGNING_SECRET,
      responseUrlBase: slack.responseUrlBase,
    });
    return { cloud, slack, env, driver };
  }

  beforeAll(async () => {
    useEmulatorCredentials();
    cloud = await startCloudEmulator();
    slack = await startFakeSlack();
    dataDir = mkdtempSync(join(tmpdir(), 'ecs-ext-pgkill-'));
    const url = await freshSchemaUrl();
    env = botEnv(cloud, slack, dataDir, {
      DATABASE_URL: url,
      ECS_EXT_REQUIRED_APPROVALS: '1',
      ECS_EXT_POLL_INTERVAL_SECONDS: '0.3',
    });
    store = await openPgStore({ url, logger: silentLogger });
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.process.exitCode === null && child.process.signalCode === null) {
        child.process.kill('SIGKILL');
        await exited(child);
      }
    }
    await store?.close();
    await cloud?.close();
    await slack?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the other replica takes the region over and reports once; the killed one comes back', async () => {
    const [fast, slow] = ['i-bp1pgkill0000001', 'i-bp1pgkill0000002'] as const;
    for (const instanceId of [fast, slow]) cloud.addInstance({ instanceId, regionId: 'cn-hangzhou' });
    cloud.script({
      instances: {
        [fast]: { status: 'Success', afterMs: 20 },
        [slow]: { status: 'Success', afterMs: 10 * 60_000 },
      },
    });
    const replicas = await Promise.all([spawnBot(env, dataDir), spawnBot(env, dataDir)]);
    children.push(...replicas);
    const [a, b] = replicas.map(rigFor) as [Rig, Rig];

    const { view } = await openInstallForm(a, `install ${SEED_PACKAGES.node} ${fast} ${slow} cn-hangzhou`, {
      channelId: 'C0PGKILL1',
    });
    const from = slack.calls.length;
    const submitted = await submitForm(b, view);
    expectAccepted(submitted);
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
      'the confirmation ts',
      async () => (await store.get(requestId))?.messageTs,
    );
    const thread = { messageTs };
    await a.driver.blockAction({
      actionId: 'approve',
      value: requestId,
      userId: APPROVER,
      channelId: 'C0PGKILL1',
      messageTs,
    });
    await waitForReply(a, thread, '1/2 done', 20_000);
    const holder = await waitUntil('the region lease holder', () => store.leases.holder('poll:cn-hangzhou'));
    const victim = replicas.find((r) => holder.split('/')[1] === String(r.process.pid)) as BotProcess;
    const survivor = replicas.find((r) => r !== victim) as BotProcess;

    // Kill between posts: a post the victim had leased would wait for its outbox lease (a minute).
    await waitUntil('no post in flight', async () => {
      const { rows } = await store.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM outbox WHERE done_at IS NULL',
      );
      return rows[0]?.n === '0' ? true : undefined;
    });
    victim.process.kill('SIGKILL');
    await exited(victim);
    const executionId = (await store.get(requestId))?.execution?.executionId as string;
    cloud.finishExecution(executionId, 'Success');
    const report = await waitForFinalReport(a, thread, 20_000);
    const newHolder = await store.leases.holder('poll:cn-hangzhou');
    const back = await spawnBot(env, dataDir);
    children.push(back);
    // Stopping both cleanly waits for their poll cycles in progress and the posts they make.
    for (const child of [survivor, back]) child.process.kill('SIGTERM');
    await Promise.all([exited(survivor), exited(back)]);

    expect(victim.process.signalCode).toBe('SIGKILL');
    expect(newHolder?.split('/')[1]).toBe(String(survivor.process.pid));
    expect(shown(report)).toContain('2/2 done');
    expect(finalReports(a, thread)).toHaveLength(1);
    expect(replies(a, thread).filter((c) => shown(c).includes('Installation started'))).toHaveLength(1);
    expect(cloud.callsTo('StartExecution')).toHaveLength(1);
    expect((await store.get(requestId))?.status).toBe('succeeded');
  }, 60_000);
});
