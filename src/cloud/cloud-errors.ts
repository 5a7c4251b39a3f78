/**
 * Maps whatever the Alibaba SDKs throw (ThrottlingError, ClientError, ServerError, network and
 * credential-chain errors) to the one domain CloudError, with a short message free of secrets.
 */
import type { z } from 'zod';
import { CloudError, type CloudErrorKind } from '../domain/errors.js';
import { asRecord } from '../domain/json.js';

/** The same failure (fields, message and stack) with the number of attempts the retry wrapper made. */
export function withAttempts(error: CloudError, attempts: number): CloudError {
  const counted = new CloudError({ ...error, message: error.message, attempts });
  if (error.stack !== undefined) counted.stack = error.stack;
  return counted;
}

/** Which API a failed call went to. */
export interface CallContext {
  service: 'oos' | 'ecs';
  action: string;
}

/** How to configure credentials; shown when the default credential chain finds none. */
export const CREDENTIALS_HELP =
  'No usable Alibaba Cloud credentials were found by the default credential chain. Configure one of: the environment variables ' +
  'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (plus ALIBABA_CLOUD_SECURITY_TOKEN for STS); ' +
  'ALIBABA_CLOUD_PROFILE with a credentials file (~/.alibabacloud/credentials or ALIBABA_CLOUD_CREDENTIALS_FILE); ' +
  'an ECS instance RAM role (ALIBABA_CLOUD_ECS_METADATA); or OIDC/RRSA (ALIBABA_CLOUD_ROLE_ARN, ' +
  'ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE).';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'EPROTO',
]);

const MAX_MESSAGE = 300;

