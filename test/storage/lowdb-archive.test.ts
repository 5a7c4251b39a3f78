import { appendFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstallRequest } from '../../src/domain/model.js';
import { silentLogger } from '../../src/domain/ports.js';
import { archivePathOf } from '../../src/storage/lowdb-archive.js';
import { type LowdbStoreOptions, openLowdbStore } from '../../src/storage/lowdb-store.js';
import { makeRequest } from '../fakes/requests.js';

let dir: string;
let file: string;
const stores: Array<{ close(): Promise<void> }> = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecs-ext-archive-'));
  file = join(dir, 'ecs-ext.json');
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function open(options: LowdbStoreOptions = {}) {
  const store = await openLowdbStore(file, silentLogger, options);
  stores.push(store);
  return store;
}

async function documentIds(): Promise<string[]> {
  const doc = JSON.parse(await readFile(file, 'utf8')) as { requests: InstallRequest[] };
  return doc.requests.map((r) => r.id);
}

async function archiveLines(): Promise<InstallRequest[]> {
  const text = await readFile(archivePathOf(file), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

function withExecution(request: InstallRequest, executionId: string): InstallRequest {
  return {
    ...request,
    execution: {
      executionId,
      regionId: 'cn-hangzhou',
      consoleUrl: `https://oos.console.aliyun.com/cn-hangzhou/execution/detail/${executionId}`,
      status: 'Success',
      statusMessage: '',
      startedAt: request.createdAt,
      instances: [],
    },
  };
}

/** Creates a request and finishes it (succeeded) through the store. */
async function finish(store: Awaited<ReturnType<typeof open>>, id: string, minute: number) {
  const created = await store.create(
    makeRequest({ id, createdAt: new Date(Date.UTC(2025, 5, 1, 10, minute)).toISOString() }),
  );
  return store.put(withExecution({ ...created, status: 'succeeded' }, `exec-${id}`));
}

describe('lowdb archive of finished requests', () => {
  it('keeps finished requests out of the rewritten document, and still gets, lists and finds them', async () => {
    const store = await open();
    await finish(store, 'req-done0001', 1);
    await finish(store, 'req-done0002', 2);
    await store.create(makeRequest({ id: 'req-live0001', createdAt: '2025-06-01T10:03:00.000Z' }));

    const ids = await documentIds();
    const archived = await archiveLines();

    expect(ids).toEqual(['req-live0001']);
    expect(archived.map((r) => [r.id, r.version])).toEqual([
      ['req-done0001', 2],
      ['req-done0002', 2],
    ]);
    expect((await store.get('req-done0001'))?.status).toBe('succeeded');
    expect((await store.findByExecutionId('exec-req-done0002'))?.id).toBe('req-done0002');
    expect((await store.list()).map((r) => r.id)).toEqual(['req-live0001', 'req-done0002', 'req-done0001']);
    expect((await store.list({ statuses: ['succeeded'], limit: 1 })).map((r) => r.id)).toEqual([
      'req-done0002',
    ]);
    expect((await store.list({ statuses: ['pending'] })).map((r) => r.id)).toEqual(['req-live0001']);
  });

  it('the document stays the same size however many requests are archived', async () => {
    const store = await open();
    await store.create(makeRequest({ id: 'req-live0001' }));
    const small = (await stat(file)).size;

    for (let i = 0; i < 30; i += 1) await finish(store, `req-many${String(i).padStart(4, '0')}`, i);

    expect((await stat(file)).size).toBe(small);
    expect(await store.list({ statuses: ['succeeded'] })).toHaveLength(30);
  });

  it('compare-and-set holds for archived requests, across a restart', async () => {
    const first = await open();
    const done = await finish(first, 'req-done0001', 1);
    await first.close();

    const store = await open();
    const later = await store.put({
      ...done,
      history: [...done.history, { at: done.updatedAt, type: 'final_report' }],
    });
    const stale = store.put({ ...done, status: 'failed' });
    const taken = store.create(makeRequest({ id: 'req-done0001' }));

    expect(later.version).toBe(3);
    await expect(stale).rejects.toMatchObject({ code: 'conflict' });
    await expect(taken).rejects.toMatchObject({ code: 'exists' });
    expect((await store.get('req-done0001'))?.history.at(-1)?.type).toBe('final_report');
  });

  it('moves finished requests out of a file written by an older build when it opens', async () => {
    const legacy = [
      makeRequest({ id: 'req-old00001', status: 'expired' }),
      makeRequest({ id: 'req-old00002', status: 'pending' }),
      makeRequest({ id: 'req-old00003', status: 'failed' }),
    ].map(({ version: _v, ...rest }) => rest);
    await writeFile(file, JSON.stringify({ version: 1, requests: legacy }), 'utf8');

    const store = await open();

    expect(await documentIds()).toEqual(['req-old00002']);
    expect((await archiveLines()).map((r) => r.id)).toEqual(['req-old00001', 'req-old00003']);
    expect((await store.list()).map((r) => r.id).sort()).toEqual([
      'req-old00001',
      'req-old00002',
      'req-old00003',
    ]);
  });

  it('after a crash between the archive and the document write, the newer copy wins', async () => {
    const pending = makeRequest({ id: 'req-crash001', version: 4 });
    await writeFile(file, JSON.stringify({ version: 1, requests: [pending] }), 'utf8');
    await writeFile(
      archivePathOf(file),
      `${JSON.stringify({ ...pending, version: 5, status: 'succeeded' })}\n{"id": "req-torn`,
      'utf8',
    );

    const store = await open();
    const after = await store.get('req-crash001');
    await store.put({ ...(after as InstallRequest), history: [] });

    expect(after).toMatchObject({ version: 5, status: 'succeeded' });
    expect(await documentIds()).toEqual([]);
    // The torn last line was cut off before the next line was appended.
    expect((await archiveLines()).map((r) => r.version)).toEqual([5, 6]);
  });

  it('an archive holding an older copy than the document loses to it', async () => {
    const live = makeRequest({ id: 'req-back0001', version: 7, status: 'running' });
    await writeFile(file, JSON.stringify({ version: 1, requests: [live] }), 'utf8');
    await appendFile(archivePathOf(file), `${JSON.stringify({ ...live, version: 6, status: 'failed' })}\n`);

    const store = await open();

    expect(await store.get('req-back0001')).toMatchObject({ version: 7, status: 'running' });
    expect((await store.list()).map((r) => r.id)).toEqual(['req-back0001']);
  });

  it('ECS_EXT_RETENTION_DAYS removes finished requests not changed for that long, and nothing else', async () => {
    const old = '2025-01-01T00:00:00.000Z';
    const legacy = [
      makeRequest({ id: 'req-oldfin01', status: 'succeeded', updatedAt: old }),
      makeRequest({ id: 'req-oldpend1', status: 'pending', updatedAt: old }),
      makeRequest({ id: 'req-newfin01', status: 'rejected', updatedAt: '2025-06-05T00:00:00.000Z' }),
    ];
    await writeFile(file, JSON.stringify({ version: 1, requests: legacy }), 'utf8');

    const store = await open({ retentionDays: 30, now: () => new Date('2025-06-10T00:00:00Z') });

    expect((await store.list()).map((r) => r.id).sort()).toEqual(['req-newfin01', 'req-oldpend1']);
    expect((await archiveLines()).map((r) => r.id)).toEqual(['req-newfin01']);
    expect(await store.prune()).toBe(0);
  });
});

describe('lowdb store when the disk refuses writes', () => {
  it('a finishing write whose archive line fails changes nothing, turns unhealthy, and recovers', async () => {
    const store = await open({ retryIntervalMs: 20 });
    const created = await store.create(makeRequest({ id: 'req-diskarch' }));
    // A non-empty directory where the archive file goes: appending to it fails.
    await mkdir(join(archivePathOf(file), 'blocker'), { recursive: true });

    const finishing = store.put({ ...created, status: 'succeeded' });

    await expect(finishing).rejects.toMatchObject({ name: 'StoreError', code: 'unavailable' });
    expect(store.healthy()).toBe(false);
    expect(await store.get('req-diskarch')).toEqual(created);
    expect(await documentIds()).toEqual(['req-diskarch']);
    await rm(archivePathOf(file), { recursive: true });
    const again = await store.put({ ...created, status: 'succeeded' });
    expect(again).toMatchObject({ status: 'succeeded', version: 2 });
    expect(store.healthy()).toBe(true);
  });

  it('turns healthy again by itself once the document can be written, without a new change', async () => {
    const store = await open({ retryIntervalMs: 20 });
    const created = await store.create(makeRequest({ id: 'req-diskdoc0' }));
    await rm(file);
    await mkdir(join(file, 'blocker'), { recursive: true });

    await expect(store.put({ ...created, status: 'starting' })).rejects.toMatchObject({
      code: 'unavailable',
    });
    const during = store.healthy();
    await rm(file, { recursive: true });
    while (!store.healthy()) await new Promise((r) => setTimeout(r, 20));

    expect(during).toBe(false);
    expect(await documentIds()).toEqual(['req-diskdoc0']);
  });
});
