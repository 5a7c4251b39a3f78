/**
 * What every install use case works with: the ports the composition root injects, plus the per-process
 * state they share (secret values waiting for the start, timers, the regions cache).
 */
import type { ApprovalPolicy, InstallRequest } from '../model.js';
import type { PolicySet } from '../policy/channel-policy.js';
import type {
  Clock,
  EcsPort,
  ExecutionWatcher,
  LaunchLock,
  Logger,
  OosPort,
  RequestEvent,
  RequestNotifier,
  RequestStore,
} from '../ports.js';
import type { ExtractTargets, MatchPackage, PackageCatalog, UserGroupDirectory } from './ports.js';
import { RegionsCache } from './regions-cache.js';
import { canTransition, type RequestTransition, transition } from './request-state.js';
import { RequestTimers } from './request-timers.js';
import { SecretVault } from './secrets.js';

/** The ports of the install flow, injected by the composition root (or a test). */
export interface InstallDeps {
  oos: OosPort;
  ecs: EcsPort;
  catalog: PackageCatalog;
  matchPackage: MatchPackage;
  extractTargets: ExtractTargets;
  store: RequestStore;
  /** Held around the duplicate check and StartExecution of one (region, package). */
  launchLock: LaunchLock;
  notifier: RequestNotifier;
  watcher: ExecutionWatcher;
  groups: UserGroupDirectory;
  /** The approval policy from config; each request keeps a snapshot. */
  policy: ApprovalPolicy;
  /** The policy per channel (the policy file, or the approval variables alone); each request keeps its version. */
  policies: PolicySet;
  catalogRegion: string;
  clock: Clock;
  logger: Logger;
  idGenerator?: () => string;
}

/** The deps plus the state the use cases of one process share. */
export interface InstallContext extends InstallDeps {
  log: Logger;
  newId: () => string;
  /** Secret values of pending requests (memory only). */
  vault: SecretVault;
  /** Expiry and reconcile timers, one per request. */
  timers: RequestTimers;
  regions: RegionsCache;
}

/** Builds the shared context; `newId` makes request ids when no generator is injected. */
export function createInstallContext(deps: InstallDeps, newId: () => string): InstallContext {
  const log = deps.logger.child({ component: 'install' });
  return {
    ...deps,
    log,
    newId: deps.idGenerator ?? newId,
    vault: new SecretVault(),
    timers: new RequestTimers(deps.clock, log),
    regions: new RegionsCache(deps.ecs, deps.clock),
  };
}

/** What a guarded transition did: the stored request afterwards, and whether this call wrote it. */
export interface Applied {
  request: InstallRequest | undefined;
  changed: boolean;
}

/**
 * Applies `event` to the stored request when `applies(current)` holds (by default: the state machine
 * allows it), as one compare-and-set update: of several writers racing for the same move exactly one
 * gets `changed: true`, and only that one tells the thread.
 */
export async function applyTransition(
  ctx: InstallContext,
  requestId: string,
  event: RequestTransition,
  applies: (current: InstallRequest) => boolean = (current) => canTransition(current.status, event.type),
): Promise<Applied> {
  let changed = false;
  const request = await ctx.store.update(requestId, (current) => {
    changed = applies(current);
    return changed ? transition(current, event, ctx.clock.now()) : undefined;
  });
  return { request, changed: changed && request !== undefined };
}

/** Drops the timer and secrets of a request that no longer waits for anything. */
export function forget(ctx: InstallContext, requestId: string): void {
  ctx.timers.cancel(requestId);
  ctx.vault.delete(requestId);
}

/** Replies in the request's thread; a Slack failure is logged, never thrown into the flow. */
export async function tellThread(
  ctx: InstallContext,
  request: InstallRequest,
  event: RequestEvent,
): Promise<void> {
  try {
    await ctx.notifier.notify(request, event);
  } catch (err) {
    ctx.log.warn({ err, requestId: request.id, event: event.kind }, 'could not post a request update');
  }
}

/** Re-renders the confirmation message; a Slack failure is logged, never thrown into the flow. */
export async function refreshMessage(ctx: InstallContext, request: InstallRequest): Promise<void> {
  try {
    await ctx.notifier.refreshRequestMessage(request);
  } catch (err) {
    ctx.log.warn({ err, requestId: request.id }, 'could not refresh the confirmation message');
  }
}

/** Tells the thread about a move this process made, then re-renders the confirmation. */
export async function announce(
  ctx: InstallContext,
  request: InstallRequest,
  event: RequestEvent,
): Promise<void> {
  await tellThread(ctx, request, event);
  await refreshMessage(ctx, request);
}
