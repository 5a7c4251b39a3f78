/**
 * Ports: the interfaces the domain needs from the outside world. Adapters in cloud/, storage/ and
 * slack/ implement them; tests pass fakes. Nothing here imports a third-party module.
 */

import type { InstalledPackage } from './lifecycle/installed-package.js';
import type {
  CloudAssistantState,
  DuplicateExecution,
  EcsInstance,
  Execution,
  InstallRequest,
  Region,
  RequestStatus,
  TaskExecution,
  TemplateDocument,
  TemplateSummary,
} from './model.js';
import type { RolloutEvent } from './rollout/rollout-events.js';

/** OOS (Operation Orchestration Service, 2019-06-01). Every list method follows NextToken to the end. */
export interface OosPort {
  /** ListTemplates, every page. */
  listTemplates(query: {
    regionId: string;
    templateType: 'Package';
    shareType: 'Public';
  }): Promise<TemplateSummary[]>;
  /** GetTemplate with Content parsed (JSON or YAML). Unknown name: CloudError kind `not_found`. */
  getTemplate(query: {
    regionId: string;
    templateName: string;
    templateVersion?: string;
  }): Promise<TemplateDocument>;
  /** StartExecution; `parameters` is sent as a JSON string. Same clientToken → same execution. */
  startExecution(input: {
    regionId: string;
    templateName: string;
    mode: 'Automatic';
    clientToken: string;
    parameters: Record<string, unknown>;
    description?: string;
    tags?: Record<string, string>;
  }): Promise<Execution>;
  /** ListExecutions, every page. */
  listExecutions(query: {
    regionId: string;
    templateName?: string;
    status?: string;
    executionId?: string;
    resourceId?: string;
    startDateAfter?: string;
    tags?: Record<string, string>;
  }): Promise<Execution[]>;
  /** ListTaskExecutions, every page; `includeChildren` asks for loop children. */
  listTaskExecutions(query: {
    regionId: string;
    executionId: string;
    taskName?: string;
    includeChildren: boolean;
  }): Promise<TaskExecution[]>;
  /** CancelExecution. */
  cancelExecution(query: { regionId: string; executionId: string }): Promise<void>;
  /** ListInstancePackageStates of one instance, every page; `templateNames` narrows it. */
  listInstancePackageStates(query: {
    regionId: string;
    instanceId: string;
    templateNames?: string[];
  }): Promise<InstalledPackage[]>;
}

/** ECS (2014-05-26). */
export interface EcsPort {
  /** DescribeRegions. */
  describeRegions(): Promise<Region[]>;
  /**
   * DescribeInstances in one region: by ids (any count; the adapter batches by 100), or the first
   * `limit` instances (default 100) whose name or id contains `nameLike` and, if given, with `status`.
   */
  describeInstances(query: {
    regionId: string;
    instanceIds?: string[];
    status?: string;
    nameLike?: string;
    limit?: number;
  }): Promise<EcsInstance[]>;
  /** DescribeCloudAssistantStatus for the given instances (the adapter batches by 50). */
  describeCloudAssistantStatus(query: {
    regionId: string;
    instanceIds: string[];
  }): Promise<CloudAssistantState[]>;
}

/**
 * Which requests a store lists: one requester's, in some statuses, changed since a time, at most `limit`
 * of them.
 */
export interface RequestFilter {
  requester?: string;
  statuses?: RequestStatus[];
  limit?: number;
  /** Only requests last changed (`updatedAt`) at or after this ISO time, so history is not read. */
  updatedSince?: string;
}

/**
 * Persistence of install requests, safe for several writers (processes or replicas): every write is a
 * compare-and-set on the request's `version`, so no update is lost. Secret parameter values are never
 * stored (the store masks them). A write the store cannot make fails with StoreError `unavailable` and
 * leaves the stored request as it was.
 */
