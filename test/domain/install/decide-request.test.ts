import { describe, expect, it } from 'vitest';
import { CloudError } from '../../../src/domain/errors.js';
import { SECRET_MASK } from '../../../src/domain/model.js';
import { settle } from '../../fakes/fake-clock.js';
import { makeExecution } from '../../fakes/fake-oos.js';
import { type Harness, I1, I2, makeHarness, NODE, REQUESTER, submission } from './install-harness.js';

/** Lets promise chains run until `condition` holds; fails the test if it never does. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let round = 0; round < 100 && !condition(); round += 1) await settle(5);
  if (!condition()) throw new Error('condition never held');
}

async function submitted(h: Harness, fields: Parameters<typeof submission>[0] = {}): Promise<string> {
  const result = await h.flow.requestInstall(submission(fields));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  await result.confirmation;
  return result.request.id;
}

describe('decideRequest — approve and start', () => {
  it('starts exactly one execution with the exact Parameters, then tracks it', async () => {
    const h = makeHarness();
    const id = await submitted(h, {
      concurrency: '2',
      maxErrors: '1',
      parameterValues: { version: 'v20.18.1' },
    });

    const result = await h.flow.decide(id, 'U0APPROVER', 'approve');

    expect(result.changed).toBe(true);
    expect(h.oos.startCalls).toHaveLength(1);
    expect(h.oos.startCalls[0]).toEqual({
      regionId: 'cn-hangzhou',
      templateName: 'ACS-ECS-BulkyConfigureOOSPackageWithTemporaryURL',
      mode: 'Automatic',
      clientToken: `ecs-ext-${id}`,
      description: `ecs-ext ${id}`,
      tags: { 'ecs-ext:request': id },
      parameters: {
        regionId: 'cn-hangzhou',
        OOSAssumeRole: '',
        targets: { ResourceIds: [I1, I2], RegionId: 'cn-hangzhou', Type: 'ResourceIds' },
        rateControl: { Mode: 'Concurrency', Concurrency: 2, MaxErrors: 1 },
        action: 'install',
        packageName: NODE,
        packageVersion: 'v27',
        parameters: { version: 'v20.18.1', registry: '', adminPassword: '' },
      },
    });
    const stored = await h.store.get(id);
    const executionId = h.oos.executions[0]?.executionId;
    expect(stored?.status).toBe('running');
    expect(stored?.execution?.executionId).toBe(executionId);
    expect(stored?.execution?.consoleUrl).toBe(
      `https://oos.console.aliyun.com/cn-hangzhou/execution/detail/${executionId}`,
    );
    expect(JSON.parse(stored?.startParameters ?? '')).toEqual(h.oos.startCalls[0]?.parameters);
    expect(stored?.history.map((e) => e.type)).toEqual(['created', 'approved', 'starting', 'started']);
    expect(h.notifier.kinds()).toEqual(['approved', 'started']);
    expect(h.notifier.events[1]?.event).toEqual({
      kind: 'started',
      executionId,
      consoleUrl: stored?.execution?.consoleUrl,
    });
    expect(h.watcher.watched).toEqual([id]);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('stores the request as starting before calling OOS', async () => {
    const h = makeHarness();
    const id = await submitted(h);
    let statusDuringCall: string | undefined;
    const start = h.oos.startExecution.bind(h.oos);
    h.oos.startExecution = async (input) => {
      statusDuringCall = (await h.store.get(id))?.status;
      return start(input);
    };

    await h.flow.decide(id, 'U0APPROVER', 'approve');

    expect(statusDuringCall).toBe('starting');
  });

  it('sends secret values to OOS but stores them masked', async () => {
    const h = makeHarness();
    const id = await submitted(h, { parameterValues: { adminPassword: 'Sup3r-Secret!' } });

    await h.flow.decide(id, 'U0APPROVER', 'approve');

    expect(h.oos.startCalls[0]?.parameters.parameters).toMatchObject({ adminPassword: 'Sup3r-Secret!' });
    const stored = await h.store.get(id);
    expect(JSON.parse(stored?.startParameters ?? '').parameters.adminPassword).toBe(SECRET_MASK);
    expect(JSON.stringify(h.store.all())).not.toContain('Sup3r-Secret!');
  });

  it('turns 20 concurrent approvals by different people into one StartExecution', async () => {
    const h = makeHarness();
    const id = await submitted(h);

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => h.flow.decide(id, `U0APPROVER${i}`, 'approve')),
    );

    expect(h.oos.startCalls).toHaveLength(1);
    expect(h.oos.executions).toHaveLength(1);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(h.notifier.kinds().filter((k) => k === 'refused')).toHaveLength(19);
    expect(h.watcher.watched).toEqual([id]);
  });

  it('lets one of 12 approvals read at once on two processes win: one StartExecution, one approved reply', async () => {
    const h = makeHarness();
    const id = await submitted(h);
    const replica = h.restart();
    let release: () => void = () => {};
    h.store.holdWrites = new Promise<void>((resolve) => {
      release = resolve;
    });

    const clicks = Array.from({ length: 12 }, (_, i) =>
      (i % 2 === 0 ? h.flow : replica).decide(id, `U0APPROVER${i}`, 'approve'),
    );
    // Every click has read the pending request and judged it before any write lands.
    await waitUntil(() => h.store.heldWrites === 12);
    h.store.holdWrites = undefined;
    release();
    const results = await Promise.all(clicks);

    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(h.oos.startCalls).toHaveLength(1);
    expect(h.notifier.kinds().filter((k) => k === 'approved')).toHaveLength(1);
    expect(h.notifier.kinds().filter((k) => k === 'started')).toHaveLength(1);
    expect(h.notifier.events.filter((e) => e.event.kind === 'refused').map((e) => e.event)).toEqual(
      Array.from({ length: 11 }, () => expect.objectContaining({ reason: 'not_pending' })),
    );
    expect((await h.store.get(id))?.approvals).toHaveLength(1);
  });

  it('counts every distinct approval of a quorum of 3 clicked at once, and starts once', async () => {
    const h = makeHarness({ policy: { requiredApprovals: 3 } });
    const id = await submitted(h);
    let release: () => void = () => {};
    h.store.holdWrites = new Promise<void>((resolve) => {
      release = resolve;
    });

    const clicks = ['U0ONE', 'U0TWO', 'U0THREE'].map((user) => h.flow.decide(id, user, 'approve'));
    await waitUntil(() => h.store.heldWrites === 3);
    h.store.holdWrites = undefined;
    release();
    await Promise.all(clicks);

    const stored = await h.store.get(id);
    expect(stored?.approvals.map((a) => a.userId).sort()).toEqual(['U0ONE', 'U0THREE', 'U0TWO']);
    expect(stored?.status).toBe('running');
    expect(h.oos.startCalls).toHaveLength(1);
    expect(h.notifier.kinds().filter((k) => k === 'approved')).toHaveLength(3);
  });

  it('holds the second launch of one package in one region until the first started: it is then blocked', async () => {
    const h = makeHarness();
    const first = await submitted(h, { instancesText: I1 });
    const second = await submitted(h, { instancesText: `${I1}, ${I2}` });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = 0;
    const start = h.oos.startExecution.bind(h.oos);
    h.oos.startExecution = async (input) => {
      entered += 1;
      await held;
      return start(input);
    };

    const clicks = [h.flow.decide(first, 'U0ONE', 'approve'), h.flow.decide(second, 'U0TWO', 'approve')];
    // Both clicks are in: both approvals are stored, and one StartExecution is waiting in OOS.
    await waitUntil(() => h.notifier.kinds().filter((k) => k === 'approved').length === 2);
    await waitUntil(() => entered >= 1);
    await settle();
    const startsWhileHeld = entered;
    release();
    const [a, b] = await Promise.all(clicks);

    expect(startsWhileHeld).toBe(1);
    expect(h.oos.startCalls).toHaveLength(1);
    const statuses = [a?.request.status, b?.request.status].sort();
    expect(statuses).toEqual(['blocked', 'running']);
    const blocked = [a, b].find((r) => r?.request.status === 'blocked');
    expect(blocked?.request.duplicates.map((d) => d.instanceIds)).toEqual([[I1]]);
  });

  it('turns 20 concurrent clicks of one person into one approval (quorum 2: no start)', async () => {
    const h = makeHarness({ policy: { requiredApprovals: 2 } });
    const id = await submitted(h);

    await Promise.all(Array.from({ length: 20 }, () => h.flow.decide(id, 'U0APPROVER', 'approve')));

    expect((await h.store.get(id))?.approvals.map((a) => a.userId)).toEqual(['U0APPROVER']);
    expect(h.oos.startCalls).toHaveLength(0);
    expect(h.notifier.events.filter((e) => e.event.kind === 'refused').map((e) => e.event)).toHaveLength(19);
    expect(h.notifier.events.find((e) => e.event.kind === 'refused')?.event).toEqual({
      kind: 'refused',
      by: 'U0APPROVER',
      reason: 'already_approved',
    });
  });

  it('waits for the second distinct approval when two are required', async () => {
    const h = makeHarness({ policy: { requiredApprovals: 2 } });
    const id = await submitted(h);

    const first = await h.flow.decide(id, 'U0ONE', 'approve');
    const afterFirst = h.oos.startCalls.length;
    const second = await h.flow.decide(id, 'U0TWO', 'approve');

    expect(first.request.status).toBe('pending');
    expect(afterFirst).toBe(0);
    expect(second.request.status).toBe('running');
    expect(h.oos.startCalls).toHaveLength(1);
    expect(h.notifier.events.filter((e) => e.event.kind === 'approved').map((e) => e.event)).toEqual([
      { kind: 'approved', by: 'U0ONE', count: 1, required: 2 },
      { kind: 'approved', by: 'U0TWO', count: 2, required: 2 },
    ]);
    expect(h.notifier.refreshed.map((r) => r.status)).toEqual(['pending', 'running']);
  });

  it('accepts an approver through a listed user group and refuses others', async () => {
    const h = makeHarness({ policy: { approvers: ['S0OPS'] }, groups: { S0OPS: ['U0OPS'] } });
    const id = await submitted(h);

    const stranger = await h.flow.decide(id, 'U0STRANGER', 'approve');
    const member = await h.flow.decide(id, 'U0OPS', 'approve');

    expect(stranger.changed).toBe(false);
    expect(member.request.status).toBe('running');
    expect(h.notifier.events[0]?.event).toEqual({
      kind: 'refused',
      by: 'U0STRANGER',
      reason: 'not_approver',
    });
  });

  it('refuses self-approval without storing anything', async () => {
    const h = makeHarness();
    const id = await submitted(h);
    const puts = h.store.writes;

    const result = await h.flow.decide(id, REQUESTER, 'approve');

    expect(result).toMatchObject({ changed: false, request: { status: 'pending' } });
    expect(h.store.writes).toBe(puts);
    expect(h.notifier.events.map((e) => e.event)).toEqual([
      { kind: 'refused', by: REQUESTER, reason: 'self_approval' },
    ]);
  });

  it('does not start when the same package is already running on one of the instances', async () => {
    const h = makeHarness();
    const id = await submitted(h);
    h.oos.executions.push(
      makeExecution({ executionId: 'exec-running', packageName: NODE, resourceIds: [I2] }),
    );

    const result = await h.flow.decide(id, 'U0APPROVER', 'approve');

    expect(result.request.status).toBe('blocked');
    expect(h.oos.startCalls).toHaveLength(0);
    expect(h.notifier.events.at(-1)?.event).toEqual({
      kind: 'blocked',
      duplicates: [
        {
          executionId: 'exec-running',
          status: 'Running',
          instanceIds: [I2],
          consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-running',
        },
      ],
    });
    const asked = h.oos.listCalls.filter(
      (q) => q.templateName === 'ACS-ECS-BulkyConfigureOOSPackageWithTemporaryURL' && q.status !== undefined,
    );
    expect(asked.map((q) => q.status)).toEqual(expect.arrayContaining(['Running', 'Waiting', 'Queued']));
  });

  it('marks the request start_failed when OOS refuses StartExecution, without trying again', async () => {
    const h = makeHarness();
    const id = await submitted(h);
    const error = new CloudError({
      kind: 'invalid_request',
      code: 'InvalidParameter',
      service: 'oos',
      action: 'StartExecution',
      message: 'The parameter packageName is invalid.',
    });
    h.oos.failures.always('startExecution', error);

    const result = await h.flow.decide(id, 'U0APPROVER', 'approve');

    expect(result.request.status).toBe('start_failed');
    expect(result.request.history.at(-1)?.detail).toMatch(/OOS StartExecution failed \(InvalidParameter\)/);
    expect(h.oos.startCalls).toHaveLength(1);
    expect(h.notifier.events.at(-1)?.event).toEqual({ kind: 'start_failed', error });
    expect(h.watcher.watched).toEqual([]);
  });

  it('adopts the execution when StartExecution failed after OOS created it', async () => {
    const h = makeHarness();
    const id = await submitted(h);
    const start = h.oos.startExecution.bind(h.oos);
    h.oos.startExecution = async (input) => {
      await start(input);
      throw new CloudError({
        kind: 'network',
        code: 'ECONNRESET',
        service: 'oos',
        action: 'StartExecution',
        message: 'reset',
      });
    };

    const result = await h.flow.decide(id, 'U0APPROVER', 'approve');

    expect(result.request.status).toBe('running');
    expect(result.request.execution?.executionId).toBe(h.oos.executions[0]?.executionId);
    expect(h.oos.executions).toHaveLength(1);
  });

  it('does not start when the duplicate check fails', async () => {
    const h = makeHarness();
    const id = await submitted(h);
    h.oos.failures.always('listExecutions', new Error('down'));

    const result = await h.flow.decide(id, 'U0APPROVER', 'approve');

    expect(result.request.status).toBe('start_failed');
    expect(result.request.history.at(-1)?.detail).toMatch(/could not check for running installs/);
    expect(h.oos.startCalls).toHaveLength(0);
  });

  it('refuses approvals once the request is running', async () => {
    const h = makeHarness();
    const id = await submitted(h);
    await h.flow.decide(id, 'U0APPROVER', 'approve');

    const again = await h.flow.decide(id, 'U0OTHER', 'approve');

    expect(again.changed).toBe(false);
    expect(h.notifier.events.at(-1)?.event).toEqual({
      kind: 'refused',
      by: 'U0OTHER',
      reason: 'not_pending',
    });
  });

  it('rejects an unknown request id with not_found', async () => {
    const h = makeHarness();

    const deciding = h.flow.decide('req-unknown0', 'U0APPROVER', 'approve');

    await expect(deciding).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('decideRequest — reject and withdraw', () => {
  it('rejects: stores, tells the thread, refreshes the message, drops the expiry timer', async () => {
    const h = makeHarness();
    const id = await submitted(h);

    const result = await h.flow.decide(id, 'U0APPROVER', 'reject');

    expect(result).toMatchObject({ changed: true, request: { status: 'rejected' } });
    expect((await h.store.get(id))?.status).toBe('rejected');
    expect(h.notifier.kinds()).toEqual(['rejected']);
    expect(h.notifier.refreshed).toEqual([{ requestId: id, status: 'rejected' }]);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('cannot approve a rejected request', async () => {
    const h = makeHarness();
    const id = await submitted(h);
    await h.flow.decide(id, 'U0APPROVER', 'reject');

    const result = await h.flow.decide(id, 'U0OTHER', 'approve');

    expect(result.changed).toBe(false);
    expect(h.oos.startCalls).toHaveLength(0);
  });

  it('lets only the requester withdraw', async () => {
    const h = makeHarness();
    const id = await submitted(h);

    const other = await h.flow.decide(id, 'U0APPROVER', 'withdraw');
    const own = await h.flow.decide(id, REQUESTER, 'withdraw');

    expect(other.changed).toBe(false);
    expect(h.notifier.events[0]?.event).toEqual({
      kind: 'refused',
      by: 'U0APPROVER',
      reason: 'not_requester',
    });
    expect(own.request.status).toBe('withdrawn');
    expect(h.notifier.events[1]?.event).toEqual({ kind: 'withdrawn', by: REQUESTER });
  });

  it('refuses a non-approver rejecting when approvers are listed', async () => {
    const h = makeHarness({ policy: { approvers: ['U0BOSS'] } });
    const id = await submitted(h);

    const result = await h.flow.decide(id, 'U0STRANGER', 'reject');

    expect(result.changed).toBe(false);
    expect((await h.store.get(id))?.status).toBe('pending');
  });
});
