/**
 * Requesting an install: a validated submission becomes a pending request (secrets kept in memory,
 * masked in the store), its expiry is scheduled, and its confirmation message is posted in the channel.
 * If Slack refuses the confirmation, nobody could ever approve the request: it is abandoned and the
 * requester is told privately.
 */
import { randomBytes } from 'node:crypto';
import { lifecycleFields, planRequestWaves } from '../lifecycle/request-lifecycle.js';
import { type InstallRequest, type PreflightInstance, pickText } from '../model.js';
import { scheduleExpiry } from './expire-requests.js';
import { maskSecretValues } from './form-values.js';
import { applyTransition, forget, type InstallContext } from './install-context.js';
import { hiddenValues } from './secrets.js';
import { clientTokenFor } from './start-parameters.js';
import type { ConfirmationOutcome, InstallSubmission, SubmissionResult } from './types.js';
import { type ValidSubmission, validateSubmission } from './validate-submission.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A new request id: `req-` and 8 lowercase base32 characters (40 random bits). */
export function newRequestId(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let id = '';
  for (let i = 7; i >= 0; i -= 1) id += BASE32[Number((bits >> BigInt(i * 5)) & 31n)];
  return `req-${id}`;
}

/**
 * Validates the submission; when valid, stores the pending request and schedules its expiry, then
 * posts its confirmation. The result comes back as soon as the request is stored (the modal can close);
 * `confirmation` settles once the confirmation is posted, or the request abandoned. It never rejects.
 */
export async function requestInstall(
  ctx: InstallContext,
  submission: InstallSubmission,
): Promise<SubmissionResult> {
  const check = await validateSubmission(ctx, submission);
  if (!check.ok) return check;
  const { request, secrets } = buildRequest(ctx, submission, check.valid);
  const stored = await ctx.store.create(request);
  ctx.vault.set(stored.id, secrets);
  scheduleExpiry(ctx, stored);
  ctx.log.info(
    {
      requestId: stored.id,
      user: submission.requester,
      packageName: stored.packageName,
      instances: stored.instanceIds.length,
    },
    'install request created',
  );
  return { ok: true, request: stored, confirmation: postConfirmation(ctx, stored) };
}

/** The pending request of a valid submission, and the secret values that stay out of it. */
function buildRequest(
  ctx: InstallContext,
  submission: InstallSubmission,
  valid: ValidSubmission,
): { request: InstallRequest; secrets: Record<string, unknown> } {
  const id = ctx.newId();
  const now = ctx.clock.now();
  const { details } = valid;
  const locale = submission.locale;
  const secretNames = details.parameters.filter((p) => p.secret).map((p) => p.name);
  const byId = new Map(valid.instances.map((i) => [i.instanceId, i]));
  const installed = valid.lifecycle.installed;
  const lifecycle = lifecycleFields(valid.action, details, valid.lifecycle);
  const request: InstallRequest = {
    id,
    version: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    requester: submission.requester,
    ...(submission.teamId ? { teamId: submission.teamId } : {}),
    channelId: submission.channelId,
    locale,
    regionId: valid.regionId,
    instanceIds: valid.instanceIds,
    packageName: details.package.templateName,
    ...lifecycle,
    packageDisplayName: pickText(details.package.displayName, locale) || details.package.templateName,
    parameters: maskSecretValues(valid.values, secretNames),
    secretParameterNames: secretNames,
    defaultsUsed: valid.defaultsUsed,
    concurrency: valid.concurrency,
    maxErrors: valid.maxErrors,
    preflight: valid.instanceIds.map((instanceId): PreflightInstance => {
      const instance = byId.get(instanceId);
      return {
        instanceId,
        name: instance?.instanceName ?? '',
        osType: instance?.osType ?? '',
        osName: instance?.osName ?? '',
        status: instance?.status ?? '',
        cloudAssistant: 'online',
        ...(installed.has(instanceId) ? { installedVersion: installed.get(instanceId) } : {}),
      };
    }),
    duplicates: valid.duplicates,
    policy: { ...valid.admission.approval, approvers: [...valid.admission.approval.approvers] },
    approvals: [],
    expiresAt: new Date(now.getTime() + valid.admission.approval.ttlMinutes * 60_000).toISOString(),
    status: 'pending',
    clientToken: clientTokenFor(id),
    ...(valid.reason ? { reason: valid.reason } : {}),
    policyVersion: valid.admission.policyVersion,
    remindApprovers: valid.admission.remindApprovers,
    rollout: planRequestWaves({
      action: valid.action,
      instanceIds: valid.instanceIds,
      rollout: valid.rollout,
      waveSize: valid.waveSize,
      clientToken: clientTokenFor(id),
      ...(lifecycle.packageVersion ? { packageVersion: lifecycle.packageVersion } : {}),
      verdict: valid.lifecycle,
    }),
    ...(submission.undoOf ? { undoOf: submission.undoOf } : {}),
    history: [{ at: now.toISOString(), type: 'created', actor: submission.requester }],
  };
  const secrets = hiddenValues(valid.values, request.parameters);
  return { request, secrets };
}

/**
 * Posts the confirmation and records where it landed (its ts is the thread root). When it cannot be
 * posted or recorded, the request is abandoned (no one could approve it) and the requester is told.
 */
export async function postConfirmation(
  ctx: InstallContext,
  request: InstallRequest,
): Promise<ConfirmationOutcome> {
  let code: string | undefined;
  try {
    const posted = await ctx.notifier.postConfirmation(request);
    if (posted.ok) {
      const attached = await ctx.store.update(request.id, (current) => ({
        ...current,
        channelId: posted.channelId,
        messageTs: posted.messageTs,
        updatedAt: ctx.clock.now().toISOString(),
      }));
      if (attached) return { posted: true, request: attached };
    } else {
      code = posted.code;
    }
  } catch (err) {
    ctx.log.warn({ err, requestId: request.id }, 'confirmation could not be posted or recorded');
  }
  return { posted: false, request: await abandon(ctx, request, code) };
}

/** Drops a pending request whose confirmation is not in Slack, and tells the requester privately. */
async function abandon(
  ctx: InstallContext,
  request: InstallRequest,
  code: string | undefined,
): Promise<InstallRequest | undefined> {
  const detail = `confirmation not posted: ${code ?? 'error'}`;
  const outcome = await applyTransition(ctx, request.id, { type: 'abandon', detail }).catch(
    (err: unknown) => {
      ctx.log.error({ err, requestId: request.id }, 'could not abandon a request without confirmation');
      return { request: undefined, changed: false };
    },
  );
  if (outcome.changed) forget(ctx, request.id);
  ctx.log.warn({ requestId: request.id, code }, 'install request abandoned: confirmation not posted');
  try {
    await ctx.notifier.confirmationNotPosted(request, code);
  } catch (err) {
    ctx.log.warn({ err, requestId: request.id }, 'requester could not be told');
  }
  return outcome.request;
}
