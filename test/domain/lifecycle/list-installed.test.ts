import { beforeEach, describe, expect, it } from 'vitest';
import { CloudError } from '../../../src/domain/errors.js';
import type { InstalledPackage } from '../../../src/domain/lifecycle/installed-package.js';
import {
  type InstalledAnswer,
  ListInstalled,
  withoutSecrets,
} from '../../../src/domain/lifecycle/list-installed.js';
import { silentLogger } from '../../../src/domain/ports.js';
import { FakeCatalog, makePackage } from '../../fakes/fake-catalog.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { FakeEcs, makeInstance } from '../../fakes/fake-ecs.js';
import { FakeOos } from '../../fakes/fake-oos.js';
import { MemoryRequestStore } from '../../fakes/memory-store.js';
import { makeRequest } from '../../fakes/requests.js';

const NODE = 'ACS-Extension-node-1853370294850618';
const PANEL = 'ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618';
const PRIVATE = 'ACS-Extension-team-baseline-1234567890123456';
const WEB = 'i-bp1abcdefghij0000001';
const DB = 'i-bp1abcdefghij0000002';
const PANEL_LOGIN = { url: 'http://203.0.113.10:8888/x', username: 'admin', password: 'pa55-word' };

let oos: FakeOos;
let ecs: FakeEcs;
let catalog: FakeCatalog;
let store: MemoryRequestStore;
let clock: FakeClock;
let approvers: Set<string>;
let stateCalls: string[];

function state(
  instanceId: string,
  templateName: string,
  fields: Partial<InstalledPackage> = {},
): InstalledPackage {
  return { instanceId, templateName, templateVersion: 'v1', parameters: {}, ...fields };
}

function useCase(): ListInstalled {
  return new ListInstalled({
    oos,
    ecs,
    catalog,
    requests: store,
    mayApprove: async (userId) => approvers.has(userId),
    defaultRegionId: 'cn-hangzhou',
    clock,
    logger: silentLogger,
    cacheTtlMs: 30_000,
    concurrency: 3,
  });
}

async function answer(words: string, userId = 'U0ASKER', list = useCase()): Promise<InstalledAnswer> {
  const outcome = await list.run({ userId, channelId: 'C0CHANNEL', words });
  if (!outcome.ok) throw new Error(`unexpected problem ${outcome.problem.code}`);
  return outcome.answer;
}

beforeEach(() => {
  oos = new FakeOos();
  stateCalls = [];
  const read = oos.listInstancePackageStates.bind(oos);
  oos.listInstancePackageStates = (query) => {
    stateCalls.push(query.instanceId);
    return read(query);
  };
  ecs = new FakeEcs([
    makeInstance(WEB, { instanceName: 'web-01' }),
    makeInstance(DB, { instanceName: 'db-02' }),
  ]);
  catalog = new FakeCatalog();
  catalog.add(
    makePackage(NODE, { displayName: { en: 'Node.js', zh: 'Node.js 运行时' }, templateVersion: 'v27' }),
  );
  catalog.add(
    makePackage(PANEL, { displayName: { en: 'BaoTa Panel', zh: '宝塔面板' }, templateVersion: 'v5' }),
  );
  store = new MemoryRequestStore();
  clock = new FakeClock();
  approvers = new Set();
  oos.packageStates.set(WEB, [
    state(WEB, NODE, { templateVersion: 'v26', updatedAt: '2025-05-30T08:00:00.000Z' }),
    state(WEB, PANEL, { templateVersion: 'v5', configuration: PANEL_LOGIN }),
    state(WEB, PRIVATE, { templateVersion: 'v3' }),
  ]);
});

