import CredentialsModule from '@alicloud/credentials';
import EcsModule, {
  DescribeCloudAssistantStatusRequest,
  DescribeInstancesRequest,
  DescribeRegionsRequest,
} from '@alicloud/ecs20140526';
import OpenApiCore, {
  $OpenApiUtil,
  ClientError,
  OpenApiUtil,
  ServerError,
  ThrottlingError,
} from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  type CloudEmulator,
  EMULATOR_CREDENTIALS,
  EMULATOR_STS_CREDENTIALS,
  INSTALL_TEMPLATE_NAME,
  SEED_FACTS,
  SEED_INSTANCES,
  SEED_PACKAGES,
  startCloudEmulator,
} from './cloud-emulator.js';
import { signRpcRequest } from './signature.js';

/** Node's ESM loader hands over the CommonJS exports object, vitest's interop the class itself. */
function commonJsDefault<M extends { default: unknown }>(mod: M): M['default'] {
  return (typeof mod === 'function' ? mod : mod.default) as M['default'];
}

const OpenApi = commonJsDefault(OpenApiCore);
const Credential = commonJsDefault(CredentialsModule);
const Ecs = commonJsDefault(EcsModule);
type OpenApiClient = InstanceType<typeof OpenApi>;

let emulator: CloudEmulator;

beforeAll(async () => {
  vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_ID', EMULATOR_CREDENTIALS.accessKeyId);
  vi.stubEnv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', EMULATOR_CREDENTIALS.accessKeySecret);
  vi.stubEnv('ALIBABA_CLOUD_ECS_METADATA_DISABLED', 'true');
  emulator = await startCloudEmulator();
});

afterAll(async () => {
  await emulator.close();
  vi.unstubAllEnvs();
});

afterEach(() => {
  emulator.clearFaults();
  emulator.script({});
  emulator.resetCalls();
});

function endpoint(): string {
  return `127.0.0.1:${emulator.port}`;
}

/** A generic OpenAPI client through the default credential chain (env AK). */
function chainClient(): OpenApiClient {
  return new OpenApi(
    new $OpenApiUtil.Config({
      credential: new Credential(),
      endpoint: endpoint(),
      protocol: 'http',
      regionId: 'cn-hangzhou',
    }),
  );
}

