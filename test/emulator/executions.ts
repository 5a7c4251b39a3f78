/**
 * Emulated OOS executions of the bulk package template. Progress is not simulated by timers: every read
 * computes the state from the elapsed time and the ExecutionScript in force when the execution started.
 */
import type { InstanceRun } from './package-states.js';

/** How emulated executions behave (see the emulator API). */
export interface ExecutionScript {
  instances?: Record<
    string,
    {
      status: 'Success' | 'Failed';
      message?: string;
      output?: string;
      configuration?: string;
      afterMs?: number;
    }
  >;
  /** Per-instance time to finish (default 30 ms). */
  defaultAfterMs?: number;
  /** The execution first sits in status Waiting this long. */
  waitingForMs?: number;
  /** Stays Running until finishExecution(). */
  neverFinish?: boolean;
}

/** What one instance of an execution will end as, fixed when the execution starts. */
export interface InstancePlan {
  instanceId: string;
  status: 'Success' | 'Failed';
  message: string;
  output: string;
  configuration: string;
  /** Milliseconds after the start (waiting included) when it finishes. */
  finishAfterMs: number;
}

/** An execution as the emulator stores it. */
export interface ExecutionRecord {
  executionId: string;
  /** OOS region the execution lives in (the RegionId of the StartExecution call). */
  oosRegionId: string;
  templateId: string;
  templateName: string;
  templateVersion: string;
  mode: string;
  loopMode: string;
  safetyCheck: string;
  description: string;
  parameters: Record<string, unknown>;
  packageName: string;
  action: 'install' | 'update' | 'uninstall';
  /** `packageVersion` as sent ('' = the newest version). */
  packageVersion: string;
  /** Which template versions each loop item runs, decided at the start. */
  runs: InstanceRun[];
  /** Instances whose successful end the package registry already recorded. */
  applied: Set<string>;
  targetRegionId: string;
  clientToken?: string;
  tags: Record<string, string>;
  startedAt: number;
  waitingForMs: number;
  neverFinish: boolean;
  concurrency: unknown;
  plans: InstancePlan[];
  /** Set by CancelExecution or finishExecution(). */
  forced?: { status: 'Success' | 'Failed' | 'Cancelled'; at: number };
}

/** State of one instance at a moment. */
export interface InstanceView {
  instanceId: string;
  status: 'Waiting' | 'Running' | 'Success' | 'Failed' | 'Cancelled';
  message: string;
  output: string;
  configuration: string;
  endedAt?: number;
}

/** State of an execution at a moment. */
export interface ExecutionView {
  status: 'Waiting' | 'Running' | 'Success' | 'Failed' | 'Cancelled';
  statusMessage: string;
  endedAt?: number;
  instances: InstanceView[];
}

/** Default per-instance duration. */
export const DEFAULT_AFTER_MS = 30;

/** State of `record` at time `now` (ms since epoch). */
export function viewExecution(record: ExecutionRecord, now: number): ExecutionView {
  const forced = record.forced && record.forced.at <= now ? record.forced : undefined;
  const instances = record.plans.map((plan): InstanceView => {
    const naturalEnd = record.startedAt + plan.finishAfterMs;
    const finished = !record.neverFinish && naturalEnd <= now && (!forced || naturalEnd <= forced.at);
    if (finished) {
      return {
        instanceId: plan.instanceId,
        status: plan.status,
        message: plan.message,
        output: plan.output,
        configuration: plan.configuration,
        endedAt: naturalEnd,
      };
    }
    if (forced) {
      const status = forced.status;
      return {
        instanceId: plan.instanceId,
        status,
        message:
          status === 'Cancelled'
            ? 'The execution was cancelled.'
            : status === 'Failed'
              ? 'The execution was stopped.'
              : '',
        output: status === 'Success' ? plan.output : '',
        configuration: status === 'Success' ? plan.configuration : '',
        endedAt: forced.at,
      };
    }
    const waiting = now - record.startedAt < record.waitingForMs;
    return {
      instanceId: plan.instanceId,
      status: waiting ? 'Waiting' : 'Running',
      message: '',
      output: '',
      configuration: '',
    };
  });
  const done = instances.every((i) => i.endedAt !== undefined);
  if (!done) {
    const waiting = now - record.startedAt < record.waitingForMs;
    return { status: waiting ? 'Waiting' : 'Running', statusMessage: '', instances };
  }
  const endedAt = Math.max(...instances.map((i) => i.endedAt ?? 0));
  const failed = instances.filter((i) => i.status !== 'Success');
  if (forced && endedAt === forced.at) {
    const message =
      forced.status === 'Cancelled'
        ? 'The execution was cancelled.'
        : forced.status === 'Failed'
          ? 'The execution was stopped.'
          : '';
    return { status: forced.status, statusMessage: message, endedAt, instances };
  }
  if (failed.length === 0) return { status: 'Success', statusMessage: '', endedAt, instances };
  const detail = failed.map((i) => `${i.instanceId}${i.message ? ` (${i.message})` : ''}`).join('; ');
  return {
    status: 'Failed',
    statusMessage: `Task configurePackage failed on ${failed.length} of ${instances.length} instance(s): ${detail}`,
    endedAt,
    instances,
  };
}

