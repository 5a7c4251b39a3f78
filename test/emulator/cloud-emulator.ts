/**
 * One loopback HTTP server that answers OOS (2019-06-01) and ECS (2014-05-26) RPC calls the way the real
 * services do: V3 signature check, PascalCase JSON bodies, error bodies with Code/Message/RequestId,
 * server-side paging, idempotent StartExecution and executions that progress with real elapsed time.
 * Point the real SDKs at `url` (endpoint `127.0.0.1:PORT`, protocol `http`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CatalogTemplate,
  EMULATOR_ACCOUNT_ID,
  INSTALL_TEMPLATE_NAME,
  type InstanceSeed,
  packageSupportsOs,
  renderContent,
  SEED_REGIONS,
  seedInstances,
  seedTemplates,
  shortHash,
  templateId,
} from './catalog.js';
import {
  configureTaskId,
  DEFAULT_AFTER_MS,
  type ExecutionRecord,
  type ExecutionScript,
  type ExecutionView,
  executionCounters,
  executionLogs,
  executionOutputs,
  type InstancePlan,
  isoSeconds,
  lastChangeAt,
  taskViews,
  viewExecution,
} from './executions.js';
import {
  type FinishedItem,
  type InstanceRun,
  type PackageRun,
  type PackageStateRecord,
  PackageStates,
} from './package-states.js';
import {
  canonicalRequest,
  parseAuthorization,
  sha256Hex,
  signaturesEqual,
  signCanonical,
} from './signature.js';

export {
  EMULATOR_ACCOUNT_ID,
  INSTALL_TEMPLATE_NAME,
  SEED_FACTS,
  SEED_INSTANCES,
  SEED_PACKAGES,
  SEED_REGIONS,
} from './catalog.js';
export type { ExecutionScript } from './executions.js';
export type { InstanceRun, PackageRun } from './package-states.js';

/** The AccessKey pair the emulator accepts (set them as ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET). */
export const EMULATOR_CREDENTIALS = {
  accessKeyId: 'LTAI5tEmulatorKey000001',
  accessKeySecret: 'emulator-secret-not-real-0001',
};

/** STS credentials the emulator also accepts (x-acs-security-token). */
export const EMULATOR_STS_CREDENTIALS = {
  accessKeyId: 'STS.NTEmulatorKey0000001',
  accessKeySecret: 'emulator-sts-secret-not-real-0001',
  securityToken: 'emulator-sts-token-not-real-0001',
};

/** API versions of the two emulated services. */
export const OOS_VERSION = '2019-06-01';
/** ECS API version. */
export const ECS_VERSION = '2014-05-26';

/** A failure the emulator injects into matching calls. */
export interface FaultRule {
  /**
   * `lost_answer`: the call is carried out, then the connection is dropped without an answer (the
   * client sees a network error, as after a timeout): the caller cannot know whether it happened.
   */
  kind:
    | 'throttle'
    | 'forbidden'
    | 'no_permission'
    | 'server_error'
    | 'latency'
    | 'invalid_parameter'
    | 'lost_answer';
  service?: 'oos' | 'ecs';
  action?: string;
  /** Only calls that carry this request parameter (e.g. `Tags`: ListExecutions by tag). */
  withParam?: string;
  /** How many matching calls it hits (default: every call). */
  times?: number;
  /** throttle: sets header x-acs-retry-after. */
  retryAfterSeconds?: number;
  /** latency. */
  latencyMs?: number;
}

/** Calls the emulator holds; see CloudEmulator.hold. */
export interface HeldCalls {
  /** How many calls are waiting for `release()`. */
  readonly waiting: number;
  /** Answers the waiting calls and lets later ones through. */
  release(): void;
}

/** One request the emulator received. */
export interface EmulatorCall {
  service: 'oos' | 'ecs';
  action: string;
  params: Record<string, string>;
  status: number;
  code?: string;
  at: number;
}

/** A running emulator. */
export interface CloudEmulator {
  /** 'http://127.0.0.1:PORT' — use as ECS_EXT_OOS_ENDPOINT and ECS_EXT_ECS_ENDPOINT. */
  readonly url: string;
  readonly port: number;
  /** Every request in order (after the signature check; rejected ones too). */
  readonly calls: EmulatorCall[];
  callsTo(action: string): EmulatorCall[];
  resetCalls(): void;
  fault(rule: FaultRule): void;
  clearFaults(): void;
  /**
   * Holds every call to `action` (after the signature and fault checks) until `release()`, so a test
   * can have two contenders in flight at once instead of hoping a delay makes them overlap.
   */
  hold(action: string): HeldCalls;
  /** Requests received and not answered yet (held ones included). */
  inFlight(): number;
  /** Global added latency per request. */
  latencyMs: number;
  addInstance(i: {
    instanceId: string;
    regionId: string;
    name?: string;
    status?: string;
    osType?: 'linux' | 'windows';
    osName?: string;
    cloudAssistant?: boolean;
  }): void;
  /** Applies to executions started after this call. */
  script(s: ExecutionScript): void;
  finishExecution(executionId: string, status: 'Success' | 'Failed' | 'Cancelled'): void;
  /** Ids of executions started, in order. */
  executionIds(): string[];
  /** Which template versions an execution of the installer ran (or runs) on each instance. */
  packageRun(executionId: string): PackageRun;
  /** The packages OOS records on an instance now (finished executions applied), by name. */
  packageStates(instanceId: string): PackageState[];
  /**
   * Records a package on an instance as if an earlier install had run (the instance must exist).
   * Defaults: the package's newest version, no parameters, its usual configuration output, now.
   */
  setPackageState(state: {
    instanceId: string;
    templateName: string;
    templateVersion?: string;
    parameters?: Record<string, unknown>;
    configurationInfo?: string;
    updatedAt?: number;
  }): void;
  /**
   * Publishes a newer version of a package template (`vN+1`), keeping the current one readable by
   * version; `content` replaces the template body (default: unchanged). Returns the new version.
   */
  publishPackageVersion(templateName: string, content?: Record<string, unknown>): string;
  close(): Promise<void>;
}

/** A package recorded on an instance, as the test API reports it. */
export interface PackageState {
  templateName: string;
  templateVersion: string;
  parameters: Record<string, unknown>;
  configurationInfo: string;
  updatedAt: number;
}

/** Options of startCloudEmulator. */
export interface CloudEmulatorOptions {
  /** Server page size of the OOS list actions (default 20); smaller than what clients ask. */
  pageSize?: number;
  latencyMs?: number;
  /** Clock used for signatures dates and execution progress (default Date.now). */
  now?: () => number;
  /** Loopback port to listen on (default 0: an ephemeral one). */
  port?: number;
}

