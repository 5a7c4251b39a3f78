import { describe, expect, it } from 'vitest';
import { CloudError } from '../../../src/domain/errors.js';
import type { InstallRequest } from '../../../src/domain/model.js';
import { makePackage, makeParameter } from '../../fakes/fake-catalog.js';
import { makeExecution } from '../../fakes/fake-oos.js';
import { makeRequest } from '../../fakes/requests.js';
import { type Harness, I1, I2, makeHarness, NODE, REQUESTER, submission } from './install-harness.js';

const MINUTE = 60_000;

async function submitted(h: Harness, fields: Parameters<typeof submission>[0] = {}): Promise<string> {
  const result = await h.service.submit(submission(fields));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
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

describe('InstallService expiry', () => {
  it('expires a request nobody approved within the TTL', async () => {
    const h = makeHarness({ policy: { ttlMinutes: 60 } });
    const id = await submitted(h);

    await h.clock.advance(59 * MINUTE);
    const before = (await h.store.get(id))?.status;
    await h.clock.advance(1 * MINUTE);

    expect(before).toBe('pending');
    expect((await h.store.get(id))?.status).toBe('expired');
    expect(h.notifier.kinds()).toEqual(['expired']);
    expect(h.notifier.refreshed).toEqual([{ requestId: id, status: 'expired' }]);
  });

  it('refuses approval of an expired request', async () => {
    const h = makeHarness({ policy: { ttlMinutes: 5 } });
    const id = await submitted(h);
    await h.clock.advance(5 * MINUTE);

    const result = await h.service.decide(id, 'U0APPROVER', 'approve');

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
    await h.service.decide(id, 'U0APPROVER', 'approve');

    await h.clock.advance(10 * MINUTE);

    expect((await h.store.get(id))?.status).toBe('running');
    expect(h.notifier.kinds()).not.toContain('expired');
  });

  it('stops its timers on stop()', async () => {
    const h = makeHarness({ policy: { ttlMinutes: 5 } });
    const id = await submitted(h);

    h.service.stop();
    await h.clock.advance(10 * MINUTE);

    expect((await h.store.get(id))?.status).toBe('pending');
    expect(h.clock.pendingTimers).toBe(0);
  });
});

describe('InstallService.resume', () => {
  it('expires overdue pending requests and reschedules the others', async () => {
    const h = makeHarness({
      requests: [
        makeRequest({ id: 'req-overdue0', expiresAt: '2025-06-01T09:00:00.000Z' }),
        makeRequest({ id: 'req-later000', expiresAt: '2025-06-01T10:30:00.000Z' }),
        makeRequest({ id: 'req-done0000', status: 'rejected', expiresAt: '2025-06-01T09:00:00.000Z' }),
      ],
    });

    await h.service.resume();
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

    await h.service.resume();

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

    await h.service.resume();

    expect(h.oos.startCalls).toHaveLength(1);
    expect(h.oos.startCalls[0]?.clientToken).toBe('ecs-ext-req-crashed0');
    expect((await h.store.get('req-crashed0'))?.status).toBe('running');
  });

  it('a second resume after the first changes nothing', async () => {
    const h = makeHarness({ requests: [starting()] });
    await h.service.resume();

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

    await h.service.resume();
    const afterResume = (await h.store.get('req-crashed0'))?.status;
    await h.clock.advance(MINUTE);

    expect(afterResume).toBe('starting');
    expect(h.oos.startCalls).toHaveLength(1);
    expect((await h.store.get('req-crashed0'))?.status).toBe('running');
  });

  it('does not start after a restart when a secret value was lost; asks to submit again', async () => {
    const h = makeHarness({ policy: { requiredApprovals: 2 } });
    const id = await submitted(h, { parameterValues: { adminPassword: 'Sup3r-Secret!' } });
    await h.service.decide(id, 'U0ONE', 'approve');
    const restarted = h.restart();
    await restarted.resume();

    const result = await restarted.decide(id, 'U0TWO', 'approve');

    expect(result.request.status).toBe('start_failed');
    expect(result.request.history.at(-1)?.detail).toMatch(
      /secret values of adminPassword .* bot has restarted .* submit the request again/,
    );
    expect(h.oos.startCalls).toHaveLength(0);
    expect(h.notifier.kinds().at(-1)).toBe('start_failed');
  });
});

describe('InstallService — messages, lookups and the form', () => {
  it('records where the confirmation was posted', async () => {
    const h = makeHarness();
    const id = await submitted(h);

    const updated = await h.service.attachMessage(id, 'C0OTHER', '1717236000.000100');

    expect(updated).toMatchObject({
      channelId: 'C0OTHER',
      messageTs: '1717236000.000100',
      status: 'pending',
    });
    expect(await h.store.get(id)).toMatchObject({ messageTs: '1717236000.000100' });
  });

  it('abandons a request whose confirmation could not be posted', async () => {
    const h = makeHarness();
    const id = await submitted(h);

    await h.service.abandon(id, 'channel_not_found');

    const stored = await h.store.get(id);
    expect(stored?.status).toBe('withdrawn');
    expect(stored?.history.at(-1)?.detail).toBe('channel_not_found');
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('finds a request by id or execution id, and lists a user’s recent ones', async () => {
    const h = makeHarness();
    const first = await submitted(h);
    await h.clock.advance(MINUTE);
    const second = await submitted(h);
    await h.service.decide(second, 'U0APPROVER', 'approve');
    const executionId = h.oos.executions[0]?.executionId ?? '';

    const byId = await h.service.find(first);
    const byExecution = await h.service.find(executionId);
    const recent = await h.service.recent(REQUESTER, 5);

    expect(byId?.id).toBe(first);
    expect(byExecution?.id).toBe(second);
    expect(recent.map((r) => r.id)).toEqual([second, first]);
  });

  it('prefills ids, region and a confidently matched package from the words', async () => {
    const h = makeHarness();

    const prefill = await h.service.parsePrefill(`node.js ${I1} cn-beijing`);

    expect(prefill).toEqual({
      instanceIds: [I1],
      regionId: 'cn-beijing',
      packageName: NODE,
      packageWords: 'node.js',
    });
  });

  it('loads the form with the package parameters and the prefilled region', async () => {
    const h = makeHarness();

    const form = await h.service.loadForm({ instanceIds: [I1], regionId: 'cn-beijing', packageName: NODE });

    expect(form.regionId).toBe('cn-beijing');
    expect(form.regions.map((r) => r.regionId)).toEqual(['cn-hangzhou', 'cn-beijing']);
    expect(form.package?.parameters.map((p) => p.name)).toEqual(['version', 'registry', 'adminPassword']);
    expect(form.notice).toBeUndefined();
  });

  it('passes the values of an earlier request through as form text, without secrets or unknown names', async () => {
    const h = makeHarness();

    const form = await h.service.loadForm({
      instanceIds: [I1],
      packageName: NODE,
      parameterValues: {
        version: 'v20.18.1',
        registry: 'https://npm.example.com',
        adminPassword: 'x',
        gone: 'y',
      },
      concurrency: 3,
      maxErrors: 2,
    });

    expect(form.parameterValues).toEqual({ version: 'v20.18.1', registry: 'https://npm.example.com' });
    expect(form.concurrency).toBe(3);
    expect(form.maxErrors).toBe(2);
  });

  it('turns earlier typed values into the text the form parses back', async () => {
    const h = makeHarness();
    const typed = 'ACS-Extension-Typed-1853370294850618';
    h.catalog.add(makePackage(typed), [
      makeParameter('port', { type: 'Integer', default: 80 }),
      makeParameter('tls', { type: 'Boolean', default: false }),
      makeParameter('tags', { type: 'List', default: [] }),
      makeParameter('settings', { type: 'Json', default: {} }),
      makeParameter('label', { type: 'Json', default: 'x' }),
    ]);

    const form = await h.service.loadForm({
      instanceIds: [I1],
      packageName: typed,
      parameterValues: {
        port: 8080,
        tls: true,
        tags: ['a', 'b'],
        settings: { level: 'info' },
        label: 'plain',
      },
    });

    expect(form.parameterValues).toEqual({
      port: '8080',
      tls: 'true',
      tags: '["a","b"]',
      settings: '{"level":"info"}',
      label: '"plain"',
    });
  });

  it('has no earlier values in a fresh form, nor when the package cannot be loaded', async () => {
    const h = makeHarness();

    const fresh = await h.service.loadForm({ instanceIds: [I1], packageName: NODE });
    const missing = await h.service.loadForm({
      instanceIds: [I1],
      packageName: 'ACS-Extension-Gone-1853370294850618',
      parameterValues: { version: 'v20.18.1' },
    });

    expect(fresh.parameterValues).toBeUndefined();
    expect(fresh.concurrency).toBeUndefined();
    expect(fresh.maxErrors).toBeUndefined();
    expect(missing.package).toBeUndefined();
    expect(missing.parameterValues).toBeUndefined();
    expect(missing.notice).toContain('ACS-Extension-Gone-1853370294850618');
  });

  it('falls back to the catalog region and says why', async () => {
    const h = makeHarness();

    const form = await h.service.loadForm({ instanceIds: [], regionId: 'xx-nowhere-1', packageWords: 'zzz' });

    expect(form.regionId).toBe('cn-hangzhou');
    expect(form.notice).toBe(
      'xx-nowhere-1 is not an available region; cn-hangzhou is selected instead. No extension matched "zzz"; pick one below.',
    );
  });

  it('caches DescribeRegions for 10 minutes', async () => {
    const h = makeHarness();

    await h.service.loadForm({ instanceIds: [] });
    await h.service.loadForm({ instanceIds: [] });
    await h.clock.advance(10 * MINUTE);
    await h.service.loadForm({ instanceIds: [] });

    expect(h.ecs.count('describeRegions')).toBe(2);
  });

  it('searches packages and running instances', async () => {
    const h = makeHarness();

    const packages = await h.service.searchPackages('IIS', 10);
    const all = await h.service.searchPackages('', 1);
    const instances = await h.service.searchInstances('cn-hangzhou', 'aaa1', 10);

    expect(packages).toEqual([
      { templateName: 'ACS-Extension-IIS-1853370294850618', displayName: 'IIS', category: 'Other' },
    ]);
    expect(all).toHaveLength(1);
    expect(instances).toEqual([{ instanceId: I1, name: 'web-aaa1' }]);
  });
});
