/**
 * FakeOos with what execution tracking needs: executions per region, per-instance loop children of the
 * `configurePackage` task, terminal Outputs in the §1.9 shape, and a log of every call.
 */
import type { Execution, TaskExecution } from '../../src/domain/model.js';
import type { OosPort } from '../../src/domain/ports.js';
import { FakeOos, makeExecution } from './fake-oos.js';

type ListQuery = Parameters<OosPort['listExecutions']>[0];
type TaskQuery = Parameters<OosPort['listTaskExecutions']>[0];

/** What one instance of a fake execution is doing. */
export interface FakeInstance {
  instanceId: string;
  status: string;
  message?: string;
  output?: string;
  configuration?: string;
}

/** One recorded call. */
export type OosCall =
  | { method: 'listExecutions'; query: ListQuery }
  | { method: 'listTaskExecutions'; query: TaskQuery }
  | { method: 'cancelExecution'; query: { regionId: string; executionId: string } };

/** OOS for tracking tests. */
export class FakeOosExecutions extends FakeOos {
  readonly calls: OosCall[] = [];
  readonly #regions = new Map<string, string>();
  readonly #instances = new Map<string, FakeInstance[]>();
  #clock = 0;

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

  /** Sets the per-instance loop children; UpdateDate moves. */
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

  /** Calls of one method. */
  callsOf<M extends OosCall['method']>(method: M): Array<Extract<OosCall, { method: M }>> {
    return this.calls.filter((c): c is Extract<OosCall, { method: M }> => c.method === method);
  }

  override async listExecutions(query: ListQuery): Promise<Execution[]> {
    this.calls.push({ method: 'listExecutions', query: structuredClone(query) });
    const found = await super.listExecutions(query);
    return found.filter((e) => (this.#regions.get(e.executionId) ?? query.regionId) === query.regionId);
  }

  override async listTaskExecutions(query: TaskQuery): Promise<TaskExecution[]> {
    this.calls.push({ method: 'listTaskExecutions', query: structuredClone(query) });
    return super.listTaskExecutions(query);
  }

  override async cancelExecution(query: { regionId: string; executionId: string }): Promise<void> {
    this.calls.push({ method: 'cancelExecution', query: structuredClone(query) });
    await super.cancelExecution(query);
    const execution = this.executions.find((e) => e.executionId === query.executionId);
    if (execution?.status === 'Cancelled') execution.updateDate = this.#stamp();
  }

  #find(executionId: string): Execution {
    const found = this.executions.find((e) => e.executionId === executionId);
    if (!found) throw new Error(`no fake execution ${executionId}`);
    return found;
  }

  #stamp(): string {
    this.#clock += 1;
    return new Date(Date.UTC(2025, 5, 1, 10, 0, this.#clock)).toISOString();
  }
}
