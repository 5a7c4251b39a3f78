/**
 * The install flow as the Slack layer sees it: what the form needs, what a submission carries, what a
 * decision returns, and the use cases themselves (InstallFlow, built by install-flow.ts).
 */

import type { LifecycleProblem, RequestAction } from '../lifecycle/preflight-installed.js';
import type { UndoResult } from '../lifecycle/undo-request.js';
import type { InstallRequest, Locale, PackageDetails, Region } from '../model.js';
import type { PolicyRules, RolloutMode } from '../policy/channel-policy.js';
import type { PolicyRefusal } from '../policy/check-submission.js';
import type { CancelResult } from '../tracking/tracker.js';
import type { FormErrors, FormNotice } from './form-problems.js';
import type { SteerResult } from './steer-rollout.js';

/** What the words of `/ecs-ext install …` or a mention named, to prefill the form. */
export interface InstallPrefill {
  regionId?: string;
  instanceIds: string[];
  /** A TemplateName when the words matched one package confidently. */
  packageName?: string;
  /** The words that were left once ids and region were taken out. */
  packageWords?: string;
  /** Language of the form; English when unset. */
  locale?: Locale;
  /** Values of an earlier request to fill in again (a retry), as it stored them; secret ones left out. */
  parameterValues?: Record<string, unknown>;
  /** Concurrency of an earlier request to fill in again. */
  concurrency?: number;
  /** MaxErrors of an earlier request to fill in again. */
  maxErrors?: number;
  /** The channel the request is made in: its policy decides what the form offers. */
  channelId?: string;
  /** Rollout, wave size and reason of an earlier request to fill in again. */
  rollout?: RolloutMode;
  waveSize?: number;
  reason?: string;
  /** The action the command named (`/ecs-ext update …`, an undo's uninstall); install when unset. */
  action?: RequestAction;
  /** The request an undo reverses (its `undo` button opened the form). */
  undoOf?: string;
}

/** Everything the install modal shows once loaded. */
export interface InstallFormData {
  regions: Region[];
  /** The prefilled region if valid, else the catalog region. */
  regionId: string;
  instanceIds: string[];
  /** Details of the prefilled package, so its `param:` blocks are in the first loaded view. */
  package?: PackageDetails;
  /** Notes for the top of the form, e.g. that no package matched the words. */
  notices?: FormNotice[];
  /**
   * Form text of an earlier request's values of `package` (non-secret ones), keyed by parameter name.
   * When set, the form shows them instead of the defaults and asks for secret values again.
   */
  parameterValues?: Record<string, string>;
  /** Concurrency to show instead of 1. */
  concurrency?: number;
  /** MaxErrors to show instead of 0. */
  maxErrors?: number;
  /** The rules of the channel's policy (regions and packages offered are already filtered by them). */
  rules?: PolicyRules;
  /** Rollout choices to show instead of the defaults. */
  rollout?: RolloutMode;
  waveSize?: number;
  reason?: string;
  /** The action the form selects (contract block `action`); install when unset. */
  action?: RequestAction;
  /** The actions the form offers, when known apart from `rules` (a re-rendered form keeps its own). */
  offeredActions?: RequestAction[];
  /** The request an undo reverses. */
  undoOf?: string;
}

/** Raw values of the submitted modal (strings as typed, selected option values). */
export interface InstallSubmission {
  requester: string;
  teamId?: string;
  channelId: string;
  locale: Locale;
  regionId: string;
  /** Instance ids separated by spaces, commas or new lines. */
  instancesText: string;
  /** Extra ids chosen in the optional instance picker. */
  pickedInstanceIds?: string[];
  packageName: string;
  /** Keyed by parameter name; undefined = left empty. Booleans come as 'true'/'false'. */
  parameterValues: Record<string, string | undefined>;
  concurrency?: string;
  maxErrors?: string;
  /** `all`, `canary` or `waves` (contract block `rollout`); unset means `all`. */
  rollout?: string;
  /** Instances per wave (contract block `wave_size`), as typed. */
  waveSize?: string;
  /** Why the change is asked for (contract block `reason`). */
  reason?: string;
  /** `install`, `update` or `uninstall` (contract block `action`); unset means `install`. */
  action?: string;
  /** The request an undo reverses (kept in the modal's metadata). */
  undoOf?: string;
}

/** A rollout choice the form could not take, keyed by its block. */
export type RolloutProblem = { block: 'rollout' } | { block: 'wave_size'; max: number };

/**
 * Validation failed: problems keyed by input block id (region, instances, package, param:<Name>, …),
 * the channel policy's refusals and any rollout problem, all as data (the view words them).
 */
