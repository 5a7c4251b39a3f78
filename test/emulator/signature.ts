/**
 * ACS3-HMAC-SHA256 (Alibaba Cloud OpenAPI signature V3), rebuilt exactly as `@alicloud/openapi-core`
 * computes it, so the emulator can verify what the real SDKs send.
 * @see https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The only algorithm the emulator accepts. */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** SHA-256 of an empty body, the payload hash of every RPC call the SDK makes. */
export const EMPTY_PAYLOAD_SHA256 = createHash('sha256').update('').digest('hex');

/** Percent-encoding of query values used by the V3 canonical query string (RFC 3986 plus `!'()*`). */
export function acsEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/\*/g, '%2A');
}

/** Lowercase hex SHA-256. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What a canonical request is built from. Header names must already be lowercase. */
export interface CanonicalInput {
  method: string;
  pathname: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** Lowercase header name → value (arrays are merged as the server saw them). */
  headers: Record<string, string | string[] | undefined>;
  /** Names of the signed headers, lowercase. */
  signedHeaders: string[];
  payloadHash: string;
}

/** The V3 canonical request (steps 2–5 of the signature description). */
export function canonicalRequest(input: CanonicalInput): string {
  const uri = input.pathname.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
  const query = Object.keys(input.query)
    .sort()
    .map((key) => `${key}=${acsEncode(input.query[key] ?? '')}`)
    .join('&');
  const names = [...input.signedHeaders].sort();
  const headers = names
    .map((name) => {
      const raw = input.headers[name];
      const values = (Array.isArray(raw) ? raw : [raw ?? '']).map((v) => v.trim()).sort();
      return `${name}:${values.join(',')}\n`;
    })
    .join('');
  return `${input.method}\n${uri}\n${query}\n${headers}\n${names.join(';')}\n${input.payloadHash}`;
}

/** StringToSign and signature for a canonical request. */
export function signCanonical(
  canonical: string,
  secret: string,
): { stringToSign: string; signature: string } {
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonical)}`;
  const signature = createHmac('sha256', secret).update(stringToSign).digest('hex');
  return { stringToSign, signature };
}

/** The parts of an `Authorization: ACS3-HMAC-SHA256 …` header. */
export interface Acs3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/;

/** Parses the Authorization header; undefined when it is missing or not V3. */
export function parseAuthorization(header: string | undefined): Acs3Authorization | undefined {
  const match = header ? AUTHORIZATION.exec(header.trim()) : null;
  if (!match) return undefined;
  return {
    accessKeyId: match[1] ?? '',
    signedHeaders: (match[2] ?? '').split(';').map((h) => h.trim().toLowerCase()),
    signature: match[3] ?? '',
  };
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Builds the headers of a signed V3 RPC request (what the SDK sends), for hand-made requests in tests
 * (e.g. a stale date or a reused nonce).
 */
export function signRpcRequest(input: {
  host: string;
  action: string;
  version: string;
  query: Record<string, string>;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  date?: Date;
  nonce?: string;
}): Record<string, string> {
  const headers: Record<string, string> = {
    host: input.host,
    'x-acs-action': input.action,
    'x-acs-version': input.version,
    'x-acs-date': (input.date ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': input.nonce ?? sha256Hex(`${Math.random()}${Date.now()}`),
    'x-acs-content-sha256': EMPTY_PAYLOAD_SHA256,
  };
  if (input.securityToken) {
    headers['x-acs-accesskey-id'] = input.accessKeyId;
    headers['x-acs-security-token'] = input.securityToken;
  }
  const signedHeaders = Object.keys(headers).sort();
  const canonical = canonicalRequest({
    method: 'POST',
    pathname: '/',
    query: input.query,
    headers,
    signedHeaders,
    payloadHash: EMPTY_PAYLOAD_SHA256,
  });
  const { signature } = signCanonical(canonical, input.accessKeySecret);
  return {
    ...headers,
    accept: 'application/json',
    authorization: `${ACS3_ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`,
  };
}
