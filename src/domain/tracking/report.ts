/**
 * The final report of an install (and the pending report after the poll timeout) as a model: how it
 * ended, each instance's outcome with credentials masked, the parameters with secrets masked, and the
 * suggested next steps as codes. The Slack views word it, lay it out and fit it to Slack's limits.
 */
import { isRecord, parseJson } from '../json.js';
import { actionOf, type RequestAction } from '../lifecycle/preflight-installed.js';
import { canUndo } from '../lifecycle/undo-request.js';
import {
  type ExecutionTracking,
  type InstallRequest,
  type InstanceOutcome,
  isTerminalStatus,
  SECRET_MASK,
} from '../model.js';
import { isCredentialKey, maskCredentialText, redactCredentials } from './credentials.js';
import { countInstances, failedInstanceIds, type InstanceCounts } from './progress.js';
import { followUpSuggestions, pendingSuggestions, type Suggestion } from './suggestions.js';
import type { VerifiedInstance } from './verify-installed.js';

/** How the execution ended (`stopped`: someone stopped the rollout; `pending` after the poll timeout). */
export type ReportOutcome = 'succeeded' | 'partial' | 'failed' | 'cancelled' | 'stopped' | 'pending';

/** One wave's execution, for a report over a rollout of several waves. */
export interface ReportWave {
  stage: number;
  executionId: string;
  status: string;
}

/** Credentials found in one instance's outputs, unmasked: for the requester's eyes only. */
export interface PrivateCredentials {
  instanceId: string;
  /** The configuration and, when it held credentials, the output, as OOS returned them. */
  text: string;
}

/** The execution facts a report shows. */
export type ReportExecution = Pick<
  ExecutionTracking,
  'executionId' | 'regionId' | 'consoleUrl' | 'status' | 'statusMessage' | 'startedAt' | 'endedAt'
>;

/** Everything a final (or pending) report says, as data. */
export interface ReportModel {
  outcome: ReportOutcome;
  /** What the installer was asked to do. */
  action: RequestAction;
  requestId: string;
  requester: string;
  packageName: string;
  packageDisplayName: string;
  packageVersion?: string;
  regionId: string;
  instanceIds: string[];
  /** The StartExecution Parameters as sent (or the package's own), secret values masked. */
  parameters: Record<string, unknown>;
  execution?: ReportExecution;
  /** Every started wave's execution, when the request rolled out in more than one wave. */
  waves?: ReportWave[];
  /** Set on a pending report: the poll timeout that passed. */
  timeoutMinutes?: number;
  counts: InstanceCounts;
  /** One outcome per instance; outputs and configurations have credentials masked. */
  instances: InstanceOutcome[];
  suggestions: Suggestion[];
  /** Instances a retry should target (empty unless the execution ended). */
  failedInstanceIds: string[];
  /** Unmasked credentials found in outputs, to send to the requester alone. */
  privateCredentials: PrivateCredentials[];
  /** After an install or update: what OOS records on each instance that reported success. */
  verified?: VerifiedInstance[];
  /** True when the report offers `undo`: an install or update that succeeded somewhere. */
  undoable: boolean;
}

/** The report of a request whose execution ended (Success, Failed or Cancelled). */
export function buildFinalReport(request: InstallRequest): ReportModel {
  return buildReport(request);
}

/** The report posted when the poll timeout passes before the execution ends. */
export function buildPendingReport(request: InstallRequest, timeoutMinutes: number): ReportModel {
  return buildReport(request, timeoutMinutes);
}

