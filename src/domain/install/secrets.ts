/**
 * Secret parameter values never reach the store: requests hold SECRET_MASK, and the real values wait in
 * an in-memory vault until the install starts. A restart empties the vault on purpose.
 */
import { asRecord, parseJson } from '../json.js';
import type { InstallRequest } from '../model.js';
import { maskSecretValues } from './form-values.js';

/**
 * A copy of `request` whose secret parameters (in `parameters` and in the `parameters` object inside
 * `startParameters`) hold SECRET_MASK. Stores apply it on every write as a last line of defence.
 */
export function maskRequestSecrets(request: InstallRequest): InstallRequest {
  if (request.secretParameterNames.length === 0) return request;
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