export interface RequestStore {
  /** The stored request, or undefined for an unknown id. */
  get(id: string): Promise<InstallRequest | undefined>;
  /** Insert; StoreError 'exists' if the id is taken. Returns the stored copy (version 1). */
  create(request: InstallRequest): Promise<InstallRequest>;
  /**
   * Compare-and-set: writes only if the stored version equals request.version; returns the stored copy
   * (version+1); else StoreError 'conflict' (also for an id that is not stored).
   */
  put(request: InstallRequest): Promise<InstallRequest>;
  /**
   * Read-modify-write retried on conflict: change(current) returns the next request or undefined (no
   * write); change may run more than once, so it must be pure. Returns the stored request afterwards;
   * undefined if the id is unknown.
   */
  update(
    id: string,
    change: (current: InstallRequest) => InstallRequest | undefined,
  ): Promise<InstallRequest | undefined>;
  /** Newest first. */
  list(filter?: RequestFilter): Promise<InstallRequest[]>;
  findByExecutionId(executionId: string): Promise<InstallRequest | undefined>;
  /** Flush pending writes. */
  close(): Promise<void>;
}

/**
 * Runs fn while holding a named lock shared by every replica (in-process for lowdb, an advisory lock
 * for PostgreSQL). Used around the duplicate check and StartExecution of one (region, package).
 */
