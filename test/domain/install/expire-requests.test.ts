import { describe, expect, it } from 'vitest';
import { CloudError } from '../../../src/domain/errors.js';
import type { InstallRequest } from '../../../src/domain/model.js';
import { makeExecution } from '../../fakes/fake-oos.js';
import { makeRequest } from '../../fakes/requests.js';
import { type Harness, I1, I2, makeHarness, NODE, submission } from './install-harness.js';

const MINUTE = 60_000;

async function submitted(h: Harness, fields: Parameters<typeof submission>[0] = {}): Promise<string> {
  const result = await h.flow.requestInstall(submission(fields));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  await result.confirmation;
  return result.request.id;
}

/** A request that crashed after the last approval was stored, before StartExecution answered. */
function starting(fields: Partial<InstallRequest> = {}): InstallRequest {
  return makeRequest({
    id: 'req-crashed0',
    status: 'starting',
    instanceIds: [I1, I2],
    packageName: NODE,
    approvals: [{ userId: 'U0APPROVER', at: '2025-06-01T09:59:00.000Z' }],
    ...fields,
  });
}

describe('the approvers reminder', () => {
  it('mentions the approvers once, when half the TTL has passed', async () => {
    const h = makeHarness({ policy: { ttlMinutes: 60 } });
    const id = await submitted(h);

    await h.clock.advance(29 * MINUTE);
    const early = h.notifier.kinds();
    await h.clock.advance(1 * MINUTE);
    const stored = await h.store.get(id);
    await h.clock.advance(20 * MINUTE);

    expect(early).toEqual([]);
    expect(h.notifier.kinds()).toEqual(['reminder']);
    expect(stored?.remindedAt).toBe('2025-06-01T10:30:00.000Z');
    expect(stored?.history.at(-1)?.type).toBe('reminded');
  });

  it('is not posted again after a restart, which only reschedules the expiry', async () => {
    const h = makeHarness({ policy: { ttlMinutes: 60 } });
    const id = await submitted(h);
    await h.clock.advance(31 * MINUTE);
    h.flow.stop();

    const restarted = h.restart();
    await restarted.resume();
    await h.clock.advance(28 * MINUTE);

    expect(h.notifier.kinds()).toEqual(['reminder']);
    expect((await h.store.get(id))?.status).toBe('pending');
  });

  it('a restart after the reminder was due and missed posts it once, late', async () => {
    const h = makeHarness({ policy: { ttlMinutes: 60 } });
    const id = await submitted(h);
    h.flow.stop();
    await h.clock.advance(40 * MINUTE);

    await h.restart().resume();
    await h.clock.advance(1 * MINUTE);

    expect(h.notifier.kinds()).toEqual(['reminder']);
    expect((await h.store.get(id))?.remindedAt).toBe('2025-06-01T10:40:00.000Z');
  });

  it('stays silent where the policy turns reminders off', async () => {
    const h = makeHarness({ policy: { ttlMinutes: 60 }, defaults: { remindApprovers: false } });
    await submitted(h);

    await h.clock.advance(59 * MINUTE);

    expect(h.notifier.kinds()).toEqual([]);
  });
});

describe('expireIfDue (expiry timers)', () => {
  it('expires a request nobody approved within the TTL', async () => {
    const h = makeHarness({ policy: { ttlMinutes: 60 } });
    const id = await submitted(h);

    await h.clock.advance(59 * MINUTE);
    const before = (await h.store.get(id))?.status;
    await h.clock.advance(1 * MINUTE);

    expect(before).toBe('pending');
    expect((await h.store.get(id))?.status).toBe('expired');
    expect(h.notifier.kinds()).toEqual(['reminder', 'expired']);
    expect(h.notifier.refreshed).toEqual([{ requestId: id, status: 'expired' }]);
  });

  it('refuses approval of an expired request', async () => {
    const h = makeHarness({ policy: { ttlMinutes: 5 } });
    const id = await submitted(h);
    await h.clock.advance(5 * MINUTE);

    const result = await h.flow.decide(id, 'U0APPROVER', 'approve');

    expect(result.changed).toBe(false);
    expect(h.notifier.events.at(-1)?.event).toEqual({
      kind: 'refused',
      by: 'U0APPROVER',
      reason: 'not_pending',
    });
    expect(h.oos.startCalls).toHaveLength(0);
  });

  it('does not expire a request that started in time', async () => {
    const h = makeHarness({ policy: { ttlMinutes: 5 } });
    const id = await submitted(h);
    await h.flow.decide(id, 'U0APPROVER', 'approve');

    await h.clock.advance(10 * MINUTE);

    expect((await h.store.get(id))?.status).toBe('running');
    expect(h.notifier.kinds()).not.toContain('expired');
  });

  it('stops its timers on stop()', async () => {
    const h = makeHarness({ policy: { ttlMinutes: 5 } });
    const id = await submitted(h);

    h.flow.stop();
    await h.clock.advance(10 * MINUTE);

    expect((await h.store.get(id))?.status).toBe('pending');
    expect(h.clock.pendingTimers).toBe(0);
  });
});

