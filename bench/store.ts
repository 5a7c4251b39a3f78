/**
 * `npm run bench` (store part): how long one change to a request takes (update = read, decide, write),
 * and how long a requester's `/ecs-ext status` list takes, with 0 and with 20,000 finished requests in
 * the store, for lowdb and PostgreSQL. The goal is that history costs nothing: ratio ≤ 1.5.
 * PostgreSQL runs on a database created for the run (ECS_EXT_BENCH_DATABASE_URL, else
 * ECS_EXT_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) and dropped after.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, escapeIdentifier } from 'pg';
import type { InstallRequest } from '../src/domain/model.js';
import { type RequestStore, silentLogger } from '../src/domain/ports.js';
import { openLowdbStore } from '../src/storage/lowdb-store.js';
import { openPgStore } from '../src/storage/pg/pg-store.js';
import { makeRequest } from '../test/fakes/requests.js';

const HISTORY = 20_000;
const CHANGES = 300;
const LISTS = 100;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** A finished request the size of a real one: two instances with output, a full history. */
function finishedRequest(i: number): InstallRequest {
  const id = `req-h${String(i).padStart(7, '0')}`;
  const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
  return makeRequest({
    id,
    createdAt: at,
    updatedAt: at,
    requester: `U0USER${i % 50}`,
    status: i % 7 === 0 ? 'failed' : 'succeeded',
    instanceIds: ['i-bp1aaaaaaaaaaaaaaaa1', 'i-bp1aaaaaaaaaaaaaaaa2'],
    approvals: [{ userId: 'U0APPROVER', at }],
    startParameters: JSON.stringify({
      regionId: 'cn-hangzhou',
      packageName: 'x',
      parameters: { version: '22' },
    }),
    execution: {
      executionId: `exec-${id}`,
      regionId: 'cn-hangzhou',
      consoleUrl: `https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-${id}`,
      status: 'Success',
      statusMessage: '',
      startedAt: at,
      endedAt: at,
      instances: ['i-bp1aaaaaaaaaaaaaaaa1', 'i-bp1aaaaaaaaaaaaaaaa2'].map((instanceId) => ({
        instanceId,
        status: 'Success',
        message: '',
        output: 'installed node v22.13.1\n'.repeat(20),
      })),
    },
    history: ['created', 'approved', 'starting', 'started', 'final_report'].map((type) => ({
      at,
      type: type as InstallRequest['history'][number]['type'],
    })),
  });
}

interface Figures {
  change: number[];
  list: number[];
}

/** Creates live requests and changes them one at a time (approve-like), then lists one user's requests. */
async function measure(store: RequestStore): Promise<Figures> {
  const live = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      store.create(makeRequest({ id: `req-live${String(i).padStart(4, '0')}`, requester: 'U0USER1' })),
    ),
  );
  const change: number[] = [];
  for (let i = 0; i < CHANGES; i += 1) {
    const id = (live[i % live.length] as InstallRequest).id;
    const started = performance.now();
    await store.update(id, (current) => ({
      ...current,
      updatedAt: new Date().toISOString(),
      history: [...current.history.slice(-5), { at: new Date().toISOString(), type: 'status' }],
    }));
    change.push(performance.now() - started);
  }
  const list: number[] = [];
  for (let i = 0; i < LISTS; i += 1) {
    const started = performance.now();
    await store.list({ requester: 'U0USER1', limit: 10 });
    list.push(performance.now() - started);
  }
  return { change, list };
}

function line(label: string, empty: Figures, full: Figures): string[] {
  const fmt = (v: number) => `${v.toFixed(2)} ms`;
  const ratio = (a: number[], b: number[]) => (percentile(b, 50) / percentile(a, 50)).toFixed(2);
  return [
    `  ${label} change (update): empty p50 ${fmt(percentile(empty.change, 50))}, p99 ${fmt(percentile(empty.change, 99))}; ` +
      `${HISTORY} finished p50 ${fmt(percentile(full.change, 50))}, p99 ${fmt(percentile(full.change, 99))} (p50 ratio ${ratio(empty.change, full.change)})`,
    `  ${label} status list (10 newest of one user): empty p50 ${fmt(percentile(empty.list, 50))}; ` +
      `${HISTORY} finished p50 ${fmt(percentile(full.list, 50))}, p99 ${fmt(percentile(full.list, 99))} (p50 ratio ${ratio(empty.list, full.list)})`,
  ];
}

async function benchLowdb(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-ext-bench-store-'));
  try {
    const emptyStore = await openLowdbStore(join(dir, 'empty.json'), silentLogger);
    const empty = await measure(emptyStore);
    await emptyStore.close();
    // A file as a year of use leaves it: 20,000 finished requests (moved to the archive when it opens).
    const file = join(dir, 'full.json');
    writeFileSync(
      file,
      JSON.stringify({ version: 1, requests: Array.from({ length: HISTORY }, (_, i) => finishedRequest(i)) }),
    );
    const opening = performance.now();
    const fullStore = await openLowdbStore(file, silentLogger);
    const openMs = performance.now() - opening;
    const reopening = performance.now();
    await fullStore.close();
    const again = await openLowdbStore(file, silentLogger);
    const reopenMs = performance.now() - reopening;
    const full = await measure(again);
    await again.close();
    return [
      ...line('lowdb', empty, full),
      `  lowdb open with ${HISTORY} finished: first (moving them to the archive) ${openMs.toFixed(0)} ms, later ${reopenMs.toFixed(0)} ms`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(admin: string): Promise<string[]> {
  const client = new Client({ connectionString: admin, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch {
    return ['  PostgreSQL: skipped (no server at ECS_EXT_BENCH_DATABASE_URL / ECS_EXT_TEST_DATABASE_URL)'];
  }
  const names = [0, 1].map(() => `ecs_ext_bench_${randomBytes(5).toString('hex')}`);
  const urls = names.map((name) => {
    const u = new URL(admin);
    u.pathname = `/${name}`;
    return u.toString();
  });
  try {
    for (const name of names) await client.query(`CREATE DATABASE ${escapeIdentifier(name)}`);
    const emptyStore = await openPgStore({ url: urls[0] as string, logger: silentLogger });
    const empty = await measure(emptyStore);
    await emptyStore.close();
    const fullStore = await openPgStore({ url: urls[1] as string, logger: silentLogger });
    for (let i = 0; i < HISTORY; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => fullStore.create(finishedRequest(i + j))));
    }
    await fullStore.pool.query('VACUUM ANALYZE requests');
    const full = await measure(fullStore);
    await fullStore.close();
    return line('PostgreSQL', empty, full);
  } finally {
    for (const name of names)
      await client.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`);
    await client.end();
  }
}

async function benchStores(databaseUrl: string): Promise<string[]> {
  return [
    `Store — change latency and status list, empty vs ${HISTORY} finished requests (${CHANGES} changes, ${LISTS} lists each)`,
    ...(await benchLowdb()),
    ...(await benchPostgres(databaseUrl)),
  ];
}

const url =
  process.env.ECS_EXT_BENCH_DATABASE_URL ??
  process.env.ECS_EXT_TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
process.stdout.write(`\n${(await benchStores(url)).join('\n')}\n`);