export interface LaunchLock {
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * Time-limited ownership of a named job (e.g. polling one region), shared by every replica: one owner
 * at a time, and a lease its owner stops renewing (it died) passes to another after ttlMs.
 */
export interface LeaseStore {
  /** Takes or renews `name` for `owner` until now + ttlMs; true when `owner` holds it afterwards. */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives `name` up at once if `owner` holds it. */
  release(name: string, owner: string): Promise<void>;
}

/**
 * Remembers deliveries (an event id, a submitted view) for a while, so that a retry or a double click is
 * handled once. In-process for one replica; on PostgreSQL shared by every replica.
 */
export interface DeliveryDedupe {
  /** True the first time `key` is seen within `ttlMs`; false for a repeat while the first is remembered. */
  firstSeen(key: string, ttlMs: number): Promise<boolean>;
}

/** Time, injected so that expiry and polling are testable. */
export interface Clock {
  now(): Date;
  /** Like setTimeout, returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer: (ms, fn) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return () => clearTimeout(handle);
  },
};

/** The logging the domain uses (pino's shape, without importing pino). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that drops everything (tests, defaults). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

/** Something that happened to a request that people in its Slack thread should read. */
export type RequestEvent =
  | { kind: 'approved'; by: string; count: number; required: number }
  | {
      kind: 'refused';
      by: string;
      reason: 'self_approval' | 'not_approver' | 'already_approved' | 'not_pending' | 'not_requester';
    }
  | { kind: 'rejected'; by: string }
  | { kind: 'withdrawn'; by: string }
  | { kind: 'expired' }
  | { kind: 'blocked'; duplicates: DuplicateExecution[] }
  | { kind: 'started'; executionId: string; consoleUrl: string }
  | { kind: 'start_failed'; error: unknown }
  /** OOS did not say whether the start happened; the bot keeps asking (see InstallRequest.startUnconfirmedAt). */
  | { kind: 'start_unconfirmed'; error: unknown }
  /** Status or per-instance counts changed; the tracking state is in `request.execution`. */
  | { kind: 'progress' }
  /** The execution paused in Waiting (a manual confirmation is pending in OOS). */
  | { kind: 'waiting' }
  | { kind: 'pending_report'; timeoutMinutes: number }
  /** Terminal status reached; the report is built from `request.execution`. */
  | { kind: 'final_report' }
  | { kind: 'cancel_requested'; by: string }
  | { kind: 'cancel_failed'; by: string; error: unknown }
  | RolloutEvent;

/** Where a confirmation message landed, or Slack's error code when it was refused. */
export type PostedConfirmation =
  | { ok: true; channelId: string; messageTs: string }
  | { ok: false; code?: string };

/**
 * Tells Slack what happened to a request. The Slack adapter renders each event to Block Kit and posts
 * it in the request's thread (and keeps the confirmation message current). Timers call it too.
 */
export interface RequestNotifier {
  /** Post the confirmation message of a new request in its channel (its ts becomes the thread root). */
  postConfirmation(request: InstallRequest): Promise<PostedConfirmation>;
  /** Tell the requester privately that the request was dropped: its confirmation could not be posted. */
  confirmationNotPosted(request: InstallRequest, code: string | undefined): Promise<void>;
  /** Re-render the confirmation message (status line, buttons) in place. */
  refreshRequestMessage(request: InstallRequest): Promise<void>;
  /** Reply in the request's thread (and, for private content, to the requester alone). */
  notify(request: InstallRequest, event: RequestEvent): Promise<void>;
}

/** Starts tracking a started execution (implemented by the execution tracker). */
export interface ExecutionWatcher {
  /** Begin (or resume) polling the execution of this request; idempotent. */
  watch(requestId: string): void;
}

/**
 * One promised Slack post waiting in the outbox. It is written before the post is tried and finished
 * only after Slack accepted it (or it was given up for good), so a crash or an outage delays a message
 * instead of losing it. Payloads never hold secret values.
 */
export interface OutboxItem {
  /** Unique: enqueueing a key that exists returns the existing item (a repeated step promises once). */
  key: string;
  /** Enqueue order; the items of one request go out in this order, one at a time. */
  seq: number;
  /** The request the post is about: its items share one ordered lane; other lanes run side by side. */
  requestId?: string;
  /** What to do with the payload, in the adapter's words (post, update, ephemeral…). */
  kind: string;
  /** JSON-serializable description of the post. */
  payload: Record<string, unknown>;
  createdAt: string;
  /** Not tried before this time (backoff, Retry-After). */
  availableAt: string;
  /** Attempts that failed so far. */
  attempts: number;
  /** The lease: the process sending it now, and until when the lease holds. */
  claimedBy?: string;
  claimedUntil?: string;
  /** Set once finished: Slack accepted it, or it was given up (then `lastError` says why). */
  doneAt?: string;
  lastError?: string;
  /** What Slack answered that a caller may need later (the posted message's channel and ts). */
  result?: Record<string, unknown>;
}

/** What a caller gives to enqueue a post. */
export interface NewOutboxItem {
  key: string;
  kind: string;
  payload: Record<string, unknown>;
  requestId?: string;
}

/**
 * Durable queue of promised Slack posts (transactional-outbox style). Every method is safe for several
 * processes: a due item is leased to one owner at a time, and only the lease holder may finish or
 * reschedule it. A write the store cannot make fails with StoreError `unavailable`.
 */
export interface OutboxStore {
  /** Adds the item (due now) unless its key exists; returns the stored item either way. */
  enqueue(item: NewOutboxItem, now: Date): Promise<OutboxItem>;
  /**
   * Leases up to `limit` due items to `owner` until now + leaseMs: per request only its oldest
   * unfinished item (and only when no lease on it holds), items without a request as they come.
   */
  claim(owner: string, now: Date, leaseMs: number, limit: number): Promise<OutboxItem[]>;
  /** Finishes an item leased to `owner`; `error` marks it given up. False if the lease was lost. */
  complete(
    key: string,
    owner: string,
    now: Date,
    outcome: { result?: Record<string, unknown>; error?: string },
  ): Promise<boolean>;
  /** Releases an item leased to `owner` to be tried again at `availableAt`. False if the lease was lost. */
  retryAt(key: string, owner: string, now: Date, availableAt: Date, error: string): Promise<boolean>;
  /** The item with this key, finished or not. */
  get(key: string): Promise<OutboxItem | undefined>;
  /** Unfinished items: how many, and when the earliest becomes due (to sleep until then). */
  pending(now: Date): Promise<{ count: number; nextDueAt?: string }>;
  /** When this outbox began keeping promises (older requests never had items). */
  since(): Promise<Date>;
  /** Flush pending writes. */
  close(): Promise<void>;
}
