/**
 * The history bench's seeding (bench/history.ts) makes stores the bot opens, so the bench cannot rot
 * silently: copies of a request the bot really finished, filed by each store's own code. The bot starts
 * on them, owes none of them a post, and `/ecs-ext status` lists the newest, for lowdb and (when a server
 * is there) PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyFrom, seedLowdb, seedPostgres } from '../../bench/history.js';
import type { InstallRequest } from '../../src/domain/model.js';
import { outboxFileFor } from '../../src/storage/lowdb-outbox.js';
import { executionIdsOf, isFinished } from '../../src/storage/request-facts.js';
import { readLowdbOnDisk } from '../storage/lowdb-on-disk.js';
import { freshSchemaUrl, pgDatabaseUrl } from '../storage/pg-test-db.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  callAfter,
  REQUESTER,
  shown,
  startInstall,
  waitForFinalReport,
  waitForRequest,
} from '../support/install-driver.js';

const COUNT = 400;
const DAY_MS = 86_400_000;

let h: Harness;
let template: InstallRequest;
let history: InstallRequest[];

beforeAll(async () => {
  h = await startHarness();
  h.cloud.addInstance({ instanceId: 'i-seedtemplate000001', regionId: 'cn-hangzhou' });
  const install = await startInstall(h, { instanceIds: ['i-seedtemplate000001'] });
  await waitForFinalReport(h, install);
  template = await waitForRequest(h, install.requestId, (r) => r.status === 'succeeded');
  history = historyFrom(template, COUNT);
}, 30_000);

afterAll(async () => {
  await h?.close();
});

/** The newest seeded request of the person who runs `/ecs-ext status` in these tests. */
function newestOfRequester(): InstallRequest {
  return history.filter((r) => r.requester === REQUESTER).at(-1) as InstallRequest;
}

/** Restarts the bot with `env` and asks `/ecs-ext status` as REQUESTER; returns what it answered. */
async function restartAndAskStatus(env: Record<string, string>): Promise<string> {
  await h.restart(env);
  const from = h.slack.calls.length;
  const res = await h.driver.command('status', { userId: REQUESTER });
  expect(res.status).toBe(200);
  return shown(await callAfter(h, from, (c) => c.method === 'response_url'));
}

it('copies the finished request with its own ids, executions and threads over a year ending two days ago', () => {
  const now = Date.now();

  const ids = new Set(history.map((r) => r.id));
  const executions = new Set(history.flatMap(executionIdsOf));
  const threads = new Set(history.map((r) => r.messageTs));

  expect(ids.size).toBe(COUNT);
  expect(executions.size).toBe(COUNT * executionIdsOf(template).length);
  expect(threads.size).toBe(COUNT);
  expect(history.every(isFinished)).toBe(true);
  expect(history.every((r) => r.clientToken === `ecs-ext-${r.id}`)).toBe(true);
  expect(JSON.stringify(history)).not.toContain(template.id);
  const newest = history.at(-1) as InstallRequest;
  const oldest = history[0] as InstallRequest;
  expect(Date.parse(newest.updatedAt)).toBeLessThan(now - 1.5 * DAY_MS);
  expect(Date.parse(oldest.createdAt)).toBeLessThan(now - 300 * DAY_MS);
  expect(Date.parse(oldest.createdAt)).toBeGreaterThan(now - 400 * DAY_MS);
});

it('seeds a lowdb store the bot opens, lists and owes no post', async () => {
  const file = join(h.dataDir, 'seeded', 'ecs-ext.json');

  await seedLowdb(file, history);
  const answer = await restartAndAskStatus({ ECS_EXT_DB_FILE: file });

  expect(readLowdbOnDisk(file).requests.map((r) => r.id)).toEqual(history.map((r) => r.id));
  expect(answer).toContain(newestOfRequester().id);
  const outbox = JSON.parse(readFileSync(outboxFileFor(file), 'utf8')) as { items: unknown[] };
  expect(outbox.items).toEqual([]);
});

describe.skipIf(!pgDatabaseUrl)('PostgreSQL', () => {
  it('seeds a database the bot opens, lists and owes no post', async () => {
    const url = await freshSchemaUrl();

    await seedPostgres(url, history);
    const answer = await restartAndAskStatus({ DATABASE_URL: url });

    expect(answer).toContain(newestOfRequester().id);
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const requests = await db.query<{ n: string }>('SELECT count(*) AS n FROM requests');
      const outbox = await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox');
      expect(Number(requests.rows[0]?.n)).toBe(COUNT);
      expect(Number(outbox.rows[0]?.n)).toBe(0);
    } finally {
      await db.end();
    }
  });
});
