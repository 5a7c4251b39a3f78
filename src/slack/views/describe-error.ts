/**
 * The one function that turns an error (its class, kind and code) into words a person can act on: what
 * failed, why, how to fix it, the RAM policy when a permission is missing, and the Request ID for
 * support tickets. Never an SDK's raw message, a stack trace or a secret.
 */
import { CloudError, DomainError, type DomainErrorReason, isStoreError } from '../../domain/errors.js';
import type { Locale } from '../../domain/model.js';
import { EXECUTION_RAM_ACTIONS, MINIMUM_RAM_POLICY } from '../../domain/ram-policy.js';
import { type Messages, messagesFor } from '../i18n/messages.js';

/** What `describeError` returns: plain text with inline `code` marks, to be escaped by the view. */
export interface ErrorDescription {
  title: string;
  /** What happened; ends with "Request ID: …" when Alibaba Cloud returned one. */
  detail: string;
  /** How to fix it. */
  hint: string;
  /** Minimum RAM policy JSON for the bot, on permission errors. */
  policy?: string;
  /** Extra context, e.g. what the OOS execution role needs beyond the bot's own policy. */
  note?: string;
  /** Alibaba Cloud's RequestId, for support tickets. */
  requestId?: string;
}

/** Describes any thrown value for a person, in their language; unknown errors get a generic message. */
export function describeError(err: unknown, locale: Locale): ErrorDescription {
  const m = messagesFor(locale);
  if (err instanceof CloudError) {
    const description = describeCloudError(err, m);
    if (!err.requestId) return description;
    const detail = `${description.detail}\n${m.errors.requestId(err.requestId)}`;
    return { ...description, detail, requestId: err.requestId };
  }
  if (err instanceof DomainError) {
    const words = m.errors.domain[err.code];
    const detail = err.reason
      ? reasonDetail(err.reason, locale)
      : err.message.replace(/\s+/g, ' ').trim() || words.title;
    return { title: words.title, detail, hint: words.hint };
  }
  // The store refused the write (database or disk away): the old state stands, so trying again is safe.
  if (isStoreError(err, 'unavailable')) return { ...m.errors.storeUnavailable };
  return { ...m.errors.unexpected };
}

function describeCloudError(err: CloudError, m: Messages): ErrorDescription {
  const e = m.errors;
  const service = err.service.toUpperCase();
  const call = `${service} ${err.action}`;
  switch (err.kind) {
    case 'permission':
      return {
        title: e.permission.title,
        detail: e.permission.detail(err.deniedAction || `${err.service}:${err.action}`, err.code, call),
        hint: e.permission.hint,
        policy: MINIMUM_RAM_POLICY,
        note: e.permission.executionRole(EXECUTION_RAM_ACTIONS.join(', ')),
      };
    case 'credentials':
      return { title: e.credentials.title, detail: credentialsDetail(err.code, m), hint: e.credentials.hint };
    case 'throttled':
      return {
        title: e.throttled.title,
        detail: e.throttled.detail(call, err.code, err.attempts),
        hint: e.throttled.hint(err.retryAfterSeconds),
      };
    case 'server':
      return {
        title: e.server.title(service),
        detail: e.server.detail(call, err.code, err.httpStatus, err.attempts),
        hint: e.server.hint,
      };
    case 'network':
      return {
        title: e.network.title(service),
        detail: e.network.detail(call, err.attempts),
        hint: e.network.hint,
      };
    case 'not_found': {
      if (err.action === 'GetTemplate' || /Template/i.test(err.code)) {
        const words = e.templateNotFound;
        return { title: words.title, detail: words.detail(err.code), hint: words.hint };
      }
      if (/Execution/i.test(err.action) || /Execution/i.test(err.code)) {
        const words = e.executionNotFound;
        return { title: words.title, detail: words.detail(err.code), hint: words.hint };
      }
      return { title: e.notFound.title, detail: e.notFound.detail(call, err.code), hint: e.notFound.hint };
    }
    case 'invalid_request': {
      const words = /^InvalidTimeStamp/i.test(err.code) ? e.clockSkew : e.invalidRequest;
      return { title: words.title, detail: words.detail(call, err.code), hint: words.hint };
    }
    default:
      return {
        title: e.cloudUnknown.title,
        detail: e.cloudUnknown.detail(call, err.code),
        hint: e.cloudUnknown.hint,
      };
  }
}

/** An error in one line: what went wrong and what to do (form errors, notes, nested causes). */
export function errorLine(err: unknown, locale: Locale): string {
  const d = describeError(err, locale);
  return [`${d.title}: ${d.detail.replace(/\n/g, ' ')}`, d.hint].filter(Boolean).join(' ');
}

function reasonDetail(reason: DomainErrorReason, locale: Locale): string {
  const words = messagesFor(locale).errors.reasons;
  switch (reason.kind) {
    case 'secrets_lost':
      return words.secrets_lost(reason.names);
    case 'wave_blocked':
      return words.wave_blocked(reason.executionIds);
    case 'duplicate_check_failed':
      return words.duplicate_check_failed(errorLine(reason.cause, locale));
  }
}

function credentialsDetail(code: string, m: Messages): string {
  const words = m.errors.credentials;
  if (code === 'NoCredentials') return words.missing;
  if (/^InvalidAccessKeyId/i.test(code)) return words.unknownKey(code);
  if (/^(SignatureDoesNotMatch|IncompleteSignature|InvalidAccessKeySecret)/i.test(code)) {
    return words.badSecret(code);
  }
  if (/^InvalidSecurityToken/i.test(code)) return words.badToken(code);
  return words.refused(code);
}