export interface SubmissionRejected {
  ok: false;
  errors: FormErrors;
  refusals?: PolicyRefusal[];
  rolloutProblems?: RolloutProblem[];
  /** What is installed refuses the action on some instances (lifecycle/preflight-installed.ts). */
  lifecycleProblems?: LifecycleProblem[];
}

/** Where a new request's confirmation ended up. */
export type ConfirmationOutcome =
  /** Posted; the request now knows its message (the thread root). */
  | { posted: true; request: InstallRequest }
  /** Slack refused it: the request was abandoned and the requester told privately. */
  | { posted: false; request: InstallRequest | undefined };

/** Validation passed: the pending request is stored; its confirmation is being posted. */
export interface SubmissionAccepted {
  ok: true;
  request: InstallRequest;
  /** Settles once the confirmation is posted or the request abandoned; never rejects. */
  confirmation: Promise<ConfirmationOutcome>;
}

/** Result of submitting the install form. */
export type SubmissionResult = SubmissionAccepted | SubmissionRejected;

/** A button press on the confirmation message. */
export type DecisionAction = 'approve' | 'reject' | 'withdraw';

/** Result of a decision: the request after it, and whether it changed anything. */
export interface DecisionResult {
  request: InstallRequest;
  /** False when the click was refused or counted already. */
  changed: boolean;
}

/** A package suggestion of the modal's package select. */
export interface PackageSuggestion {
  templateName: string;
  displayName: string;
  category: string;
}

/** An instance suggestion of the modal's optional instance picker. */
export interface InstanceSuggestion {
  instanceId: string;
  name: string;
}

/** The form queries of the install modal (install-form.ts). */
export interface InstallForm {
  /** Parse command words into a prefill (ids, region, package guess). */
  parsePrefill(words: string): Promise<InstallPrefill>;
  /** Load what the modal shows (regions, package details…). */
  loadForm(prefill: InstallPrefill): Promise<InstallFormData>;
  /** Package details (parameters) for the form when the package select changes. */
  packageDetails(packageName: string): Promise<PackageDetails>;
  /** Search packages for the modal's package select (external options); at most `limit`, only those the channel allows. */
  searchPackages(query: string, limit: number, channelId?: string): Promise<PackageSuggestion[]>;
  /** Running instances of a region matching `query`, for the optional picker; at most `limit`. */
  searchInstances(regionId: string, query: string, limit: number): Promise<InstanceSuggestion[]>;
}

/** A form prefill drawn from an earlier request and the channel its confirmation goes to, or why there is none. */
export type PrefillResult<Reason extends string> =
  | { ok: true; prefill: InstallPrefill; channelId: string }
  | { ok: false; reason: Reason };

/** The prefill of a retry, or why there is nothing to retry. */
export type RetryResult = PrefillResult<'not_found' | 'nothing_to_retry'>;

/** The install use cases, one call per thing a person does. */
export interface InstallFlow {
  /** The modal's queries. */
  form: InstallForm;
  /** Validate a submission; on success store a pending request and post its confirmation (request-install.ts). */
  requestInstall(submission: InstallSubmission): Promise<SubmissionResult>;
  /** Approve, reject or withdraw (decide-request.ts); the last approval launches the install. */
  decide(requestId: string, userId: string, action: DecisionAction): Promise<DecisionResult>;
  /** Cancel a running install, if `userId` may (cancel-request.ts). */
  cancel(requestId: string, userId: string): Promise<CancelResult>;
  /** The form prefill that retries a request's failed instances (retry-request.ts). */
  retryFailed(requestId: string): Promise<RetryResult>;
  /** The prefill that uninstalls what a request installed, where it succeeded (lifecycle/undo-request.ts). */
  undo(requestId: string): Promise<UndoResult>;
  /** One request, by request id or execution id. */
  find(idOrExecutionId: string): Promise<InstallRequest | undefined>;
  /** A user's recent requests, newest first. */
  recent(userId: string, limit: number): Promise<InstallRequest[]>;
  /** continue_rollout: start the next stage of a paused rollout, if `userId` may approve it (steer-rollout.ts). */
  continueRollout(requestId: string, userId: string): Promise<SteerResult>;
  /** stop_rollout: start no further wave, if `userId` may approve the request. */
  stopRollout(requestId: string, userId: string): Promise<SteerResult>;
  /** Start the claimed waves of a rollout's next stage (the tracker calls it after a wave). */
  launchStage(requestId: string): Promise<void>;
  /** On start: expire what is overdue, reschedule timers, reconcile `starting` requests and waves. */
  resume(): Promise<void>;
  /** Stop timers. */
  stop(): void;
}
