/** The behaviour every OutboxStore must have; run it against each implementation. */
import { describe, expect, it } from 'vitest';
import type { OutboxStore } from '../../src/domain/ports.js';

/** A fresh outbox for one test, and a way to reopen the same data (a restart). */
export interface OutboxFactory {
  open(): Promise<OutboxStore>;
  reopen(outbox: OutboxStore): Promise<OutboxStore>;
}

const T0 = new Date('2025-06-01T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = 30_000;

/** Registers the contract tests for one outbox implementation. */
export function runOutboxContract(name: string, makeOutbox: () => OutboxFactory): void {
  describe(`${name} (OutboxStore contract)`, () => {
    it('keeps one item per key: a second enqueue returns the first', async () => {
      const outbox = await makeOutbox().open();

      const first = await outbox.enqueue({ key: 'k1', kind: 'post', payload: { text: 'a' } }, T0);
      const again = await outbox.enqueue({ key: 'k1', kind: 'post', payload: { text: 'b' } }, later(5));

      expect(again).toEqual(first);
      expect(first).toMatchObject({ key: 'k1', kind: 'post', payload: { text: 'a' }, attempts: 0 });
      expect((await outbox.pending(T0)).count).toBe(1);
    });

    it("hands out a request's items in order, one at a time, and other requests side by side", async () => {
      const outbox = await makeOutbox().open();
      await outbox.enqueue({ key: 'a1', requestId: 'req-a', kind: 'post', payload: {} }, T0);
      await outbox.enqueue({ key: 'a2', requestId: 'req-a', kind: 'post', payload: {} }, T0);
      await outbox.enqueue({ key: 'b1', requestId: 'req-b', kind: 'post', payload: {} }, T0);

      const first = await outbox.claim('me', T0, LEASE, 10);
      const whileHeld = await outbox.claim('me', T0, LEASE, 10);
      await outbox.complete('a1', 'me', later(1), { result: { ts: '1.1' } });
      const next = await outbox.claim('me', later(2), LEASE, 10);

      expect(first.map((i) => i.key)).toEqual(['a1', 'b1']);
      expect(first[0]).toMatchObject({ claimedBy: 'me' });
      expect(whileHeld).toEqual([]);
      expect(next.map((i) => i.key)).toEqual(['a2']);
      expect(await outbox.get('a1')).toMatchObject({ result: { ts: '1.1' }, doneAt: later(1).toISOString() });
    });

    it('leases an item to one owner: another owner cannot finish it, nor claim it until the lease ends', async () => {
      const outbox = await makeOutbox().open();
      await outbox.enqueue({ key: 'k', kind: 'post', payload: {} }, T0);
      await outbox.claim('one', T0, LEASE, 10);

      const stolen = await outbox.claim('two', later(1), LEASE, 10);
      const finishedByOther = await outbox.complete('k', 'two', later(2), {});
      const afterLease = await outbox.claim('two', later(LEASE + 1), LEASE, 10);
      const finishedByFirst = await outbox.complete('k', 'one', later(LEASE + 2), {});

      expect(stolen).toEqual([]);
      expect(finishedByOther).toBe(false);
      expect(afterLease.map((i) => i.key)).toEqual(['k']);
      expect(finishedByFirst).toBe(false);
      expect((await outbox.get('k'))?.doneAt).toBeUndefined();
    });

    it('reschedules: not due before availableAt, attempts and the error counted', async () => {
      const outbox = await makeOutbox().open();
      await outbox.enqueue({ key: 'k', requestId: 'req-a', kind: 'post', payload: {} }, T0);
      await outbox.claim('me', T0, LEASE, 10);

      const moved = await outbox.retryAt('k', 'me', later(1), later(60_000), 'ratelimited');
      const early = await outbox.claim('me', later(59_000), LEASE, 10);
      const summary = await outbox.pending(later(2));
      const due = await outbox.claim('me', later(60_000), LEASE, 10);

      expect(moved).toBe(true);
      expect(early).toEqual([]);
      expect(summary).toEqual({ count: 1, nextDueAt: later(60_000).toISOString() });
      expect(due[0]).toMatchObject({ key: 'k', attempts: 1, lastError: 'ratelimited' });
    });

    it('a given-up item is finished with its reason and no longer holds its lane', async () => {
      const outbox = await makeOutbox().open();
      await outbox.enqueue({ key: 'a1', requestId: 'req-a', kind: 'post', payload: { text: 'x' } }, T0);
      await outbox.enqueue({ key: 'a2', requestId: 'req-a', kind: 'post', payload: {} }, T0);
      await outbox.claim('me', T0, LEASE, 10);

      await outbox.complete('a1', 'me', later(1), { error: 'msg_too_long' });
      const next = await outbox.claim('me', later(2), LEASE, 10);

      expect(await outbox.get('a1')).toMatchObject({ lastError: 'msg_too_long', payload: {} });
      expect(next.map((i) => i.key)).toEqual(['a2']);
      expect((await outbox.pending(later(2))).count).toBe(1);
    });

    it('keeps unfinished and finished items across a reopen', async () => {
      const factory = makeOutbox();
      const outbox = await factory.open();
      const since = await outbox.since();
      await outbox.enqueue({ key: 'done', kind: 'post', payload: {} }, T0);
      await outbox.enqueue({ key: 'open', requestId: 'req-a', kind: 'post', payload: { text: 'hi' } }, T0);
      await outbox.claim('me', T0, LEASE, 1);
      await outbox.complete('done', 'me', later(1), { result: { ts: '1.2' } });

      const reopened = await factory.reopen(outbox);

      expect(await reopened.since()).toEqual(since);
      expect(await reopened.get('done')).toMatchObject({ result: { ts: '1.2' } });
      expect(await reopened.get('open')).toMatchObject({ payload: { text: 'hi' } });
      expect((await reopened.claim('me', later(2), LEASE, 10)).map((i) => i.key)).toEqual(['open']);
    });

    it('hands out copies: changing a returned item changes nothing stored', async () => {
      const outbox = await makeOutbox().open();
      const item = await outbox.enqueue({ key: 'k', kind: 'post', payload: { text: 'a' } }, T0);

      item.payload.text = 'changed';

      expect((await outbox.get('k'))?.payload).toEqual({ text: 'a' });
    });
  });
}