type Service = 'oos' | 'ecs';
type Params = Record<string, string>;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const missing = (name: string) =>
  new ApiError(
    400,
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
const invalid = (message: string) => new ApiError(400, 'InvalidParameter', message);

function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw missing(name);
  return value;
}

function parseJson(params: Params, name: string): unknown {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw invalid(`The parameter ${name} is not a valid JSON string.`);
  }
}

function parseTags(params: Params): Record<string, string> {
  const tags = parseJson(params, 'Tags');
  if (tags === undefined) return {};
  if (Array.isArray(tags)) {
    return Object.fromEntries(
      tags.map((t: { Key?: unknown; Value?: unknown }) => [String(t.Key ?? ''), String(t.Value ?? '')]),
    );
  }
  if (typeof tags !== 'object' || tags === null) throw invalid('The parameter Tags must be a JSON object.');
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)]));
}

function parseBool(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

/** Server-side paging with an opaque NextToken bound to the action. */
function paginate<T>(
  items: T[],
  params: Params,
  action: string,
  opts: { defaultMax: number; min: number; max: number; serverPageSize?: number },
): { page: T[]; nextToken: string; maxResults: number } {
  let maxResults = opts.defaultMax;
  if (params.MaxResults !== undefined && params.MaxResults !== '') {
    maxResults = Number(params.MaxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > opts.max) {
      throw invalid(`The parameter MaxResults must be an integer between 1 and ${opts.max}.`);
    }
  }
  let offset = 0;
  if (params.NextToken) {
    try {
      const token = JSON.parse(Buffer.from(params.NextToken, 'base64url').toString('utf8')) as {
        a?: string;
        o?: number;
      };
      if (token.a !== action || typeof token.o !== 'number') throw new Error('foreign token');
      offset = token.o;
    } catch {
      throw invalid('The specified NextToken is invalid.');
    }
  }
  const size = Math.min(Math.max(maxResults, opts.min), opts.serverPageSize ?? Number.POSITIVE_INFINITY);
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length;
  const nextToken = next
    ? Buffer.from(JSON.stringify({ a: action, o: offset + size })).toString('base64url')
    : '';
  return { page, nextToken, maxResults };
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

interface Context {
  regionId: string;
  now: number;
}

/** Starts the emulator on an ephemeral loopback port. */
export async function startCloudEmulator(opts: CloudEmulatorOptions = {}): Promise<CloudEmulator> {
  const now = opts.now ?? Date.now;
  const pageSize = opts.pageSize ?? 20;
  const templates: CatalogTemplate[] = seedTemplates();
  const instances: InstanceSeed[] = seedInstances();
  const executions: ExecutionRecord[] = [];
  const packageStates = new PackageStates();
  const tokens = new Map<string, string>();
  const nonces = new Map<string, number>();
  const calls: EmulatorCall[] = [];
  let faults: FaultRule[] = [];
  const holds = new Map<string, { waiting: Array<() => void> }>();
  let inFlight = 0;
  let currentScript: ExecutionScript = {};

  const findTemplate = (name: string) => templates.find((t) => t.name === name);
  const findExecution = (id: string) => executions.find((e) => e.executionId === id);
  const knownRegion = (regionId: string) =>
    SEED_REGIONS.some((r) => r.regionId === regionId) || instances.some((i) => i.regionId === regionId);

  /** Records in the package registry every loop item that has ended successfully by `at`. */
  function settlePackageStates(at: number): void {
    const finished: FinishedItem[] = [];
    for (const record of executions) {
      if (record.applied.size === record.plans.length) continue;
      for (const outcome of viewExecution(record, at).instances) {
        if (outcome.endedAt === undefined || record.applied.has(outcome.instanceId)) continue;
        record.applied.add(outcome.instanceId);
        const run = record.runs.find((r) => r.instanceId === outcome.instanceId);
        if (outcome.status !== 'Success' || !run) continue;
        const own = record.parameters.parameters;
        finished.push({
          action: record.action,
          regionId: record.targetRegionId,
          packageName: record.packageName,
          run,
          parameters: isRecord(own) ? own : {},
          configurationInfo: outcome.configuration,
          endedAt: outcome.endedAt,
        });
      }
    }
    packageStates.apply(finished);
  }

  // ---------- OOS ----------

  function templateVersionNumber(version: string): number {
    return Number(/^v(\d+)$/.exec(version)?.[1] ?? Number.NaN);
  }

  function templateWire(t: CatalogTemplate, regionId: string, version = t.version, content = t.content) {
    const rendered = renderContent(t, content);
    const pub = t.shareType === 'Public';
    return {
      wire: {
        TemplateId: templateId(t.name, regionId),
        TemplateName: t.name,
        TemplateVersion: version,
        VersionName: '',
        Description: t.description,
        TemplateType: t.type,
        TemplateFormat: t.format,
        ShareType: t.shareType,
        Category: t.category,
        ...(t.constraints !== undefined ? { Constraints: t.constraints } : {}),
        CreatedBy: t.createdBy,
        CreatedDate: t.createdDate,
        UpdatedBy: t.createdBy,
        UpdatedDate: t.updatedDate,
        Hash: sha256Hex(rendered),
        HasTrigger: false,
        IsFavorite: false,
        Popularity: t.popularity,
        Publisher: t.publisher,
        ResourceGroupId: '',
        Tags: {},
        TotalExecutionCount: pub ? -1 : executions.filter((e) => e.templateName === t.name).length,
      },
      rendered,
    };
  }

  function listTemplates(params: Params, ctx: Context) {
    const nameLike = params.TemplateName?.toLowerCase();
    const filtered = templates.filter(
      (t) =>
        (!params.TemplateType || t.type === params.TemplateType) &&
        (!params.ShareType || t.shareType === params.ShareType) &&
        (!nameLike || t.name.toLowerCase().includes(nameLike)) &&
        (!params.Category || t.category === params.Category) &&
        (!params.CreatedBy || t.createdBy === params.CreatedBy) &&
        (!params.TemplateFormat || t.format === params.TemplateFormat.toUpperCase()),
    );
    const field = params.SortField || 'TotalExecutionCount';
    const ascending = params.SortOrder === 'Ascending';
    // Sort on the metadata alone and render (YAML/JSON text and its hash) only the page sent back.
    const pub = (t: CatalogTemplate) => t.shareType === 'Public';
    const total = (t: CatalogTemplate) =>
      pub(t) ? -1 : executions.filter((e) => e.templateName === t.name).length;
    const key = (t: CatalogTemplate): string | number =>
      field === 'TemplateName'
        ? t.name
        : field === 'CreatedDate'
          ? t.createdDate
          : field === 'UpdatedDate'
            ? t.updatedDate
            : field === 'Popularity'
              ? t.popularity
              : total(t);
    const sorted = [...filtered].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const cmp = ka < kb ? -1 : ka > kb ? 1 : 0;
      if (cmp !== 0) return ascending ? cmp : -cmp;
      return b.popularity - a.popularity || a.name.localeCompare(b.name);
    });
    const { page, nextToken, maxResults } = paginate(sorted, params, 'ListTemplates', {
      defaultMax: 50,
      min: 1,
      max: 100,
      serverPageSize: pageSize,
    });
    return {
      MaxResults: maxResults,
      NextToken: nextToken,
      Templates: page.map((t) => templateWire(t, ctx.regionId).wire),
    };
  }

  function getTemplate(params: Params, ctx: Context) {
    const name = required(params, 'TemplateName');
    const t = findTemplate(name);
    if (!t || (t.shareType === 'Private' && t.createdBy !== EMULATOR_ACCOUNT_ID)) {
      throw new ApiError(404, 'EntityNotExists.Template', `The specified template ${name} does not exist.`);
    }
    const asked = params.TemplateVersion || t.version;
    const askedNumber = templateVersionNumber(asked);
    if (!(askedNumber >= 1 && askedNumber <= templateVersionNumber(t.version))) {
      throw new ApiError(
        404,
        'EntityNotExists.Template',
        `The specified template ${name} has no version ${asked}.`,
      );
    }
    const content = t.olderVersions?.[asked] ?? t.content;
    const { wire, rendered } = templateWire(t, ctx.regionId, asked, content);
    const {
      Category: _category,
      Constraints: _constraints,
      IsFavorite: _fav,
      Popularity: _pop,
      Publisher: _pub,
      TotalExecutionCount: _total,
      ...meta
    } = wire as typeof wire & { Constraints?: string };
    return { Content: rendered, Template: meta };
  }

  function planInstances(
    record: { packageName: string; action: string; runs: InstanceRun[] },
    pkg: CatalogTemplate,
    targets: InstanceSeed[],
    script: ExecutionScript,
  ): InstancePlan[] {
    const waiting = script.waitingForMs ?? 0;
    const displayName = (() => {
      try {
        return String((JSON.parse(pkg.description) as Record<string, unknown>)['name-en'] ?? pkg.name);
      } catch {
        return pkg.name;
      }
    })();
    return targets.map((instance) => {
      const override = script.instances?.[instance.instanceId];
      const after = waiting + (override?.afterMs ?? script.defaultAfterMs ?? DEFAULT_AFTER_MS);
      if (override) {
        const ok = override.status === 'Success';
        return {
          instanceId: instance.instanceId,
          status: override.status,
          message: override.message ?? (ok ? '' : 'The install script exited with code 1.'),
          output: override.output ?? (ok ? `${displayName} ${record.action} finished.\n` : 'exit code 1\n'),
          configuration: override.configuration ?? (ok ? (pkg.configurationOutput ?? '') : ''),
          finishAfterMs: after,
        };
      }
      const failure =
        instance.status !== 'Running'
          ? `The instance is not running (status: ${instance.status}). Start it and try again.`
          : !instance.cloudAssistant
            ? 'Cloud Assistant is not online on the instance (no heartbeat in the last 2 minutes).'
            : !packageSupportsOs(pkg, instance.osType)
              ? `The package ${record.packageName} does not support ${instance.osType} instances.`
              : undefined;
      if (failure) {
        return {
          instanceId: instance.instanceId,
          status: 'Failed',
          message: failure,
          output: '',
          configuration: '',
          finishAfterMs: after,
        };
      }
      const run = record.runs.find((r) => r.instanceId === instance.instanceId);
      const removed = run?.uninstallVersion
        ? `Running the uninstall script of ${record.packageName} ${run.uninstallVersion}...\n${displayName} uninstalled.\n`
        : '';
      const output =
        record.action === 'uninstall'
          ? removed
          : removed +
            (pkg.installOutput ?? `Installing ${displayName}...\n${displayName} installed successfully.\n`);
      return {
        instanceId: instance.instanceId,
        status: 'Success',
        message: '',
        output,
        configuration: record.action === 'uninstall' ? '' : (pkg.configurationOutput ?? ''),
        finishAfterMs: after,
      };
    });
  }

  function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  function startExecution(params: Params, ctx: Context) {
    const templateName = required(params, 'TemplateName');
    const clientToken = params.ClientToken;
    if (clientToken !== undefined && (clientToken.length > 64 || !/^[\x20-\x7e]+$/.test(clientToken))) {
      throw invalid('The parameter ClientToken must be 1 to 64 ASCII characters.');
    }
    const tokenKey = clientToken ? `${ctx.regionId}|${clientToken}` : undefined;
    const existing = tokenKey ? findExecution(tokens.get(tokenKey) ?? '') : undefined;
    if (existing) return { Execution: startExecutionWire(existing, ctx.now, false) };

    const template = findTemplate(templateName);
    if (!template) {
      throw new ApiError(
        404,
        'EntityNotExists.Template',
        `The specified template ${templateName} does not exist.`,
      );
    }
    if (templateName !== INSTALL_TEMPLATE_NAME) {
      throw invalid(`The emulator only runs ${INSTALL_TEMPLATE_NAME}, not ${templateName}.`);
    }
    const mode = params.Mode || 'Automatic';
    if (!['Automatic', 'FailurePause', 'Debug'].includes(mode))
      throw invalid(`The Mode ${mode} is not valid.`);
    const sent = parseJson(params, 'Parameters') ?? {};
    if (!isRecord(sent)) throw invalid('The parameter Parameters must be a JSON object.');
    const packageName = sent.packageName;
    if (typeof packageName !== 'string' || packageName === '') {
      throw invalid(`The template parameter packageName is required by ${INSTALL_TEMPLATE_NAME}.`);
    }
    const pkg = findTemplate(packageName);
    if (pkg?.type !== 'Package') {
      throw new ApiError(
        404,
        'EntityNotExists.Template',
        `The specified package ${packageName} does not exist.`,
      );
    }
    const action = sent.action ?? 'install';
    if (action !== 'install' && action !== 'uninstall' && action !== 'update') {
      throw invalid('The template parameter action must be one of install, uninstall, update.');
    }
    const packageVersion = sent.packageVersion ?? '';
    if (typeof packageVersion !== 'string')
      throw invalid('The template parameter packageVersion must be a string.');
    if (packageVersion !== '') {
      const n = templateVersionNumber(packageVersion);
      if (!(n >= 1 && n <= templateVersionNumber(pkg.version))) {
        throw invalid(`The package ${packageName} has no version ${packageVersion}.`);
      }
    }
    const targets = sent.targets;
    if (!isRecord(targets)) throw invalid('The template parameter targets must be a JSON object.');
    if (targets.Type !== 'ResourceIds')
      throw invalid('The emulator supports targets of Type ResourceIds only.');
    const ids = targets.ResourceIds;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((i) => typeof i === 'string')) {
      throw invalid('The targets.ResourceIds must be a non-empty list of instance ids.');
    }
    const targetRegion = String(targets.RegionId ?? sent.regionId ?? ctx.regionId);
    const found = (ids as string[]).map((id) =>
      instances.find((i) => i.instanceId === id && i.regionId === targetRegion),
    );
    const unknown = (ids as string[]).filter((_, n) => !found[n]);
    if (unknown.length > 0) {
      throw invalid(`The instances ${unknown.join(', ')} do not exist in region ${targetRegion}.`);
    }
    if (sent.parameters !== undefined && sent.parameters !== null && !isRecord(sent.parameters)) {
      throw invalid('The template parameter parameters must be a JSON object.');
    }
    const rateControl = isRecord(sent.rateControl)
      ? sent.rateControl
      : { Mode: 'Concurrency', MaxErrors: 0, Concurrency: 10 };
    const script = structuredClone(currentScript);
    const runs = (found as InstanceSeed[]).map((instance) =>
      packageStates.planRun(action, {
        regionId: targetRegion,
        instanceId: instance.instanceId,
        packageName,
        packageVersion,
        latest: pkg.version,
      }),
    );
    const parameters: Record<string, unknown> = {
      regionId: targetRegion,
      action,
      packageVersion: '',
      orderId: '',
      rateControl,
      parameters: {},
      OOSAssumeRole: '',
      ...sent,
    };
    const executionId = `exec-${hex(8)}`;
    const record: ExecutionRecord = {
      executionId,
      oosRegionId: ctx.regionId,
      templateId: templateId(INSTALL_TEMPLATE_NAME, ctx.regionId),
      templateName: INSTALL_TEMPLATE_NAME,
      templateVersion: template.version,
      mode,
      loopMode: params.LoopMode || 'Automatic',
      safetyCheck: params.SafetyCheck || 'ConfirmEveryHighRiskAction',
      description: params.Description ?? '',
      parameters,
      packageName,
      action,
      packageVersion,
      runs,
      applied: new Set(),
      targetRegionId: targetRegion,
      clientToken,
      tags: parseTags(params),
      startedAt: ctx.now,
      waitingForMs: script.waitingForMs ?? 0,
      neverFinish: script.neverFinish ?? false,
      concurrency: rateControl.Concurrency ?? 10,
      plans: planInstances({ packageName, action, runs }, pkg, found as InstanceSeed[], script),
    };
    executions.push(record);
    if (tokenKey) tokens.set(tokenKey, executionId);
    return { Execution: startExecutionWire(record, ctx.now, true) };
  }

  function commonExecutionWire(record: ExecutionRecord, view: ExecutionView, now: number) {
    const running = view.endedAt === undefined;
    return {
      ExecutionId: record.executionId,
      TemplateId: record.templateId,
      TemplateName: record.templateName,
      TemplateVersion: record.templateVersion,
      Mode: record.mode,
      LoopMode: record.loopMode,
      SafetyCheck: record.safetyCheck,
      Status: view.status as string,
      StatusMessage: view.statusMessage,
      CurrentTasks: running
        ? [
            {
              TaskName: 'configurePackage',
              TaskAction: 'ACS::ECS::ConfigureOOSPackageWithTemporaryURLFullActions',
              TaskExecutionId: configureTaskId(record.executionId),
            },
          ]
        : [],
      CreateDate: isoSeconds(record.startedAt),
      StartDate: isoSeconds(record.startedAt),
      EndDate: running ? '' : isoSeconds(view.endedAt ?? now),
      UpdateDate: isoSeconds(lastChangeAt(record, view, now)),
      ExecutedBy: EMULATOR_ACCOUNT_ID,
      ParentExecutionId: '',
      RamRole: String(record.parameters.OOSAssumeRole ?? ''),
      ResourceGroupId: '',
      Description: record.description,
      Tags: record.tags,
    };
  }

  function startExecutionWire(record: ExecutionRecord, now: number, fresh: boolean) {
    const view = viewExecution(record, now);
    const common = commonExecutionWire(record, view, now);
    return {
      ...common,
      Status: fresh ? 'Started' : common.Status,
      Parameters: JSON.stringify(record.parameters),
      Outputs: JSON.stringify(executionOutputs(record, view)),
      Counters: fresh ? {} : executionCounters(view),
      IsParent: false,
    };
  }

  function listExecutionWire(record: ExecutionRecord, now: number) {
    const view = viewExecution(record, now);
    const counters = executionCounters(view);
    const resourceStatus = Object.fromEntries(
      Object.entries(counters).filter(([k, v]) => k !== 'Total' && v > 0),
    );
    return {
      ...commonExecutionWire(record, view, now),
      StatusReason: view.status === 'Failed' ? view.statusMessage : '',
      WaitingStatus:
        view.status === 'Waiting' ? 'Waiting for a manual confirmation of a high-risk action.' : '',
      IsParent: true,
      Category: 'Other',
      Parameters: record.parameters,
      Outputs: JSON.stringify(executionOutputs(record, view)),
      Counters: counters,
      ResourceStatus: JSON.stringify(resourceStatus),
      Targets: JSON.stringify({
        ResourceType: 'ALIYUN::ECS::Instance',
        Filters: [
          {
            Type: 'ResourceIds',
            ResourceIds: record.plans.map((p) => p.instanceId),
            RegionId: record.targetRegionId,
          },
        ],
      }),
      LastTriggerTime: '',
      LastSuccessfulTriggerTime: '',
      LastTriggerStatus: '',
      LastTriggerStatusMessage: '',
      LastTriggerOutputs: '',
      NextScheduleTime: '',
    };
  }

  function parseDateParam(params: Params, name: string): number | undefined {
    const raw = params[name];
    if (!raw) return undefined;
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) throw invalid(`The parameter ${name} is not a valid ISO 8601 date.`);
    return ms;
  }

  function listExecutions(params: Params, ctx: Context) {
    const nameLike = params.TemplateName?.toLowerCase();
    const after = parseDateParam(params, 'StartDateAfter');
    const before = parseDateParam(params, 'StartDateBefore');
    const tags = parseTags(params);
    const matching = executions.filter((e) => {
      if (e.oosRegionId !== ctx.regionId) return false;
      if (params.ExecutionId && e.executionId !== params.ExecutionId) return false;
      if (nameLike && !e.templateName.toLowerCase().includes(nameLike)) return false;
      if (params.ResourceId && !e.plans.some((p) => p.instanceId === params.ResourceId)) return false;
      const start = Date.parse(isoSeconds(e.startedAt));
      if (after !== undefined && start < after) return false;
      if (before !== undefined && start > before) return false;
      if (params.Status && viewExecution(e, ctx.now).status !== params.Status) return false;
      return Object.entries(tags).every(([k, v]) => e.tags[k] === v);
    });
    const ascending = params.SortOrder === 'Ascending';
    matching.sort((a, b) => (ascending ? a.startedAt - b.startedAt : b.startedAt - a.startedAt));
    const { page, nextToken, maxResults } = paginate(matching, params, 'ListExecutions', {
      defaultMax: 50,
      min: 1,
      max: 100,
      serverPageSize: pageSize,
    });
    return {
      MaxResults: maxResults,
      NextToken: nextToken,
      TotalCount: matching.length,
      Executions: page.map((e) => listExecutionWire(e, ctx.now)),
    };
  }

  function listTaskExecutions(params: Params, ctx: Context) {
    const records = params.ExecutionId
      ? executions.filter((e) => e.executionId === params.ExecutionId)
      : executions.filter((e) => e.oosRegionId === ctx.regionId);
    const includeChildren = parseBool(params.IncludeChildTaskExecution);
    const tasks = records
      .flatMap((r) => taskViews(r, viewExecution(r, ctx.now), ctx.now))
      .filter((t) => {
        if (params.ParentTaskExecutionId) return t.ParentTaskExecutionId === params.ParentTaskExecutionId;
        if (!includeChildren && t.ParentTaskExecutionId) return false;
        if (params.TaskExecutionId && t.TaskExecutionId !== params.TaskExecutionId) return false;
        if (params.TaskName && t.TaskName !== params.TaskName) return false;
        if (params.TaskAction && t.TaskAction !== params.TaskAction) return false;
        return !params.Status || t.Status === params.Status;
      });
    const { page, nextToken, maxResults } = paginate(tasks, params, 'ListTaskExecutions', {
      defaultMax: 50,
      min: 1,
      max: 100,
      serverPageSize: pageSize,
    });
    return { MaxResults: maxResults, NextToken: nextToken, TaskExecutions: page };
  }

  function requireExecution(params: Params): ExecutionRecord {
    const id = required(params, 'ExecutionId');
    const record = findExecution(id);
    if (!record)
      throw new ApiError(404, 'EntityNotExists.Execution', `The specified execution ${id} does not exist.`);
    return record;
  }

  function cancelExecution(params: Params, ctx: Context) {
    const record = requireExecution(params);
    if (viewExecution(record, ctx.now).endedAt === undefined && !record.forced) {
      record.forced = { status: 'Cancelled', at: ctx.now };
    }
    return {};
  }

  function listExecutionLogs(params: Params, ctx: Context) {
    const record = requireExecution(params);
    const logs = executionLogs(record, viewExecution(record, ctx.now)).filter(
      (l) => !params.TaskExecutionId || l.TaskExecutionId === params.TaskExecutionId,
    );
    const { page, nextToken, maxResults } = paginate(logs, params, 'ListExecutionLogs', {
      defaultMax: 50,
      min: 1,
      max: 100,
      serverPageSize: pageSize,
    });
    return {
      MaxResults: maxResults,
      NextToken: nextToken,
      IsTruncated: nextToken !== '',
      ExecutionLogs: page,
    };
  }

  /** OOS package-state times: UTC, seconds, no zone designator (as the doc examples show). */
  function packageTime(ms: number): string {
    return isoSeconds(ms).replace(/Z$/, '');
  }

  function packageStateWire(record: PackageStateRecord, regionId: string) {
    const t = findTemplate(record.templateName);
    return {
      TemplateId: templateId(record.templateName, regionId),
      TemplateName: record.templateName,
      TemplateVersion: record.templateVersion,
      TemplateVersionName: '',
      TemplateCategory: 'Package',
      Publisher: t?.publisher ?? '',
      Description: t?.description ?? '',
      Parameters: JSON.stringify(record.parameters),
      UpdateTime: packageTime(record.updatedAt),
      ConfigurationInfo: record.configurationInfo,
    };
  }

  function templateNamesParam(params: Params): string[] | undefined {
    const names = parseJson(params, 'TemplateNames');
    if (names === undefined) return undefined;
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
      throw invalid('The parameter TemplateNames must be a JSON list of template names.');
    }
    return names;
  }

  function listInstancePackageStates(params: Params, ctx: Context) {
    const instanceId = required(params, 'InstanceId');
    const wanted = templateNamesParam(params);
    const states = packageStates
      .list(ctx.regionId, instanceId)
      .filter((r) => !wanted || wanted.includes(r.templateName))
      .map((r) => packageStateWire(r, ctx.regionId));
    const { page, nextToken, maxResults } = paginate(states, params, 'ListInstancePackageStates', {
      defaultMax: 50,
      min: 1,
      max: 100,
      serverPageSize: pageSize,
    });
    return { MaxResults: String(maxResults), NextToken: nextToken, PackageStates: page };
  }

  function updateInstancePackageState(params: Params, ctx: Context) {
    const instanceId = required(params, 'InstanceId');
    const templateName = required(params, 'TemplateName');
    const configureAction = required(params, 'ConfigureAction').toLowerCase();
    if (configureAction !== 'install' && configureAction !== 'uninstall') {
      throw invalid('The parameter ConfigureAction must be install or uninstall.');
    }
    if (!instances.some((i) => i.instanceId === instanceId && i.regionId === ctx.regionId)) {
      throw invalid(`The instance ${instanceId} does not exist in region ${ctx.regionId}.`);
    }
    const pkg = findTemplate(templateName);
    if (pkg?.type !== 'Package') {
      throw new ApiError(
        404,
        'EntityNotExists.Template',
        `The specified template ${templateName} does not exist.`,
      );
    }
    if (configureAction === 'uninstall') {
      packageStates.remove(ctx.regionId, instanceId, templateName);
      return {};
    }
    const parameters = parseJson(params, 'Parameters') ?? {};
    if (!isRecord(parameters)) throw invalid('The parameter Parameters must be a JSON object.');
    packageStates.set({
      regionId: ctx.regionId,
      instanceId,
      templateName,
      templateVersion: params.TemplateVersion || pkg.version,
      parameters,
      configurationInfo: '',
      updatedAt: ctx.now,
    });
    return {};
  }

  // ---------- ECS ----------

  function requireRegion(params: Params): string {
    const regionId = required(params, 'RegionId');
    if (!knownRegion(regionId)) {
      throw new ApiError(
        404,
        'InvalidRegionId.NotFound',
        `The specified RegionId ${regionId} does not exist.`,
      );
    }
    return regionId;
  }

  function describeRegions(params: Params) {
    const english = (params.AcceptLanguage ?? 'zh-CN').toLowerCase().startsWith('en');
    return {
      Regions: {
        Region: SEED_REGIONS.map((r) => ({
          RegionId: r.regionId,
          LocalName: english ? r.en : r.zh,
          RegionEndpoint: r.endpoint,
          Status: r.status,
        })),
      },
    };
  }

  function instanceWire(i: InstanceSeed, index: number) {
    const windows = i.osType === 'windows';
    const n = (index % 200) + 10;
    const zone = `${i.regionId}-${i.regionId === 'cn-hangzhou' ? 'h' : 'a'}`;
    return {
      InstanceId: i.instanceId,
      InstanceName: i.name,
      HostName: windows ? `iZ${shortHash(i.instanceId, 11)}Z` : i.name,
      Description: '',
      Status: i.status,
      OSType: i.osType,
      OSName: i.osName,
      OSNameEn: i.osName
        .replace(/64位中文版/, '64-bit (Chinese)')
        .replace(/64位/, '64 bit')
        .replace(/数据中心版/, 'Datacenter'),
      ImageId: windows
        ? 'win2022_21H2_x64_dtc_zh-cn_40G_alibase_20240816.vhd'
        : 'aliyun_3_x64_20G_alibase_20240819.vhd',
      InstanceType: 'ecs.g7.large',
      InstanceTypeFamily: 'ecs.g7',
      Cpu: 2,
      Memory: 8192,
      RegionId: i.regionId,
      ZoneId: zone,
      CreationTime: '2024-11-02T08:15Z',
      StartTime: '2025-05-20T01:02Z',
      ExpiredTime: '2099-12-31T15:59Z',
      InstanceChargeType: 'PostPaid',
      InternetChargeType: 'PayByTraffic',
      InstanceNetworkType: 'vpc',
      VpcAttributes: {
        VpcId: `vpc-${shortHash(i.regionId, 20)}`,
        VSwitchId: `vsw-${shortHash(zone, 20)}`,
        PrivateIpAddress: { IpAddress: [`172.16.0.${n}`] },
        NatIpAddress: '',
      },
      PublicIpAddress: { IpAddress: i.status === 'Running' ? [`203.0.113.${n}`] : [] },
      EipAddress: { IpAddress: '', AllocationId: '', InternetChargeType: '' },
      InnerIpAddress: { IpAddress: [] },
      SecurityGroupIds: { SecurityGroupId: [`sg-${shortHash(`${i.regionId}/sg`, 20)}`] },
      Tags: { Tag: [{ TagKey: 'env', TagValue: 'emulator' }] },
      NetworkInterfaces: {
        NetworkInterface: [
          {
            NetworkInterfaceId: `eni-${shortHash(i.instanceId, 20)}`,
            Type: 'Primary',
            PrimaryIpAddress: `172.16.0.${n}`,
            MacAddress: '00:16:3e:00:00:01',
          },
        ],
      },
      OperationLocks: { LockReason: [] },
      ResourceGroupId: '',
      KeyPairName: '',
      SerialNumber: randomUUID(),
      DeletionProtection: false,
    };
  }

  function describeInstances(params: Params) {
    const regionId = requireRegion(params);
    const ids = parseJson(params, 'InstanceIds');
    if (ids !== undefined && (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string'))) {
      throw new ApiError(
        400,
        'InvalidInstanceIds.Malformed',
        'The specified parameter InstanceIds is not valid.',
      );
    }
    if (Array.isArray(ids) && ids.length > 100) {
      throw new ApiError(
        400,
        'InvalidInstanceIds.Malformed',
        'The specified InstanceIds holds more than 100 ids.',
      );
    }
    const name = params.InstanceName ? wildcard(params.InstanceName) : undefined;
    const inRegion = instances.filter((i) => i.regionId === regionId);
    const matching = inRegion.filter(
      (i) =>
        (!Array.isArray(ids) || ids.includes(i.instanceId)) &&
        (!params.Status || i.status === params.Status) &&
        (!params.ZoneId || instanceWire(i, 0).ZoneId === params.ZoneId) &&
        (!name || name.test(i.name)),
    );
    const wires = matching.map((i) => instanceWire(i, instances.indexOf(i)));
    if (params.PageNumber && !params.NextToken && !params.MaxResults) {
      const size = Math.min(Math.max(Number(params.PageSize || 10), 1), 100);
      const number = Math.max(Number(params.PageNumber), 1);
      return {
        TotalCount: wires.length,
        PageNumber: number,
        PageSize: size,
        NextToken: '',
        Instances: { Instance: wires.slice((number - 1) * size, number * size) },
      };
    }
    const { page, nextToken, maxResults } = paginate(wires, params, 'DescribeInstances', {
      defaultMax: 10,
      min: 10,
      max: 100,
    });
    return {
      TotalCount: wires.length,
      PageNumber: 1,
      PageSize: Math.max(maxResults, 10),
      NextToken: nextToken,
      Instances: { Instance: page },
    };
  }

  function describeCloudAssistantStatus(params: Params) {
    const regionId = requireRegion(params);
    const ids = Object.keys(params)
      .filter((k) => /^InstanceId\.\d+$/.test(k))
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
      .map((k) => params[k] ?? '');
    if (ids.length > 50) throw invalid('At most 50 InstanceId values are allowed.');
    const osType = params.OSType?.toLowerCase();
    const selected = instances.filter(
      (i) =>
        i.regionId === regionId &&
        (ids.length === 0 || ids.includes(i.instanceId)) &&
        (!osType || i.osType === osType),
    );
    const wires = selected.map((i) => {
      const online = i.cloudAssistant && i.status === 'Running';
      return {
        InstanceId: i.instanceId,
        CloudAssistantStatus: online ? 'true' : 'false',
        CloudAssistantVersion: i.cloudAssistant || i.status !== 'Running' ? '2.2.3.857' : '2.2.0.106',
        LastHeartbeatTime: online ? isoSeconds(now() - 30_000) : '2025-03-01T04:05:06Z',
        LastInvokedTime: '2025-05-20T01:10:00Z',
        ActiveTaskCount: 0,
        InvocationCount: 3,
        OSType: i.osType === 'windows' ? 'Windows' : 'Linux',
        SupportSessionManager: online,
      };
    });
    if (ids.length > 0) {
      return {
        TotalCount: wires.length,
        PageNumber: 1,
        PageSize: wires.length,
        NextToken: '',
        InstanceCloudAssistantStatusSet: { InstanceCloudAssistantStatus: wires },
      };
    }
    const { page, nextToken, maxResults } = paginate(wires, params, 'DescribeCloudAssistantStatus', {
      defaultMax: 10,
      min: 1,
      max: 50,
    });
    return {
      TotalCount: wires.length,
      PageNumber: 1,
      PageSize: maxResults,
      NextToken: nextToken,
      InstanceCloudAssistantStatusSet: { InstanceCloudAssistantStatus: page },
    };
  }

  const handlers: Record<
    Service,
    Record<string, (params: Params, ctx: Context) => Record<string, unknown>>
  > = {
    oos: {
      ListTemplates: listTemplates,
      GetTemplate: getTemplate,
      StartExecution: startExecution,
      ListExecutions: listExecutions,
      ListTaskExecutions: listTaskExecutions,
      CancelExecution: cancelExecution,
      ListExecutionLogs: listExecutionLogs,
      ListInstancePackageStates: listInstancePackageStates,
      UpdateInstancePackageState: updateInstancePackageState,
    },
    ecs: {
      DescribeRegions: describeRegions,
      DescribeInstances: describeInstances,
      DescribeCloudAssistantStatus: describeCloudAssistantStatus,
    },
  };

  // ---------- transport ----------

  function verifySignature(req: IncomingMessage, params: Params, body: Buffer): ApiError | undefined {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) {
      return new ApiError(
        400,
        'IncompleteSignature',
        'The request signature does not conform to Aliyun standards.',
      );
    }
    const sts = auth.accessKeyId === EMULATOR_STS_CREDENTIALS.accessKeyId;
    if (auth.accessKeyId !== EMULATOR_CREDENTIALS.accessKeyId && !sts) {
      return new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    }
    if (sts) {
      const token = req.headers['x-acs-security-token'];
      if (!token || !auth.signedHeaders.includes('x-acs-security-token')) {
        return new ApiError(
          400,
          'InvalidSecurityToken.Malformed',
          'The security token you provided is malformed.',
        );
      }
      if (token !== EMULATOR_STS_CREDENTIALS.securityToken) {
        return new ApiError(
          400,
          'InvalidSecurityToken.Mismatch',
          'The security token you provided does not match the AccessKey.',
        );
      }
    }
    for (const name of [
      'host',
      'x-acs-action',
      'x-acs-version',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-content-sha256',
    ]) {
      if (!auth.signedHeaders.includes(name) || req.headers[name] === undefined) {
        return new ApiError(
          400,
          'IncompleteSignature',
          `The request signature does not cover the header ${name}.`,
        );
      }
    }
    const payloadHash = sha256Hex(body);
    if (req.headers['x-acs-content-sha256'] !== payloadHash) {
      return new ApiError(
        400,
        'SignatureDoesNotMatch',
        'The x-acs-content-sha256 header does not match the request body.',
      );
    }
    const secret = sts ? EMULATOR_STS_CREDENTIALS.accessKeySecret : EMULATOR_CREDENTIALS.accessKeySecret;
    const canonical = canonicalRequest({
      method: req.method ?? 'POST',
      pathname: new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
      query: params,
      headers: req.headers,
      signedHeaders: auth.signedHeaders,
      payloadHash,
    });
    const { stringToSign, signature } = signCanonical(canonical, secret);
    if (!signaturesEqual(signature, auth.signature)) {
      return new ApiError(
        400,
        'SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
      );
    }
    const date = Date.parse(String(req.headers['x-acs-date']));
    if (Number.isNaN(date) || Math.abs(now() - date) > 15 * 60_000) {
      return new ApiError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    }
    const nonce = String(req.headers['x-acs-signature-nonce']);
    for (const [seen, at] of nonces) if (now() - at > 15 * 60_000) nonces.delete(seen);
    if (nonces.has(nonce)) {
      return new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    }
    nonces.set(nonce, now());
    return undefined;
  }

  function takeFaults(
    service: Service,
    action: string,
    params: Params,
  ): { latency: number; fault?: FaultRule } {
    let latency = 0;
    let fault: FaultRule | undefined;
    for (const rule of faults) {
      if ((rule.service && rule.service !== service) || (rule.action && rule.action !== action)) continue;
      if (rule.withParam !== undefined && params[rule.withParam] === undefined) continue;
      if (rule.kind !== 'latency' && fault) continue;
      if (rule.times !== undefined) rule.times -= 1;
      if (rule.kind === 'latency') latency += rule.latencyMs ?? 0;
      else fault = rule;
    }
    faults = faults.filter((r) => r.times === undefined || r.times > 0);
    return { latency, fault };
  }

  function faultError(rule: FaultRule, service: Service, action: string): ApiError {
    const authAction = `${service}:${action}`;
    const denied = (noPermissionType: string) => ({
      AccessDeniedDetail: {
        AuthAction: authAction,
        AuthPrincipalDisplayName: 'ecs-ext-bot',
        AuthPrincipalOwnerId: EMULATOR_ACCOUNT_ID,
        AuthPrincipalType: 'SubUser',
        EncodedDiagnosticMessage: Buffer.from(`emulator denied ${authAction}`).toString('base64'),
        NoPermissionType: noPermissionType,
        PolicyType: 'AccountLevelIdentityBasedPolicy',
      },
    });
    switch (rule.kind) {
      case 'throttle':
        return new ApiError(
          400,
          'Throttling.User',
          'Request was denied due to user flow control.',
          {},
          rule.retryAfterSeconds !== undefined ? { 'x-acs-retry-after': String(rule.retryAfterSeconds) } : {},
        );
      case 'forbidden':
        return new ApiError(
          403,
          'Forbidden.RAM',
          `User not authorized to operate on the specified resource, or this API doesn't support RAM. Action: ${authAction}`,
          denied('ImplicitDeny'),
        );
      case 'no_permission':
        return new ApiError(
          403,
          'NoPermission',
          `You are not authorized to do this action. You should be authorized by RAM. Action: ${authAction}`,
          denied('ImplicitDeny'),
        );
      case 'server_error':
        return new ApiError(
          503,
          'ServiceUnavailable',
          'The request has failed due to a temporary failure of the server.',
        );
      default:
        return new ApiError(
          400,
          'InvalidParameter',
          `The specified parameter is not valid (injected fault on ${action}).`,
        );
    }
  }

  function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = now();
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params: Params = {};
    for (const [k, v] of url.searchParams) if (!(k in params)) params[k] = v;
    const signatureParams = { ...params };
    if (body.length > 0 && req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) if (!(k in params)) params[k] = v;
    }
    const version = String(req.headers['x-acs-version'] ?? '');
    const action = String(req.headers['x-acs-action'] ?? params.Action ?? '');
    const service: Service | undefined =
      version === OOS_VERSION ? 'oos' : version === ECS_VERSION ? 'ecs' : undefined;
    const regionId = params.RegionId || 'cn-hangzhou';
    const requestId = randomUUID().toUpperCase();

    const send = (
      status: number,
      payload: Record<string, unknown>,
      headers: Record<string, string> = {},
      code?: string,
    ) => {
      calls.push({ service: service ?? 'oos', action, params, status, code, at });
      if (res.destroyed) return;
      res.writeHead(status, {
        'content-type': 'application/json;charset=utf-8',
        'x-acs-request-id': requestId,
        ...headers,
      });
      res.end(JSON.stringify(payload));
    };
    const fail = (error: ApiError) => {
      const product = service === 'ecs' ? 'Ecs' : 'Oos';
      send(
        error.status,
        {
          RequestId: requestId,
          HostId: service === 'ecs' ? `ecs.${regionId}.aliyuncs.com` : `oos.${regionId}.aliyuncs.com`,
          Code: error.code,
          Message: error.message,
          Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${product}&requestId=${requestId}`,
          ...error.extra,
        },
        error.headers,
        error.code,
      );
    };

    const rejected = verifySignature(req, signatureParams, body);
    if (rejected) return fail(rejected);
    if (!service)
      return fail(
        new ApiError(400, 'InvalidVersion', `Specified parameter Version ${version} is not valid.`),
      );
    const { latency, fault } = takeFaults(service, action, params);
    const delay = emulator.latencyMs + latency;
    if (delay > 0) await sleep(delay);
    const held = holds.get(action);
    if (held) await new Promise<void>((resolve) => held.waiting.push(resolve));
    if (fault?.kind === 'lost_answer') {
      try {
        handlers[service][action]?.(params, { regionId, now: now() });
      } catch {
        // Whatever happened, the caller never hears of it.
      }
      res.destroy();
      return;
    }
    if (fault) return fail(faultError(fault, service, action));
    const handler = handlers[service][action];
    if (!handler) {
      return fail(
        new ApiError(
          404,
          'InvalidAction.NotFound',
          'Specified api is not found, please check your url and method.',
        ),
      );
    }
    try {
      settlePackageStates(now());
      const result = handler(params, { regionId, now: now() });
      send(200, { RequestId: requestId, ...result });
    } catch (error) {
      if (error instanceof ApiError) return fail(error);
      fail(
        new ApiError(500, 'InternalError', 'The request processing has failed due to some unknown error.'),
      );
    }
  }

  const server = createServer((req, res) => {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
    });
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const emulator: CloudEmulator = {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    latencyMs: opts.latencyMs ?? 0,
    callsTo: (action) => calls.filter((c) => c.action === action),
    resetCalls: () => {
      calls.length = 0;
    },
    fault: (rule) => {
      faults.push({ ...rule });
    },
    clearFaults: () => {
      faults = [];
    },
    hold: (action) => {
      const held = { waiting: [] as Array<() => void> };
      holds.set(action, held);
      return {
        get waiting() {
          return held.waiting.length;
        },
        release: () => {
          if (holds.get(action) === held) holds.delete(action);
          for (const resolve of held.waiting.splice(0)) resolve();
        },
      };
    },
    inFlight: () => inFlight,
    addInstance: (i) => {
      const index = instances.findIndex((x) => x.instanceId === i.instanceId);
      const seed: InstanceSeed = {
        instanceId: i.instanceId,
        regionId: i.regionId,
        name: i.name ?? i.instanceId,
        status: i.status ?? 'Running',
        osType: i.osType ?? 'linux',
        osName:
          i.osName ??
          (i.osType === 'windows'
            ? 'Windows Server  2022 数据中心版 64位中文版'
            : 'Alibaba Cloud Linux  3.2104 LTS 64位'),
        cloudAssistant: i.cloudAssistant ?? true,
      };
      if (index >= 0) instances[index] = seed;
      else instances.push(seed);
    },
    script: (s) => {
      currentScript = structuredClone(s);
    },
    finishExecution: (executionId, status) => {
      const record = findExecution(executionId);
      if (!record) throw new Error(`finishExecution: unknown execution ${executionId}`);
      if (viewExecution(record, now()).endedAt === undefined) record.forced = { status, at: now() };
    },
    executionIds: () => executions.map((e) => e.executionId),
    packageRun: (executionId) => {
      const record = findExecution(executionId);
      if (!record) throw new Error(`packageRun: unknown execution ${executionId}`);
      return {
        executionId,
        action: record.action,
        packageName: record.packageName,
        packageVersion: record.packageVersion,
        instances: structuredClone(record.runs),
      };
    },
    packageStates: (instanceId) => {
      settlePackageStates(now());
      const instance = instances.find((i) => i.instanceId === instanceId);
      if (!instance) return [];
      return packageStates.list(instance.regionId, instanceId).map((r) => ({
        templateName: r.templateName,
        templateVersion: r.templateVersion,
        parameters: structuredClone(r.parameters),
        configurationInfo: r.configurationInfo,
        updatedAt: r.updatedAt,
      }));
    },
    setPackageState: (state) => {
      const instance = instances.find((i) => i.instanceId === state.instanceId);
      if (!instance) throw new Error(`setPackageState: unknown instance ${state.instanceId}`);
      const pkg = findTemplate(state.templateName);
      if (pkg?.type !== 'Package') throw new Error(`setPackageState: unknown package ${state.templateName}`);
      settlePackageStates(now());
      packageStates.set({
        regionId: instance.regionId,
        instanceId: state.instanceId,
        templateName: state.templateName,
        templateVersion: state.templateVersion ?? pkg.version,
        parameters: state.parameters ?? {},
        configurationInfo: state.configurationInfo ?? pkg.configurationOutput ?? '',
        updatedAt: state.updatedAt ?? now(),
      });
    },
    publishPackageVersion: (templateName, content) => {
      const pkg = findTemplate(templateName);
      if (pkg?.type !== 'Package') throw new Error(`publishPackageVersion: unknown package ${templateName}`);
      const next = `v${templateVersionNumber(pkg.version) + 1}`;
      pkg.olderVersions = {
        ...pkg.olderVersions,
        [pkg.version]: pkg.olderVersions?.[pkg.version] ?? pkg.content,
      };
      if (content) pkg.content = structuredClone(content);
      pkg.version = next;
      pkg.updatedDate = isoSeconds(now());
      return next;
    },
    close: async () => {
      for (const held of holds.values()) for (const resolve of held.waiting.splice(0)) resolve();
      holds.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return emulator;
}