describe('ListInstalled', () => {
  it('lists each instance in the order asked, with display names, versions and newer versions', async () => {
    const result = await answer(`${DB} ${WEB}`);

    expect(result.regionId).toBe('cn-hangzhou');
    expect(result.instances.map((i) => [i.instanceId, i.name])).toEqual([
      [DB, 'db-02'],
      [WEB, 'web-01'],
    ]);
    expect(result.instances[0]?.extensions).toEqual([]);
    const web = result.instances[1]?.extensions ?? [];
    expect(web.map((e) => [e.templateName, e.installedVersion, e.latestVersion, e.newerAvailable])).toEqual([
      [PRIVATE, 'v3', undefined, false],
      [PANEL, 'v5', 'v5', false],
      [NODE, 'v26', 'v27', true],
    ]);
    expect(web[2]?.displayName.zh).toBe('Node.js 运行时');
    expect(web[2]?.updatedAt).toBe('2025-05-30T08:00:00.000Z');
  });

  it('keeps configuration values from a user who neither requested the install nor may approve', async () => {
    const result = await answer(WEB, 'U0STRANGER');

    const panel = result.instances[0]?.extensions.find((e) => e.templateName === PANEL);
    expect(panel?.configurationKeys).toEqual(['url', 'username', 'password']);
    expect(panel?.configuration).toBeUndefined();
    expect(result.hasSecrets).toBe(false);
    expect(JSON.stringify(result)).not.toContain('pa55-word');
  });

  it('gives them to the requester of that install on that instance, and only for that package', async () => {
    await store.create(
      makeRequest({
        id: 'req-panel',
        requester: 'U0ASKER',
        packageName: PANEL,
        instanceIds: [WEB],
        status: 'succeeded',
      }),
    );
    await store.create(
      makeRequest({
        id: 'req-other',
        requester: 'U0OTHER',
        packageName: NODE,
        instanceIds: [WEB],
        status: 'succeeded',
      }),
    );
    oos.packageStates.set(WEB, [
      state(WEB, PANEL, { configuration: PANEL_LOGIN }),
      state(WEB, NODE, { configuration: { token: 'node-token' } }),
    ]);

    const result = await answer(WEB, 'U0ASKER');

    const byName = new Map(result.instances[0]?.extensions.map((e) => [e.templateName, e]));
    expect(byName.get(PANEL)?.configuration).toEqual(PANEL_LOGIN);
    expect(byName.get(NODE)?.configuration).toBeUndefined();
    expect(result.hasSecrets).toBe(true);
  });

  it('does not count a request that never ran, nor one for another instance', async () => {
    await store.create(
      makeRequest({
        id: 'req-pending',
        requester: 'U0ASKER',
        packageName: PANEL,
        instanceIds: [WEB],
        status: 'pending',
      }),
    );
    await store.create(
      makeRequest({
        id: 'req-db',
        requester: 'U0ASKER',
        packageName: PANEL,
        instanceIds: [DB],
        status: 'succeeded',
      }),
    );

    const result = await answer(WEB, 'U0ASKER');

    expect(result.hasSecrets).toBe(false);
  });

  it('gives them to whoever may approve in the channel', async () => {
    approvers.add('U0APPROVER');

    const result = await answer(WEB, 'U0APPROVER');

    const panel = result.instances[0]?.extensions.find((e) => e.templateName === PANEL);
    expect(panel?.configuration?.password).toBe('pa55-word');
    expect(withoutSecrets(result).instances[0]?.extensions.find((e) => e.templateName === PANEL)).toEqual({
      ...panel,
      configuration: undefined,
    });
    expect(JSON.stringify(withoutSecrets(result))).not.toContain('pa55-word');
  });

  it('reuses what OOS and ECS said for a short time, then asks again', async () => {
    const list = useCase();
    await answer(`${WEB} ${DB}`, 'U0ASKER', list);
    const first = [...stateCalls];
    const ecsCalls = ecs.calls.length;

    await answer(`${WEB} ${DB}`, 'U0ASKER', list);
    const warm = stateCalls.length;
    await clock.advance(30_001);
    await answer(WEB, 'U0ASKER', list);

    expect(first.sort()).toEqual([DB, WEB].sort());
    expect(warm).toBe(2);
    expect(ecs.calls.length).toBe(ecsCalls + 1);
    expect(stateCalls).toHaveLength(3);
  });

  it('keeps answering the other instances when OOS fails for one, and does not cache the failure', async () => {
    const list = useCase();
    const denied = new CloudError({
      kind: 'permission',
      code: 'Forbidden.RAM',
      service: 'oos',
      action: 'ListInstancePackageStates',
      message: 'denied',
    });
    oos.failures.once('listInstancePackageStates', denied);

    const result = await answer(WEB, 'U0ASKER', list);
    const again = await answer(WEB, 'U0ASKER', list);

    expect(result.instances[0]?.error).toBe(denied);
    expect(result.instances[0]?.extensions).toEqual([]);
    expect(again.instances[0]?.error).toBeUndefined();
    expect(again.instances[0]?.extensions).toHaveLength(3);
  });

  it('lists ids ECS does not know in the region apart, and asks the named region', async () => {
    ecs.instances.push(makeInstance('i-2zeabcdefghij0000009', { regionId: 'cn-beijing' }));

    const mixed = await answer(`${WEB} i-bp1nosuchinstance0009`);
    const beijing = await answer('i-2zeabcdefghij0000009 cn-beijing');

    expect(mixed.notFound).toEqual(['i-bp1nosuchinstance0009']);
    expect(mixed.instances.map((i) => i.instanceId)).toEqual([WEB]);
    expect(beijing.regionId).toBe('cn-beijing');
    expect(beijing.instances.map((i) => i.instanceId)).toEqual(['i-2zeabcdefghij0000009']);
  });

  it('says what is wrong with the question instead of asking the cloud', async () => {
    const list = useCase();
    const ask = (words: string) => list.run({ userId: 'U0ASKER', channelId: 'C0CHANNEL', words });
    const many = Array.from({ length: 51 }, (_, n) => `i-bp1abcdefghij${String(n).padStart(7, '0')}`).join(
      ' ',
    );

    const none = await ask('web servers');
    const bad = await ask('i-x');
    const tooMany = await ask(many);
    const unknown = await ask('i-bp1nosuchinstance0009');

    expect(none).toEqual({ ok: false, problem: { code: 'no_instances' } });
    expect(bad).toEqual({ ok: false, problem: { code: 'bad_instance_ids', ids: ['i-x'] } });
    expect(tooMany).toEqual({ ok: false, problem: { code: 'too_many_instances', count: 51, max: 50 } });
    expect(unknown).toEqual({
      ok: false,
      problem: {
        code: 'none_found',
        instanceIds: ['i-bp1nosuchinstance0009'],
        regionId: 'cn-hangzhou',
        regionGiven: false,
      },
    });
    expect(stateCalls).toEqual([]);
  });

  it('throws when ECS cannot be asked, and asks again next time', async () => {
    const list = useCase();
    const down = new CloudError({
      kind: 'server',
      code: 'ServiceUnavailable',
      service: 'ecs',
      action: 'DescribeInstances',
      message: 'down',
    });
    ecs.failures.once('describeInstances', down);

    const failed = await list.run({ userId: 'U0ASKER', channelId: 'C0CHANNEL', words: WEB }).catch((e) => e);
    const retried = await answer(WEB, 'U0ASKER', list);

    expect(failed).toBe(down);
    expect(retried.instances.map((i) => i.instanceId)).toEqual([WEB]);
  });
});
