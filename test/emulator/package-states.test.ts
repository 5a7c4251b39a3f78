/**
 * The emulator's package registry through the real SDK: ListInstancePackageStates shapes and errors,
 * installer executions that install, update and uninstall, and newer template versions published by tests.
 * Executions progress on an injected clock, so nothing here waits on wall time.
 */
import CredentialsModule from '@alicloud/credentials';
import OpenApiCore, { $OpenApiUtil, OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type CloudEmulator,
  EMULATOR_CREDENTIALS,
  INSTALL_TEMPLATE_NAME,
  SEED_FACTS,
  SEED_INSTANCES,
  SEED_PACKAGES,
  startCloudEmulator,
} from './cloud-emulator.js';

/** Node's ESM loader hands over the CommonJS exports object, vitest's interop the class itself. */
function commonJsDefault<M extends { default: unknown }>(mod: M): M['default'] {
  return (typeof mod === 'function' ? mod : mod.default) as M['default'];
}

const OpenApi = commonJsDefault(OpenApiCore);
const Credential = commonJsDefault(CredentialsModule);
const REGION = 'cn-hangzhou';

let emulator: CloudEmulator;
let clock = Date.now();

// biome-ignore lint/suspicious/noExplicitAny: wire bodies are untyped JSON; each test reads only what it asserts.
type Body = any;

beforeAll(async () => {
  vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', EMULATOR_CREDENTIALS.accessKeyId);
  vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', EMULATOR_CREDENTIALS.accessKeySecret);
  vi.stubEnv('ALIBABA_CLOUD_ECS_METADATA_DISABLED', 'true');
  emulator = await startCloudEmulator({ now: () => clock });
});

afterAll(async () => {
  await emulator.close();
  vi.unstubAllEnvs();
});

afterEach(() => {
  emulator.script({});
});