function oosParams(action: string) {
  return new $OpenApiUtil.Params({
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
}

// biome-ignore lint/suspicious/noExplicitAny: wire bodies are untyped JSON; each test reads only what it asserts.
type Body = any;

async function oos(action: string, query: Record<string, unknown>, client = chainClient()): Promise<Body> {
  const request = new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(query) });
  const response = await client.callApi(oosParams(action), request, new $dara.RuntimeOptions({}));
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

async function waitForStatus(executionId: string, statuses: string[]): Promise<Body> {
  let execution: Body;
  await vi.waitFor(
    async () => {
      const body = await oos('ListExecutions', { ExecutionId: executionId, RegionId: 'cn-hangzhou' });
      execution = body.Executions[0];
      expect(statuses).toContain(execution.Status);
    },
    { timeout: 5000, interval: 20 },
  );
  return execution;
}

function installParameters(instanceIds: string[], packageName: string = SEED_PACKAGES.node) {
  return JSON.stringify({
    regionId: 'cn-hangzhou',
    action: 'install',
    packageName,
    packageVersion: SEED_FACTS.nodeVersion,
    targets: { Type: 'ResourceIds', ResourceIds: instanceIds, RegionId: 'cn-hangzhou' },
    rateControl: { Mode: 'Concurrency', Concurrency: 10, MaxErrors: 0 },
    parameters: { version: SEED_FACTS.nodeDefault },
    OOSAssumeRole: '',
  });
}

describe('signature V3', () => {
  it('accepts the real SDK signing through the default credential chain', async () => {
    const body = await oos('ListTemplates', { TemplateType: 'Package', ShareType: 'Public', MaxResults: 10 });

    expect(body.Templates).toHaveLength(10);
    expect(emulator.calls[0]).toMatchObject({ service: 'oos', action: 'ListTemplates', status: 200 });
  });

  it('rejects a wrong secret with SignatureDoesNotMatch surfaced by the SDK', async () => {
    const client = new OpenApi(
      new $OpenApiUtil.Config({
        accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
        accessKeySecret: 'not-the-secret',
        endpoint: endpoint(),
        protocol: 'http',
      }),
    );

    const error = await caught(oos('ListTemplates', { TemplateType: 'Package' }, client));

    expect(error).toBeInstanceOf(ClientError);
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.statusCode).toBe(400);
    expect(error.data.Recommend).toContain('SignatureDoesNotMatch');
    expect(emulator.calls[0]).toMatchObject({
      action: 'ListTemplates',
      status: 400,
      code: 'SignatureDoesNotMatch',
    });
  });

  it('rejects an unknown AccessKey id', async () => {
    const client = new OpenApi(
      new $OpenApiUtil.Config({
        accessKeyId: 'LTAI-unknown',
        accessKeySecret: 'x',
        endpoint: endpoint(),
        protocol: 'http',
      }),
    );

    const error = await caught(oos('ListTemplates', {}, client));

    expect(error.code).toBe('InvalidAccessKeyId.NotFound');
    expect(error.statusCode).toBe(404);
  });

  it('accepts STS credentials and rejects a wrong security token', async () => {
    const config = (securityToken: string) =>
      new OpenApi(
        new $OpenApiUtil.Config({
          ...EMULATOR_STS_CREDENTIALS,
          securityToken,
          endpoint: endpoint(),
          protocol: 'http',
        }),
      );

    const ok = await oos(
      'GetTemplate',
      { TemplateName: SEED_PACKAGES.git },
      config(EMULATOR_STS_CREDENTIALS.securityToken),
    );
    const error = await caught(oos('GetTemplate', { TemplateName: SEED_PACKAGES.git }, config('forged')));

    expect(ok.Template.TemplateName).toBe(SEED_PACKAGES.git);
    expect(error.code).toBe('InvalidSecurityToken.Mismatch');
  });

  it('signs query values with reserved characters the way the server recomputes them', async () => {
    const body = await oos('ListTemplates', { TemplateName: "node (x)*!'~ +", TemplateType: 'Package' });

    expect(body.Templates).toEqual([]);
  });

  it('rejects a stale date and a reused nonce', async () => {
    const query = { TemplateType: 'Package' };
    const base = {
      host: endpoint(),
      action: 'ListTemplates',
      version: '2019-06-01',
      query,
      ...EMULATOR_CREDENTIALS,
    };
    const send = (headers: Record<string, string>) =>
      fetch(`${emulator.url}/?${new URLSearchParams(query)}`, { method: 'POST', headers }).then(
        async (r) => ({
          status: r.status,
          body: (await r.json()) as Body,
        }),
      );

    const stale = await send(signRpcRequest({ ...base, date: new Date(Date.now() - 20 * 60_000) }));
    const first = await send(signRpcRequest({ ...base, nonce: 'fixed-nonce' }));
    const replay = await send(signRpcRequest({ ...base, nonce: 'fixed-nonce' }));

    expect(stale.body.Code).toBe('InvalidTimeStamp.Expired');
    expect(first.status).toBe(200);
    expect(replay.body.Code).toBe('SignatureNonceUsed');
  });
});

