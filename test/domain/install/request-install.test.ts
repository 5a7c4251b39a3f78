import { describe, expect, it } from 'vitest';
import { CloudError } from '../../../src/domain/errors.js';
import type { FormProblem } from '../../../src/domain/install/form-problems.js';
import type { InstallSubmission } from '../../../src/domain/install/types.js';
import { SECRET_MASK } from '../../../src/domain/model.js';
import { makeInstance } from '../../fakes/fake-ecs.js';
import { makeExecution } from '../../fakes/fake-oos.js';
import { type Harness, I1, I2, makeHarness, NODE, REQUESTER, submission } from './install-harness.js';

const denied = new CloudError({
  kind: 'permission',
  code: 'Forbidden.RAM',
  service: 'ecs',
  action: 'DescribeInstances',
  message: 'User not authorized to operate on the specified resource.',
  requestId: 'REQ-1',
  deniedAction: 'ecs:DescribeInstances',
});

describe('requestInstall — refusals store nothing', () => {
  const cases: Array<[string, (h: Harness) => Partial<InstallSubmission>, string, Partial<FormProblem>]> = [
    ['no instance ids', () => ({ instancesText: ' ' }), 'instances', { code: 'instances_empty' }],
    [
      'a malformed id',
      () => ({ instancesText: `${I1} i-nope` }),
      'instances',
      { code: 'instances_bad_shape', ids: ['i-nope'] },
    ],
    [
      'a duplicated id',
      () => ({ instancesText: `${I1} ${I1}` }),
      'instances',
      { code: 'instances_duplicated', ids: [I1] },
    ],
    [
      '51 ids',
      () => ({
        instancesText: Array.from({ length: 51 }, (_, i) => `i-bp1${String(i).padStart(17, '0')}`).join(' '),
      }),
      'instances',
      { code: 'instances_too_many', count: 51, max: 50 },
    ],
    [
      'an unknown region',
      () => ({ regionId: 'xx-nowhere-1' }),
      'region',
      { code: 'region_unknown', regionId: 'xx-nowhere-1' },
    ],
    [
      'a package name of the wrong shape',
      () => ({ packageName: 'rm -rf /' }),
      'package',
      { code: 'package_bad_name' },
    ],
    [
      'a package not in the catalog',
      () => ({ packageName: 'ACS-Extension-nope-1' }),
      'package',
      { code: 'package_unknown', name: 'ACS-Extension-nope-1' },
    ],
    [
      'a bad parameter value',
      () => ({ parameterValues: { version: 'v1' } }),
      'param:version',
      { code: 'param_not_allowed' },
    ],
    [
      'an instance missing in the region',
      () => ({ instancesText: `${I1} i-bp1zzzzzzzzzzzzzzzz9` }),
      'instances',
      { code: 'instances_not_found', ids: ['i-bp1zzzzzzzzzzzzzzzz9'], regionId: 'cn-hangzhou' },
    ],
    [
      'a stopped instance',
      (h) => {
        h.ecs.instances[1] = makeInstance(I2, { status: 'Stopped' });
        return {};
      },
      'instances',
      { code: 'instances_not_running', instances: [{ instanceId: I2, status: 'Stopped' }] },
    ],
    [
      'Cloud Assistant offline',
      (h) => {
        h.ecs.assistantOffline.add(I1);
        return {};
      },
      'instances',
      { code: 'instances_assistant_offline', ids: [I1] },
    ],
    [
      'an OS the package does not support',
      (h) => {
        h.ecs.instances[0] = makeInstance(I1, { osType: 'windows', osName: 'Windows Server 2022' });
        return {};
      },
      'instances',
      {
        code: 'instances_wrong_os',
        instances: [{ instanceId: I1, os: 'Windows Server 2022' }],
        supported: ['linux'],
      },
    ],
    [
      'an OS platform outside the list',
      () => ({ packageName: 'ACS-Extension-IIS-1853370294850618', parameterValues: {} }),
      'instances',
      { code: 'instances_wrong_os' },
    ],
    ['concurrency 0', () => ({ concurrency: '0' }), 'concurrency', { code: 'concurrency_invalid' }],
    [
      'concurrency not a number',
      () => ({ concurrency: 'ten' }),
      'concurrency',
      { code: 'concurrency_invalid' },
    ],
    ['negative max errors', () => ({ maxErrors: '-1' }), 'max_errors', { code: 'max_errors_invalid' }],
    [
      'a permission error from DescribeInstances',
      (h) => {
        h.ecs.failures.always('describeInstances', denied);
        return {};
      },
      'instances',
      { code: 'lookup_failed', error: denied },
    ],
    [
      'DescribeRegions failing',
      (h) => {
        h.ecs.failures.always('describeRegions', denied);
        return {};
      },
      'region',
      { code: 'lookup_failed', error: denied },
    ],
  ];

  it.each(cases)('refuses %s', async (_, arrange, block, problem) => {
    const h = makeHarness();
    const fields = arrange(h);

    const result = await h.flow.requestInstall(submission(fields));

    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[block]).toContainEqual(expect.objectContaining(problem));
    expect(h.store.writes).toBe(0);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('reports every problem at once, keyed by block', async () => {
    const h = makeHarness();

    const result = await h.flow.requestInstall(
      submission({
        instancesText: 'bad',
        regionId: 'xx-nowhere-1',
        packageName: '',
        concurrency: '0',
        maxErrors: 'x',
      }),
    );

    expect(!result.ok && Object.keys(result.errors).sort()).toEqual([
      'concurrency',
      'instances',
      'max_errors',
      'package',
      'region',
    ]);
  });
});

describe('requestInstall — accepted', () => {
  it('stores a pending request with everything the confirmation shows', async () => {
    const h = makeHarness({ policy: { approvers: ['U0BOSS'], requiredApprovals: 2, ttlMinutes: 30 } });

    const result = await h.flow.requestInstall(submission({ concurrency: '5', maxErrors: '1' }));

    expect(result.ok).toBe(true);
    const stored = await h.store.get('req-test0001');
    expect(stored).toMatchObject({
      id: 'req-test0001',
      status: 'pending',
      requester: REQUESTER,
      channelId: 'C0CHANNEL',
      regionId: 'cn-hangzhou',
      instanceIds: [I1, I2],
      packageName: NODE,
      packageVersion: 'v27',
      packageDisplayName: 'Node.js',
      parameters: { version: 'v22.13.1', registry: '', adminPassword: '' },
      defaultsUsed: ['version', 'registry', 'adminPassword'],
      secretParameterNames: ['adminPassword'],
      concurrency: 5,
      maxErrors: 1,
      clientToken: 'ecs-ext-req-test0001',
      createdAt: '2025-06-01T10:00:00.000Z',
      expiresAt: '2025-06-01T10:30:00.000Z',
      policy: { approvers: ['U0BOSS'], requiredApprovals: 2, allowSelfApproval: false, ttlMinutes: 30 },
      approvals: [],
      duplicates: [],
    });
    expect(stored?.preflight.map((p) => [p.instanceId, p.status, p.cloudAssistant, p.osType])).toEqual([
      [I1, 'Running', 'online', 'linux'],
      [I2, 'Running', 'online', 'linux'],
    ]);
    expect(h.clock.pendingTimers).toBe(1);
  });

  it('defaults rate control to concurrency 1 and max errors 0', async () => {
    const h = makeHarness();

    const result = await h.flow.requestInstall(submission());

    expect(result.ok && [result.request.concurrency, result.request.maxErrors]).toEqual([1, 0]);
  });

  it('adds instances chosen in the picker', async () => {
    const h = makeHarness();

    const result = await h.flow.requestInstall(submission({ instancesText: I1, pickedInstanceIds: [I2] }));

    expect(result.ok && result.request.instanceIds).toEqual([I1, I2]);
  });

  it('masks secret values in what it stores', async () => {
    const h = makeHarness();

    await h.flow.requestInstall(submission({ parameterValues: { adminPassword: 'Sup3r-Secret!' } }));

    const stored = h.store.all()[0];
    expect(stored?.parameters.adminPassword).toBe(SECRET_MASK);
    expect(JSON.stringify(h.store.all())).not.toContain('Sup3r-Secret!');
  });

  it('lists running executions of the same package on the same instances, with console links', async () => {
    const h = makeHarness();
    h.oos.executions.push(
      makeExecution({
        executionId: 'exec-dup',
        packageName: NODE,
        resourceIds: [I2, 'i-other00000000000000'],
      }),
      makeExecution({
        executionId: 'exec-other-package',
        packageName: 'ACS-Extension-x-1',
        resourceIds: [I1],
      }),
      makeExecution({
        executionId: 'exec-other-instance',
        packageName: NODE,
        resourceIds: ['i-other00000000000000'],
      }),
      makeExecution({ executionId: 'exec-done', packageName: NODE, resourceIds: [I1], status: 'Success' }),
    );

    const result = await h.flow.requestInstall(submission());

    expect(result.ok && result.request.duplicates).toEqual([
      {
        executionId: 'exec-dup',
        status: 'Running',
        instanceIds: [I2],
        consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-dup',
      },
    ]);
  });

  it('still accepts the request when the duplicate lookup fails (it runs again before starting)', async () => {
    const h = makeHarness();
    h.oos.failures.once('listExecutions', new Error('boom'));

    const result = await h.flow.requestInstall(submission());

    expect(result.ok && result.request.duplicates).toEqual([]);
  });
});

describe('requestInstall — the confirmation', () => {
  it('posts the confirmation and records where it landed (its ts is the thread root)', async () => {
    const h = makeHarness();

    const result = await h.flow.requestInstall(submission());
    const outcome = result.ok ? await result.confirmation : undefined;

    expect(h.notifier.confirmations).toEqual(['req-test0001']);
    expect(outcome).toMatchObject({ posted: true, request: { messageTs: '1700000000.000001' } });
    expect(await h.store.get('req-test0001')).toMatchObject({
      status: 'pending',
      channelId: 'C0CHANNEL',
      messageTs: '1700000000.000001',
    });
    expect(h.clock.pendingTimers).toBe(1);
  });

  it('abandons a request whose confirmation Slack refused, and tells the requester why', async () => {
    const h = makeHarness();
    h.notifier.refuseConfirmation = 'not_in_channel';

    const result = await h.flow.requestInstall(submission());
    const outcome = result.ok ? await result.confirmation : undefined;

    expect(outcome?.posted).toBe(false);
    const stored = await h.store.get('req-test0001');
    expect(stored?.status).toBe('withdrawn');
    expect(stored?.messageTs).toBeUndefined();
    expect(stored?.history.at(-1)?.detail).toBe('confirmation not posted: not_in_channel');
    expect(h.notifier.notPosted).toEqual([{ requestId: 'req-test0001', code: 'not_in_channel' }]);
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('abandons the request when the confirmation was posted but could not be recorded', async () => {
    const h = makeHarness();
    const post = h.notifier.postConfirmation.bind(h.notifier);
    h.notifier.postConfirmation = async (request) => {
      const posted = await post(request);
      h.store.failWrites = true;
      return posted;
    };

    const result = await h.flow.requestInstall(submission());
    const outcome = result.ok ? await result.confirmation : undefined;

    expect(outcome?.posted).toBe(false);
    expect(h.notifier.notPosted).toEqual([{ requestId: 'req-test0001', code: undefined }]);
    // The store refused every write: the request stays pending, and its expiry still fires later.
    expect((await h.store.get('req-test0001'))?.status).toBe('pending');
    expect(h.clock.pendingTimers).toBe(1);
  });
});