/**
 * When the execution last changed at `now` (its UpdateDate): the start, the end of the Waiting phase, an
 * instance finishing, a cancel. Like real OOS it stays put while nothing happens, so a poller can compare
 * Status and UpdateDate to decide whether to fetch the task details again.
 */
export function lastChangeAt(record: ExecutionRecord, view: ExecutionView, now: number): number {
  if (view.endedAt !== undefined) return view.endedAt;
  const changes = [record.startedAt];
  const waitingEnds = record.startedAt + record.waitingForMs;
  if (record.waitingForMs > 0 && waitingEnds <= now) changes.push(waitingEnds);
  for (const instance of view.instances) if (instance.endedAt !== undefined) changes.push(instance.endedAt);
  return Math.max(...changes);
}

/** OOS timestamp format: ISO-8601 UTC without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Execution-level Outputs object (§1.9): command and configuration output of finished instances. */
export function executionOutputs(record: ExecutionRecord, view: ExecutionView): Record<string, unknown> {
  if (view.endedAt === undefined) return {};
  const finished = view.instances.filter((i) => i.status === 'Success' || i.status === 'Failed');
  const result = (field: 'output' | 'configuration') =>
    finished.map((i) => ({
      InstanceId: i.instanceId,
      InstanceResult: [{ Package: record.packageName, PackageResult: i[field] }],
    }));
  return { commandOutput: result('output'), configurationOutput: result('configuration') };
}

/** Counters object (key set of the SDK example plus the in-flight ones). */
export function executionCounters(view: ExecutionView): Record<string, number> {
  const count = (s: InstanceView['status']) => view.instances.filter((i) => i.status === s).length;
  return {
    Total: view.instances.length,
    Success: count('Success'),
    Failed: count('Failed'),
    Running: count('Running') + count('Waiting'),
    Cancelled: count('Cancelled'),
  };
}

/** One emulated task execution (ListTaskExecutions). */
export interface TaskView {
  TaskExecutionId: string;
  ExecutionId: string;
  TaskName: string;
  TaskAction: string;
  TemplateId: string;
  Status: string;
  StatusMessage: string;
  Properties: string;
  Outputs: string;
  ExtraData: Record<string, unknown>;
  Loop?: Record<string, unknown>;
  LoopItem?: string;
  LoopBatchNumber?: number;
  ParentTaskExecutionId: string;
  ChildExecutionId: string;
  CreateDate: string;
  StartDate: string;
  EndDate: string;
  UpdateDate: string;
}

/** Task id of the looped configurePackage task (also in CurrentTasks). */
export function configureTaskId(executionId: string): string {
  return `${executionId}.t0003`;
}

