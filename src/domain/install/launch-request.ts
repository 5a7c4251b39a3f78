/**
 * Launching an approved request (status `starting`): under the launch lock of its (region, package),
 * check that no duplicate install runs and call StartExecution exactly once, with the request's
 * ClientToken and tag. After a crash, a `starting` request is reconciled: its execution is adopted if
 * OOS has one, else it is started with the same token (so OOS could never run it twice).
 */
import { DomainError } from '../errors.js';
import { BULK_INSTALL_TEMPLATE, type Execution, executionConsoleUrl, type InstallRequest } from '../model.js';
import { findDuplicates } from './duplicates.js';
import { announce, applyTransition, forget, type InstallContext } from './install-context.js';
import { describeProblem, Msg } from './messages.js';
import { lostHiddenValues } from './secrets.js';
import { buildStartParameters, REQUEST_TAG } from './start-parameters.js';

/** Wait before retrying to reconcile a `starting` request whose execution lookup failed. */
export const RECONCILE_RETRY_MS = 60_000;

/** The launch lock's key: two requests for one package in one region never pass the check together. */
export function launchKey(request: Pick<InstallRequest, 'regionId' | 'packageName'>): string {
  return `launch:${request.regionId}/${request.packageName}`;
}

/**
 * Starts a stored `starting` request: secrets present, no duplicate running, then StartExecution.
 * Returns the request as stored afterwards (running, blocked or start_failed, or as another writer left it).
 */
export function launchRequest(
  ctx: InstallContext,
  request: InstallRequest,
): Promise<InstallRequest | undefined> {
  return ctx.launchLock.withLock(launchKey(request), async () => {
    const current = await ctx.store.get(request.id);
    // Another process (or an earlier call) launched or settled it while this one waited for the lock.
    if (current?.status !== 'starting') return current;
    return launchNow(ctx, current);
  });
}

/** A `starting` request found at start or on a retry: adopt its execution if OOS has one, else launch it. */
export async function reconcileStarting(ctx: InstallContext, requestId: string): Promise<void> {
  const request = await ctx.store.get(requestId);
  if (request?.status !== 'starting') return;
  let existing: Execution | undefined;
  try {
    existing = await findOwnExecution(ctx, request);
  } catch (err) {
    ctx.log.warn({ err, requestId }, 'could not look up the execution of a starting request');
    ctx.timers.set(requestId, RECONCILE_RETRY_MS, () => reconcileStarting(ctx, requestId));
    return;
  }
  if (existing) await recordStarted(ctx, request, existing);
  else await launchRequest(ctx, request);
}

async function launchNow(ctx: InstallContext, request: InstallRequest): Promise<InstallRequest | undefined> {
  const log = ctx.log.child({ requestId: request.id });
  const secrets = ctx.vault.get(request.id) ?? {};
  const lost = lostHiddenValues(request, secrets);
  if (lost.length > 0) {
    return failStart(ctx, request, new DomainError('expired', Msg.secretsLost(request.locale, lost)));
  }
  let duplicates: Awaited<ReturnType<typeof findDuplicates>>;
  try {
    duplicates = await findDuplicates(ctx.oos, {
      regionId: request.regionId,
      packageName: request.packageName,
      instanceIds: request.instanceIds,
      ownRequestId: request.id,
    });
  } catch (err) {
    log.warn({ err }, 'duplicate check failed before starting');
    const problem = describeProblem(err, request.locale);
    return failStart(
      ctx,
      request,
      new DomainError('conflict', Msg.duplicateCheckFailed(request.locale, problem)),
    );
  }
  if (duplicates.length > 0) {
    const detail = duplicates.map((d) => d.executionId).join(', ');
    const { request: blocked, changed } = await applyTransition(ctx, request.id, {
      type: 'blocked',
      detail,
      duplicates,
    });
    if (changed && blocked) {
      forget(ctx, request.id);
      log.info(
        { duplicates: duplicates.map((d) => d.executionId) },
        'install blocked by a running execution',
      );
      await announce(ctx, blocked, { kind: 'blocked', duplicates });
    }
    return blocked;
  }
  let execution: Execution;
  try {
    execution = await ctx.oos.startExecution({
      regionId: request.regionId,
      templateName: BULK_INSTALL_TEMPLATE,
      mode: 'Automatic',
      clientToken: request.clientToken,
      parameters: buildStartParameters(request, { ...request.parameters, ...secrets }),
      description: `ecs-ext ${request.id}`,
      tags: { [REQUEST_TAG]: request.id },
    });
  } catch (err) {
    log.warn({ err }, 'StartExecution failed');
    const existing = await findOwnExecution(ctx, request).catch(() => undefined);
    if (!existing) return failStart(ctx, request, err);
    execution = existing;
  }
  return recordStarted(ctx, request, execution);
}

/** Records the started execution (once, whoever wins the write), tells the thread and starts tracking. */
async function recordStarted(
  ctx: InstallContext,
  request: InstallRequest,
  execution: Execution,
): Promise<InstallRequest | undefined> {
  const consoleUrl = executionConsoleUrl(request.regionId, execution.executionId);
  const { request: started, changed } = await applyTransition(ctx, request.id, {
    type: 'started',
    executionId: execution.executionId,
    regionId: request.regionId,
    consoleUrl,
    startParameters: JSON.stringify(buildStartParameters(request)),
    status: execution.status,
    statusMessage: execution.statusMessage,
  });
  if (!changed || !started) return started;
  forget(ctx, request.id);
  ctx.log.info({ requestId: request.id, executionId: execution.executionId }, 'install started');
  await announce(ctx, started, { kind: 'started', executionId: execution.executionId, consoleUrl });
  ctx.watcher.watch(request.id);
  return started;
}

/** Marks the request start_failed (once) and tells the thread why. */
async function failStart(
  ctx: InstallContext,
  request: InstallRequest,
  error: unknown,
): Promise<InstallRequest | undefined> {
  const { request: failed, changed } = await applyTransition(ctx, request.id, {
    type: 'start_failed',
    detail: describeProblem(error, request.locale),
  });
  if (changed && failed) {
    forget(ctx, request.id);
    await announce(ctx, failed, { kind: 'start_failed', error });
  }
  return failed;
}

/** The execution OOS has for this request (found by its tag), if any. */
async function findOwnExecution(
  ctx: InstallContext,
  request: InstallRequest,
): Promise<Execution | undefined> {
  const found = await ctx.oos.listExecutions({
    regionId: request.regionId,
    templateName: BULK_INSTALL_TEMPLATE,
    tags: { [REQUEST_TAG]: request.id },
  });
  return found.find((e) => e.tags[REQUEST_TAG] === request.id);
}
