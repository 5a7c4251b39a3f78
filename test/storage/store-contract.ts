/** The behaviour every RequestStore must have; run it against each implementation. */
import { describe, expect, it } from 'vitest';
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

    it('returns what was put, and a put of the same id replaces it', async () => {
      const store = await makeStore().open();
      const request = makeRequest({ id: 'req-aaaaaaaa' });

      await store.put(request);
      await store.put({ ...request, status: 'rejected' });

      expect(await store.get('req-aaaaaaaa')).toEqual({ ...request, status: 'rejected' });
      expect(await store.list()).toHaveLength(1);
    });

    it('hands out copies: changing a returned or given object changes nothing stored', async () => {
      const store = await makeStore().open();
      const request = makeRequest({ id: 'req-aaaaaaaa' });
      await store.put(request);

      request.instanceIds.push('i-changedafterput00');
      const got = await store.get('req-aaaaaaaa');
      got?.approvals.push({ userId: 'U0SNEAKY', at: at(1) });

      expect(await store.get('req-aaaaaaaa')).toEqual(makeRequest({ id: 'req-aaaaaaaa' }));
    });

    it('lists newest first, filtered by requester and status, up to a limit', async () => {
      const store = await makeStore().open();
      await store.put(makeRequest({ id: 'req-aaaaaaa1', createdAt: at(1), requester: 'U0ONE' }));
      await store.put(
        makeRequest({ id: 'req-aaaaaaa2', createdAt: at(2), requester: 'U0TWO', status: 'running' }),
      );
      await store.put(
        makeRequest({ id: 'req-aaaaaaa3', createdAt: at(3), requester: 'U0ONE', status: 'expired' }),
      );
      await store.put(makeRequest({ id: 'req-aaaaaaa4', createdAt: at(4), requester: 'U0ONE' }));

      const all = await store.list();
      const mine = await store.list({ requester: 'U0ONE', limit: 2 });
      const open = await store.list({ statuses: ['pending', 'running'] });

      expect(all.map((r) => r.id)).toEqual(['req-aaaaaaa4', 'req-aaaaaaa3', 'req-aaaaaaa2', 'req-aaaaaaa1']);
      expect(mine.map((r) => r.id)).toEqual(['req-aaaaaaa4', 'req-aaaaaaa3']);
      expect(open.map((r) => r.id)).toEqual(['req-aaaaaaa4', 'req-aaaaaaa2', 'req-aaaaaaa1']);
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
      await store.put(makeRequest({ id: 'req-bbbbbbbb' }));
      await store.put(running);

      const found = await store.findByExecutionId('exec-0000000000000042');
      const missing = await store.findByExecutionId('exec-unknown');

      expect(found?.id).toBe('req-aaaaaaaa');
      expect(missing).toBeUndefined();
    });

    it('keeps every request through concurrent puts and a restart', async () => {
      const factory = makeStore();
      const store = await factory.open();
      const requests = Array.from({ length: 25 }, (_, i) =>
        makeRequest({ id: `req-concur${String(i).padStart(2, '0')}`, createdAt: at(i) }),
      );

      await Promise.all(requests.map((r) => store.put(r)));
      await store.close();
      const reopened = await factory.reopen(store);

      expect((await reopened.list()).map((r) => r.id).sort()).toEqual(requests.map((r) => r.id).sort());
    });

    it('keeps finished requests (nothing is deleted)', async () => {
      const factory = makeStore();
      const store = await factory.open();
      await store.put(makeRequest({ id: 'req-aaaaaaaa', status: 'succeeded' }));
      await store.put(makeRequest({ id: 'req-bbbbbbbb', status: 'expired' }));

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

      await store.put(request);
      const stored = await store.get('req-secret00');

      expect(stored?.parameters).toEqual({ user: 'admin', password: SECRET_MASK });
      expect(JSON.parse(stored?.startParameters ?? '{}').parameters).toEqual({
        user: 'admin',
        password: SECRET_MASK,
      });
      expect(JSON.stringify(stored)).not.toContain('hunter2-secret');
    });
  });
}
