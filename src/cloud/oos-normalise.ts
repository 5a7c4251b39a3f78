/**
 * Turns validated OOS responses into domain objects: JSON-or-object fields parsed, empty strings
 * dropped, the targeted instance ids and package name pulled out of an execution's parameters.
 */
import { parse as parseYaml } from 'yaml';
import { isRecord, parseJson } from '../domain/json.js';
import type { InstalledPackage } from '../domain/lifecycle/installed-package.js';
import type { Execution, TaskExecution, TemplateSummary } from '../domain/model.js';
import type { OosExecution, OosPackageState, OosTaskExecution, OosTemplate } from './oos-schemas.js';

function nonEmpty(value: string | null | undefined): string | undefined {
  return value ? value : undefined;
}

/** An object from a value that is an object or a JSON string of one; `{}` otherwise. */
export function parseJsonObject(value: unknown): Record<string, unknown> {
  if (isRecord(value)) return value;
  const parsed = typeof value === 'string' ? parseJson(value) : undefined;
  return isRecord(parsed) ? parsed : {};
}

/** A JSON string from a value that is already one or an object. */
function jsonText(value: unknown): string | undefined {
  if (typeof value === 'string') return nonEmpty(value);
  return value === undefined || value === null ? undefined : JSON.stringify(value);
}

/** Domain summary of a ListTemplates / GetTemplate template. */
export function toTemplateSummary(template: OosTemplate): TemplateSummary {
  return {
    templateName: template.TemplateName,
    templateId: template.TemplateId ?? '',
    templateVersion: template.TemplateVersion ?? '',
    templateType: template.TemplateType ?? '',
    shareType: template.ShareType ?? '',
    description: template.Description ?? '',
    constraints: jsonText(template.Constraints),
    publisher: nonEmpty(template.Publisher),
    createdBy: nonEmpty(template.CreatedBy),
    updatedDate: nonEmpty(template.UpdatedDate),
  };
}

/**
 * Parses a template's `Content` by its declared format (JSON or YAML), trying the other format when
 * the declared one fails. Throws an Error when the text is neither or is not a mapping.
 */
export function parseTemplateContent(
  content: string,
  format: string | null | undefined,
): Record<string, unknown> {
  const parsers = [(text: string): unknown => JSON.parse(text), (text: string): unknown => parseYaml(text)];
  if (format?.toUpperCase() === 'YAML') parsers.reverse();
  for (const parser of parsers) {
    try {
      const parsed = parser(content);
      if (isRecord(parsed)) return parsed;
    } catch {
      // Not this format: try the next parser.
    }
  }
  throw new Error('The template Content is neither a JSON nor a YAML mapping.');
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Instance ids from Parameters.targets.ResourceIds, else from Targets (ResourceIds or Filters[].ResourceIds). */
function resourceIdsOf(parameters: Record<string, unknown>, targets: unknown): string[] {
  const fromParameters = stringList(parseJsonObject(parameters.targets).ResourceIds);
  if (fromParameters.length > 0) return [...new Set(fromParameters)];
  const parsedTargets = parseJsonObject(targets);
  const filters = Array.isArray(parsedTargets.Filters) ? parsedTargets.Filters : [];
  const ids = [
    ...stringList(parsedTargets.ResourceIds),
    ...filters.flatMap((filter) => stringList(parseJsonObject(filter).ResourceIds)),
  ];
  return [...new Set(ids)];
}

/** Tags as a string map, from an object map or a `[{Key, Value}]` list. */
function tagsOf(value: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const tag = parseJsonObject(item);
      if (typeof tag.Key === 'string') tags[tag.Key] = typeof tag.Value === 'string' ? tag.Value : '';
    }
    return tags;
  }
  for (const [key, tagValue] of Object.entries(parseJsonObject(value))) {
    tags[key] = typeof tagValue === 'string' ? tagValue : JSON.stringify(tagValue);
  }
  return tags;
}

/** Domain execution from a StartExecution or ListExecutions item. */
export function toExecution(execution: OosExecution): Execution {
  const parameters = parseJsonObject(execution.Parameters);
  const packageName =
    typeof parameters.packageName === 'string' ? nonEmpty(parameters.packageName) : undefined;
  return {
    executionId: execution.ExecutionId,
    templateName: execution.TemplateName ?? '',
    status: execution.Status,
    statusMessage: execution.StatusMessage ?? '',
    parameters,
    outputs: parseJsonObject(execution.Outputs),
    resourceIds: resourceIdsOf(parameters, execution.Targets),
    packageName,
    waitingStatus: nonEmpty(execution.WaitingStatus),
    startDate: nonEmpty(execution.StartDate),
    endDate: nonEmpty(execution.EndDate),
    updateDate: nonEmpty(execution.UpdateDate),
    tags: tagsOf(execution.Tags),
  };
}

/** Domain task execution from a ListTaskExecutions item. */
export function toTaskExecution(task: OosTaskExecution): TaskExecution {
  return {
    taskExecutionId: task.TaskExecutionId,
    executionId: task.ExecutionId,
    taskName: task.TaskName ?? '',
    status: task.Status,
    statusMessage: task.StatusMessage ?? '',
    loopItem: typeof task.LoopItem === 'string' ? nonEmpty(task.LoopItem) : jsonText(task.LoopItem),
    outputs: jsonText(task.Outputs),
    childExecutionId: nonEmpty(task.ChildExecutionId),
    startDate: nonEmpty(task.StartDate),
    endDate: nonEmpty(task.EndDate),
  };
}

/** OOS writes package-state times without a zone (`2024-05-04T11:17:28`); like its other times, UTC. */
function utcTime(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const withZone = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?$/.test(value) ? `${value}Z` : value;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * Domain record of a ListInstancePackageStates item: Parameters and ConfigurationInfo parsed from their
 * JSON strings. A ConfigurationInfo that is text rather than a JSON object is kept under its own name.
 */
export function toInstalledPackage(state: OosPackageState, instanceId: string): InstalledPackage {
  const info = state.ConfigurationInfo;
  const configuration = parseJsonObject(info);
  const text = typeof info === 'string' ? info.trim() : '';
  const updatedAt = utcTime(state.UpdateTime);
  return {
    instanceId,
    templateName: state.TemplateName,
    templateVersion: state.TemplateVersion ?? '',
    ...(updatedAt ? { updatedAt } : {}),
    parameters: parseJsonObject(state.Parameters),
    ...(Object.keys(configuration).length > 0
      ? { configuration }
      : text !== '' && text !== '{}'
        ? { configuration: { ConfigurationInfo: text } }
        : {}),
  };
}
