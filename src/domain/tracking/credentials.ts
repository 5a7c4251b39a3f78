/**
 * Finds credentials in an extension's output (a panel's password, an API token…) so that the channel
 * report shows them masked and only the requester receives them, privately.
 */
import { type InstallRequest, type InstanceOutcome, SECRET_MASK } from '../model.js';

/** A credential found in some output. */
export interface FoundCredential {
  key: string;
  value: string;
}

/** The output with every credential value masked, and the credentials that were masked. */
export interface CredentialScan {
  redacted: string;
  found: FoundCredential[];
}

const CREDENTIAL_WORDS = /(password|passwd|passphrase|secret|token|credential|apikey|accesskey|privatekey)/;
const CREDENTIAL_ENDINGS = /(pass|pwd|key)$/;
const CREDENTIAL_WORDS_ZH = /(密码|密钥|口令|令牌|凭证|凭据)/;

/** True for keys that name a credential: password, secret, token, key, credential (any case or separator). */
export function isCredentialKey(key: string): boolean {
  if (CREDENTIAL_WORDS_ZH.test(key)) return true;
  const normalized = key.toLowerCase().replace(/[^a-z]/g, '');
  return CREDENTIAL_WORDS.test(normalized) || CREDENTIAL_ENDINGS.test(normalized);
}

/** `key: value`, `key = value`, `key：value` (full-width colon), optionally after `export ` or quotes. */
const KEY_VALUE_LINE =
  /^(\s*(?:export\s+)?["']?)([\p{L}\p{N}_][\p{L}\p{N}_ .-]{0,60}?)(["']?\s*[:=：]\s*)(\S.*?)(\s*)$/u;

/**
 * Masks credential values in `text`: walks it as JSON when it is JSON, otherwise line by line
 * (`key: value` / `key=value`). Keys are judged by `isCredentialKey`.
 */
export function redactCredentials(text: string): CredentialScan {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const found: FoundCredential[] = [];
      const masked = maskJson(JSON.parse(trimmed), found);
      if (found.length === 0) return { redacted: text, found };
      return { redacted: JSON.stringify(masked, null, 2), found };
    } catch {
      // Not JSON after all: fall through to the line scan.
    }
  }
  const found: FoundCredential[] = [];
  const lines = text.split('\n').map((line) => {
    const match = KEY_VALUE_LINE.exec(line);
    if (!match) return line;
    const [, lead = '', key = '', separator = '', rawValue = '', tail = ''] = match;
    if (!isCredentialKey(key)) return line;
    const value = rawValue.replace(/^["']|["'],?$/g, '');
    if (value === '' || value === SECRET_MASK) return line;
    found.push({ key: key.trim(), value });
    return `${lead}${key}${separator}${SECRET_MASK}${tail}`;
  });
  return { redacted: found.length > 0 ? lines.join('\n') : text, found };
}

function maskJson(value: unknown, found: FoundCredential[]): unknown {
  if (Array.isArray(value)) return value.map((item) => maskJson(item, found));
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const secretValue =
      isCredentialKey(key) &&
      inner !== null &&
      typeof inner !== 'object' &&
      String(inner) !== '' &&
      inner !== SECRET_MASK;
    if (secretValue) {
      found.push({ key, value: String(inner) });
      result[key] = SECRET_MASK;
    } else {
      result[key] = maskJson(inner, found);
    }
  }
  return result;
}

/**
 * A copy of `request` whose instance outputs hold no credentials: what the store keeps. The unmasked
 * values live only in memory long enough to be sent privately to the requester.
 */
export function withoutCredentials(request: InstallRequest): InstallRequest {
  const execution = request.execution;
  if (!execution) return request;
  const instances = execution.instances.map((instance): InstanceOutcome => {
    const clean: InstanceOutcome = { ...instance };
    if (instance.output !== undefined) clean.output = redactCredentials(instance.output).redacted;
    if (instance.configuration !== undefined)
      clean.configuration = redactCredentials(instance.configuration).redacted;
    return clean;
  });
  return { ...request, execution: { ...execution, instances } };
}
