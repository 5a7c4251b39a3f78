/**
 * The one in-memory OosPort of the unit tests: templates and documents for the catalog, executions
 * with idempotent ClientTokens and ListExecutions filters for installs, per-instance loop children and
 * terminal Outputs for tracking, a log of every call, injectable failures, and calls held open until
 * the test releases them.
 */
import { CloudError } from '../../src/domain/errors.js';
import type { InstalledPackage } from '../../src/domain/lifecycle/installed-package.js';
import type { Execution, TaskExecution, TemplateDocument, TemplateSummary } from '../../src/domain/model.js';
import type { OosPort } from '../../src/domain/ports.js';
import { Failures, tick } from './failures.js';

type OosMethod = keyof OosPort;
type StartInput = Parameters<OosPort['startExecution']>[0];
type ListQuery = Parameters<OosPort['listExecutions']>[0];

/** One recorded call: the method and what it was asked. */
export type OosCall = { [M in OosMethod]: { method: M; query: Parameters<OosPort[M]>[0] } }[OosMethod];

/** What one instance of a fake execution is doing. */
export interface FakeInstance {
  instanceId: string;
  status: string;
  message?: string;
  output?: string;
  configuration?: string;
}

/** Calls held by `FakeOos.hold`. */
export interface HeldOosCalls {
  /** How many calls are waiting. */
  readonly waiting: number;
  /** Lets the waiting calls (and later ones) run. */
  release(): void;
  /** Fails the waiting calls with `error`; later calls run. */
  releaseWithError(error: unknown): void;
}

/** Builds an Execution with sensible defaults. */
export function makeExecution(fields: Partial<Execution> & { executionId: string }): Execution {
  return {
    templateName: 'ACS-ECS-BulkyConfigureOOSPackageWithTemporaryURL',
    status: 'Running',
    statusMessage: '',
    parameters: {},
    outputs: {},
    resourceIds: [],
    tags: {},
    ...fields,
  };
}

/** OOS for tests. */
export class FakeOos implements OosPort {
  templates: TemplateSummary[] = [];
  readonly documents = new Map<string, TemplateDocument>();
  readonly executions: Execution[] = [];
  readonly taskExecutions = new Map<string, TaskExecution[]>();
  /** What ListInstancePackageStates answers, by instance id. */
  readonly packageStates = new Map<string, InstalledPackage[]>();
  readonly failures = new Failures<OosMethod>();
  /** Every call, in order. */
  readonly calls: OosCall[] = [];
  /** Status of newly started executions. */
  initialStatus = 'Running';
  readonly #byToken = new Map<string, Execution>();
  readonly #regions = new Map<string, string>();
  readonly #instances = new Map<string, FakeInstance[]>();
  readonly #held = new Map<OosMethod, Array<{ resolve(): void; reject(error: unknown): void }>>();
  #next = 1;
  #stamps = 0;

  /** Calls of one method, in order. */
  callsOf<M extends OosMethod>(method: M): Array<Extract<OosCall, { method: M }>> {
    return this.calls.filter((c): c is Extract<OosCall, { method: M }> => c.method === method);
  }

  /** What every StartExecution was asked. */
  get startCalls(): StartInput[] {
    return this.callsOf('startExecution').map((c) => c.query);
  }

  /** What every ListExecutions was asked. */
  get listCalls(): ListQuery[] {
    return this.callsOf('listExecutions').map((c) => c.query);
  }

  /** The next call of `method` throws `error` (queued). */
  failNext(method: OosMethod, error: unknown): void {
    this.failures.once(method, error);
  }

