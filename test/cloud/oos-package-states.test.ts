/**
 * OosClient.listInstancePackageStates through the real SDK against the emulator: an install recorded by
 * OOS comes back parsed (parameters, configuration, UTC time), pages are followed, names narrow it, and
 * failures surface as CloudErrors. Executions run on the emulator's injected clock.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCloudClients } from '../../src/cloud/index.js';
import { toInstalledPackage } from '../../src/cloud/oos-normalise.js';
import { CloudError } from '../../src/domain/errors.js';
import type { OosPort } from '../../src/domain/ports.js';
import { silentLogger } from '../../src/domain/ports.js';
import {
  type CloudEmulator,
  EMULATOR_CREDENTIALS,
  INSTALL_TEMPLATE_NAME,
  SEED_PACKAGES,
  startCloudEmulator,
} from '../emulator/cloud-emulator.js';

const REGION = 'cn-hangzhou';
let emulator: CloudEmulator;
let oos: OosPort;
let clock = Date.now();

beforeAll(async () => {
  vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', EMULATOR_CREDENTIALS.accessKeyId);
  vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', EMULATOR_CREDENTIALS.accessKeySecret);
  vi.stubEnv('ALIBABA_CLOUD_ECS_METADATA_DISABLED', 'true');
  emulator = await startCloudEmulator({ now: () => clock, pageSize: 2 });
  ({ oos } = createCloudClients({
    oosEndpoint: emulator.url,
    ecsEndpoint: emulator.url,
    logger: silentLogger,
    retry: { maxAttempts: 2, sleep: async () => {} },
  }));
});

afterAll(async () => {
  await emulator.close();
  vi.unstubAllEnvs();
});

afterEach(() => {
  emulator.clearFaults();
  emulator.resetCalls();
});

describe('listInstancePackageStates', () => {
  it('returns an install OOS recorded, with parameters and configuration parsed', async () => {
    const instance = 'i-bp1cloud0pkgstate0001';
    emulator.addInstance({ instanceId: instance, regionId: REGION });
    await oos.startExecution({
      regionId: REGION,
      templateName: INSTALL_TEMPLATE_NAME,
      mode: 'Automatic',
      clientToken: 'pkg-state-install-1',
      parameters: {
        regionId: REGION,
        action: 'install',
        packageName: SEED_PACKAGES.baota,
        targets: { Type: 'ResourceIds', ResourceIds: [instance], RegionId: REGION },
        parameters: { panelPort: 8899 },
      },
    });
    const endedBy = clock + 1_000;
    clock = endedBy;

    const installed = await oos.listInstancePackageStates({ regionId: REGION, instanceId: instance });

    expect(installed).toHaveLength(1);
    const [panel] = installed;
    expect(panel).toMatchObject({
      instanceId: instance,
      templateName: SEED_PACKAGES.baota,
      templateVersion: 'v5',
      parameters: { panelPort: 8899 },
      configuration: { username: 'emu_admin', password: 'emu-panel-pass-0001' },
    });
    expect(panel?.updatedAt).toMatch(/Z$/);
    expect(Date.parse(panel?.updatedAt ?? '')).toBeLessThanOrEqual(endedBy);
  });

  it('follows NextToken and sends TemplateNames as a JSON list', async () => {
    const instance = 'i-bp1cloud0pkgstate0002';
    emulator.addInstance({ instanceId: instance, regionId: REGION });
    const names = [
      SEED_PACKAGES.docker,
      SEED_PACKAGES.git,
      SEED_PACKAGES.nginx,
      SEED_PACKAGES.java,
      SEED_PACKAGES.redis,
    ];
    for (const name of names) emulator.setPackageState({ instanceId: instance, templateName: name });

    const all = await oos.listInstancePackageStates({ regionId: REGION, instanceId: instance });
    const pages = emulator.callsTo('ListInstancePackageStates').length;
    const some = await oos.listInstancePackageStates({
      regionId: REGION,
      instanceId: instance,
      templateNames: [SEED_PACKAGES.git, SEED_PACKAGES.redis],
    });
    const sent = emulator.callsTo('ListInstancePackageStates').at(-1)?.params;

    expect(all.map((p) => p.templateName).sort()).toEqual([...names].sort());
    expect(pages).toBe(3);
    expect(some.map((p) => p.templateName).sort()).toEqual([SEED_PACKAGES.git, SEED_PACKAGES.redis].sort());
    expect(JSON.parse(sent?.TemplateNames ?? '')).toEqual([SEED_PACKAGES.git, SEED_PACKAGES.redis]);
    expect(sent?.InstanceId).toBe(instance);
  });

  it('answers an empty list for an instance with nothing recorded', async () => {
    const installed = await oos.listInstancePackageStates({
      regionId: REGION,
      instanceId: 'i-bp1cloud0nothing00003',
    });

    expect(installed).toEqual([]);
  });

  it('turns a RAM denial into a permission CloudError naming the action', async () => {
    emulator.fault({ kind: 'forbidden', action: 'ListInstancePackageStates' });

    const error = await oos
      .listInstancePackageStates({ regionId: REGION, instanceId: 'i-bp1cloud0pkgstate0001' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({
      kind: 'permission',
      code: 'Forbidden.RAM',
      action: 'ListInstancePackageStates',
      deniedAction: 'oos:ListInstancePackageStates',
    });
  });
});

describe('toInstalledPackage', () => {
  it('keeps text ConfigurationInfo, tolerates objects and reads a zone-less UpdateTime as UTC', () => {
    const text = toInstalledPackage(
      {
        TemplateName: 'ACS-Extension-x-1',
        TemplateVersion: 'v2',
        UpdateTime: '2024-05-04T11:17:28',
        Parameters: '{"a":1}',
        ConfigurationInfo: 'login with admin / hunter2',
      },
      'i-1',
    );
    const objects = toInstalledPackage(
      { TemplateName: 'ACS-Extension-y-1', Parameters: { b: 2 }, ConfigurationInfo: { url: 'http://x' } },
      'i-2',
    );
    const empty = toInstalledPackage(
      { TemplateName: 'ACS-Extension-z-1', UpdateTime: 'not a date', ConfigurationInfo: '' },
      'i-3',
    );

    expect(text).toEqual({
      instanceId: 'i-1',
      templateName: 'ACS-Extension-x-1',
      templateVersion: 'v2',
      updatedAt: '2024-05-04T11:17:28.000Z',
      parameters: { a: 1 },
      configuration: { ConfigurationInfo: 'login with admin / hunter2' },
    });
    expect(objects).toMatchObject({
      templateVersion: '',
      parameters: { b: 2 },
      configuration: { url: 'http://x' },
    });
    expect(empty).toEqual({
      instanceId: 'i-3',
      templateName: 'ACS-Extension-z-1',
      templateVersion: '',
      parameters: {},
    });
  });
});
