/**
 * Domain model of ecs-ext: plain data shared by every layer. No I/O, no third-party imports.
 */
import type { PolicyAction } from './policy/channel-policy.js';
import type { Rollout } from './rollout/rollout-model.js';
import type { VerifiedInstance } from './tracking/verify-installed.js';

/** Languages the bot speaks; Slack locales starting with `zh` map to `zh`, everything else to `en`. */
export type Locale = 'en' | 'zh';

/** A text in both languages; either side may be empty. Read it with `pickText`. */
export interface Localized {
  en: string;
  zh: string;
}

const OTHER_LOCALE: Record<Locale, Locale> = { en: 'zh', zh: 'en' };

/** Text in the wanted language, falling back to the other one. */
export function pickText(text: Localized, locale: Locale): string {
  return (text[locale] || text[OTHER_LOCALE[locale]]).trim();
}

/** OS constraints of an extension, from the template's `Constraints` JSON (empty lists = no constraint). */
export interface OsConstraints {
  /** e.g. `CentOS`, `Ubuntu`, `Alibaba Cloud Linux`, `Windows Server`. */
  osPlatforms: string[];
  /** `linux` / `windows`, derived from the platforms when the template does not say it. */
  osTypes: Array<'linux' | 'windows'>;
  osVersions: string[];
  instanceTypeFamilies: string[];
  /** `ImageTypes` of the template (e.g. `system`), when it lists any. */
  imageTypes?: string[];
}

/** One public extension (an OOS template of type Package), as listed by ListTemplates. */
export interface ExtensionPackage {
  templateName: string;
  templateId: string;
  /** Latest template version, e.g. `v27`. */
  templateVersion: string;
  displayName: Localized;
  description: Localized;
  categories: string[];
  docUrl: Localized;
  imageUrl?: string;
  publisher?: string;
  updatedDate?: string;
  constraints: OsConstraints;
  /** Set when the template's Description was not the expected JSON (the package is still listed). */
  descriptionProblem?: string;
}

/** Types a package parameter may declare in `Content.Parameters`. */
export type ParameterType = 'String' | 'Number' | 'Integer' | 'Boolean' | 'List' | 'Json';

/** One install parameter of a package, from GetTemplate `Content.Parameters`. */
export interface PackageParameter {
  name: string;
  type: ParameterType;
  label: Localized;
  description: Localized;
  /** The template's Default, if it declares one. */
  default?: unknown;
  allowedValues?: unknown[];
  /** No Default in the template means the user must give a value. */
  required: boolean;
  /** AssociationProperty Password, or a name that looks like a password/secret/token/key. */
  secret: boolean;
  associationProperty?: string;
  minLength?: number;
  maxLength?: number;
  allowedPattern?: string;
  minValue?: number;
  maxValue?: number;
}

/** A package with its install parameters (GetTemplate). */
export interface PackageDetails {
  package: ExtensionPackage;
  /** The version GetTemplate returned (what an install will use). */
  templateVersion: string;
  parameters: PackageParameter[];
}

/** An ECS region from DescribeRegions. */
export interface Region {
  regionId: string;
  localName: string;
  status?: string;
}

/** An ECS instance from DescribeInstances (only the fields the bot reads). */
export interface EcsInstance {
  instanceId: string;
  instanceName: string;
  regionId: string;
  /** Running, Stopped, Starting, Stopping, Pending… */
  status: string;
  /** `linux` or `windows` (lowercase, as ECS returns it). */
  osType: string;
  osName: string;
}

/** Cloud Assistant state of one instance (DescribeCloudAssistantStatus). */
export interface CloudAssistantState {
  instanceId: string;
  online: boolean;
  version?: string;
}

/** The OOS execution statuses the bot knows; the three terminal ones end tracking. */
export type KnownExecutionStatus =
  | 'Started'
  | 'Queued'
  | 'Running'
  | 'Waiting'
  | 'Pending'
  | 'Success'
  | 'Failed'
  | 'Cancelled';

/** OOS execution statuses: the known ones, and unknown strings kept as they are. */
export type ExecutionStatus = KnownExecutionStatus | (string & {});

/** Statuses after which an execution never changes again. */
const TERMINAL_EXECUTION_STATUSES: readonly string[] = ['Success', 'Failed', 'Cancelled'];

