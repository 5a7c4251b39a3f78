/**
 * The install use case as the Slack layer sees it: what the form needs, what a submission carries,
 * and what a decision returns. Implemented by InstallService (install-service.ts).
 */
import type { InstallRequest, Locale, PackageDetails, Region } from '../model.js';

/** What the words of `/ecs-ext install …` or a mention named, to prefill the form. */
export interface InstallPrefill {
  regionId?: string;
  instanceIds: string[];
  /** A TemplateName when the words matched one package confidently. */
  packageName?: string;
  /** The words that were left once ids and region were taken out. */
  packageWords?: string;
  /** Language of the form's notice; English when unset. */
  locale?: Locale;
  /** Values of an earlier request to fill in again (a retry), as it stored them; secret ones left out. */
  parameterValues?: Record<string, unknown>;
  /** Concurrency of an earlier request to fill in again. */
  concurrency?: number;
  /** MaxErrors of an earlier request to fill in again. */
  maxErrors?: number;
}

/** Everything the install modal shows once loaded. */
export interface InstallFormData {
  regions: Region[];
  /** The prefilled region if valid, else the catalog region. */
  regionId: string;
  instanceIds: string[];
  /** Details of the prefilled package, so its `param:` blocks are in the first loaded view. */
  package?: PackageDetails;
  /** A note for the form, e.g. "No package matched 'foo'; pick one below." */
  notice?: string;
  /**
   * Form text of an earlier request's values of `package` (non-secret ones), keyed by parameter name.
   * When set, the form shows them instead of the defaults and asks for secret values again.
   */
  parameterValues?: Record<string, string>;
  /** Concurrency to show instead of 1. */
  concurrency?: number;
  /** MaxErrors to show instead of 0. */
  maxErrors?: number;
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
}

/** Validation failed: messages keyed by input block id (region, instances, package, param:<Name>, …). */
export interface SubmissionRejected {
  ok: false;
  errors: Record<string, string>;
}

/** Validation passed: the pending request is stored; the Slack layer posts its confirmation. */
export interface SubmissionAccepted {
  ok: true;
  request: InstallRequest;
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

/** The install use case. Every state change of one request is serialized. */
export interface InstallUseCase {
  /** Parse command words into a prefill (ids, region, package guess). */
  parsePrefill(words: string): Promise<InstallPrefill>;
  /** Load what the modal shows (regions, package details…). */
  loadForm(prefill: InstallPrefill): Promise<InstallFormData>;
  /** Package details (parameters) for the form when the package select changes. */
  packageDetails(packageName: string): Promise<PackageDetails>;
  /** Search packages for the modal's package select (external options); at most `limit`. */
  searchPackages(
    query: string,
    limit: number,
  ): Promise<Array<{ templateName: string; displayName: string; category: string }>>;
  /** Running instances of a region matching `query`, for the optional picker; at most `limit`. */
  searchInstances(
    regionId: string,
    query: string,
    limit: number,
  ): Promise<Array<{ instanceId: string; name: string }>>;
  /** Validate everything; on success store a pending request and schedule its expiry. */
  submit(submission: InstallSubmission): Promise<SubmissionResult>;
  /** Record where the confirmation message was posted (its ts is the thread root). */
  attachMessage(requestId: string, channelId: string, messageTs: string): Promise<InstallRequest>;
  /** Drop a request whose confirmation could not be posted (so nothing dangles). */
  abandon(requestId: string, reason: string): Promise<void>;
  /**
   * Approve, reject or withdraw. Refusals are told through the notifier and return changed=false.
   * The last approval starts the install (duplicate check, exactly one StartExecution).
   */
  decide(requestId: string, userId: string, action: DecisionAction): Promise<DecisionResult>;
  /** One request, by request id or execution id. */
  find(idOrExecutionId: string): Promise<InstallRequest | undefined>;
  /** A user's recent requests, newest first. */
  recent(userId: string, limit: number): Promise<InstallRequest[]>;
  /** On start: expire what is overdue, reschedule expiry timers, reconcile `starting` requests. */
  resume(): Promise<void>;
  /** Stop timers. */
  stop(): void;
}