  /** Calls of `method` from now on wait until the test releases them. */
  hold(method: OosMethod): HeldOosCalls {
    const waiting: Array<{ resolve(): void; reject(error: unknown): void }> = [];
    this.#held.set(method, waiting);
    const stop = () => {
      if (this.#held.get(method) === waiting) this.#held.delete(method);
      return waiting.splice(0);
    };
    return {
      get waiting() {
        return waiting.length;
      },
      release: () => {
        for (const call of stop()) call.resolve();
      },
      releaseWithError: (error) => {
        for (const call of stop()) call.reject(error);
      },
    };
  }

  async listTemplates(query: Parameters<OosPort['listTemplates']>[0]): Promise<TemplateSummary[]> {
    await this.#enter({ method: 'listTemplates', query });
    return structuredClone(this.templates);
  }

  async getTemplate(query: Parameters<OosPort['getTemplate']>[0]): Promise<TemplateDocument> {
    await this.#enter({ method: 'getTemplate', query });
    const found = this.documents.get(query.templateName);
    if (!found) {
      throw new CloudError({
        kind: 'not_found',
        code: 'EntityNotExists.Template',
        service: 'oos',
        action: 'GetTemplate',
        message: 'The specified template does not exist.',
        httpStatus: 404,
      });
    }
    return found;
  }

  async startExecution(input: StartInput): Promise<Execution> {
    await this.#enter({ method: 'startExecution', query: input });
    const existing = this.#byToken.get(input.clientToken);
    if (existing) return structuredClone(existing);
    const targets = input.parameters.targets as { ResourceIds?: string[] } | undefined;
    const execution = makeExecution({
      executionId: `exec-${String(this.#next++).padStart(16, '0')}`,
      templateName: input.templateName,
      status: this.initialStatus,
      parameters: structuredClone(input.parameters),
      resourceIds: [...(targets?.ResourceIds ?? [])],
      packageName:
        typeof input.parameters.packageName === 'string' ? input.parameters.packageName : undefined,
      startDate: new Date().toISOString(),
      tags: { ...(input.tags ?? {}) },
    });
    this.#byToken.set(input.clientToken, execution);
    this.executions.push(execution);
    return structuredClone(execution);
  }

  async listExecutions(query: ListQuery): Promise<Execution[]> {
    await this.#enter({ method: 'listExecutions', query });
    return this.executions
      .filter((e) => (this.#regions.get(e.executionId) ?? query.regionId) === query.regionId)
      .filter((e) => query.templateName === undefined || e.templateName.includes(query.templateName))
      .filter((e) => query.status === undefined || e.status === query.status)
      .filter((e) => query.executionId === undefined || e.executionId === query.executionId)
      .filter((e) => query.resourceId === undefined || e.resourceIds.includes(query.resourceId))
      .filter((e) => Object.entries(query.tags ?? {}).every(([k, v]) => e.tags[k] === v))
      .map((e) => structuredClone(e));
  }

  async listTaskExecutions(query: Parameters<OosPort['listTaskExecutions']>[0]): Promise<TaskExecution[]> {
    await this.#enter({ method: 'listTaskExecutions', query });
    return [...(this.taskExecutions.get(query.executionId) ?? [])];
  }

  async cancelExecution(query: Parameters<OosPort['cancelExecution']>[0]): Promise<void> {
    await this.#enter({ method: 'cancelExecution', query });
    const found = this.executions.find((e) => e.executionId === query.executionId);
    if (found) {
      found.status = 'Cancelled';
      found.updateDate = this.#stamp();
    }
  }

  async listInstancePackageStates(
    query: Parameters<OosPort['listInstancePackageStates']>[0],
  ): Promise<InstalledPackage[]> {
    await this.#enter({ method: 'listInstancePackageStates', query });
    const names = query.templateNames;
    return (this.packageStates.get(query.instanceId) ?? [])
      .filter((p) => !names?.length || names.includes(p.templateName))
      .map((p) => structuredClone(p));
  }

  // --- executions as tracking sees them ------------------------------------------------------------

  /** Adds a running execution of the bulk template in `regionId` for these instances. */
  addExecution(
    executionId: string,
    regionId: string,
    instanceIds: string[],
    fields: Partial<Execution> = {},
  ): Execution {
    const execution = makeExecution({
      executionId,
      status: 'Running',
      resourceIds: [...instanceIds],
      startDate: '2025-06-01T10:00:00Z',
      updateDate: this.#stamp(),
      ...fields,
    });
    this.executions.push(execution);
    this.#regions.set(executionId, regionId);
    this.setInstances(
      executionId,
      instanceIds.map((instanceId) => ({ instanceId, status: 'Queued' })),
    );
    return execution;
  }

  /** Sets the execution's status (and UpdateDate, as OOS does when something happens). */
  setStatus(executionId: string, status: string, statusMessage = ''): void {
    const execution = this.#find(executionId);
    execution.status = status;
    execution.statusMessage = statusMessage;
    execution.updateDate = this.#stamp();
  }

  /** Sets the per-instance loop children of the `configurePackage` task; UpdateDate moves. */
  setInstances(executionId: string, instances: FakeInstance[]): void {
    this.#instances.set(executionId, instances);
    const parent: TaskExecution = {
      taskExecutionId: `${executionId}.t0003`,
      executionId,
      taskName: 'configurePackage',
      status: 'Running',
      statusMessage: '',
    };
    const children = instances.map(
      (instance, index): TaskExecution => ({
        taskExecutionId: `${executionId}.t0003.${index + 1}`,
        executionId,
        taskName: 'configurePackage',
        status: instance.status,
        statusMessage: instance.message ?? '',
        loopItem: instance.instanceId,
      }),
    );
    this.taskExecutions.set(executionId, [parent, ...children]);
    this.#find(executionId).updateDate = this.#stamp();
  }

  /** Ends the execution: status, EndDate and Outputs (commandOutput / configurationOutput) from the instances. */
  finish(executionId: string, status: 'Success' | 'Failed' | 'Cancelled', statusMessage = ''): void {
    const instances = this.#instances.get(executionId) ?? [];
    const list = (field: 'output' | 'configuration') =>
      instances.map((i) => ({
        InstanceId: i.instanceId,
        InstanceResult: [{ Package: 'pkg', PackageResult: i[field] ?? '' }],
      }));
    const execution = this.#find(executionId);
    execution.outputs = { commandOutput: list('output'), configurationOutput: list('configuration') };
    execution.endDate = '2025-06-01T10:04:12Z';
    this.setStatus(executionId, status, statusMessage);
  }

  /**
   * Records the call, then waits until released if its method is held, else yields once (so concurrent
   * callers interleave), then throws an injected failure if there is one.
   */
  async #enter(call: OosCall): Promise<void> {
    this.calls.push(structuredClone(call));
    const held = this.#held.get(call.method);
    if (held) await new Promise<void>((resolve, reject) => held.push({ resolve, reject }));
    else await tick();
    this.failures.check(call.method);
  }

  #find(executionId: string): Execution {
    const found = this.executions.find((e) => e.executionId === executionId);
    if (!found) throw new Error(`no fake execution ${executionId}`);
    return found;
  }

  #stamp(): string {
    this.#stamps += 1;
    return new Date(Date.UTC(2025, 5, 1, 10, 0, this.#stamps)).toISOString();
  }
}
