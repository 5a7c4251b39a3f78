/**
 * Error types with codes. Adapters throw CloudError (keeping Alibaba's Code and RequestId); the domain
 * throws DomainError. `describeError` (slack/views/describe-error.ts) turns either into words a person can act on.
 */

/** What kind of cloud failure happened; decides retry and the words shown. */
export type CloudErrorKind =
  | 'permission' // Forbidden.RAM, NoPermission, …
  | 'throttled' // Throttling*, after retries ran out
  | 'credentials' // no credential configured, InvalidAccessKeyId.*, SignatureDoesNotMatch
  | 'not_found' // EntityNotExists.*, unknown template
  | 'invalid_request' // InvalidParameter, MissingParameter, …
  | 'server' // 5xx after retries ran out
  | 'network' // no HTTP answer (refused, reset, timeout)
  | 'unknown';

/** A failed call to OOS or ECS. Never carries AK/SK or tokens in any field. */
export class CloudError extends Error {
  override readonly name = 'CloudError';
  readonly kind: CloudErrorKind;
  /** Alibaba's error Code (e.g. `Forbidden.RAM`), or a local one (`NetworkError`, `NoCredentials`). */
  readonly code: string;
  readonly service: 'oos' | 'ecs';
  /** API action, e.g. `ListTemplates`. */
  readonly action: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  /** RAM action that was denied (e.g. `oos:ListTemplates`), when known. */
  readonly deniedAction?: string;
  /** Seconds the service asked us to wait (x-acs-retry-after). */
  readonly retryAfterSeconds?: number;
  /** How many times the call was tried before giving up (retries included), when the adapter counted. */
  readonly attempts?: number;

  constructor(init: {
    kind: CloudErrorKind;
    code: string;
    service: 'oos' | 'ecs';
    action: string;
    message: string;
    httpStatus?: number;
    requestId?: string;
    deniedAction?: string;
    retryAfterSeconds?: number;
    attempts?: number;
  }) {
    super(init.message);
    this.kind = init.kind;
    this.code = init.code;
    this.service = init.service;
    this.action = init.action;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.deniedAction = init.deniedAction;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.attempts = init.attempts;
  }
}

/** Domain failure codes. */
export type DomainErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'not_allowed'
  | 'conflict'
  | 'expired'
  | 'not_pending'
  | 'illegal_transition';

/** What exactly went wrong, when a person needs more than the code to act (the views word it). */
export type DomainErrorReason =
  /** Secret values kept only in memory were lost in a restart before the install started. */
  | { kind: 'secrets_lost'; names: string[] }
  /** The check for a running install of the same package could not be made. */
  | { kind: 'duplicate_check_failed'; cause: unknown }
  /** Another execution installs the same package on instances of the wave about to start. */
  | { kind: 'wave_blocked'; executionIds: string[] };

/** A rule of the domain was broken (bad input, forbidden action, illegal state change). */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;
  readonly reason?: DomainErrorReason;

  constructor(code: DomainErrorCode, message: string, reason?: DomainErrorReason) {
    super(message);
    this.code = code;
    if (reason) this.reason = reason;
  }
}

/** Why a store refused a write: a newer version is stored, the id is taken, or the store is down. */
export type StoreErrorCode = 'conflict' | 'exists' | 'unavailable';

/**
 * A store write did not happen. `conflict`: someone else wrote the request first (re-read and
 * re-decide); `exists`: create() of a taken id; `unavailable`: the store could not be written (the
 * old state stays in force).
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True when `error` is a StoreError with `code`. */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
