import { describe, expect, it } from 'vitest';
import { CloudError } from '../../../src/domain/errors.js';
import type { InstallRequest } from '../../../src/domain/model.js';
import { renderTrackingEvent } from '../../../src/slack/views/report-messages.js';
import { INTERVAL_MS, runningRequest, throttled, trackingWorld } from './tracking-fixtures.js';

const I1 = 'i-bp1aaaaaaaaaa0000001';
const I2 = 'i-bp1aaaaaaaaaa0000002';
const I3 = 'i-bp1aaaaaaaaaa0000003';

async function stored(world: ReturnType<typeof trackingWorld>, id: string): Promise<InstallRequest> {
  const request = await world.store.get(id);
  if (!request) throw new Error(`no request ${id}`);
  return request;
}

describe('ExecutionTracker', () => {
  it('follows a successful execution to exactly one final report', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1, I2]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1, I2]);
    world.tracker.watch('req-1');
    world.oos.setInstances('exec-1', [
      { instanceId: I1, status: 'Success' },
      { instanceId: I2, status: 'Running' },
    ]);
    await world.advance();
    world.oos.setInstances('exec-1', [
      { instanceId: I1, status: 'Success', output: 'node v22.13.1 installed' },
      { instanceId: I2, status: 'Success', output: 'node v22.13.1 installed' },
    ]);
    world.oos.finish('exec-1', 'Success');

    await world.advance();
    await world.advance();

    const request = await stored(world, 'req-1');
    expect(world.notifier.kinds()).toEqual(['progress', 'final_report']);
    expect(request.status).toBe('succeeded');
    expect(request.execution?.finalReportAt).toBeDefined();
    expect(request.execution?.endedAt).toBe('2025-06-01T10:04:12.000Z');
    expect(request.execution?.instances.map((i) => [i.instanceId, i.status, i.output])).toEqual([
      [I1, 'Success', 'node v22.13.1 installed'],
      [I2, 'Success', 'node v22.13.1 installed'],
    ]);
    expect(request.history.map((h) => h.type)).toContain('final_report');
    expect(world.tracker.trackedRequestIds()).toEqual([]);
    expect(world.oos.callsOf('listExecutions')).toHaveLength(2);
  });

  it('reports a partial failure with each instance and its error', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1, I2, I3]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1, I2, I3]);
    world.tracker.watch('req-1');
    world.oos.setInstances('exec-1', [
      { instanceId: I1, status: 'Success', output: 'ok' },
      { instanceId: I2, status: 'Failed', message: 'Cloud Assistant is not online on the instance.' },
      { instanceId: I3, status: 'Success', output: 'ok' },
    ]);
    world.oos.finish('exec-1', 'Failed', 'Task configurePackage failed on 1 of 3 instance(s)');

    await world.advance();

    const request = await stored(world, 'req-1');
    expect(request.status).toBe('failed');
    expect(request.execution?.instances.map((i) => i.status)).toEqual(['Success', 'Failed', 'Success']);
    expect(request.execution?.instances[1]?.message).toBe('Cloud Assistant is not online on the instance.');
    const final = world.notifier.events.find((e) => e.event.kind === 'final_report');
    expect(final?.status).toBe('failed');
  });

  it('posts a progress update only when status or counts change', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1, I2]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1, I2]);
    world.tracker.watch('req-1');
    world.oos.setInstances('exec-1', [
      { instanceId: I1, status: 'Success' },
      { instanceId: I2, status: 'Running' },
    ]);

    await world.advance();
    await world.advance();

    expect(world.notifier.kinds()).toEqual(['progress']);
    expect(world.notifier.refreshed).toHaveLength(1);
    expect(world.oos.callsOf('listTaskExecutions')).toHaveLength(1);

    world.oos.setInstances('exec-1', [
      { instanceId: I1, status: 'Success' },
      { instanceId: I2, status: 'Failed', message: 'download failed' },
    ]);
    await world.advance();

    expect(world.notifier.kinds()).toEqual(['progress', 'progress']);
    expect((await stored(world, 'req-1')).execution?.lastNotifiedKey).toBe('Running|2/2|1|1|0');
  });

  it('asks for the loop children of configurePackage, never one ListExecutions per execution', async () => {
    const world = trackingWorld();
    const ids = Array.from({ length: 50 }, (_, n) => `req-${n}`);
    for (const [n, id] of ids.entries()) {
      await world.store.create(runningRequest(id, `exec-${n}`, [I1]));
      world.oos.addExecution(`exec-${n}`, 'cn-hangzhou', [I1]);
      world.tracker.watch(id);
    }

    await world.advance();
    const first = world.oos.calls.length;
    await world.advance();

    const lists = world.oos.callsOf('listExecutions');
    expect(lists).toHaveLength(2);
    expect(lists[0]?.query).toMatchObject({
      regionId: 'cn-hangzhou',
      templateName: 'ACS-ECS-BulkyConfigureOOSPackageWithTemporaryURL',
      startDateAfter: '2025-06-01T09:50:00.000Z',
    });
    expect(lists[0]?.query.executionId).toBeUndefined();
    expect(world.oos.callsOf('listTaskExecutions')).toHaveLength(50);
    expect(world.oos.callsOf('listTaskExecutions')[0]?.query).toMatchObject({
      taskName: 'configurePackage',
      includeChildren: true,
    });
    expect(world.oos.calls.length - first).toBe(1);
    expect(world.tracker.cycleStats()).toMatchObject({ tracked: 50, listExecutionsCalls: 1, cloudCalls: 1 });
  });

  it('polls each region once per cycle', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-a', 'exec-a', [I1]));
    await world.store.create(runningRequest('req-b', 'exec-b', [I2]));
    await world.store.create(runningRequest('req-c', 'exec-c', [I3], { regionId: 'cn-beijing' }));
    world.oos.addExecution('exec-a', 'cn-hangzhou', [I1]);
    world.oos.addExecution('exec-b', 'cn-hangzhou', [I2]);
    world.oos.addExecution('exec-c', 'cn-beijing', [I3]);
    for (const id of ['req-a', 'req-b', 'req-c']) world.tracker.watch(id);

    await world.advance();

    expect(
      world.oos
        .callsOf('listExecutions')
        .map((c) => c.query.regionId)
        .sort(),
    ).toEqual(['cn-beijing', 'cn-hangzhou']);
  });

  it('looks an execution up by id only when the region list misses it', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1], { templateName: 'Some-Other-Template' });
    world.tracker.watch('req-1');

    await world.advance();

    const lists = world.oos.callsOf('listExecutions');
    expect(lists.map((c) => c.query.executionId)).toEqual([undefined, 'exec-1']);
    expect(world.notifier.kinds()).toEqual(['progress']);
  });

  it('watching the same request twice polls it once', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.tracker.watch('req-1');
    world.tracker.watch('req-1');

    await world.advance();

    expect(world.oos.callsOf('listExecutions')).toHaveLength(1);
    expect(world.oos.callsOf('listTaskExecutions')).toHaveLength(1);
    expect(world.clock.pendingTimers).toBe(1);
  });

  it('tells the thread once when the execution waits for a manual confirmation', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1], { status: 'Waiting' });
    world.tracker.watch('req-1');

    await world.advance();
    await world.advance();
    world.oos.setStatus('exec-1', 'Waiting');
    await world.advance();
    world.oos.setStatus('exec-1', 'Running');
    await world.advance();

    expect(world.notifier.kinds()).toEqual(['waiting', 'progress']);
  });

  it('handles every non-terminal status, known or not, without finishing', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.tracker.watch('req-1');
    const seen: string[] = [];

    for (const status of ['Started', 'Queued', 'Pending', 'Scaling']) {
      world.oos.setStatus('exec-1', status);
      await world.advance();
      seen.push((await stored(world, 'req-1')).execution?.status ?? '');
    }

    expect(seen).toEqual(['Started', 'Queued', 'Pending', 'Scaling']);
    expect((await stored(world, 'req-1')).status).toBe('running');
    expect(world.notifier.kinds()).toEqual(['progress', 'progress', 'progress', 'progress']);
  });

  it('posts a pending report after the timeout, then the final report when it ends', async () => {
    const world = trackingWorld({ timeoutMs: 60_000 });
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.tracker.watch('req-1');
    for (let n = 0; n < 3; n++) await world.advance();
    const pending = await stored(world, 'req-1');
    const listsAtTimeout = world.oos.callsOf('listExecutions').length;

    for (let n = 0; n < 5; n++) await world.advance();
    const slowPolls = world.oos.callsOf('listExecutions').length - listsAtTimeout;
    world.oos.setInstances('exec-1', [{ instanceId: I1, status: 'Success' }]);
    world.oos.finish('exec-1', 'Success');
    for (let n = 0; n < 5; n++) await world.advance();

    expect(pending.execution?.pendingReportAt).toBeDefined();
    expect(pending.status).toBe('running');
    expect(slowPolls).toBe(1);
    expect(world.notifier.kinds()).toEqual(['progress', 'pending_report', 'final_report']);
    expect(world.notifier.events[1]?.event).toEqual({ kind: 'pending_report', timeoutMinutes: 1 });
    expect((await stored(world, 'req-1')).status).toBe('succeeded');
  });

  it('resumes running requests after a restart and reports each exactly once', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    await world.store.create(runningRequest('req-2', 'exec-2', [I2]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.oos.addExecution('exec-2', 'cn-hangzhou', [I2]);
    await world.tracker.resume();
    await world.advance();
    world.oos.setInstances('exec-1', [{ instanceId: I1, status: 'Success' }]);
    world.oos.finish('exec-1', 'Success');
    await world.advance();
    // The first process dies; its timer dies with it (stop() only cancels it, nothing is written).
    await world.tracker.stop();

    const second = world.restart();
    const resumed = await second.resume();
    world.oos.setInstances('exec-2', [{ instanceId: I2, status: 'Success' }]);
    world.oos.finish('exec-2', 'Success');
    await world.advance(INTERVAL_MS, second);
    await world.advance(INTERVAL_MS, second);
    const third = world.restart();
    const resumedAgain = await third.resume();

    expect(resumed).toBe(1);
    expect(resumedAgain).toBe(0);
    const finals = world.notifier.events
      .filter((e) => e.event.kind === 'final_report')
      .map((e) => e.requestId);
    expect(finals).toEqual(['req-1', 'req-2']);
    const progress = world.notifier.events.filter((e) => e.event.kind === 'progress').map((e) => e.requestId);
    expect(progress.sort()).toEqual(['req-1', 'req-2']);
  });

  it('never reports again a request whose final report was claimed before a crash', async () => {
    const world = trackingWorld();
    const claimed = runningRequest('req-1', 'exec-1', [I1]);
    await world.store.create({
      ...claimed,
      execution: {
        ...(claimed.execution as NonNullable<InstallRequest['execution']>),
        finalReportAt: '2025-06-01T10:05:00Z',
      },
    });
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1], { status: 'Success' });

    const resumed = await world.tracker.resume();
    world.tracker.watch('req-1');
    await world.advance();

    expect(resumed).toBe(0);
    expect(world.notifier.events).toEqual([]);
    expect(world.oos.calls).toEqual([]);
  });

  it('backs a throttled region off, doubling the wait, then recovers', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.tracker.watch('req-1');
    world.oos.failures.once('listExecutions', throttled());
    world.oos.failures.once('listExecutions', throttled());
    const callsAfter: number[] = [];

    for (let n = 0; n < 8; n++) {
      await world.advance();
      callsAfter.push(world.oos.callsOf('listExecutions').length);
    }

    // t=20 s throttled (wait 40 s) → t=60 s throttled (wait 80 s) → t=140 s ok → every 20 s again.
    expect(callsAfter).toEqual([1, 1, 2, 2, 2, 2, 3, 4]);
    expect(world.notifier.kinds()).toEqual(['progress']);
  });

  it('honours the Retry-After of a throttled call', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.tracker.watch('req-1');
    world.oos.failures.once('listExecutions', throttled(100));
    const callsAfter: number[] = [];

    for (let n = 0; n < 7; n++) {
      await world.advance();
      callsAfter.push(world.oos.callsOf('listExecutions').length);
    }

    expect(callsAfter).toEqual([1, 1, 1, 1, 1, 2, 3]);
    expect(world.tracker.cycleStats()?.throttled).toBe(0);
  });

  it('keeps going after other errors and retries on the next cycle', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.tracker.watch('req-1');
    world.oos.failures.once(
      'listExecutions',
      new CloudError({
        kind: 'server',
        code: 'ServiceUnavailable',
        service: 'oos',
        action: 'ListExecutions',
        message: 'x',
      }),
    );

    await world.advance();
    const errors = world.tracker.cycleStats()?.errors;
    await world.advance();

    expect(errors).toBe(1);
    expect(world.notifier.kinds()).toEqual(['progress']);
  });

  it('waits for per-instance results of a finished execution, and reports without them if they never come', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.tracker.watch('req-1');
    world.oos.finish('exec-1', 'Success');
    world.oos.failures.always(
      'listTaskExecutions',
      new CloudError({
        kind: 'server',
        code: 'InternalError',
        service: 'oos',
        action: 'ListTaskExecutions',
        message: 'x',
      }),
    );

    await world.advance();
    await world.advance();
    const before = [...world.notifier.kinds()];
    await world.advance();

    expect(before).toEqual([]);
    expect(world.notifier.kinds()).toEqual(['final_report']);
    expect((await stored(world, 'req-1')).execution?.instances[0]?.status).toBe('Success');
  });

  it('keeps credentials of configurationOutput out of the store', async () => {
    const world = trackingWorld();
    await world.store.create(
      runningRequest('req-1', 'exec-1', [I1], {
        packageName: 'ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618',
        packageDisplayName: 'BaoTa Panel',
      }),
    );
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.tracker.watch('req-1');
    world.oos.setInstances('exec-1', [
      {
        instanceId: I1,
        status: 'Success',
        output: 'installed',
        configuration: JSON.stringify({
          publicUrl: 'https://1.2.3.4:8888/a1b2',
          username: 'admin',
          password: 'Pa55-w0rd!x',
        }),
      },
    ]);
    world.oos.finish('exec-1', 'Success');

    await world.advance();

    expect(world.notifier.kinds()).toEqual(['final_report']);
    expect(JSON.stringify(world.store.all())).not.toContain('Pa55-w0rd!x');
    const configuration = (await stored(world, 'req-1')).execution?.instances[0]?.configuration;
    expect(configuration).toContain('"password":"******"');
    expect(configuration).toContain('https://1.2.3.4:8888/a1b2');
  });

  it('lets the requester or an approver cancel; the next poll reports Cancelled', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.tracker.watch('req-1');
    const approvers = new Set(['U0APPROVER']);
    const isApprover = async (user: string) => approvers.has(user);

    const stranger = await world.tracker.cancel('req-1', 'U0STRANGER', isApprover);
    const approver = await world.tracker.cancel('req-1', 'U0APPROVER', isApprover);
    const again = await world.tracker.cancel('req-1', 'U0REQUESTER', isApprover);
    await world.advance();
    const after = await world.tracker.cancel('req-1', 'U0REQUESTER', isApprover);

    expect(stranger).toEqual({ ok: false, reason: 'not_allowed' });
    expect(approver.ok).toBe(true);
    expect(again).toEqual({ ok: false, reason: 'already_requested' });
    expect(after).toEqual({ ok: false, reason: 'not_running' });
    expect(world.oos.callsOf('cancelExecution')).toHaveLength(1);
    expect(world.notifier.kinds()).toEqual(['cancel_requested', 'final_report']);
    const request = await stored(world, 'req-1');
    expect(request.status).toBe('cancelled');
    expect(request.history.find((h) => h.type === 'cancel_requested')?.actor).toBe('U0APPROVER');
  });

  it('tells the thread when OOS refuses to cancel, and allows another try', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    const refusal = new CloudError({
      kind: 'permission',
      code: 'Forbidden.RAM',
      service: 'oos',
      action: 'CancelExecution',
      message: 'denied',
      deniedAction: 'oos:CancelExecution',
    });
    world.oos.failures.once('cancelExecution', refusal);

    const failed = await world.tracker.cancel('req-1', 'U0REQUESTER', async () => false);
    const retried = await world.tracker.cancel('req-1', 'U0REQUESTER', async () => false);

    expect(failed).toEqual({ ok: false, reason: 'failed', error: refusal });
    expect(retried.ok).toBe(true);
    expect(world.notifier.kinds()).toEqual(['cancel_failed', 'cancel_requested']);
    const history = (await stored(world, 'req-1')).history.map((h) => h.type);
    expect(history.slice(-2)).toEqual(['cancel_failed', 'cancel_requested']);
  });

  it('stops the loop when nothing is left to track and on stop()', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1], { status: 'Success' });
    world.tracker.watch('req-1');

    await world.advance();
    const timersWhenDone = world.clock.pendingTimers;
    await world.store.create(runningRequest('req-2', 'exec-2', [I2]));
    world.tracker.watch('req-2');
    await world.tracker.stop();

    expect(timersWhenDone).toBe(0);
    expect(world.clock.pendingTimers).toBe(0);
  });

  it('renders the stored final report from the notified request without the credentials in the channel', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.tracker.watch('req-1');
    const seen: Array<ReturnType<typeof renderTrackingEvent>> = [];
    world.notifier.notify = async (request, event) => {
      seen.push(renderTrackingEvent(request, event, 'en'));
    };
    world.oos.setInstances('exec-1', [
      { instanceId: I1, status: 'Success', configuration: 'username: admin\npassword: S3cr3t-Value' },
    ]);
    world.oos.finish('exec-1', 'Success');

    await world.advance();

    const report = seen[0];
    expect(JSON.stringify(report?.blocks)).not.toContain('S3cr3t-Value');
    expect(report?.text).not.toContain('S3cr3t-Value');
    expect(report?.privateText).toContain('S3cr3t-Value');
  });
});
