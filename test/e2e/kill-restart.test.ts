/**
 * Crash safety end to end: the real bot runs as a child process (`node --import tsx src/main.ts`, the
 * environment of botEnv()), is killed with SIGKILL while an execution runs, and a new process on the same
 * store finishes the job: exactly one final report in the thread and exactly one StartExecution.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudEmulator, startCloudEmulator } from '../emulator/cloud-emulator.js';
import { type FakeSlack, startFakeSlack } from '../emulator/fake-slack.js';
import { type BotProcess, exited, spawnBot } from '../support/bot-process.js';
import { botEnv, SIGNING_SECRET, useEmulatorCredentials } from '../support/harness.js';
import {
  finalReports,
  type Rig,
  shown,
  startInstall,
  waitForFinalReport,
  waitForReply,
} from '../support/install-driver.js';
import { createSlackDriver } from '../support/slack-driver.js';

type Child = BotProcess;

describe('kill -9 and restart', () => {
  let cloud: CloudEmulator;
  let slack: FakeSlack;
  let dataDir: string;
  let env: Record<string, string>;
  const children: Child[] = [];

  function rigFor(child: Child): Rig {
    return {
      cloud,
      slack,
      env,
      driver: createSlackDriver({
        botUrl: `http://127.0.0.1:${child.port}`,
        signingSecret: SIGNING_SECRET,
        responseUrlBase: slack.responseUrlBase,
      }),
    };
  }

  beforeAll(async () => {
    useEmulatorCredentials();
    cloud = await startCloudEmulator();
    slack = await startFakeSlack();
    dataDir = mkdtempSync(join(tmpdir(), 'ecs-ext-kill-'));
    env = botEnv(cloud, slack, dataDir, { ECS_EXT_REQUIRED_APPROVALS: '1' });
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.process.exitCode === null && child.process.signalCode === null) {
        child.process.kill('SIGKILL');
        await exited(child);
      }
    }
    await cloud?.close();
    await slack?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('posts exactly one final report and starts no second execution', async () => {
    const [fast, slow] = ['i-bp1kill00000001', 'i-bp1kill00000002'];
    for (const instanceId of [fast, slow] as string[])
      cloud.addInstance({ instanceId, regionId: 'cn-hangzhou' });
    // Halfway: one instance finishes at once, the other only when the test says so.
    cloud.script({
      instances: {
        [fast as string]: { status: 'Success', afterMs: 20 },
        [slow as string]: { status: 'Success', afterMs: 10 * 60_000 },
      },
    });
    const first = await spawnBot(env, dataDir);
    children.push(first);
    const rig = rigFor(first);
    const install = await startInstall(rig, {
      instanceIds: [fast, slow] as string[],
      channelId: 'C0KILL001',
    });
    await waitForReply(rig, install, '1/2 done');

    first.process.kill('SIGKILL');
    await exited(first);
    const second = await spawnBot(env, dataDir);
    children.push(second);
    cloud.finishExecution(install.executionId, 'Success');
    const report = await waitForFinalReport(rig, install, 20_000);
    // A clean stop waits for the poll cycle in progress and its posts: whatever the second bot would
    // ever post for this install is posted once it has exited.
    second.process.kill('SIGTERM');
    await exited(second);

    expect(first.process.signalCode).toBe('SIGKILL');
    expect(second.process.exitCode).toBe(0);
    expect(shown(report)).toContain('Installation succeeded');
    expect(shown(report)).toContain('2/2 done');
    expect(finalReports(rig, install)).toHaveLength(1);
    expect(cloud.callsTo('StartExecution')).toHaveLength(1);
    expect(cloud.executionIds()).toEqual([install.executionId]);
  });

  it('kill -9 between waves: the next process resumes the rollout, no wave started twice', async () => {
    const ids = ['i-bp1killwave00001', 'i-bp1killwave00002', 'i-bp1killwave00003'];
    for (const instanceId of ids) cloud.addInstance({ instanceId, regionId: 'cn-hangzhou' });
    // Wave 2 runs until the test ends it; waves 1 and 3 finish at once.
    cloud.script({ instances: { [ids[1] as string]: { status: 'Success', afterMs: 10 * 60_000 } } });
    const first = await spawnBot(env, dataDir);
    children.push(first);
    const rig = rigFor(first);
    const install = await startInstall(rig, {
      instanceIds: ids,
      channelId: 'C0KILL002',
      overrides: { rollout: 'waves', wave_size: '1' },
    });
    await waitForReply(rig, install, 'Wave 2 of 3 started');
    const ownStarts = () =>
      cloud
        .callsTo('StartExecution')
        .filter((c) => c.status === 200 && (c.params.Tags ?? '').includes(install.requestId));

    first.process.kill('SIGKILL');
    await exited(first);
    cloud.script({});
    const second = await spawnBot(env, dataDir);
    children.push(second);
    const secondWave = cloud.executionIds().at(-1) as string;
    cloud.finishExecution(secondWave, 'Success');
    const report = await waitForFinalReport(rig, install, 20_000);
    second.process.kill('SIGTERM');
    await exited(second);

    expect(second.process.exitCode).toBe(0);
    expect(shown(report)).toContain('3/3 done, 3 succeeded');
    expect(finalReports(rig, install)).toHaveLength(1);
    expect(ownStarts().map((c) => c.params.ClientToken)).toEqual([
      `ecs-ext-${install.requestId}`,
      `ecs-ext-${install.requestId}-w2`,
      `ecs-ext-${install.requestId}-w3`,
    ]);
    expect(new Set(cloud.executionIds()).size).toBe(cloud.executionIds().length);
  });
});
