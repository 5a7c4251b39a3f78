/**
 * zod schemas of the OOS (2019-06-01) responses, PascalCase as on the wire; only the fields the
 * adapter reads, lenient on everything optional (null, absent, or an unexpected JSON type).
 */
import { z } from 'zod';

const optionalString = z.string().nullish().catch(undefined);

/** A template as ListTemplates and GetTemplate (`Template`) return it. */
export const OosTemplate = z.object({
  TemplateName: z.string(),
  TemplateId: optionalString,
  TemplateVersion: optionalString,
  TemplateType: optionalString,
  TemplateFormat: optionalString,
  ShareType: optionalString,
  Description: optionalString,
  /** Normally a JSON string; an object is tolerated. */
  Constraints: z.unknown().optional(),
  Publisher: optionalString,
  CreatedBy: optionalString,
  UpdatedDate: optionalString,
});
export type OosTemplate = z.infer<typeof OosTemplate>;

/** ListTemplates response page. */
export const ListTemplatesResponse = z.object({
  RequestId: optionalString,
  NextToken: optionalString,
  Templates: z.array(OosTemplate).nullish(),
});
export type ListTemplatesResponse = z.infer<typeof ListTemplatesResponse>;

/** GetTemplate response: `Content` is the template text, `Template` its metadata. */
export const GetTemplateResponse = z.object({
  RequestId: optionalString,
  Content: z.string(),
  Template: OosTemplate,
});
export type GetTemplateResponse = z.infer<typeof GetTemplateResponse>;

/** An execution (StartExecution / ListExecutions); Parameters and Outputs may be objects or JSON strings. */
export const OosExecution = z.object({
  ExecutionId: z.string(),
  TemplateName: optionalString,
  Status: z.string(),
  StatusMessage: optionalString,
  Parameters: z.unknown().optional(),
  Outputs: z.unknown().optional(),
  /** JSON string naming the targeted resources, on ListExecutions. */
  Targets: z.unknown().optional(),
  WaitingStatus: optionalString,
  StartDate: optionalString,
  EndDate: optionalString,
  UpdateDate: optionalString,
  Tags: z.unknown().optional(),
});
export type OosExecution = z.infer<typeof OosExecution>;

/** StartExecution response. */
export const StartExecutionResponse = z.object({
  RequestId: optionalString,
  Execution: OosExecution,
});
export type StartExecutionResponse = z.infer<typeof StartExecutionResponse>;

/** ListExecutions response page. */
export const ListExecutionsResponse = z.object({
  RequestId: optionalString,
  NextToken: optionalString,
  Executions: z.array(OosExecution).nullish(),
});
export type ListExecutionsResponse = z.infer<typeof ListExecutionsResponse>;

/** A task execution (ListTaskExecutions). */
export const OosTaskExecution = z.object({
  TaskExecutionId: z.string(),
  ExecutionId: z.string(),
  TaskName: optionalString,
  Status: z.string(),
  StatusMessage: optionalString,
  LoopItem: z.unknown().optional(),
  Outputs: z.unknown().optional(),
  ChildExecutionId: optionalString,
  StartDate: optionalString,
  EndDate: optionalString,
});
export type OosTaskExecution = z.infer<typeof OosTaskExecution>;

/** ListTaskExecutions response page. */
export const ListTaskExecutionsResponse = z.object({
  RequestId: optionalString,
  NextToken: optionalString,
  TaskExecutions: z.array(OosTaskExecution).nullish(),
});
export type ListTaskExecutionsResponse = z.infer<typeof ListTaskExecutionsResponse>;

/** One extension recorded on an instance (ListInstancePackageStates). */
export const OosPackageState = z.object({
  TemplateName: z.string(),
  TemplateVersion: optionalString,
  UpdateTime: optionalString,
  /** A JSON string of the extension's install parameters; an object is tolerated. */
  Parameters: z.unknown().optional(),
  /** A JSON string (e.g. a panel's URL and login); an object is tolerated. */
  ConfigurationInfo: z.unknown().optional(),
});
export type OosPackageState = z.infer<typeof OosPackageState>;

/** ListInstancePackageStates response page (its MaxResults is a string; not read). */
export const ListInstancePackageStatesResponse = z.object({
  RequestId: optionalString,
  NextToken: optionalString,
  PackageStates: z.array(OosPackageState).nullish(),
});
export type ListInstancePackageStatesResponse = z.infer<typeof ListInstancePackageStatesResponse>;

/** CancelExecution response (nothing but the request id). */
export const CancelExecutionResponse = z.object({
  RequestId: optionalString,
});
export type CancelExecutionResponse = z.infer<typeof CancelExecutionResponse>;
