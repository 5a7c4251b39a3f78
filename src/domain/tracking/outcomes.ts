/**
 * Turns what OOS reports about an execution of the bulk package template into one outcome per instance:
 * the `configurePackage` loop children (LoopItem = instance id) give status and message, the
 * execution's Outputs (`commandOutput` / `configurationOutput`) give each instance's output.
 */
import { isRecord, parseJson } from '../json.js';
import { type Execution, type InstanceOutcome, isTerminalStatus, type TaskExecution } from '../model.js';

/** The looped task of the bulk template whose children are the instances. */
export const CONFIGURE_TASK = 'configurePackage';

/** Per-instance texts of the two Outputs lists, keyed by instance id. */
export interface ParsedOutputs {
  command: Map<string, string>;
  configuration: Map<string, string>;
}

/** Reads `commandOutput` and `configurationOutput` (§1.9 shape) from an execution's parsed Outputs. */
export function parseOutputs(outputs: Record<string, unknown>): ParsedOutputs {
  return {
    command: outputList(outputs.commandOutput),
    configuration: outputList(outputs.configurationOutput),
  };
}

function outputList(value: unknown): Map<string, string> {
  const result = new Map<string, string>();
  const list = typeof value === 'string' ? parseJson(value) : value;
  if (!Array.isArray(list)) return result;
  for (const entry of list) {
    if (!isRecord(entry) || typeof entry.InstanceId !== 'string') continue;
    const results = Array.isArray(entry.InstanceResult) ? entry.InstanceResult : [entry.InstanceResult];
    const text = results
      .map((r) => (isRecord(r) ? asText(r.PackageResult) : asText(r)))
      .filter((t) => t.trim() !== '')
      .join('\n');
    result.set(entry.InstanceId, text);
  }
  return result;
}

/**
 * One outcome per instance: the request's instances first (in their order), then any other loop item
 * OOS reported. `tasks` undefined means "not fetched this time": previous statuses are kept.
 */
export function buildInstanceOutcomes(
  instanceIds: readonly string[],
  execution: Execution,
  tasks: readonly TaskExecution[] | undefined,
  previous: readonly InstanceOutcome[],
): InstanceOutcome[] {
  const children = new Map<string, TaskExecution>();
  for (const task of tasks ?? []) {
    if (task.taskName === CONFIGURE_TASK && task.loopItem) children.set(task.loopItem, task);
  }
  const outputs = parseOutputs(execution.outputs);
  const ids = [...new Set([...instanceIds, ...children.keys()])];
  const terminal = isTerminalStatus(execution.status);
  return ids.map((instanceId) => {
    const child = children.get(instanceId);
    const before = previous.find((p) => p.instanceId === instanceId);
    const childOutputs = child?.outputs ? parseJson(child.outputs) : undefined;
    const output =
      outputs.command.get(instanceId) ?? fieldText(childOutputs, 'commandOutput') ?? before?.output;
    const configuration =
      outputs.configuration.get(instanceId) ??
      fieldText(childOutputs, 'configurationOutput') ??
      before?.configuration;
    const { status, message } = instanceState(execution, child, before, {
      terminal,
      fetched: tasks !== undefined,
      hasOutput: outputs.command.has(instanceId),
    });
    return withOptional({ instanceId, status, message }, output, configuration);
  });
}

function instanceState(
  execution: Execution,
  child: TaskExecution | undefined,
  before: InstanceOutcome | undefined,
  facts: { terminal: boolean; fetched: boolean; hasOutput: boolean },
): { status: string; message: string } {
  if (child && (isTerminalStatus(child.status) || !facts.terminal)) {
    const message = child.statusMessage || (child.status === 'Failed' ? execution.statusMessage : '');
    return { status: child.status, message };
  }
  const kept = facts.fetched ? undefined : before;
  if (!facts.terminal)
    return kept ? { status: kept.status, message: kept.message } : { status: 'Queued', message: '' };
  // The execution ended but OOS said nothing final about this instance.
  if (kept && isTerminalStatus(kept.status)) return { status: kept.status, message: kept.message };
  if (execution.status === 'Cancelled') return { status: 'Cancelled', message: execution.statusMessage };
  if (execution.status === 'Failed' && facts.fetched && !child) {
    return { status: 'Failed', message: execution.statusMessage };
  }
  if (execution.status === 'Success' && facts.hasOutput) return { status: 'Success', message: '' };
  return { status: 'Unknown', message: execution.statusMessage };
}

function withOptional(
  base: InstanceOutcome,
  output: string | undefined,
  configuration: string | undefined,
): InstanceOutcome {
  const result: InstanceOutcome = { ...base };
  if (output !== undefined && output !== '') result.output = output;
  if (configuration !== undefined && configuration !== '') result.configuration = configuration;
  return result;
}

function fieldText(value: unknown, key: string): string | undefined {
  if (!isRecord(value) || value[key] === undefined) return undefined;
  const text = asText(value[key]);
  return text === '' ? undefined : text;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
