/** The behaviour every RequestStore must have; run it against each implementation. */
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/domain/errors.js';
import { type InstallRequest, SECRET_MASK } from '../../src/domain/model.js';
import type { RequestStore } from '../../src/domain/ports.js';
import { makeRequest } from '../fakes/requests.js';

/** A fresh store for one test, and a way to reopen the same data (a restart). */
export interface StoreFactory {
  open(): Promise<RequestStore>;
  reopen(store: RequestStore): Promise<RequestStore>;
}

function at(minute: number): string {
  return new Date(Date.UTC(2025, 5, 1, 10, minute)).toISOString();
}

/** Registers the contract tests for one store implementation. */
export function runStoreContract(name: string, makeStore: () => StoreFactory): void {
  describe(`${name} (RequestStore contract)`, () => {
    it('returns undefined for an unknown id', async () => {
      const store = await makeStore().open();

      const found = await store.get('req-missing0');

      expect(found).toBeUndefined();
    });

    it('returns what was created, and a put of the same id replaces it', async () => {
      const store = await makeStore().open();
      const request = makeRequest({ id: 'req-aaaaaaaa' });

      const created = await store.create(request);
      const replaced = await store.put({ ...created, status: 'rejected' });

      expect(created).toEqual({ ...request, version: 1 });
      expect(replaced).toEqual({ ...request, status: 'rejected', version: 2 });
      expect(await store.get('req-aaaaaaaa')).toEqual(replaced);
      expect(await store.list()).toHaveLength(1);
    });

    it('hands out copies: changing a returned or given object changes nothing stored', async () => {
      const store = await makeStore().open();
      const request = makeRequest({ id: 'req-aaaaaaaa' });
      await store.create(request);

      request.instanceIds.push('i-changedafterput00');
      const got = await store.get('req-aaaaaaaa');
      got?.approvals.push({ userId: 'U0SNEAKY', at: at(1) });

      expect(await store.get('req-aaaaaaaa')).toEqual(makeRequest({ id: 'req-aaaaaaaa' }));
    });

    it('lists newest first, filtered by requester and status, up to a limit', async () => {
      const store = await makeStore().open();
      await store.create(makeRequest({ id: 'req-aaaaaaa1', createdAt: at(1), requester: 'U0ONE' }));
      await store.create(
        makeRequest({ id: 'req-aaaaaaa2', createdAt: at(2), requester: 'U0TWO', status: 'running' }),
      );
      await store.create(
        makeRequest({ id: 'req-aaaaaaa3', createdAt: at(3), requester: 'U0ONE', status: 'expired' }),
      );
      await store.create(makeRequest({ id: 'req-aaaaaaa4', createdAt: at(4), requester: 'U0ONE' }));

      const all = await store.list();
      const mine = await store.list({ requester: 'U0ONE', limit: 2 });
      const open = await store.list({ statuses: ['pending', 'running'] });

      expect(all.map((r) => r.id)).toEqual(['req-aaaaaaa4', 'req-aaaaaaa3', 'req-aaaaaaa2', 'req-aaaaaaa1']);
      expect(mine.map((r) => r.id)).toEqual(['req-aaaaaaa4', 'req-aaaaaaa3']);
      expect(open.map((r) => r.id)).toEqual(['req-aaaaaaa4', 'req-aaaaaaa2', 'req-aaaaaaa1']);
    });

    it('lists only the requests changed at or after updatedSince, finished ones too', async () => {
      const store = await makeStore().open();
      const changed = (id: string, minute: number, status: InstallRequest['status']) =>
        makeRequest({ id, createdAt: at(0), updatedAt: at(minute), status });
      await store.create(changed('req-aaaaaaa1', 1, 'succeeded'));
      await store.create(changed('req-aaaaaaa2', 5, 'succeeded'));
      await store.create(changed('req-aaaaaaa3', 1, 'running'));
      await store.create(changed('req-aaaaaaa4', 9, 'running'));
      await store.create(changed('req-aaaaaaa5', 5, 'failed'));

      const recent = await store.list({ updatedSince: at(5) });
      const recentFinished = await store.list({ statuses: ['succeeded', 'running'], updatedSince: at(5) });

      expect(recent.map((r) => r.id).sort()).toEqual(['req-aaaaaaa2', 'req-aaaaaaa4', 'req-aaaaaaa5']);
      expect(recentFinished.map((r) => r.id).sort()).toEqual(['req-aaaaaaa2', 'req-aaaaaaa4']);
    });

    it('finds a request by its execution id', async () => {
      const store = await makeStore().open();
      const running: InstallRequest = {
        ...makeRequest({ id: 'req-aaaaaaaa', status: 'running' }),
        execution: {
          executionId: 'exec-0000000000000042',
          regionId: 'cn-hangzhou',
          consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-0000000000000042',
          status: 'Running',
          statusMessage: '',
          startedAt: at(5),
          instances: [{ instanceId: 'i-bp1abcdefghij0123456', status: 'Running', message: '' }],
        },
      };
      await store.create(makeRequest({ id: 'req-bbbbbbbb' }));
      await store.create(running);

      const found = await store.findByExecutionId('exec-0000000000000042');
      const missing = await store.findByExecutionId('exec-unknown');

      expect(found?.id).toBe('req-aaaaaaaa');
      expect(missing).toBeUndefined();
    });

    it('keeps every request through concurrent creates and a restart', async () => {
      const factory = makeStore();
      const store = await factory.open();
      const requests = Array.from({ length: 25 }, (_, i) =>
        makeRequest({ id: `req-concur${String(i).padStart(2, '0')}`, createdAt: at(i) }),
      );

      await Promise.all(requests.map((r) => store.create(r)));
      await store.close();
      const reopened = await factory.reopen(store);

      expect((await reopened.list()).map((r) => r.id).sort()).toEqual(requests.map((r) => r.id).sort());
    });

    it('keeps finished requests (nothing is deleted)', async () => {
      const factory = makeStore();
      const store = await factory.open();
      await store.create(makeRequest({ id: 'req-aaaaaaaa', status: 'succeeded' }));
      await store.create(makeRequest({ id: 'req-bbbbbbbb', status: 'expired' }));

      await store.close();
      const reopened = await factory.reopen(store);

      expect((await reopened.list()).map((r) => r.status).sort()).toEqual(['expired', 'succeeded']);
    });

    it('never stores secret parameter values', async () => {
      const store = await makeStore().open();
      const request = makeRequest({
        id: 'req-secret00',
        parameters: { user: 'admin', password: 'hunter2-secret' },
        secretParameterNames: ['password'],
        startParameters: JSON.stringify({
          packageName: 'x',
          parameters: { user: 'admin', password: 'hunter2-secret' },
        }),
      });

      await store.create(request);
      const stored = await store.get('req-secret00');

      expect(stored?.parameters).toEqual({ user: 'admin', password: SECRET_MASK });
      expect(JSON.parse(stored?.startParameters ?? '{}').parameters).toEqual({
        user: 'admin',
        password: SECRET_MASK,
      });
      expect(JSON.stringify(stored)).not.toContain('hunter2-secret');
    });
    it('sets the version itself: 1 on create whatever the caller sent', async () => {
      const store = await makeStore().open();

      const created = await store.create(makeRequest({ id: 'req-aaaaaaaa', version: 7 }));

      expect(created.version).toBe(1);
      expect((await store.get('req-aaaaaaaa'))?.version).toBe(1);
    });

    it('refuses to create a taken id with StoreError exists, keeping the first', async () => {
      const store = await makeStore().open();
      await store.create(makeRequest({ id: 'req-aaaaaaaa', requester: 'U0FIRST' }));

      const second = store.create(makeRequest({ id: 'req-aaaaaaaa', requester: 'U0SECOND' }));

      await expect(second).rejects.toBeInstanceOf(StoreError);
      await expect(second).rejects.toMatchObject({ code: 'exists' });
      expect((await store.get('req-aaaaaaaa'))?.requester).toBe('U0FIRST');
    });

    it('refuses a put of a stale version with StoreError conflict, keeping the newer one', async () => {
      const store = await makeStore().open();
      const created = await store.create(makeRequest({ id: 'req-aaaaaaaa' }));
      await store.put({ ...created, status: 'rejected' });

      const stale = store.put({ ...created, status: 'expired' });

      await expect(stale).rejects.toMatchObject({ name: 'StoreError', code: 'conflict' });
      expect(await store.get('req-aaaaaaaa')).toMatchObject({ status: 'rejected', version: 2 });
    });

    it('refuses a put of an id that is not stored with StoreError conflict', async () => {
      const store = await makeStore().open();

      const put = store.put(makeRequest({ id: 'req-missing0' }));

      await expect(put).rejects.toMatchObject({ name: 'StoreError', code: 'conflict' });
      expect(await store.get('req-missing0')).toBeUndefined();
    });

    it('lets exactly one of two concurrent puts of the same version win', async () => {
      const store = await makeStore().open();
      const created = await store.create(makeRequest({ id: 'req-aaaaaaaa' }));

      const outcomes = await Promise.allSettled([
        store.put({ ...created, status: 'rejected' }),
        store.put({ ...created, status: 'withdrawn' }),
      ]);

      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o) => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
      const stored = await store.get('req-aaaaaaaa');
      expect(stored).toEqual((won[0] as PromiseFulfilledResult<InstallRequest>).value);
      expect(stored?.version).toBe(2);
    });

    it('update writes what change returns and bumps the version', async () => {
      const store = await makeStore().open();
      await store.create(makeRequest({ id: 'req-aaaaaaaa' }));

      const updated = await store.update('req-aaaaaaaa', (r) => ({ ...r, status: 'expired' }));

      expect(updated).toMatchObject({ status: 'expired', version: 2 });
      expect(await store.get('req-aaaaaaaa')).toEqual(updated);
    });

    it('update writes nothing when change returns undefined, and returns the stored request', async () => {
      const store = await makeStore().open();
      const created = await store.create(makeRequest({ id: 'req-aaaaaaaa' }));

      const same = await store.update('req-aaaaaaaa', () => undefined);

      expect(same).toEqual(created);
      expect((await store.get('req-aaaaaaaa'))?.version).toBe(1);
    });

    it('update of an unknown id returns undefined without calling change', async () => {
      const store = await makeStore().open();
      let calls = 0;

      const result = await store.update('req-missing0', (r) => {
        calls += 1;
        return r;
      });

      expect(result).toBeUndefined();
      expect(calls).toBe(0);
    });

    it('applies two concurrent updates of one request both, re-running the one that lost', async () => {
      const store = await makeStore().open();
      await store.create(makeRequest({ id: 'req-aaaaaaaa' }));
      const seen: number[] = [];
      const approve = (userId: string) =>
        store.update('req-aaaaaaaa', (r) => {
          seen.push(r.version);
          return { ...r, approvals: [...r.approvals, { userId, at: at(1) }] };
        });

      await Promise.all([approve('U0ONE'), approve('U0TWO')]);

      const stored = await store.get('req-aaaaaaaa');
      expect(stored?.approvals.map((a) => a.userId).sort()).toEqual(['U0ONE', 'U0TWO']);
      expect(stored?.version).toBe(3);
      // Whichever wrote second ran its change on the first one's result.
      expect(seen).toContain(2);
      expect(seen.every((v) => v === 1 || v === 2)).toBe(true);
    });

    it('applies ten concurrent updates of one request, none lost', async () => {
      const store = await makeStore().open();
      await store.create(makeRequest({ id: 'req-aaaaaaaa' }));

      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.update('req-aaaaaaaa', (r) => ({ ...r, defaultsUsed: [...r.defaultsUsed, `p${i}`] })),
        ),
      );

      const stored = await store.get('req-aaaaaaaa');
      expect(stored?.defaultsUsed).toHaveLength(11);
      expect(stored?.version).toBe(11);
    });

    it('keeps versions across a restart', async () => {
      const factory = makeStore();
      const store = await factory.open();
      const created = await store.create(makeRequest({ id: 'req-aaaaaaaa' }));
      await store.put({ ...created, status: 'rejected' });

      await store.close();
      const reopened = await factory.reopen(store);

      expect((await reopened.get('req-aaaaaaaa'))?.version).toBe(2);
      await expect(reopened.put({ ...created, status: 'expired' })).rejects.toMatchObject({
        code: 'conflict',
      });
    });
  });
}
