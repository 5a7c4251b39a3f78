/**
 * Secret parameter values never reach the store: requests hold SECRET_MASK (or a URL with its password
 * masked), and the real values wait in an in-memory vault until the install starts. Only OOS receives
 * them. A restart empties the vault on purpose.
 */
import { asRecord, parseJson } from '../json.js';
import { type InstallRequest, type Localized, SECRET_MASK } from '../model.js';
import { isCredentialKey, mentionsCredential } from '../tracking/credentials.js';
import { maskSecretValues } from './form-values.js';

/** What a template says about one parameter, as far as secrecy goes. */
export interface ParameterSecrecyHints {
  name: string;
  label?: Localized;
  description?: Localized;
  /** The template's `AssociationProperty` (e.g. `ALIYUN::ECS::Instance::Password`, `Secret`). */
  associationProperty?: string;
  /** The template's `NoEcho` (true or "true"). */
  noEcho?: unknown;
}

/**
 * True when a parameter holds a credential: its name, label or description says so in any usual way
 * (password, passwd, pwd, passphrase, secret, token, credential, apiKey/accessKey…, 密码, 口令, 密钥…),
 * or the template hints it (`AssociationProperty` Password/Secret, `NoEcho`).
 */
export function isSecretParameter(hints: ParameterSecrecyHints): boolean {
  if (hints.associationProperty && /password|secret/i.test(hints.associationProperty)) return true;
  if (hints.noEcho === true || (typeof hints.noEcho === 'string' && hints.noEcho.toLowerCase() === 'true'))
    return true;
  if (isCredentialKey(hints.name)) return true;
  const prose = [hints.label?.en, hints.label?.zh, hints.description?.en, hints.description?.zh];
  return prose.some((text) => text !== undefined && text !== '' && mentionsCredential(text));
}

/**
 * The values the store must not see: every parameter whose shown (masked) value differs from the real
 * one — secret parameters, and URLs whose password is masked. They go to the vault, keyed by name.
 */
export function hiddenValues(
  real: Record<string, unknown>,
  shown: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(real).filter(([name, value]) => JSON.stringify(shown[name]) !== JSON.stringify(value)),
  );
}

/** True when a stored value hides something (SECRET_MASK itself, or a URL's masked password). */
function holdsMask(value: unknown): boolean {
  if (value === SECRET_MASK) return true;
  return JSON.stringify(value ?? null).includes(`:${SECRET_MASK}@`);
}

/**
 * Parameters of `request` whose real value is needed to start it but is not in `kept` (the vault's
 * values): after a restart the request cannot start, and the requester must submit it again.
 */
export function lostHiddenValues(request: InstallRequest, kept: Record<string, unknown>): string[] {
  return Object.entries(request.parameters)
    .filter(([name, value]) => holdsMask(value) && !(name in kept))
    .map(([name]) => name);
}

/**
 * A copy of `request` whose secret parameters (in `parameters` and in the `parameters` object inside
 * `startParameters`) hold SECRET_MASK and whose URLs show no password. Stores apply it on every write as
 * a last line of defence.
 */
export function maskRequestSecrets(request: InstallRequest): InstallRequest {
  const masked: InstallRequest = {
    ...request,
    parameters: maskSecretValues(request.parameters, request.secretParameterNames),
  };
  if (request.startParameters !== undefined) masked.startParameters = maskStartParameters(request);
  return masked;
}

function maskStartParameters(request: InstallRequest): string {
  const text = request.startParameters ?? '';
  const sent = asRecord(parseJson(text));
  const own = asRecord(sent?.parameters);
  if (!sent || !own) return text;
  return JSON.stringify({ ...sent, parameters: maskSecretValues(own, request.secretParameterNames) });
}

/** Secret parameter values of pending requests, in memory only, keyed by request id. */
export class SecretVault {
  readonly #values = new Map<string, Record<string, unknown>>();

  /** Keeps `values` (secret name → value) for `requestId`; nothing is kept when empty. */
  set(requestId: string, values: Record<string, unknown>): void {
    if (Object.keys(values).length > 0) this.#values.set(requestId, { ...values });
  }

  /** The secret values of `requestId`, if this process still has them. */
  get(requestId: string): Record<string, unknown> | undefined {
    return this.#values.get(requestId);
  }

  /** Forgets the values of `requestId` (started, rejected, expired…). */
  delete(requestId: string): void {
    this.#values.delete(requestId);
  }
}