describe('OOS templates', () => {
  it('pages ListTemplates with a server page size and no TotalCount', async () => {
    const names: string[] = [];
    const pageSizes: number[] = [];
    let token: string | undefined;
    let first: Body;

    do {
      const body = await oos('ListTemplates', {
        TemplateType: 'Package',
        ShareType: 'Public',
        MaxResults: 100,
        NextToken: token,
      });
      first ??= body;
      pageSizes.push(body.Templates.length);
      names.push(...body.Templates.map((t: Body) => t.TemplateName));
      token = body.NextToken || undefined;
    } while (token);

    expect(first.MaxResults).toBe(100);
    expect(first).not.toHaveProperty('TotalCount');
    expect(pageSizes[0]).toBe(20);
    expect(names.length).toBeGreaterThan(100);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain(SEED_PACKAGES.node);
    expect(names).toContain(SEED_PACKAGES.malformed);
    expect(names).not.toContain(SEED_PACKAGES.privatePackage);
    expect(names).not.toContain(INSTALL_TEMPLATE_NAME);
  });

  it('returns Package metadata with a JSON Description and Constraints', async () => {
    const body = await oos('ListTemplates', { TemplateType: 'Package', TemplateName: 'BaoTa' });

    const [baota] = body.Templates;
    expect(body.Templates).toHaveLength(1);
    expect(baota).toMatchObject({
      TemplateName: SEED_PACKAGES.baota,
      ShareType: 'Public',
      TotalExecutionCount: -1,
    });
    expect(JSON.parse(baota.Description)).toMatchObject({
      categories: ['application'],
      'name-zh-cn': '宝塔面板免费版',
    });
    expect(JSON.parse(baota.Constraints).OSPlatforms).toContain('Ubuntu');
  });

  it('GetTemplate returns Content in its own format and honours TemplateVersion', async () => {
    const latest = await oos('GetTemplate', { TemplateName: SEED_PACKAGES.node });
    const older = await oos('GetTemplate', {
      TemplateName: SEED_PACKAGES.node,
      TemplateVersion: SEED_FACTS.nodeOlderVersion,
    });
    const nginx = await oos('GetTemplate', { TemplateName: SEED_PACKAGES.nginx });

    expect(latest.Template.TemplateVersion).toBe(SEED_FACTS.nodeVersion);
    expect(latest.Template).not.toHaveProperty('Content');
    expect(JSON.parse(latest.Content).Parameters.version).toMatchObject({
      Type: 'String',
      Default: SEED_FACTS.nodeDefault,
      AllowedValues: SEED_FACTS.nodeAllowed,
    });
    expect(JSON.parse(older.Content).Parameters.version.Default).toBe('v20.18.2');
    expect(nginx.Template.TemplateFormat).toBe('YAML');
    expect(parseYaml(nginx.Content).Parameters.enableHttps).toMatchObject({
      Type: 'Boolean',
      Default: false,
    });
  });

  it('covers every parameter type across the seeded contents', async () => {
    const names = [SEED_PACKAGES.mysql, SEED_PACKAGES.redis, SEED_PACKAGES.dify, SEED_PACKAGES.baota];
    const types = new Set<string>();
    let secret = false;

    for (const name of names) {
      const body = await oos('GetTemplate', { TemplateName: name });
      for (const [key, spec] of Object.entries(JSON.parse(body.Content).Parameters as Record<string, Body>)) {
        types.add(spec.Type);
        secret ||= spec.AssociationProperty === 'Password' || key === 'password';
      }
    }

    expect([...types].sort()).toEqual(['Boolean', 'Integer', 'Json', 'List', 'Number', 'String']);
    expect(secret).toBe(true);
  });

  it('answers EntityNotExists.Template and MissingParameter', async () => {
    const unknown = await caught(oos('GetTemplate', { TemplateName: 'ACS-Extension-nope-1' }));
    const missing = await caught(oos('GetTemplate', {}));

    expect(unknown).toMatchObject({ code: 'EntityNotExists.Template', statusCode: 404 });
    expect(missing).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
  });
});

describe('faults', () => {
  it('throttles with x-acs-retry-after as an SDK ThrottlingError, then recovers', async () => {
    emulator.fault({ kind: 'throttle', action: 'ListTemplates', times: 1, retryAfterSeconds: 7 });

    const error = await caught(oos('ListTemplates', {}));
    const ok = await oos('ListTemplates', {});

    expect(error).toBeInstanceOf(ThrottlingError);
    expect(error).toMatchObject({ code: 'Throttling.User', retryAfter: 7, statusCode: 400 });
    expect(ok.Templates.length).toBeGreaterThan(0);
  });

  it('denies with Forbidden.RAM naming the action in Message and AccessDeniedDetail', async () => {
    emulator.fault({ kind: 'forbidden', service: 'oos', action: 'ListTemplates' });

    const error = await caught(oos('ListTemplates', {}));

    expect(error).toMatchObject({ code: 'Forbidden.RAM', statusCode: 403 });
    expect(error.data.Message).toContain('Action: oos:ListTemplates');
    expect(error.accessDeniedDetail.AuthAction).toBe('oos:ListTemplates');
  });

  it('answers ServiceUnavailable as an SDK ServerError and scopes rules by service', async () => {
    emulator.fault({ kind: 'server_error', service: 'ecs' });
    emulator.fault({ kind: 'no_permission', service: 'oos', action: 'GetTemplate' });

    const ecsError = await caught(
      new Ecs(ecsConfig()).describeRegionsWithOptions(new DescribeRegionsRequest({}), runtime()),
    );
    const oosError = await caught(oos('GetTemplate', { TemplateName: SEED_PACKAGES.git }));
    const untouched = await oos('ListTemplates', { MaxResults: 10 });

    expect(ecsError).toBeInstanceOf(ServerError);
    expect(ecsError).toMatchObject({ code: 'ServiceUnavailable', statusCode: 503 });
    expect(oosError).toMatchObject({ code: 'NoPermission', statusCode: 403 });
    expect(untouched.Templates).toHaveLength(10);
  });
});