/** True for Success, Failed and Cancelled. */
export function isTerminalStatus(status: string): boolean {
  return TERMINAL_EXECUTION_STATUSES.includes(status);
}

/** An OOS execution as ListExecutions / StartExecution report it (normalised). */
export interface Execution {
  executionId: string;
  templateName: string;
  status: ExecutionStatus;
  statusMessage: string;
  /** The execution's Parameters, parsed to an object whatever the wire type was. */
  parameters: Record<string, unknown>;
  /** The execution's Outputs, parsed to an object (empty when absent or not JSON). */
  outputs: Record<string, unknown>;
  /** Instance ids targeted, from Parameters.targets.ResourceIds or Targets. */
  resourceIds: string[];
  /** Parameters.packageName, when the execution installs a package. */
  packageName?: string;
  waitingStatus?: string;
  startDate?: string;
  endDate?: string;
  updateDate?: string;
  tags: Record<string, string>;
}

/** One task execution (ListTaskExecutions); loop children of `configurePackage` carry an instance id. */
export interface TaskExecution {
  taskExecutionId: string;
  executionId: string;
  taskName: string;
  status: string;
  statusMessage: string;
  /** The loop item, for the bulk package template an instance id. */
  loopItem?: string;
  /** Outputs JSON string as returned. */
  outputs?: string;
  childExecutionId?: string;
  startDate?: string;
  endDate?: string;
}

/** What one OOS template looks like in a ListTemplates page (raw strings; the domain parses them). */
export interface TemplateSummary {
  templateName: string;
  templateId: string;
  templateVersion: string;
  templateType: string;
  shareType: string;
  /** For Package templates a JSON string with name-en, en, categories, doc-en, image… */
  description: string;
  /** JSON string of OS constraints, if any. */
  constraints?: string;
  publisher?: string;
  createdBy?: string;
  updatedDate?: string;
}

/** GetTemplate: the metadata plus `Content` parsed from JSON or YAML. */
export interface TemplateDocument {
  summary: TemplateSummary;
  content: Record<string, unknown>;
}

/** Per-instance pre-flight finding shown on the confirmation message. */
export interface PreflightInstance {
  instanceId: string;
  name: string;
  osType: string;
  osName: string;
  status: string;
  cloudAssistant: 'online' | 'offline' | 'unknown';
  /** The version of the request's package OOS recorded there before the request, when it had one. */
  installedVersion?: string;
}

/** A running execution that already targets the same package on some of the same instances. */
export interface DuplicateExecution {
  executionId: string;
  status: string;
  instanceIds: string[];
  consoleUrl: string;
}

/** Lifecycle of an install request. `transition()` in request-state.ts is the only way to move it. */
export type RequestStatus =
  | 'pending' // waiting for approvals
  | 'starting' // last approval given; StartExecution in flight or outcome unknown
  | 'running' // execution started, being tracked
  | 'succeeded'
  | 'failed'
  | 'cancelled' // the OOS execution was cancelled
  | 'rejected'
  | 'expired'
  | 'withdrawn' // the requester cancelled before it started
  | 'blocked' // not started: a duplicate execution was running
  | 'start_failed'; // StartExecution was refused by OOS

/** One line of a request's history. */
export interface HistoryEntry {
  at: string;
  type:
    | 'created'
    | 'approved'
    | 'rejected'
    | 'refused'
    | 'expired'
    | 'withdrawn'
    | 'starting'
    | 'started'
    | 'start_failed'
    | 'blocked'
    | 'status'
    | 'cancel_requested'
    | 'cancel_failed'
    | 'pending_report'
    | 'final_report'
    | 'reminded'
    | 'wave_started'
    | 'rollout_paused'
    | 'rollout_continued'
    | 'rollout_stopped'
    | 'error';
  actor?: string;
  detail?: string;
}

/** Outcome of one instance in an execution. */
export interface InstanceOutcome {
  instanceId: string;
  /** Success, Failed, Running, Waiting, Queued, Cancelled, or Unknown when OOS said nothing yet. */
  status: string;
  message: string;
  /** Install script output (commandOutput), possibly long. */
  output?: string;
  /** Extension's configuration output (configurationOutput); may hold credentials. */
  configuration?: string;
}

