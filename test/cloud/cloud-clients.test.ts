/**
 * The cloud adapters through the real Alibaba SDKs (signing, query building, error parsing) against
 * the local OOS+ECS emulator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCloudClients } from '../../src/cloud/index.js';
import { CloudError } from '../../src/domain/errors.js';
import type { EcsPort, OosPort } from '../../src/domain/ports.js';
import { silentLogger } from '../../src/domain/ports.js';
import {
  type CloudEmulator,
  EMULATOR_CREDENTIALS,
  INSTALL_TEMPLATE_NAME,
  SEED_FACTS,
  SEED_INSTANCES,
  SEED_PACKAGES,
  startCloudEmulator,
} from '../emulator/cloud-emulator.js';

const REGION = 'cn-hangzhou';
const ENV_KEYS = [
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
  'ALIBABA_CLOUD_ECS_METADATA_DISABLED',
  'ALIBABA_CLOUD_CREDENTIALS_FILE',
  'ALIBABA_CLOUD_PROFILE',
  'ALIBABA_CLOUD_ROLE_ARN',
  'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
  'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  'ALIBABA_CLOUD_CREDENTIALS_URI',
  'ALIBABA_CLOUD_CLI_PROFILE_DISABLED',
  'HOME',
] as const;

let emulator: CloudEmulator;
let oos: OosPort;
let ecs: EcsPort;
let sleeps: number[];
const savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

function clients() {
  sleeps = [];
  return createCloudClients({
    oosEndpoint: emulator.url,
    ecsEndpoint: emulator.url,
    logger: silentLogger,
    retry: {
      maxAttempts: 3,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  });
}

function installParameters(instanceIds: string[]) {
  return {
    regionId: REGION,
    action: 'install',
    packageName: SEED_PACKAGES.node,
    packageVersion: SEED_FACTS.nodeVersion,
    targets: { Type: 'ResourceIds', ResourceIds: instanceIds, RegionId: REGION },
    rateControl: { Mode: 'Concurrency', Concurrency: 10, MaxErrors: 0 },
    parameters: { version: SEED_FACTS.nodeDefault },
    OOSAssumeRole: '',
  };
}

beforeAll(async () => {
  for (const key of ENV_KEYS) savedEnv[key] = process.env[key];
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = EMULATOR_CREDENTIALS.accessKeyId;
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = EMULATOR_CREDENTIALS.accessKeySecret;
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  delete process.env.ALIBABA_CLOUD_SECURITY_TOKEN;
  emulator = await startCloudEmulator();
  ({ oos, ecs } = clients());
});

afterAll(async () => {
  await emulator.close();
  for (const key of ENV_KEYS) {
    const value = savedEnv[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

afterEach(() => {
  sleeps = [];
  emulator.clearFaults();
  emulator.resetCalls();
});

describe('OOS adapter', () => {
  it('lists every public Package template across pages', async () => {
    const templates = await oos.listTemplates({
      regionId: REGION,
      templateType: 'Package',
      shareType: 'Public',
    });

    const calls = emulator.callsTo('ListTemplates');
    expect(templates.length).toBeGreaterThan(100);
    expect(calls.length).toBeGreaterThan(1);
    expect(
      calls.every((call) => call.params.MaxResults === '100' && call.params.TemplateType === 'Package'),
    ).toBe(true);
    expect(calls[1]?.params.NextToken).toBeTruthy();
    expect(new Set(templates.map((t) => t.templateName)).size).toBe(templates.length);
    expect(templates.map((t) => t.templateName)).toContain(SEED_PACKAGES.node);
    expect(templates.map((t) => t.templateName)).not.toContain(SEED_PACKAGES.privatePackage);
    const node = templates.find((t) => t.templateName === SEED_PACKAGES.node);
    expect(node).toMatchObject({
      templateType: 'Package',
      shareType: 'Public',
      templateVersion: SEED_FACTS.nodeVersion,
    });
    expect(JSON.parse(node?.description ?? '')).toHaveProperty('name-en');
  });

  it('reads a JSON template with its parameters', async () => {
    const doc = await oos.getTemplate({ regionId: REGION, templateName: SEED_PACKAGES.node });

    expect(doc.summary.templateName).toBe(SEED_PACKAGES.node);
    expect(doc.summary.templateVersion).toBe(SEED_FACTS.nodeVersion);
    expect(doc.content.Parameters).toMatchObject({ version: { Default: SEED_FACTS.nodeDefault } });
  });

  it('reads a YAML template', async () => {
    const doc = await oos.getTemplate({ regionId: REGION, templateName: SEED_PACKAGES.nginx });

    expect(doc.content.FormatVersion).toBe('OOS-2019-06-01');
    expect(typeof doc.content.Parameters).toBe('object');
  });

  it('reads an older template version when asked', async () => {
    const doc = await oos.getTemplate({
      regionId: REGION,
      templateName: SEED_PACKAGES.node,
      templateVersion: SEED_FACTS.nodeOlderVersion,
    });

    expect(doc.summary.templateVersion).toBe(SEED_FACTS.nodeOlderVersion);
    expect(emulator.callsTo('GetTemplate')[0]?.params.TemplateVersion).toBe(SEED_FACTS.nodeOlderVersion);
  });

  it('reports an unknown template as not_found', async () => {
    const outcome = oos.getTemplate({
      regionId: REGION,
      templateName: 'ACS-Extension-nope-0000000000000009',
    });

    await expect(outcome).rejects.toBeInstanceOf(CloudError);
    await expect(outcome).rejects.toMatchObject({
      kind: 'not_found',
      code: 'EntityNotExists.Template',
      httpStatus: 404,
      service: 'oos',
      action: 'GetTemplate',
    });
    expect(((await outcome.catch((e: unknown) => e)) as CloudError).requestId).toMatch(/^[0-9A-F-]{36}$/);
  });

  it('starts an execution with JSON-string Parameters and Tags, idempotent by ClientToken', async () => {
    const input = {
      regionId: REGION,
      templateName: INSTALL_TEMPLATE_NAME,
      mode: 'Automatic' as const,
      clientToken: 'ecs-ext-req-idem-1',
      parameters: installParameters([SEED_INSTANCES.linux]),
      tags: { 'ecs-ext:request': 'req-idem-1' },
      description: 'ecs-ext request req-idem-1',
    };

    const first = await oos.startExecution(input);
    const second = await oos.startExecution(input);

    expect(second.executionId).toBe(first.executionId);
    expect(emulator.executionIds().filter((id) => id === first.executionId)).toHaveLength(1);
    expect(first).toMatchObject({
      templateName: INSTALL_TEMPLATE_NAME,
      status: 'Started',
      packageName: SEED_PACKAGES.node,
      resourceIds: [SEED_INSTANCES.linux],
      tags: { 'ecs-ext:request': 'req-idem-1' },
    });
    const sent = emulator.callsTo('StartExecution')[0]?.params ?? {};
    expect(JSON.parse(sent.Parameters ?? '')).toEqual(input.parameters);
    expect(JSON.parse(sent.Tags ?? '')).toEqual(input.tags);
    expect(sent).toMatchObject({ Mode: 'Automatic', ClientToken: 'ecs-ext-req-idem-1', RegionId: REGION });
  });

  it('lists executions and their per-instance task executions', async () => {
    emulator.script({ defaultAfterMs: 0 });
    const started = await oos.startExecution({
      regionId: REGION,
      templateName: INSTALL_TEMPLATE_NAME,
      mode: 'Automatic',
      clientToken: 'ecs-ext-req-list-1',
      parameters: installParameters([SEED_INSTANCES.linux, SEED_INSTANCES.linux2]),
    });
    emulator.finishExecution(started.executionId, 'Success');

    const executions = await oos.listExecutions({ regionId: REGION, executionId: started.executionId });
    const tasks = await oos.listTaskExecutions({
      regionId: REGION,
      executionId: started.executionId,
      taskName: 'configurePackage',
      includeChildren: true,
    });

    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({
      executionId: started.executionId,
      status: 'Success',
      packageName: SEED_PACKAGES.node,
      resourceIds: [SEED_INSTANCES.linux, SEED_INSTANCES.linux2],
    });
    expect(executions[0]?.endDate).toBeTruthy();
    expect(
      tasks
        .map((t) => t.loopItem)
        .filter(Boolean)
        .sort(),
    ).toEqual([SEED_INSTANCES.linux, SEED_INSTANCES.linux2].sort());
    expect(emulator.callsTo('ListTaskExecutions')[0]?.params.IncludeChildTaskExecution).toBe('true');
  });

  it('lists executions across pages with filters', async () => {
    emulator.script({ neverFinish: true });
    const ids: string[] = [];
    for (let n = 0; n < 25; n++) {
      const execution = await oos.startExecution({
        regionId: REGION,
        templateName: INSTALL_TEMPLATE_NAME,
        mode: 'Automatic',
        clientToken: `ecs-ext-req-page-${n}`,
        parameters: installParameters([SEED_INSTANCES.linux2]),
        tags: { batch: 'paging' },
      });
      ids.push(execution.executionId);
    }
    emulator.resetCalls();

    const executions = await oos.listExecutions({ regionId: REGION, tags: { batch: 'paging' } });

    expect(executions.map((e) => e.executionId).sort()).toEqual([...ids].sort());
    expect(emulator.callsTo('ListExecutions').length).toBeGreaterThan(1);
    expect(JSON.parse(emulator.callsTo('ListExecutions')[0]?.params.Tags ?? '')).toEqual({ batch: 'paging' });
  });

  it('cancels a running execution', async () => {
    emulator.script({ neverFinish: true });
    const started = await oos.startExecution({
      regionId: REGION,
      templateName: INSTALL_TEMPLATE_NAME,
      mode: 'Automatic',
      clientToken: 'ecs-ext-req-cancel-1',
      parameters: installParameters([SEED_INSTANCES.linux]),
    });

    await oos.cancelExecution({ regionId: REGION, executionId: started.executionId });

    const [after] = await oos.listExecutions({ regionId: REGION, executionId: started.executionId });
    expect(after?.status).toBe('Cancelled');
  });

  it('reports cancelling an unknown execution as not_found', async () => {
    const outcome = oos.cancelExecution({ regionId: REGION, executionId: 'exec-doesnotexist' });

    await expect(outcome).rejects.toMatchObject({ kind: 'not_found', code: 'EntityNotExists.Execution' });
  });
});

describe('ECS adapter', () => {
  it('lists regions in English', async () => {
    const regions = await ecs.describeRegions();

    expect(regions).toContainEqual({
      regionId: 'cn-hangzhou',
      localName: 'China (Hangzhou)',
      status: 'available',
    });
    expect(emulator.callsTo('DescribeRegions')[0]?.params.AcceptLanguage).toBe('en-US');
  });

  it('describes instances by id, as a JSON array string', async () => {
    const instances = await ecs.describeInstances({
      regionId: REGION,
      instanceIds: [SEED_INSTANCES.linux, SEED_INSTANCES.windows, 'i-bp1unknown0000000099'],
    });

    expect(instances.map((i) => i.instanceId).sort()).toEqual(
      [SEED_INSTANCES.linux, SEED_INSTANCES.windows].sort(),
    );
    expect(instances.find((i) => i.instanceId === SEED_INSTANCES.windows)).toMatchObject({
      osType: 'windows',
      status: 'Running',
      regionId: REGION,
      instanceName: 'win-iis-05',
    });
    expect(JSON.parse(emulator.callsTo('DescribeInstances')[0]?.params.InstanceIds ?? '')).toHaveLength(3);
  });

  it('batches more than 100 ids', async () => {
    const many = Array.from({ length: 130 }, (_, n) => `i-bp1batch${String(n).padStart(12, '0')}`);
    for (const id of many.slice(0, 3))
      emulator.addInstance({ instanceId: id, regionId: REGION, name: `batch-${id}` });

    const instances = await ecs.describeInstances({ regionId: REGION, instanceIds: many });

    expect(instances.map((i) => i.instanceId)).toEqual(many.slice(0, 3));
    const sizes = emulator
      .callsTo('DescribeInstances')
      .map((c) => JSON.parse(c.params.InstanceIds ?? '[]').length);
    expect(sizes).toEqual([100, 30]);
  });

  it('searches by name or id with a status filter and a limit', async () => {
    const byName = await ecs.describeInstances({ regionId: REGION, nameLike: 'WEB-PROD', status: 'Running' });
    const byId = await ecs.describeInstances({ regionId: REGION, nameLike: 'stopped0' });
    const limited = await ecs.describeInstances({ regionId: REGION, limit: 2 });

    expect(byName.map((i) => i.instanceName).sort()).toEqual(['web-prod-01', 'web-prod-02']);
    expect(byId.map((i) => i.instanceId)).toEqual([SEED_INSTANCES.stopped]);
    expect(limited).toHaveLength(2);
    expect(emulator.callsTo('DescribeInstances')[0]?.params.Status).toBe('Running');
  });

  it('reads Cloud Assistant status as booleans', async () => {
    const states = await ecs.describeCloudAssistantStatus({
      regionId: REGION,
      instanceIds: [SEED_INSTANCES.linux, SEED_INSTANCES.assistantOffline],
    });

    expect(states).toContainEqual(
      expect.objectContaining({ instanceId: SEED_INSTANCES.linux, online: true }),
    );
    expect(states).toContainEqual(
      expect.objectContaining({ instanceId: SEED_INSTANCES.assistantOffline, online: false }),
    );
    expect(emulator.callsTo('DescribeCloudAssistantStatus')[0]?.params).toMatchObject({
      'InstanceId.1': SEED_INSTANCES.linux,
      'InstanceId.2': SEED_INSTANCES.assistantOffline,
    });
  });

  it('batches Cloud Assistant lookups by 50', async () => {
    const many = Array.from({ length: 51 }, (_, n) => `i-bp1ca${String(n).padStart(14, '0')}`);

    await ecs.describeCloudAssistantStatus({ regionId: REGION, instanceIds: many });

    expect(emulator.callsTo('DescribeCloudAssistantStatus')).toHaveLength(2);
  });
});

describe('failures', () => {
  it('maps Forbidden.RAM to permission with the denied action, without retrying', async () => {
    emulator.fault({ kind: 'forbidden', service: 'oos', action: 'ListTemplates' });

    const outcome = oos.listTemplates({ regionId: REGION, templateType: 'Package', shareType: 'Public' });

    await expect(outcome).rejects.toMatchObject({
      kind: 'permission',
      code: 'Forbidden.RAM',
      httpStatus: 403,
      deniedAction: 'oos:ListTemplates',
    });
    expect(emulator.callsTo('ListTemplates')).toHaveLength(1);
  });

  it('maps NoPermission on ECS to permission', async () => {
    emulator.fault({ kind: 'no_permission', service: 'ecs', action: 'DescribeInstances' });

    const outcome = ecs.describeInstances({ regionId: REGION, instanceIds: [SEED_INSTANCES.linux] });

    await expect(outcome).rejects.toMatchObject({
      kind: 'permission',
      service: 'ecs',
      deniedAction: 'ecs:DescribeInstances',
    });
  });

  it('retries throttling and then succeeds, honouring retry-after', async () => {
    emulator.fault({
      kind: 'throttle',
      service: 'oos',
      action: 'GetTemplate',
      times: 2,
      retryAfterSeconds: 2,
    });

    const doc = await oos.getTemplate({ regionId: REGION, templateName: SEED_PACKAGES.docker });

    expect(doc.summary.templateName).toBe(SEED_PACKAGES.docker);
    expect(emulator.callsTo('GetTemplate').map((c) => c.status)).toEqual([400, 400, 200]);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it('surfaces throttling as throttled once attempts run out', async () => {
    emulator.fault({ kind: 'throttle', service: 'ecs', action: 'DescribeRegions' });

    const outcome = ecs.describeRegions();

    await expect(outcome).rejects.toMatchObject({ kind: 'throttled', code: 'Throttling.User', attempts: 3 });
    expect(emulator.callsTo('DescribeRegions')).toHaveLength(3);
  });

  it('surfaces 5xx as kind server after the retries run out', async () => {
    emulator.fault({ kind: 'server_error', service: 'oos', action: 'ListExecutions' });

    const outcome = oos.listExecutions({ regionId: REGION });

    await expect(outcome).rejects.toMatchObject({
      kind: 'server',
      code: 'ServiceUnavailable',
      httpStatus: 503,
    });
    expect(emulator.callsTo('ListExecutions')).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('does not retry an invalid request', async () => {
    emulator.fault({ kind: 'invalid_parameter', service: 'ecs', action: 'DescribeCloudAssistantStatus' });

    const outcome = ecs.describeCloudAssistantStatus({
      regionId: REGION,
      instanceIds: [SEED_INSTANCES.linux],
    });

    await expect(outcome).rejects.toMatchObject({ kind: 'invalid_request', code: 'InvalidParameter' });
    expect(emulator.callsTo('DescribeCloudAssistantStatus')).toHaveLength(1);
  });

  it('maps an unreachable endpoint to network', async () => {
    const closed = await startCloudEmulator();
    const url = closed.url;
    await closed.close();
    const { oos: unreachable } = createCloudClients({
      oosEndpoint: url,
      logger: silentLogger,
      retry: { maxAttempts: 2, sleep: async () => {} },
    });

    const outcome = unreachable.cancelExecution({ regionId: REGION, executionId: 'exec-x' });

    await expect(outcome).rejects.toMatchObject({ kind: 'network', code: 'NetworkError' });
  });

  it('rejects a wrong AccessKey as credentials without leaking it', async () => {
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'LTAI5tWrongKeyAbcdef01';
    try {
      const { oos: wrong } = clients();

      const outcome = wrong.getTemplate({ regionId: REGION, templateName: SEED_PACKAGES.node });

      const error = (await outcome.catch((e: unknown) => e)) as CloudError;
      expect(error).toMatchObject({ kind: 'credentials', code: 'InvalidAccessKeyId.NotFound' });
      expect(error.message).not.toContain('LTAI5tWrongKeyAbcdef01');
    } finally {
      process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = EMULATOR_CREDENTIALS.accessKeyId;
    }
  });

  it('reports missing credentials as kind credentials with setup help, sending nothing', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ecs-ext-nocreds-'));
    delete process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
    delete process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
    delete process.env.ALIBABA_CLOUD_PROFILE;
    delete process.env.ALIBABA_CLOUD_ROLE_ARN;
    // The chain always tries a credentials URI (the SDK would look up the host "undefined"): keep it local.
    process.env.ALIBABA_CLOUD_CREDENTIALS_URI = 'http://127.0.0.1:1/credentials';
    process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
    process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = join(home, 'credentials');
    process.env.HOME = home;
    try {
      const { oos: noCreds, ecs: noCredsEcs } = clients();

      const fromOos = await noCreds
        .listTemplates({ regionId: REGION, templateType: 'Package', shareType: 'Public' })
        .catch((e: unknown) => e);
      const fromEcs = await noCredsEcs.describeRegions().catch((e: unknown) => e);
      const again = await noCreds
        .cancelExecution({ regionId: REGION, executionId: 'exec-x' })
        .catch((e: unknown) => e);

      for (const error of [fromOos, fromEcs, again]) {
        expect(error).toBeInstanceOf(CloudError);
        expect(error).toMatchObject({ kind: 'credentials', code: 'NoCredentials' });
        expect((error as CloudError).message).toContain('ALIBABA_CLOUD_ACCESS_KEY_ID');
      }
      expect(emulator.calls).toHaveLength(0);
      expect(sleeps).toEqual([]);
    } finally {
      process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = EMULATOR_CREDENTIALS.accessKeyId;
      process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = EMULATOR_CREDENTIALS.accessKeySecret;
      process.env.HOME = savedEnv.HOME;
      delete process.env.ALIBABA_CLOUD_CREDENTIALS_FILE;
      delete process.env.ALIBABA_CLOUD_CREDENTIALS_URI;
      rmSync(home, { recursive: true, force: true });
    }
  });
});