/**
 * Removes anything that may be a credential from a text: AccessKey ids (`LTAI…`), STS ids (`STS.…`),
 * the string-to-sign the gateway echoes on SignatureDoesNotMatch, URLs (their query may hold parameter
 * values), Authorization values and long tokens.
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/(string[ -]?to[ -]?sign)[\s\S]*/i, '$1: [removed]')
    .replace(/\b(GET|POST|PUT|DELETE)?\s*https?:\/\/\S+/g, '[url removed]')
    .replace(/ACS3-HMAC-SHA256[^\s,;]*(\s+Credential=[^\s]*)?/g, '[signature removed]')
    .replace(/\bLTAI[0-9A-Za-z]+/g, 'LTAI***')
    .replace(/\bSTS\.[0-9A-Za-z]+/g, 'STS.***')
    .replace(/(secret|token|password|signature)(["'\s:=]+)[^\s"',;&]+/gi, '$1$2***')
    .replace(/[A-Za-z0-9+/_=-]{40,}/g, '***');
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE - 1)}…` : oneLine;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'undefined' ? value : undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Kind of an Alibaba error Code (HTTP status decides when the code says nothing specific). */
export function classifyCode(code: string, httpStatus: number | undefined): CloudErrorKind {
  if (/throttling/i.test(code) || httpStatus === 429) return 'throttled';
  if (
    /^InvalidAccessKeyId/i.test(code) ||
    /^InvalidAccessKeySecret/i.test(code) ||
    /^InvalidSecurityToken/i.test(code) ||
    /^SignatureDoesNotMatch$/i.test(code) ||
    /^IncompleteSignature$/i.test(code) ||
    /^InvalidCredentials$/i.test(code)
  ) {
    return 'credentials';
  }
  if (
    /^(Forbidden|NoPermission|AccessDenied|NotAuthorized|Unauthorized)/i.test(code) ||
    /\.(Forbidden|NoPermission|AccessDenied|NotAuthorized|Unauthorized)$/i.test(code)
  ) {
    return 'permission';
  }
  if (/^EntityNotExist/i.test(code) || /\.NotFound$/i.test(code) || /^NotFound/i.test(code))
    return 'not_found';
  if (httpStatus !== undefined && httpStatus >= 500) return 'server';
  if (/^(ServiceUnavailable|InternalError)/i.test(code)) return 'server';
  if (httpStatus === 403) return 'permission';
  if (httpStatus === 404) return 'not_found';
  if (httpStatus !== undefined && httpStatus >= 400) return 'invalid_request';
  return 'unknown';
}

function deniedActionOf(err: Record<string, unknown>, message: string, ctx: CallContext): string {
  const detail = asRecord(err.accessDeniedDetail) ?? asRecord(asRecord(err.data)?.AccessDeniedDetail);
  const fromDetail = str(detail?.AuthAction);
  if (fromDetail) return fromDetail;
  const fromMessage = /Action:\s*([A-Za-z0-9-]+:[A-Za-z0-9*]+)/.exec(message)?.[1];
  return fromMessage ?? `${ctx.service}:${ctx.action}`;
}

function isNetworkError(err: Record<string, unknown>, message: string): string | undefined {
  const code = str(err.code) ?? str(asRecord(err.cause)?.code);
  if (code && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'))) return code;
  if (err.name === 'RequestTimeoutError') return 'ETIMEDOUT';
  if (/fetch failed|socket hang up|ECONNREFUSED|ETIMEDOUT|ECONNRESET|ENOTFOUND/i.test(message)) {
    return /ECONNREFUSED|ETIMEDOUT|ECONNRESET|ENOTFOUND/.exec(message)?.[0] ?? 'ENETWORK';
  }
  return undefined;
}

/** The error for "the default credential chain gave nothing": kind credentials, code NoCredentials. */
export function noCredentialsError(ctx: CallContext): CloudError {
  const { service, action } = ctx;
  return new CloudError({
    service,
    action,
    kind: 'credentials',
    code: 'NoCredentials',
    message: CREDENTIALS_HELP,
  });
}

/** Wraps any error thrown by an SDK call into a CloudError (a CloudError is returned unchanged). */
export function toCloudError(error: unknown, ctx: CallContext): CloudError {
  if (error instanceof CloudError) return error;
  const err = asRecord(error) ?? {};
  const rawMessage = typeof err.message === 'string' ? err.message : String(error);
  const service = ctx.service.toUpperCase();
  const data = asRecord(err.data);
  const httpStatus = num(err.statusCode) ?? num(data?.statusCode);

  if (httpStatus === undefined) {
    if (/unable to get credentials|unable to load credentials/i.test(rawMessage)) {
      return noCredentialsError(ctx);
    }
    const networkCode = isNetworkError(err, rawMessage);
    if (networkCode) {
      return new CloudError({
        ...ctx,
        kind: 'network',
        code: 'NetworkError',
        message: `Could not reach ${service} for ${ctx.action} (${networkCode}). Check the network and the endpoint setting.`,
      });
    }
  }

  const code =
    str(err.code) ?? str(data?.Code) ?? (httpStatus === undefined ? 'UnknownError' : `HTTP${httpStatus}`);
  const kind = classifyCode(code, httpStatus);
  if (kind === 'credentials' && code === 'InvalidCredentials') {
    return noCredentialsError(ctx);
  }
  const requestId = str(err.requestId) ?? str(data?.RequestId) ?? str(data?.requestId);
  const serviceMessage = str(data?.Message) ?? str(data?.message) ?? rawMessage;
  const retryAfter = num(err.retryAfter);
  const status = httpStatus === undefined ? '' : ` (HTTP ${httpStatus})`;
  return new CloudError({
    ...ctx,
    kind,
    code,
    httpStatus,
    requestId,
    deniedAction: kind === 'permission' ? deniedActionOf(err, serviceMessage, ctx) : undefined,
    retryAfterSeconds: retryAfter !== undefined && retryAfter > 0 ? retryAfter : undefined,
    message: shorten(`${service} ${ctx.action} failed: ${code}${status}: ${scrubSecrets(serviceMessage)}`),
  });
}

/** Validates a response body with its schema; a mismatch becomes CloudError `UnexpectedResponse`. */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  body: unknown,
  ctx: CallContext,
  requestId: string | undefined,
): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new CloudError({
    ...ctx,
    kind: 'unknown',
    code: 'UnexpectedResponse',
    requestId,
    message: shorten(
      `${ctx.service.toUpperCase()} ${ctx.action} returned an unexpected response (${issues}).`,
    ),
  });
}