/** Execution tracking state kept with a request. */
export interface ExecutionTracking {
  executionId: string;
  regionId: string;
  consoleUrl: string;
  status: ExecutionStatus;
  statusMessage: string;
  startedAt: string;
  lastPolledAt?: string;
  endedAt?: string;
  instances: InstanceOutcome[];
  /** Fingerprint of the last state told to the thread, so only changes are posted. */
  lastNotifiedKey?: string;
  pendingReportAt?: string;
  finalReportAt?: string;
}

/** The approval policy in force when a request was created. */
export interface ApprovalPolicy {
  /** User ids (U…/W…) and user-group ids (S…); empty = anyone but (by default) the requester. */
  approvers: string[];
  requiredApprovals: number;
  allowSelfApproval: boolean;
  ttlMinutes: number;
}

/** An install request, from submission to final report. Persisted in the store. */
export interface InstallRequest {
  id: string;
  /** Stored version, set by the store: 1 on create, +1 per write. A write of an older version conflicts. */
  version: number;
  createdAt: string;
  updatedAt: string;
  requester: string;
  teamId?: string;
  channelId: string;
  /** ts of the confirmation message: the thread root for every later reply. */
  messageTs?: string;
  locale: Locale;
  regionId: string;
  instanceIds: string[];
  /** What the installer is asked to do (absent on requests stored before actions existed: install). */
  action?: PolicyAction;
  packageName: string;
  /** The version to install or update to; for an uninstall, the installed version when all share one. */
  packageVersion?: string;
  /** The catalog's newest version when the request was made (to tell "newer vN available"). */
  latestVersion?: string;
  packageDisplayName: string;
  /** The package's own parameters as they will be sent; secret ones hold SECRET_MASK. */
  parameters: Record<string, unknown>;
  secretParameterNames: string[];
  /** Names of parameters left at the template default. */
  defaultsUsed: string[];
  concurrency: number;
  maxErrors: number;
  preflight: PreflightInstance[];
  duplicates: DuplicateExecution[];
  policy: ApprovalPolicy;
  approvals: Array<{ userId: string; at: string }>;
  expiresAt: string;
  status: RequestStatus;
  /** Deterministic idempotency token for StartExecution, derived from the id. */
  clientToken: string;
  /**
   * Set while the request is `starting` and OOS never answered whether StartExecution ran (its answer
   * was lost and the lookup failed too): the bot keeps asking OOS instead of saying "not started".
   */
  startUnconfirmedAt?: string;
  /** Why the requester asks for this (required where the policy says so); never a secret by contract. */
  reason?: string;
  /** Version of the policy in force when the request was made (policy file content, or the variables). */
  policyVersion?: string;
  /** Mention the approvers once when half the approval TTL has passed (the policy's `remindApprovers`). */
  remindApprovers?: boolean;
  /** When that reminder was posted; stored so that no restart posts it twice. */
  remindedAt?: string;
  /**
   * The waves the bot starts, in order (see rollout-model.ts). Absent on requests stored before
   * rollouts existed: those are one wave, their `execution`.
   */
  rollout?: Rollout;
  /** The exact Parameters JSON sent to StartExecution (secret values masked). */
  startParameters?: string;
  execution?: ExecutionTracking;
  /** After an install or update: what OOS records on each instance that reported success. */
  verified?: VerifiedInstance[];
  /** The request whose install this one undoes (its `undo` button opened the form). */
  undoOf?: string;
  history: HistoryEntry[];
}

/** What secret values are replaced with wherever they are shown or stored. */
export const SECRET_MASK = '******';

/** The template every install runs. */
export const BULK_INSTALL_TEMPLATE = 'ACS-ECS-BulkyConfigureOOSPackageWithTemporaryURL';

/** Console page of an execution. */
export function executionConsoleUrl(regionId: string, executionId: string): string {
  return `https://oos.console.aliyun.com/${regionId}/execution/detail/${executionId}`;
}

/** Instance id shape accepted by the install form. */
export const INSTANCE_ID_PATTERN = /^i-[a-zA-Z0-9]{10,30}$/;

/** Package (TemplateName) shape accepted by the install form. */
export const PACKAGE_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;

/** Most instances one request may target. */
export const MAX_INSTANCES_PER_REQUEST = 50;
