import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../../src/domain/errors.js';
import { silentLogger } from '../../src/domain/ports.js';
import { openLowdbOutbox, outboxFileFor } from '../../src/storage/lowdb-outbox.js';
import { StoreOpenError } from '../../src/storage/store-open-error.js';
import { runOutboxContract } from './outbox-contract.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecs-ext-outbox-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const T0 = new Date('2025-06-01T10:00:00Z');

runOutboxContract('LowdbOutbox', () => {
  const file = join(dir, `outbox-${Math.random().toString(36).slice(2)}.json`);
  // The contract's times are in June 2025; retention is measured on the same clock.
  const options = { now: () => T0 };
  return {
    open: () => openLowdbOutbox(file, silentLogger, options),
    reopen: async (outbox) => {
      await outbox.close();
      return openLowdbOutbox(file, silentLogger, options);
    },
  };
});

describe('openLowdbOutbox', () => {
  it('lives beside the request store file', () => {
    expect(outboxFileFor('/data/ecs-ext.json')).toBe('/data/ecs-ext.outbox.json');
  });

  it('refuses a file that is not an outbox and leaves it untouched', async () => {
    const file = join(dir, 'x.outbox.json');
    await writeFile(file, '{"version": 1, "requests": []}');

    const opening = openLowdbOutbox(file, silentLogger);

    await expect(opening).rejects.toThrow(StoreOpenError);
    await expect(opening).rejects.toThrow(/does not hold a valid outbox/);
    expect(await readFile(file, 'utf8')).toBe('{"version": 1, "requests": []}');
  });

  it('voids the leases of a process that died: a reopened outbox hands the item out at once', async () => {
    const file = join(dir, 'x.outbox.json');
    const first = await openLowdbOutbox(file, silentLogger);
    await first.enqueue({ key: 'k', requestId: 'req-a', kind: 'post', payload: {} }, T0);
    await first.claim('dead-process', T0, 60_000, 10);

    const second = await openLowdbOutbox(file, silentLogger);
    const claimed = await second.claim('new-process', T0, 60_000, 10);

    expect(claimed.map((i) => i.key)).toEqual(['k']);
  });

  it('a failed write changes nothing, reports unhealthy, and works again once the disk does', async () => {
    const sub = join(dir, 'sub');
    const file = join(sub, 'x.outbox.json');
    const outbox = await openLowdbOutbox(file, silentLogger);
    await outbox.enqueue({ key: 'before', kind: 'post', payload: {} }, T0);
    // The directory becomes a file: every write fails (also for root, unlike chmod).
    await rm(sub, { recursive: true });
    await writeFile(sub, 'not a directory');

    const failed = await outbox.enqueue({ key: 'during', kind: 'post', payload: {} }, T0).catch((e) => e);
    const healthWhileFailing = outbox.healthy();
    const seenWhileFailing = await outbox.get('during');
    await rm(sub);
    const { mkdir } = await import('node:fs/promises');
    await mkdir(sub);
    const later = await outbox.enqueue({ key: 'after', kind: 'post', payload: {} }, T0);

    expect(isStoreError(failed, 'unavailable')).toBe(true);
    expect(healthWhileFailing).toBe(false);
    expect(seenWhileFailing).toBeUndefined();
    expect(later.key).toBe('after');
    expect(outbox.healthy()).toBe(true);
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { items: Array<{ key: string }> };
    expect(onDisk.items.map((i) => i.key)).toEqual(['before', 'after']);
  });

  it('forgets finished items after the retention window, and never their unfinished neighbours', async () => {
    const file = join(dir, 'x.outbox.json');
    let now = T0;
    const outbox = await openLowdbOutbox(file, silentLogger, { retentionMs: 60_000, now: () => now });
    await outbox.enqueue({ key: 'old', kind: 'post', payload: {} }, T0);
    await outbox.enqueue({ key: 'waiting', requestId: 'req-a', kind: 'post', payload: {} }, T0);
    await outbox.claim('me', T0, 10_000, 1);
    await outbox.complete('old', 'me', T0, {});

    now = new Date(T0.getTime() + 120_000);
    await outbox.enqueue({ key: 'new', kind: 'post', payload: {} }, now);

    expect(await outbox.get('old')).toBeUndefined();
    expect(await outbox.get('waiting')).toBeDefined();
  });
});
