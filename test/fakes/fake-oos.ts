/**
 * An in-memory OosPort: executions with idempotent ClientTokens, ListExecutions filters (template
 * substring, status, tags, resource), recorded calls and injectable failures.
 */
import type { InstalledPackage } from '../../src/domain/lifecycle/installed-package.js';
import type { Execution, TaskExecution, TemplateDocument, TemplateSummary } from '../../src/domain/model.js';
import type { OosPort } from '../../src/domain/ports.js';
import { Failures, tick } from './failures.js';

type OosMethod = keyof OosPort;
type StartInput = Parameters<OosPort['startExecution']>[0];
type ListQuery = Parameters<OosPort['listExecutions']>[0];

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
  readonly executions: Execution[] = [];
  readonly templates: TemplateSummary[] = [];
  readonly documents = new Map<string, TemplateDocument>();
  readonly taskExecutions = new Map<string, TaskExecution[]>();
  /** What ListInstancePackageStates answers, by instance id. */
  readonly packageStates = new Map<string, InstalledPackage[]>();
  readonly failures = new Failures<OosMethod>();
  readonly startCalls: StartInput[] = [];
  readonly listCalls: ListQuery[] = [];
  /** Status of newly started executions. */
  initialStatus = 'Running';
  readonly #byToken = new Map<string, Execution>();
  #next = 1;

  async listTemplates(): Promise<TemplateSummary[]> {
    await tick();
    this.failures.check('listTemplates');
    return [...this.templates];
  }

  async getTemplate(query: { templateName: string }): Promise<TemplateDocument> {
    await tick();
    this.failures.check('getTemplate');
    const found = this.documents.get(query.templateName);
    if (!found) throw new Error(`template ${query.templateName} not found`);
    return found;
  }

  async startExecution(input: StartInput): Promise<Execution> {
    this.startCalls.push(structuredClone(input));
    await tick();
    this.failures.check('startExecution');
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
    this.listCalls.push(structuredClone(query));
    await tick();
    this.failures.check('listExecutions');
    return this.executions
      .filter((e) => query.templateName === undefined || e.templateName.includes(query.templateName))
      .filter((e) => query.status === undefined || e.status === query.status)
      .filter((e) => query.executionId === undefined || e.executionId === query.executionId)
      .filter((e) => query.resourceId === undefined || e.resourceIds.includes(query.resourceId))
      .filter((e) => Object.entries(query.tags ?? {}).every(([k, v]) => e.tags[k] === v))
      .map((e) => structuredClone(e));
  }

  async listTaskExecutions(query: { executionId: string }): Promise<TaskExecution[]> {
    await tick();
    this.failures.check('listTaskExecutions');
    return [...(this.taskExecutions.get(query.executionId) ?? [])];
  }

  async cancelExecution(query: { executionId: string }): Promise<void> {
    await tick();
    this.failures.check('cancelExecution');
    const found = this.executions.find((e) => e.executionId === query.executionId);
    if (found) found.status = 'Cancelled';
  }

  async listInstancePackageStates(query: {
    instanceId: string;
    templateNames?: string[];
  }): Promise<InstalledPackage[]> {
    await tick();
    this.failures.check('listInstancePackageStates');
    const names = query.templateNames;
    return (this.packageStates.get(query.instanceId) ?? [])
      .filter((p) => !names?.length || names.includes(p.templateName))
      .map((p) => structuredClone(p));
  }
}