/** The task executions of an execution: the three template tasks, then one loop child per instance. */
export function taskViews(record: ExecutionRecord, view: ExecutionView, now: number): TaskView[] {
  const id = record.executionId;
  const start = isoSeconds(record.startedAt);
  const end = view.endedAt !== undefined ? isoSeconds(view.endedAt) : '';
  const base = {
    ExecutionId: id,
    TemplateId: record.templateId,
    ExtraData: {},
    ParentTaskExecutionId: '',
    ChildExecutionId: '',
    CreateDate: start,
    StartDate: start,
  };
  const instanceIds = record.plans.map((p) => p.instanceId);
  const waitingEnds = record.startedAt + record.waitingForMs;
  const unfinishedUpdate = isoSeconds(waitingEnds <= now ? waitingEnds : record.startedAt);
  const parent: TaskView = {
    ...base,
    TaskExecutionId: configureTaskId(id),
    TaskName: 'configurePackage',
    TaskAction: 'ACS::ECS::ConfigureOOSPackageWithTemporaryURLFullActions',
    Status: view.status,
    StatusMessage: view.statusMessage,
    Properties: JSON.stringify({ action: record.action, packageName: record.packageName }),
    Outputs: JSON.stringify(executionOutputs(record, view)),
    Loop: { Items: instanceIds.length, Concurrency: record.concurrency, MaxErrors: 0 },
    EndDate: end,
    UpdateDate: isoSeconds(lastChangeAt(record, view, now)),
  };
  const tasks: TaskView[] = [
    {
      ...base,
      TaskExecutionId: `${id}.t0001`,
      TaskName: 'getInstanceFromOrderId',
      TaskAction: 'ACS::WaitFor',
      Status: 'Skipped',
      StatusMessage: 'The When condition is false.',
      Properties: '{}',
      Outputs: '{}',
      EndDate: start,
      UpdateDate: start,
    },
    {
      ...base,
      TaskExecutionId: `${id}.t0002`,
      TaskName: 'getInstanceFromTargets',
      TaskAction: 'ACS::SelectTargets',
      Status: 'Success',
      StatusMessage: '',
      Properties: JSON.stringify({ ResourceType: 'ALIYUN::ECS::Instance' }),
      Outputs: JSON.stringify({ instanceIds }),
      EndDate: start,
      UpdateDate: start,
    },
    parent,
  ];
  view.instances.forEach((instance, index) => {
    tasks.push({
      ...base,
      TaskExecutionId: `${configureTaskId(id)}.${String(index + 1).padStart(4, '0')}`,
      TaskName: 'configurePackage',
      TaskAction: 'ACS::ECS::ConfigureOOSPackageWithTemporaryURLFullActions',
      Status: instance.status,
      StatusMessage: instance.message,
      Properties: JSON.stringify({ instanceId: instance.instanceId, packageName: record.packageName }),
      Outputs: JSON.stringify(
        instance.status === 'Success' || instance.status === 'Failed'
          ? { commandOutput: instance.output, configurationOutput: instance.configuration }
          : {},
      ),
      LoopItem: instance.instanceId,
      LoopBatchNumber: 1,
      ParentTaskExecutionId: configureTaskId(id),
      ChildExecutionId: `exec-${id.slice(5, 13)}${String(index + 1).padStart(8, '0')}`,
      EndDate: instance.endedAt !== undefined ? isoSeconds(instance.endedAt) : '',
      UpdateDate: instance.endedAt !== undefined ? isoSeconds(instance.endedAt) : unfinishedUpdate,
    });
  });
  return tasks;
}

/** Execution log lines (ListExecutionLogs), oldest first. */
export function executionLogs(
  record: ExecutionRecord,
  view: ExecutionView,
): Array<{ Timestamp: string; Message: string; LogType: string; TaskExecutionId: string }> {
  const task = configureTaskId(record.executionId);
  const logs = [
    { at: record.startedAt, message: `The execution ${record.executionId} started.`, task: '' },
    {
      at: record.startedAt,
      message: 'The task getInstanceFromTargets completed.',
      task: `${record.executionId}.t0002`,
    },
    { at: record.startedAt, message: 'The task configurePackage started.', task },
  ];
  for (const i of view.instances) {
    if (i.endedAt === undefined) continue;
    const outcome =
      i.status === 'Success' ? 'completed' : i.status === 'Failed' ? `failed: ${i.message}` : 'was cancelled';
    logs.push({
      at: i.endedAt,
      message: `The loop item ${i.instanceId} of task configurePackage ${outcome}.`,
      task,
    });
  }
  if (view.endedAt !== undefined) {
    logs.push({ at: view.endedAt, message: `The execution ended with status ${view.status}.`, task: '' });
  }
  return logs.map((l) => ({
    Timestamp: isoSeconds(l.at),
    Message: l.message,
    LogType: 'System',
    TaskExecutionId: l.task,
  }));
}
