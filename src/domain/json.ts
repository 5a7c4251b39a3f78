/**
 * Reading JSON-shaped values we do not control (OOS Outputs, Parameters, Description, SDK errors)
 * without throwing: one definition of "a JSON object" for the domain and the adapters.
 */

/** True when `value` is a plain object: not null and not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` when it is a plain object, otherwise undefined (for optional chaining through unknown data). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

/** The value of the JSON `text`, or undefined when it is not valid JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