function buildReport(request: InstallRequest, timeoutMinutes?: number): ReportModel {
  const execution = request.execution;
  const counts = countInstances(execution?.instances ?? []);
  const pending = timeoutMinutes !== undefined || !execution || !isTerminalStatus(execution.status);
  const { instances, privateCredentials } = maskInstances(execution?.instances ?? []);
  const report: ReportModel = {
    action: actionOf(request),
    outcome: pending
      ? 'pending'
      : request.rollout?.stopped && execution.status !== 'Failed'
        ? 'stopped'
        : outcomeOf(execution.status, counts),
    requestId: request.id,
    requester: request.requester,
    packageName: request.packageName,
    packageDisplayName: request.packageDisplayName,
    regionId: request.regionId,
    instanceIds: request.instanceIds,
    parameters: maskedParameters(request),
    counts,
    instances,
    suggestions: pending
      ? pendingSuggestions(request)
      : followUpSuggestions(request, { privateDetails: privateCredentials.length > 0 }),
    failedInstanceIds: failedInstanceIds(request),
    privateCredentials,
    undoable: !pending && canUndo(request),
  };
  if (request.verified && request.verified.length > 0) report.verified = request.verified;
  if (request.packageVersion) report.packageVersion = request.packageVersion;
  if (execution) report.execution = executionFacts(execution);
  const waves = startedWaves(request);
  if (waves.length > 1) report.waves = waves;
  if (timeoutMinutes !== undefined) report.timeoutMinutes = timeoutMinutes;
  return report;
}

function startedWaves(request: InstallRequest): ReportWave[] {
  return (request.rollout?.waves ?? []).flatMap((wave) =>
    wave.executionId
      ? [{ stage: wave.stage, executionId: wave.executionId, status: wave.executionStatus ?? '' }]
      : [],
  );
}

function executionFacts(execution: ExecutionTracking): ReportExecution {
  const { executionId, regionId, consoleUrl, status, statusMessage, startedAt, endedAt } = execution;
  const facts: ReportExecution = {
    executionId,
    regionId,
    consoleUrl,
    status,
    statusMessage: maskCredentialText(statusMessage),
    startedAt,
  };
  if (endedAt) facts.endedAt = endedAt;
  return facts;
}

function outcomeOf(status: string, counts: InstanceCounts): ReportOutcome {
  if (status === 'Cancelled') return 'cancelled';
  if (status === 'Success')
    return counts.total > 0 && counts.succeeded < counts.total ? 'partial' : 'succeeded';
  return counts.succeeded > 0 ? 'partial' : 'failed';
}

/** The StartExecution Parameters as stored, every secret value masked. */
function maskedParameters(request: InstallRequest): Record<string, unknown> {
  const parsed = request.startParameters ? parseJson(request.startParameters) : undefined;
  const source: Record<string, unknown> = isRecord(parsed)
    ? parsed
    : { packageName: request.packageName, parameters: request.parameters };
  return maskParameters(source, new Set(request.secretParameterNames)) as Record<string, unknown>;
}

function maskParameters(value: unknown, secretNames: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return maskCredentialText(value);
  if (Array.isArray(value)) return value.map((v) => maskParameters(v, secretNames));
  if (!isRecord(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const secret = secretNames.has(key) || (isCredentialKey(key) && typeof inner !== 'object');
    result[key] = secret && inner !== '' && inner !== null ? SECRET_MASK : maskParameters(inner, secretNames);
  }
  return result;
}

/** Instance outcomes with credentials masked, and the unmasked credentials kept for the requester. */
function maskInstances(instances: readonly InstanceOutcome[]): {
  instances: InstanceOutcome[];
  privateCredentials: PrivateCredentials[];
} {
  const privateCredentials: PrivateCredentials[] = [];
  const masked = instances.map((instance) => {
    const output = instance.output ? redactCredentials(instance.output) : undefined;
    const configuration = instance.configuration ? redactCredentials(instance.configuration) : undefined;
    const error = redactCredentials(instance.message);
    if (configuration?.found.length || output?.found.length || error.found.length) {
      const text = [
        error.found.length ? instance.message : undefined,
        instance.configuration,
        output?.found.length ? instance.output : undefined,
      ]
        .filter(Boolean)
        .join('\n');
      privateCredentials.push({ instanceId: instance.instanceId, text });
    }
    const result: InstanceOutcome = { ...instance, message: error.redacted };
    if (output) result.output = output.redacted;
    if (configuration) result.configuration = configuration.redacted;
    return result;
  });
  return { instances: masked, privateCredentials };
}
