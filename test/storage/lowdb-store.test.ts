import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/domain/ports.js';
import { openLowdbStore, StoreOpenError } from '../../src/storage/lowdb-store.js';
import { makeRequest } from '../fakes/requests.js';
import { runStoreContract } from './store-contract.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecs-ext-store-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

runStoreContract('LowdbRequestStore', () => {
  const file = join(dir, `store-${Math.random().toString(36).slice(2)}.json`);
  return {
    open: () => openLowdbStore(file, silentLogger),
    reopen: () => openLowdbStore(file, silentLogger),
  };
});

describe('openLowdbStore', () => {
  it('creates the directory and an empty version 1 document when the file is missing', async () => {
    const file = join(dir, 'nested', 'deeper', 'ecs-ext.json');

    const store = await openLowdbStore(file, silentLogger);
    await store.close();

    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, requests: [] });
    expect(await store.list()).toEqual([]);
  });

  it('writes whole documents that a new process reads back', async () => {
    const file = join(dir, 'ecs-ext.json');
    const store = await openLowdbStore(file, silentLogger);
    const request = makeRequest({ id: 'req-persist0' });

    await store.create(request);
    await store.close();

    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk).toEqual({ version: 1, requests: [request] });
  });

  it.each([
    ['not JSON', '{"version": 1, "requests": [', /not valid JSON/],
    ['empty', '', /not valid JSON/],
    ['JSON null', 'null', /does not hold a valid request store/],
    ['a wrong shape', '{"version": 1, "requests": [{"id": "req-x"}]}', /requests\.0\./],
    ['another version', '{"version": 2, "requests": []}', /version 2, while this build reads version 1/],
  ])(
    'refuses a file that is %s, names it, says what to do and leaves it untouched',
    async (_, content, problem) => {
      const file = join(dir, 'ecs-ext.json');
      await writeFile(file, content, 'utf8');

      const opening = openLowdbStore(file, silentLogger);

      await expect(opening).rejects.toBeInstanceOf(StoreOpenError);
      await expect(opening).rejects.toThrow(problem);
      await expect(opening).rejects.toThrow(file);
      await expect(opening).rejects.toThrow(/move it aside/);
      expect(await readFile(file, 'utf8')).toBe(content);
    },
  );

  it('keeps memory behind disk: a failed write fails with unavailable and changes nothing', async () => {
    const file = join(dir, 'ecs-ext.json');
    const store = await openLowdbStore(file, silentLogger);
    const created = await store.create(makeRequest({ id: 'req-diskfail' }));
    // A non-empty directory where the file was: lowdb's rename onto it fails.
    await rm(file);
    await mkdir(join(file, 'blocker'), { recursive: true });

    const put = store.put({ ...created, status: 'starting' });
    const create = store.create(makeRequest({ id: 'req-diskfal2' }));

    await expect(put).rejects.toMatchObject({ name: 'StoreError', code: 'unavailable' });
    await expect(create).rejects.toMatchObject({ name: 'StoreError', code: 'unavailable' });
    expect(await store.get('req-diskfail')).toEqual(created);
    expect(await store.get('req-diskfal2')).toBeUndefined();
    expect(await store.list()).toHaveLength(1);
    await rm(file, { recursive: true });
    const retried = await store.put({ ...created, status: 'starting' });
    expect(retried).toMatchObject({ status: 'starting', version: 2 });
    expect(JSON.parse(await readFile(file, 'utf8')).requests).toEqual([retried]);
  });

  it('answers a read with what is on disk: a read during the write that lands waits for it', async () => {
    const file = join(dir, 'ecs-ext.json');
    const store = await openLowdbStore(file, silentLogger);
    const created = await store.create(makeRequest({ id: 'req-landing0' }));
    const onDisk = () => /"messageTs": *"1700000000.000100"/.test(readFileSync(file, 'utf8'));

    const put = store.put({ ...created, messageTs: '1700000000.000100' });
    // Hold the event loop until the renamed file shows the change, so the store has not yet heard that
    // its write ended (a person, or a test reading the file, can act on it then); yield between tries so
    // the store can take the write's next step.
    for (let tries = 0; !onDisk(); tries += 1) {
      const until = Date.now() + 50;
      while (!onDisk() && Date.now() < until) {
        // busy: the thread pool renames meanwhile
      }
      if (!onDisk()) await new Promise((resolve) => setImmediate(resolve));
      if (tries > 1000) throw new Error('the write never reached the disk');
    }
    const read = await store.get('req-landing0');
    const listed = await store.list();

    expect(read).toMatchObject({ messageTs: '1700000000.000100', version: 2 });
    expect(listed).toEqual([read]);
    expect(await put).toEqual(read);
    await store.close();
  });

  it('refuses a path that is a directory', async () => {
    const opening = openLowdbStore(dir, silentLogger);

    await expect(opening).rejects.toBeInstanceOf(StoreOpenError);
  });

  it('keeps fields it does not know (written by a newer build)', async () => {
    const file = join(dir, 'ecs-ext.json');
    const request = { ...makeRequest({ id: 'req-newfield' }), futureField: { keep: true } };
    await writeFile(file, JSON.stringify({ version: 1, requests: [request] }), 'utf8');

    const store = await openLowdbStore(file, silentLogger);
    await store.put({ ...(await store.get('req-newfield'))!, status: 'starting' });
    await store.close();

    expect(JSON.parse(await readFile(file, 'utf8')).requests[0].futureField).toEqual({ keep: true });
  });
});