describe('resumeRequests (after a restart)', () => {
  it('expires overdue pending requests and reschedules the others', async () => {
    const h = makeHarness({
      requests: [
        makeRequest({ id: 'req-overdue0', expiresAt: '2025-06-01T09:00:00.000Z' }),
        makeRequest({ id: 'req-later000', expiresAt: '2025-06-01T10:30:00.000Z' }),
        makeRequest({ id: 'req-done0000', status: 'rejected', expiresAt: '2025-06-01T09:00:00.000Z' }),
      ],
    });

    await h.flow.resume();
    const afterResume = (await h.store.get('req-later000'))?.status;
    await h.clock.advance(30 * MINUTE);

    expect((await h.store.get('req-overdue0'))?.status).toBe('expired');
    expect(afterResume).toBe('pending');
    expect((await h.store.get('req-later000'))?.status).toBe('expired');
    expect((await h.store.get('req-done0000'))?.status).toBe('rejected');
    expect(h.notifier.events.map((e) => [e.requestId, e.event.kind])).toEqual([
      ['req-overdue0', 'expired'],
      ['req-later000', 'expired'],
    ]);
  });

  it('adopts the execution OOS already has for a crashed starting request, never starting a second', async () => {
    const h = makeHarness({ requests: [starting()] });
    h.oos.executions.push(
      makeExecution({
        executionId: 'exec-before-crash',
        packageName: NODE,
        resourceIds: [I1, I2],
        tags: { 'ecs-ext:request': 'req-crashed0' },
      }),
    );

    await h.flow.resume();

    const stored = await h.store.get('req-crashed0');
    expect(stored?.status).toBe('running');
    expect(stored?.execution?.executionId).toBe('exec-before-crash');
    expect(h.oos.startCalls).toHaveLength(0);
    expect(h.oos.executions).toHaveLength(1);
    expect(h.watcher.watched).toEqual(['req-crashed0']);
    expect(h.notifier.kinds()).toEqual(['started']);
    expect(h.oos.listCalls[0]).toMatchObject({ tags: { 'ecs-ext:request': 'req-crashed0' } });
  });

  it('starts a crashed starting request that OOS never saw, with its own ClientToken', async () => {
    const h = makeHarness({ requests: [starting()] });

    await h.flow.resume();

    expect(h.oos.startCalls).toHaveLength(1);
    expect(h.oos.startCalls[0]?.clientToken).toBe('ecs-ext-req-crashed0');
    expect((await h.store.get('req-crashed0'))?.status).toBe('running');
  });

  it('a second resume after the first changes nothing', async () => {
    const h = makeHarness({ requests: [starting()] });
    await h.flow.resume();

    await h.restart().resume();

    expect(h.oos.executions).toHaveLength(1);
    expect(h.watcher.watched).toEqual(['req-crashed0']);
  });

  it('retries later when the execution lookup fails, instead of risking a second start', async () => {
    const h = makeHarness({ requests: [starting()] });
    h.oos.failures.once(
      'listExecutions',
      new CloudError({
        kind: 'network',
        code: 'ECONNREFUSED',
        service: 'oos',
        action: 'ListExecutions',
        message: 'refused',
      }),
    );

    await h.flow.resume();
    const afterResume = (await h.store.get('req-crashed0'))?.status;
    await h.clock.advance(MINUTE);

    expect(afterResume).toBe('starting');
    expect(h.oos.startCalls).toHaveLength(1);
    expect((await h.store.get('req-crashed0'))?.status).toBe('running');
  });

  it('does not start after a restart when a secret value was lost; asks to submit again', async () => {
    const h = makeHarness({ policy: { requiredApprovals: 2 } });
    const id = await submitted(h, { parameterValues: { adminPassword: 'Sup3r-Secret!' } });
    await h.flow.decide(id, 'U0ONE', 'approve');
    const restarted = h.restart();
    await restarted.resume();

    const result = await restarted.decide(id, 'U0TWO', 'approve');

    expect(result.request.status).toBe('start_failed');
    expect(result.request.history.at(-1)?.detail).toBe(
      'secret values of adminPassword were lost in a restart',
    );
    expect(h.oos.startCalls).toHaveLength(0);
    const told = h.notifier.events.at(-1)?.event;
    expect(told?.kind).toBe('start_failed');
    expect(told?.kind === 'start_failed' && told.error).toMatchObject({
      code: 'expired',
      reason: { kind: 'secrets_lost', names: ['adminPassword'] },
    });
  });
});
