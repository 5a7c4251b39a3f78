import { describe, expect, it } from 'vitest';
import { CloudError } from '../../../src/domain/errors.js';
import {
  compareVersions,
  judgeAction,
  parseRequestAction,
  readInstalledVersions,
  versionGroups,
} from '../../../src/domain/lifecycle/preflight-installed.js';
import { lifecycleFields, planRequestWaves } from '../../../src/domain/lifecycle/request-lifecycle.js';
import { FakeOos } from '../../fakes/fake-oos.js';

const NODE = 'ACS-Extension-node-1853370294850618';
const A = 'i-bp1aaaaaaaaaaaaaaaaa';
const B = 'i-bp1bbbbbbbbbbbbbbbbb';
const C = 'i-bp1ccccccccccccccccc';

function oosWith(versions: Record<string, string>): FakeOos {
  const oos = new FakeOos();
  for (const [instanceId, templateVersion] of Object.entries(versions)) {
    oos.packageStates.set(instanceId, [
      { instanceId, templateName: NODE, templateVersion, parameters: {} },
      { instanceId, templateName: 'ACS-Extension-other-1', templateVersion: 'v1', parameters: {} },
    ]);
  }
  return oos;
}

describe('readInstalledVersions', () => {
  it('reads each instance once, asking for the package only, in the order given', async () => {
    const oos = oosWith({ [A]: 'v26', [C]: 'v27' });

    const versions = await readInstalledVersions(oos, {
      regionId: 'cn-hangzhou',
      packageName: NODE,
      instanceIds: [A, B, C],
    });

    expect(versions).toEqual([
      { instanceId: A, installed: true, version: 'v26' },
      { instanceId: B, installed: false },
      { instanceId: C, installed: true, version: 'v27' },
    ]);
    expect(oos.callsOf('listInstancePackageStates').map((c) => c.query.templateNames)).toEqual([
      [NODE],
      [NODE],
      [NODE],
    ]);
  });

  it('keeps going when one instance cannot be read, and says which', async () => {
    const oos = oosWith({ [B]: 'v27' });
    const error = new CloudError({
      kind: 'throttled',
      code: 'Throttling',
      service: 'oos',
      action: 'ListInstancePackageStates',
      message: 'slow down',
    });
    oos.failures.once('listInstancePackageStates', error);

    const versions = await readInstalledVersions(oos, {
      regionId: 'cn-hangzhou',
      packageName: NODE,
      instanceIds: [A, B],
    });

    expect(versions).toEqual([
      { instanceId: A, installed: false, error },
      { instanceId: B, installed: true, version: 'v27' },
    ]);
  });
});

describe('judgeAction', () => {
  const versions = [
    { instanceId: A, installed: true, version: 'v26' },
    { instanceId: B, installed: false },
    { instanceId: C, installed: true, version: 'v27' },
  ];

  it('lets an install go over an existing one, noting what each instance holds', () => {
    const verdict = judgeAction('install', versions);

    expect(verdict.problems).toEqual([]);
    expect([...verdict.installed]).toEqual([
      [A, 'v26'],
      [C, 'v27'],
    ]);
    expect(verdict.groups).toEqual([]);
  });

  it('refuses an update or uninstall on instances without the package', () => {
    expect(judgeAction('update', versions).problems).toEqual([
      { code: 'package_not_installed', action: 'update', ids: [B] },
    ]);
    expect(judgeAction('uninstall', versions).problems).toEqual([
      { code: 'package_not_installed', action: 'uninstall', ids: [B] },
    ]);
  });

  it('refuses an uninstall whose installed versions could not be read, but not an install', () => {
    const unread = [{ instanceId: A, installed: false, error: new Error('down') }];

    expect(judgeAction('uninstall', unread).problems).toMatchObject([
      { code: 'installed_unreadable', ids: [A] },
    ]);
    expect(judgeAction('install', unread).problems).toEqual([]);
  });

  it('groups an uninstall by installed version, newest first', () => {
    expect(judgeAction('uninstall', versions).groups).toEqual([
      { packageVersion: 'v27', instanceIds: [C] },
      { packageVersion: 'v26', instanceIds: [A] },
    ]);
  });
});

describe('versions and actions', () => {
  it('orders v9 before v10 and odd versions before numbered ones', () => {
    expect(['v10', 'v9', 'beta', 'v27'].sort(compareVersions)).toEqual(['beta', 'v9', 'v10', 'v27']);
  });

  it('groups instances sharing a version together, in their order', () => {
    const groups = versionGroups([
      { instanceId: A, installed: true, version: 'v9' },
      { instanceId: B, installed: true, version: 'v10' },
      { instanceId: C, installed: true, version: 'v9' },
    ]);

    expect(groups).toEqual([
      { packageVersion: 'v10', instanceIds: [B] },
      { packageVersion: 'v9', instanceIds: [A, C] },
    ]);
  });

  it('reads only the three actions', () => {
    expect(parseRequestAction(' Uninstall ')).toBe('uninstall');
    expect(parseRequestAction('remove')).toBeUndefined();
    expect(parseRequestAction(undefined)).toBeUndefined();
  });
});

describe('request lifecycle fields and waves', () => {
  const details = {
    package: { templateVersion: 'v27' },
    templateVersion: 'v27',
    parameters: [],
  } as unknown as Parameters<typeof lifecycleFields>[1];

  it('an uninstall over two versions: one wave per version, started together, no packageVersion overall', () => {
    const verdict = judgeAction('uninstall', [
      { instanceId: A, installed: true, version: 'v26' },
      { instanceId: B, installed: true, version: 'v27' },
    ]);

    const fields = lifecycleFields('uninstall', details, verdict);
    const rollout = planRequestWaves({
      action: 'uninstall',
      instanceIds: [A, B],
      rollout: 'all',
      waveSize: 0,
      clientToken: 'ecs-ext-req-1',
      verdict,
    });

    expect(fields).toEqual({ action: 'uninstall', latestVersion: 'v27' });
    expect(
      rollout.waves.map((w) => [w.stage, w.action, w.packageVersion, w.instanceIds, w.clientToken]),
    ).toEqual([
      [1, 'uninstall', 'v27', [B], 'ecs-ext-req-1'],
      [1, 'uninstall', 'v26', [A], 'ecs-ext-req-1-w2'],
    ]);
  });

  it('an uninstall of one version names it; an update names the version it installs', () => {
    const one = judgeAction('uninstall', [{ instanceId: A, installed: true, version: 'v26' }]);

    expect(lifecycleFields('uninstall', details, one)).toMatchObject({ packageVersion: 'v26' });
    expect(lifecycleFields('update', details, judgeAction('update', []))).toEqual({
      action: 'update',
      packageVersion: 'v27',
      latestVersion: 'v27',
    });
  });

  it('an update keeps the rollout the form asked for, with action update on every wave', () => {
    const rollout = planRequestWaves({
      action: 'update',
      instanceIds: [A, B, C],
      rollout: 'canary',
      waveSize: 0,
      clientToken: 't',
      packageVersion: 'v27',
      verdict: judgeAction('update', []),
    });

    expect(rollout.waves.map((w) => [w.action, w.packageVersion, w.instanceIds.length])).toEqual([
      ['update', 'v27', 1],
      ['update', 'v27', 2],
    ]);
  });
});