async function oos(action: string, query: Record<string, unknown>): Promise<Body> {
  const client = new OpenApi(
    new $OpenApiUtil.Config({
      credential: new Credential(),
      endpoint: `127.0.0.1:${emulator.port}`,
      protocol: 'http',
      regionId: REGION,
    }),
  );
  const params = new $OpenApiUtil.Params({
    action,
    version: '2019-06-01',
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const request = new $OpenApiUtil.OpenApiRequest({
    query: OpenApiUtil.query({ RegionId: REGION, ...query }),
  });
  const response = await client.callApi(params, request, new $dara.RuntimeOptions({}));
  return response.body;
}

async function caught(promise: Promise<unknown>): Promise<Body> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** Starts the installer template and returns the execution id. */
async function run(
  action: 'install' | 'update' | 'uninstall',
  packageName: string,
  instanceIds: string[],
  packageVersion = '',
  parameters: Record<string, unknown> = {},
): Promise<string> {
  const body = await oos('StartExecution', {
    TemplateName: INSTALL_TEMPLATE_NAME,
    Mode: 'Automatic',
    Parameters: JSON.stringify({
      regionId: REGION,
      action,
      packageName,
      packageVersion,
      targets: { Type: 'ResourceIds', ResourceIds: instanceIds, RegionId: REGION },
      rateControl: { Mode: 'Concurrency', Concurrency: 10, MaxErrors: 0 },
      parameters,
      OOSAssumeRole: '',
    }),
  });
  return body.Execution.ExecutionId;
}

/** Lets every running execution end (default duration 30 ms per instance). */
function finishRunning(): void {
  clock += 1_000;
}

async function states(instanceId: string, extra: Record<string, unknown> = {}): Promise<Body[]> {
  const body = await oos('ListInstancePackageStates', { InstanceId: instanceId, ...extra });
  return body.PackageStates;
}

describe('ListInstancePackageStates', () => {
  it('records a successful install with the real response shape and a secret ConfigurationInfo', async () => {
    const instance = 'i-bp1emu0pkgshape000001';
    emulator.addInstance({ instanceId: instance, regionId: REGION });
    await run('install', SEED_PACKAGES.baota, [instance], '', { panelPort: 8899 });
    const before = await states(instance);

    finishRunning();
    const body = await oos('ListInstancePackageStates', { InstanceId: instance });

    expect(before).toEqual([]);
    expect(body.MaxResults).toBe('50');
    expect(body.NextToken).toBe('');
    expect(body.PackageStates).toHaveLength(1);
    const state = body.PackageStates[0];
    expect(state).toMatchObject({
      TemplateName: SEED_PACKAGES.baota,
      TemplateVersion: 'v5',
      TemplateCategory: 'Package',
      Publisher: 'Alibaba Cloud',
    });
    expect(state.TemplateId).toMatch(/^t-[0-9a-f]{14}$/);
    expect(state.UpdateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(JSON.parse(state.Parameters)).toEqual({ panelPort: 8899 });
    expect(JSON.parse(state.ConfigurationInfo)).toMatchObject({
      username: 'emu_admin',
      password: 'emu-panel-pass-0001',
    });
  });

  it('filters by a JSON list of TemplateNames, pages with NextToken and answers per region', async () => {
    const instance = 'i-bp1emu0pkgpaging00002';
    emulator.addInstance({ instanceId: instance, regionId: REGION });
    for (const name of [SEED_PACKAGES.docker, SEED_PACKAGES.git, SEED_PACKAGES.nginx]) {
      emulator.setPackageState({ instanceId: instance, templateName: name });
    }

    const filtered = await states(instance, {
      TemplateNames: JSON.stringify([SEED_PACKAGES.git, SEED_PACKAGES.mysql]),
    });
    const first = await oos('ListInstancePackageStates', { InstanceId: instance, MaxResults: 2 });
    const second = await oos('ListInstancePackageStates', {
      InstanceId: instance,
      MaxResults: 2,
      NextToken: first.NextToken,
    });
    const elsewhere = await states(instance, { RegionId: 'cn-shanghai' });

    expect(filtered.map((s) => s.TemplateName)).toEqual([SEED_PACKAGES.git]);
    expect(first.MaxResults).toBe('2');
    expect(first.PackageStates).toHaveLength(2);
    expect(first.NextToken).not.toBe('');
    expect(second.PackageStates).toHaveLength(1);
    expect(second.NextToken).toBe('');
    expect([...first.PackageStates, ...second.PackageStates].map((s: Body) => s.TemplateName).sort()).toEqual(
      [SEED_PACKAGES.docker, SEED_PACKAGES.git, SEED_PACKAGES.nginx].sort(),
    );
    expect(elsewhere).toEqual([]);
  });

  it('answers MissingParameter and InvalidParameter with the real error body', async () => {
    const noInstance = await caught(oos('ListInstancePackageStates', {}));
    const badNames = await caught(
      oos('ListInstancePackageStates', { InstanceId: SEED_INSTANCES.linux, TemplateNames: 'docker' }),
    );
    const notAList = await caught(
      oos('ListInstancePackageStates', { InstanceId: SEED_INSTANCES.linux, TemplateNames: '{"a":1}' }),
    );
    const badToken = await caught(
      oos('ListInstancePackageStates', { InstanceId: SEED_INSTANCES.linux, NextToken: 'nope' }),
    );

    expect(noInstance.code).toBe('MissingParameter');
    expect(noInstance.statusCode).toBe(400);
    expect(noInstance.data.Message).toContain('InstanceId');
    expect(noInstance.data.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(badNames.code).toBe('InvalidParameter');
    expect(notAList.data.Message).toContain('TemplateNames');
    expect(badToken.code).toBe('InvalidParameter');
  });

  it("accepts UpdateInstancePackageState with the template's ConfigureAction casing", async () => {
    const instance = 'i-bp1emu0pkgupdate00003';
    emulator.addInstance({ instanceId: instance, regionId: REGION });

    await oos('UpdateInstancePackageState', {
      InstanceId: instance,
      TemplateName: SEED_PACKAGES.git,
      ConfigureAction: 'Install',
      TemplateVersion: 'v3',
      Parameters: JSON.stringify({ a: '1' }),
    });
    const installed = await states(instance);
    await oos('UpdateInstancePackageState', {
      InstanceId: instance,
      TemplateName: SEED_PACKAGES.git,
      ConfigureAction: 'UnInstall',
    });
    const removed = await states(instance);

    expect(installed.map((s) => [s.TemplateName, s.TemplateVersion, s.Parameters])).toEqual([
      [SEED_PACKAGES.git, 'v3', '{"a":"1"}'],
    ]);
    expect(removed).toEqual([]);
  });
});

describe('installer actions', () => {
  it('does not record a failed or unfinished instance', async () => {
    const ok = 'i-bp1emu0pkgfailok00004';
    const bad = 'i-bp1emu0pkgfailbad0005';
    emulator.addInstance({ instanceId: ok, regionId: REGION });
    emulator.addInstance({ instanceId: bad, regionId: REGION });
    emulator.script({ instances: { [bad]: { status: 'Failed', message: 'disk full' } } });

    await run('install', SEED_PACKAGES.docker, [ok, bad]);
    const running = emulator.packageStates(ok);
    finishRunning();

    expect(running).toEqual([]);
    expect(emulator.packageStates(ok).map((s) => s.templateName)).toEqual([SEED_PACKAGES.docker]);
    expect(emulator.packageStates(bad)).toEqual([]);
  });

  it("uninstall with an empty packageVersion runs the newest version's script; naming the installed one runs it", async () => {
    const a = 'i-bp1emu0pkgremove00006';
    const b = 'i-bp1emu0pkgremove00007';
    emulator.addInstance({ instanceId: a, regionId: REGION });
    emulator.addInstance({ instanceId: b, regionId: REGION });
    await run('install', SEED_PACKAGES.python, [a, b]);
    finishRunning();
    const installedVersion = emulator.packageStates(a)[0]?.templateVersion;
    const published = emulator.publishPackageVersion(SEED_PACKAGES.python);

    const careless = await run('uninstall', SEED_PACKAGES.python, [a]);
    const careful = await run('uninstall', SEED_PACKAGES.python, [b], installedVersion);
    finishRunning();

    expect(installedVersion).toBe('v8');
    expect(published).toBe('v9');
    expect(emulator.packageRun(careless)).toMatchObject({
      action: 'uninstall',
      packageVersion: '',
      instances: [{ instanceId: a, uninstallVersion: 'v9' }],
    });
    expect(emulator.packageRun(careful).instances).toEqual([{ instanceId: b, uninstallVersion: 'v8' }]);
    expect(emulator.packageStates(a)).toEqual([]);
    expect(emulator.packageStates(b)).toEqual([]);
  });

  it('update uninstalls the recorded version and installs the newest, per instance', async () => {
    const old = 'i-bp1emu0pkgupgrade0008';
    const fresh = 'i-bp1emu0pkgupgrade0009';
    emulator.addInstance({ instanceId: old, regionId: REGION });
    emulator.addInstance({ instanceId: fresh, regionId: REGION });
    emulator.setPackageState({
      instanceId: old,
      templateName: SEED_PACKAGES.node,
      templateVersion: SEED_FACTS.nodeOlderVersion,
    });

    const id = await run('update', SEED_PACKAGES.node, [old, fresh], '', { version: SEED_FACTS.nodeDefault });
    finishRunning();
    const tasks = await oos('ListTaskExecutions', { ExecutionId: id, IncludeChildTaskExecution: true });

    expect(emulator.packageRun(id).instances).toEqual([
      {
        instanceId: old,
        uninstallVersion: SEED_FACTS.nodeOlderVersion,
        installVersion: SEED_FACTS.nodeVersion,
      },
      { instanceId: fresh, installVersion: SEED_FACTS.nodeVersion },
    ]);
    expect(emulator.packageStates(old)).toMatchObject([
      { templateVersion: SEED_FACTS.nodeVersion, parameters: { version: SEED_FACTS.nodeDefault } },
    ]);
    expect(emulator.packageStates(fresh).map((s) => s.templateVersion)).toEqual([SEED_FACTS.nodeVersion]);
    const oldTask = tasks.TaskExecutions.find((t: Body) => t.LoopItem === old);
    expect(JSON.parse(oldTask.Outputs).commandOutput).toContain(
      `uninstall script of ${SEED_PACKAGES.node} ${SEED_FACTS.nodeOlderVersion}`,
    );
  });

  it('a published version is the newest for GetTemplate and StartExecution, the old one stays readable', async () => {
    const before = await oos('GetTemplate', { TemplateName: SEED_PACKAGES.golang });
    const oldVersion = before.Template.TemplateVersion;

    const next = emulator.publishPackageVersion(SEED_PACKAGES.golang, {
      ...JSON.parse(before.Content),
      Description: 'republished',
    });
    const latest = await oos('GetTemplate', { TemplateName: SEED_PACKAGES.golang });
    const old = await oos('GetTemplate', { TemplateName: SEED_PACKAGES.golang, TemplateVersion: oldVersion });
    const listed = await oos('ListTemplates', { TemplateType: 'Package', TemplateName: 'golang' });
    const instance = 'i-bp1emu0pkgpublish0010';
    emulator.addInstance({ instanceId: instance, regionId: REGION });
    await run('install', SEED_PACKAGES.golang, [instance], next);
    const tooNew = await caught(
      run('install', SEED_PACKAGES.golang, [instance], `v${Number(next.slice(1)) + 1}`),
    );
    finishRunning();

    expect(next).toBe(`v${Number(oldVersion.slice(1)) + 1}`);
    expect(latest.Template.TemplateVersion).toBe(next);
    expect(JSON.parse(latest.Content).Description).toBe('republished');
    expect(old.Content).toBe(before.Content);
    expect(listed.Templates[0].TemplateVersion).toBe(next);
    expect(emulator.packageStates(instance).map((s) => s.templateVersion)).toEqual([next]);
    expect(tooNew.code).toBe('InvalidParameter');
  });
});