describe('held calls', () => {
  it('holds every call to one action until released, and counts it in flight', async () => {
    const held = emulator.hold('ListTemplates');
    let answered = 0;

    const calls = [oos('ListTemplates', {}), oos('ListTemplates', {})].map((call) =>
      call.then((body: Body) => {
        answered += 1;
        return body;
      }),
    );
    await vi.waitFor(() => expect(held.waiting).toBe(2), { timeout: 5000, interval: 10 });
    const other = await oos('GetTemplate', { TemplateName: SEED_PACKAGES.git });
    const inFlightWhileHeld = emulator.inFlight();
    const answeredWhileHeld = answered;
    held.release();
    const bodies = await Promise.all(calls);
    const after = await oos('ListTemplates', {});

    expect(other.Template.TemplateName).toBe(SEED_PACKAGES.git);
    expect(answeredWhileHeld).toBe(0);
    expect(inFlightWhileHeld).toBe(2);
    expect(bodies.every((b) => b.Templates.length > 0)).toBe(true);
    expect(after.Templates.length).toBeGreaterThan(0);
    expect(held.waiting).toBe(0);
  });
});

describe('executions', () => {
  it('StartExecution is idempotent by ClientToken and returns Parameters as a string', async () => {
    const query = {
      TemplateName: INSTALL_TEMPLATE_NAME,
      Mode: 'Automatic',
      ClientToken: 'req-idem-1',
      Parameters: installParameters([SEED_INSTANCES.linux]),
      RegionId: 'cn-hangzhou',
    };

    const first = await oos('StartExecution', query);
    const second = await oos('StartExecution', query);

    expect(second.Execution.ExecutionId).toBe(first.Execution.ExecutionId);
    expect(emulator.executionIds().filter((id) => id === first.Execution.ExecutionId)).toHaveLength(1);
    expect(first.Execution.Status).toBe('Started');
    expect(typeof first.Execution.Parameters).toBe('string');
    expect(JSON.parse(first.Execution.Parameters).packageName).toBe(SEED_PACKAGES.node);
  });

  it('rejects unknown instances and packages', async () => {
    const base = { TemplateName: INSTALL_TEMPLATE_NAME, RegionId: 'cn-hangzhou' };

    const badInstance = await caught(
      oos('StartExecution', { ...base, Parameters: installParameters(['i-nope']) }),
    );
    const wrongRegion = await caught(
      oos('StartExecution', { ...base, Parameters: installParameters([SEED_INSTANCES.shanghai]) }),
    );
    const badPackage = await caught(
      oos('StartExecution', {
        ...base,
        Parameters: installParameters([SEED_INSTANCES.linux], 'ACS-Extension-x-1'),
      }),
    );

    expect(badInstance.code).toBe('InvalidParameter');
    expect(wrongRegion.data.Message).toContain(SEED_INSTANCES.shanghai);
    expect(badPackage.code).toBe('EntityNotExists.Template');
  });

  it('progresses to Failed with outputs, counters and per-instance task executions', async () => {
    emulator.script({
      instances: {
        [SEED_INSTANCES.linux]: { status: 'Success', output: 'node v22.13.1 installed\n' },
        [SEED_INSTANCES.linux2]: { status: 'Failed', message: 'disk full', afterMs: 60 },
      },
    });
    const started = await oos('StartExecution', {
      TemplateName: INSTALL_TEMPLATE_NAME,
      Parameters: installParameters([SEED_INSTANCES.linux, SEED_INSTANCES.linux2]),
      RegionId: 'cn-hangzhou',
    });
    const id = started.Execution.ExecutionId;

    const execution = await waitForStatus(id, ['Success', 'Failed']);
    const tasks = await oos('ListTaskExecutions', {
      ExecutionId: id,
      TaskName: 'configurePackage',
      IncludeChildTaskExecution: true,
      RegionId: 'cn-hangzhou',
    });

    expect(execution.Status).toBe('Failed');
    expect(execution.StatusMessage).toContain(SEED_INSTANCES.linux2);
    expect(execution.EndDate).not.toBe('');
    expect(execution.Parameters.packageName).toBe(SEED_PACKAGES.node);
    expect(execution.Counters).toMatchObject({ Total: 2, Success: 1, Failed: 1 });
    const outputs = JSON.parse(execution.Outputs);
    expect(outputs.commandOutput).toContainEqual({
      InstanceId: SEED_INSTANCES.linux,
      InstanceResult: [{ Package: SEED_PACKAGES.node, PackageResult: 'node v22.13.1 installed\n' }],
    });
    const children = tasks.TaskExecutions.filter((t: Body) => t.LoopItem);
    expect(children.map((t: Body) => [t.LoopItem, t.Status])).toEqual([
      [SEED_INSTANCES.linux, 'Success'],
      [SEED_INSTANCES.linux2, 'Failed'],
    ]);
    expect(children[1].StatusMessage).toBe('disk full');
  });

  it('reaches Success and fails instances that cannot run the package by default', async () => {
    const start = (ids: string[]) =>
      oos('StartExecution', {
        TemplateName: INSTALL_TEMPLATE_NAME,
        Parameters: installParameters(ids),
        RegionId: 'cn-hangzhou',
      });

    const ok = await start([SEED_INSTANCES.linux]);
    const bad = await start([SEED_INSTANCES.stopped, SEED_INSTANCES.assistantOffline]);
    const success = await waitForStatus(ok.Execution.ExecutionId, ['Success', 'Failed']);
    const failed = await waitForStatus(bad.Execution.ExecutionId, ['Success', 'Failed']);

    expect(success.Status).toBe('Success');
    expect(success.CurrentTasks).toEqual([]);
    expect(failed.Status).toBe('Failed');
    expect(failed.StatusMessage).toContain('Cloud Assistant');
    expect(failed.StatusMessage).toContain('Stopped');
  });

  it('waits, stays Running with neverFinish until finishExecution, and cancels', async () => {
    emulator.script({ neverFinish: true, waitingForMs: 60_000 });
    const a = await oos('StartExecution', {
      TemplateName: INSTALL_TEMPLATE_NAME,
      Parameters: installParameters([SEED_INSTANCES.linux]),
      Tags: JSON.stringify({ 'ecs-ext': 'req-a' }),
    });
    emulator.script({ neverFinish: true });
    const b = await oos('StartExecution', {
      TemplateName: INSTALL_TEMPLATE_NAME,
      Parameters: installParameters([SEED_INSTANCES.linux]),
    });

    const waiting = await oos('ListExecutions', { Tags: JSON.stringify({ 'ecs-ext': 'req-a' }) });
    emulator.finishExecution(a.Execution.ExecutionId, 'Success');
    await oos('CancelExecution', { ExecutionId: b.Execution.ExecutionId });
    const done = await oos('ListExecutions', { ResourceId: SEED_INSTANCES.linux, MaxResults: 100 });

    expect(waiting.Executions.map((e: Body) => [e.ExecutionId, e.Status])).toEqual([
      [a.Execution.ExecutionId, 'Waiting'],
    ]);
    const byId = new Map(done.Executions.map((e: Body) => [e.ExecutionId, e.Status]));
    expect(byId.get(a.Execution.ExecutionId)).toBe('Success');
    expect(byId.get(b.Execution.ExecutionId)).toBe('Cancelled');
  });

  it('computes progress from the injected clock: Waiting, Running, then Success', async () => {
    let clock = Date.now();
    const timed = await startCloudEmulator({ now: () => clock });
    timed.script({ waitingForMs: 1000, defaultAfterMs: 5000 });
    const client = new OpenApi(
      new $OpenApiUtil.Config({
        ...EMULATOR_CREDENTIALS,
        endpoint: `127.0.0.1:${timed.port}`,
        protocol: 'http',
      }),
    );
    const started = await oos(
      'StartExecution',
      { TemplateName: INSTALL_TEMPLATE_NAME, Parameters: installParameters([SEED_INSTANCES.linux]) },
      client,
    );
    const status = async () => {
      const body = await oos('ListExecutions', { ExecutionId: started.Execution.ExecutionId }, client);
      return body.Executions[0].Status;
    };

    const seen = [await status()];
    clock += 1000;
    seen.push(await status());
    clock += 5000;
    seen.push(await status());
    await timed.close();

    expect(seen).toEqual(['Waiting', 'Running', 'Success']);
  });

  it('moves UpdateDate only when something changes, as OOS does', async () => {
    // A whole second, so the expected UpdateDates are exact (the signature check needs a current clock).
    const base = Math.floor(Date.now() / 1000) * 1000;
    const iso = (ms: number) => new Date(base + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    let clock = base;
    const timed = await startCloudEmulator({ now: () => clock });
    timed.script({
      waitingForMs: 2000,
      instances: {
        [SEED_INSTANCES.linux]: { status: 'Success', afterMs: 3000 },
        [SEED_INSTANCES.linux2]: { status: 'Success', afterMs: 8000 },
      },
    });
    const client = new OpenApi(
      new $OpenApiUtil.Config({
        ...EMULATOR_CREDENTIALS,
        endpoint: `127.0.0.1:${timed.port}`,
        protocol: 'http',
      }),
    );
    const started = await oos(
      'StartExecution',
      {
        TemplateName: INSTALL_TEMPLATE_NAME,
        Parameters: installParameters([SEED_INSTANCES.linux, SEED_INSTANCES.linux2]),
      },
      client,
    );
    const executionId = started.Execution.ExecutionId;
    const read = async () => {
      const list = await oos('ListExecutions', { ExecutionId: executionId }, client);
      const tasks = await oos(
        'ListTaskExecutions',
        { ExecutionId: executionId, IncludeChildTaskExecution: true },
        client,
      );
      const child = tasks.TaskExecutions.find((t: Body) => t.LoopItem === SEED_INSTANCES.linux2);
      return `${list.Executions[0].Status} ${list.Executions[0].UpdateDate} ${child.UpdateDate}`;
    };

    const seen: string[] = [];
    for (const at of [1000, 1900, 2500, 4000, 7000, 9000, 60_000]) {
      clock = base + at;
      seen.push(await read());
    }
    await timed.close();

    expect(seen).toEqual([
      `Waiting ${iso(0)} ${iso(0)}`,
      `Waiting ${iso(0)} ${iso(0)}`,
      `Running ${iso(2000)} ${iso(2000)}`,
      `Running ${iso(2000)} ${iso(2000)}`,
      `Running ${iso(5000)} ${iso(2000)}`,
      `Running ${iso(5000)} ${iso(2000)}`,
      `Success ${iso(10_000)} ${iso(10_000)}`,
    ]);
  });

  it('pages ListExecutions with TotalCount and filters by Status', async () => {
    const small = await startCloudEmulator({ pageSize: 2 });
    small.script({ neverFinish: true });
    const client = new OpenApi(
      new $OpenApiUtil.Config({
        ...EMULATOR_CREDENTIALS,
        endpoint: `127.0.0.1:${small.port}`,
        protocol: 'http',
      }),
    );
    for (let n = 0; n < 3; n++) {
      await oos(
        'StartExecution',
        { TemplateName: INSTALL_TEMPLATE_NAME, Parameters: installParameters([SEED_INSTANCES.linux]) },
        client,
      );
    }

    const page1 = await oos('ListExecutions', { Status: 'Running', MaxResults: 50 }, client);
    const page2 = await oos('ListExecutions', { Status: 'Running', NextToken: page1.NextToken }, client);
    await small.close();

    expect(page1).toMatchObject({ TotalCount: 3, MaxResults: 50 });
    expect(page1.Executions).toHaveLength(2);
    expect(page2.Executions).toHaveLength(1);
    expect(page2.NextToken).toBe('');
  });
});

function ecsConfig() {
  return new $OpenApiUtil.Config({
    credential: new Credential(),
    endpoint: endpoint(),
    protocol: 'http',
    regionId: 'cn-hangzhou',
  });
}

function runtime() {
  return new $dara.RuntimeOptions({});
}

describe('ECS', () => {
  it('DescribeRegions lists realistic regions in the asked language', async () => {
    const ecs = new Ecs(ecsConfig());

    const zh = await ecs.describeRegionsWithOptions(new DescribeRegionsRequest({}), runtime());
    const en = await ecs.describeRegionsWithOptions(
      new DescribeRegionsRequest({ acceptLanguage: 'en-US' }),
      runtime(),
    );

    const ids = zh.body?.regions?.region?.map((r) => r.regionId) ?? [];
    expect(ids).toEqual(
      expect.arrayContaining([
        'cn-hangzhou',
        'cn-shanghai',
        'cn-beijing',
        'cn-shenzhen',
        'ap-southeast-1',
        'us-west-1',
        'eu-central-1',
      ]),
    );
    expect(zh.body?.regions?.region?.find((r) => r.regionId === 'cn-hangzhou')?.localName).toBe(
      '华东1（杭州）',
    );
    expect(en.body?.regions?.region?.find((r) => r.regionId === 'cn-hangzhou')).toMatchObject({
      localName: 'China (Hangzhou)',
      status: 'available',
    });
  });

  it('DescribeInstances filters by ids, name wildcard and status, and pages', async () => {
    const ecs = new Ecs(ecsConfig());
    for (let n = 0; n < 12; n++) {
      emulator.addInstance({
        instanceId: `i-bp1emu0bulk${String(n).padStart(10, '0')}`,
        regionId: 'cn-hangzhou',
        name: `bulk-${n}`,
      });
    }

    const byIds = await ecs.describeInstancesWithOptions(
      new DescribeInstancesRequest({
        regionId: 'cn-hangzhou',
        instanceIds: JSON.stringify([SEED_INSTANCES.windows, SEED_INSTANCES.stopped]),
      }),
      runtime(),
    );
    const byName = await ecs.describeInstancesWithOptions(
      new DescribeInstancesRequest({ regionId: 'cn-hangzhou', instanceName: 'web-*', status: 'Running' }),
      runtime(),
    );
    const first = await ecs.describeInstancesWithOptions(
      new DescribeInstancesRequest({ regionId: 'cn-hangzhou', instanceName: 'bulk-*', maxResults: 10 }),
      runtime(),
    );
    const second = await ecs.describeInstancesWithOptions(
      new DescribeInstancesRequest({
        regionId: 'cn-hangzhou',
        instanceName: 'bulk-*',
        maxResults: 10,
        nextToken: first.body?.nextToken,
      }),
      runtime(),
    );

    const found = byIds.body?.instances?.instance ?? [];
    expect(found.map((i) => [i.instanceId, i.status, i.OSType])).toEqual([
      [SEED_INSTANCES.stopped, 'Stopped', 'linux'],
      [SEED_INSTANCES.windows, 'Running', 'windows'],
    ]);
    expect(byName.body?.instances?.instance?.map((i) => i.instanceName)).toEqual([
      'web-prod-01',
      'web-prod-02',
    ]);
    expect(first.body?.instances?.instance).toHaveLength(10);
    expect(second.body?.instances?.instance).toHaveLength(2);
    expect(second.body?.nextToken).toBe('');
  });

  it('DescribeCloudAssistantStatus answers "true"/"false" strings per instance', async () => {
    const ecs = new Ecs(ecsConfig());

    const result = await ecs.describeCloudAssistantStatusWithOptions(
      new DescribeCloudAssistantStatusRequest({
        regionId: 'cn-hangzhou',
        instanceId: [SEED_INSTANCES.linux, SEED_INSTANCES.assistantOffline, SEED_INSTANCES.stopped],
      }),
      runtime(),
    );

    const set = result.body?.instanceCloudAssistantStatusSet?.instanceCloudAssistantStatus ?? [];
    expect(Object.fromEntries(set.map((s) => [s.instanceId, s.cloudAssistantStatus]))).toEqual({
      [SEED_INSTANCES.linux]: 'true',
      [SEED_INSTANCES.assistantOffline]: 'false',
      [SEED_INSTANCES.stopped]: 'false',
    });
    expect(emulator.callsTo('DescribeCloudAssistantStatus')[0]?.params).toMatchObject({
      'InstanceId.1': SEED_INSTANCES.linux,
      RegionId: 'cn-hangzhou',
    });
  });

  it('requires RegionId on DescribeInstances', async () => {
    const ecs = new Ecs(ecsConfig());

    const error = await caught(ecs.describeInstancesWithOptions(new DescribeInstancesRequest({}), runtime()));

    expect(error).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
  });
});
