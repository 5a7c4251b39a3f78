/**
 * Crash safety end to end: the real bot runs as a child process (`node --import tsx src/main.ts`, the
 * environment of botEnv()), is killed with SIGKILL while an execution runs, and a new process on the same
 * store finishes the job: exactly one final report in the thread and exactly one StartExecution.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudEmulator, startCloudEmulator } from '../emulator/cloud-emulator.js';
import { type FakeSlack, startFakeSlack } from '../emulator/fake-slack.js';
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

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** A bot process and the port it listens on. */
interface Child {
  process: ChildProcess;
  port: number;
}

/** Starts `src/main.ts` in a child process (cwd: the data dir, so no stray .env) and waits until ready. */
async function spawnBot(env: Record<string, string>, cwd: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      ALIBABA_CLOUD_ACCESS_KEY_ID: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID ?? '',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET ?? '',
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
      ...env,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const ready = /"port":(\d+)[^\n]*ecs-ext is ready|ecs-ext is ready[^\n]*"port":(\d+)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1] ?? ready[2]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited with ${code}:\n${output}`));
    });
  });
  // Keep draining the pipes so the child never blocks on a full buffer.
  child.stdout?.resume();
  child.stderr?.resume();
  return { process: child, port };
}

function exited(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.process.once('exit', () => resolve()));
}

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
});
