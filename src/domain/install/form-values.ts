/**
 * Turns what a person typed into the install form into checked, typed values: instance ids and the
 * package's own parameters (per the template's Type, AllowedValues, lengths, pattern and range).
 */
import {
  INSTANCE_ID_PATTERN,
  MAX_INSTANCES_PER_REQUEST,
  type PackageParameter,
  SECRET_MASK,
} from '../model.js';
import type { FormErrors, FormProblem } from './form-problems.js';

/** Parsed instance ids, and what is wrong with them (empty when nothing is). */
export interface ParsedInstanceIds {
  instanceIds: string[];
  problems: FormProblem[];
}

/**
 * Splits `text` on spaces, commas (also full-width) and new lines, adds `picked` ids not typed already,
 * and checks shape, duplicates (within the typed text) and count (1..MAX_INSTANCES_PER_REQUEST).
 */
export function parseInstanceIds(text: string, picked: string[] = []): ParsedInstanceIds {
  const typed = text.split(/[\s,，、;；]+/).filter(Boolean);
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const id of typed) {
    if (seen.has(id)) duplicated.add(id);
    seen.add(id);
  }
  const instanceIds = [...seen, ...picked.filter((id) => !seen.has(id))].filter(
    (id, index, all) => all.indexOf(id) === index,
  );
  const badShape = instanceIds.filter((id) => !INSTANCE_ID_PATTERN.test(id));
  const problems: FormProblem[] = [];
  if (instanceIds.length === 0) problems.push({ code: 'instances_empty' });
  if (badShape.length > 0) problems.push({ code: 'instances_bad_shape', ids: badShape });
  if (duplicated.size > 0) problems.push({ code: 'instances_duplicated', ids: [...duplicated] });
  if (instanceIds.length > MAX_INSTANCES_PER_REQUEST) {
    problems.push({ code: 'instances_too_many', count: instanceIds.length, max: MAX_INSTANCES_PER_REQUEST });
  }
  return { instanceIds, problems };
}

/** The block id of a parameter's input (`param:<Name>`). */
export function paramBlockId(name: string): string {
  return `param:${name}`;
}

/** Typed parameter values, the names left at their default, and errors keyed by `param:<Name>`. */
export interface ParsedParameters {
  values: Record<string, unknown>;
  defaultsUsed: string[];
  errors: FormErrors;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: FormProblem };

function parseTyped(param: PackageParameter, text: string): Parsed {
  switch (param.type) {
    case 'Number':
    case 'Integer': {
      const trimmed = text.trim();
      if (!NUMBER.test(trimmed)) return { ok: false, error: { code: 'param_not_number' } };
      const value = Number(trimmed);
      // `1e999` or 400 digits read as Infinity (sent as null); integers past 2^53 change silently.
      if (!Number.isFinite(value)) return { ok: false, error: { code: 'param_number_out_of_range' } };
      if (param.type === 'Integer' && !Number.isInteger(value)) {
        return { ok: false, error: { code: 'param_not_integer' } };
      }
      if (param.type === 'Integer' && !Number.isSafeInteger(value)) {
        return { ok: false, error: { code: 'param_number_out_of_range' } };
      }
      if (param.minValue !== undefined && value < param.minValue) {
        return { ok: false, error: { code: 'param_below_min', min: param.minValue } };
      }
      if (param.maxValue !== undefined && value > param.maxValue) {
        return { ok: false, error: { code: 'param_above_max', max: param.maxValue } };
      }
      return { ok: true, value };
    }
    case 'Boolean': {
      const lower = text.trim().toLowerCase();
      if (lower !== 'true' && lower !== 'false') return { ok: false, error: { code: 'param_not_boolean' } };
      return { ok: true, value: lower === 'true' };
    }
    case 'List':
    case 'Json': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return {
          ok: false,
          error: { code: param.type === 'List' ? 'param_not_list' : 'param_not_json' },
        };
      }
      if (param.type === 'List' && !Array.isArray(value))
        return { ok: false, error: { code: 'param_not_list' } };
      if (!numbersKeptExactly(value, text)) {
        return { ok: false, error: { code: 'param_json_number_out_of_range' } };
      }
      return { ok: true, value };
    }
    default: {
      const value = param.secret ? text : text.trim();
      if (param.minLength !== undefined && value.length < param.minLength) {
        return { ok: false, error: { code: 'param_too_short', min: param.minLength } };
      }
      if (param.maxLength !== undefined && value.length > param.maxLength) {
        return { ok: false, error: { code: 'param_too_long', max: param.maxLength } };
      }
      if (param.allowedPattern !== undefined && !matchesPattern(param.allowedPattern, value)) {
        return { ok: false, error: { code: 'param_pattern', pattern: param.allowedPattern } };
      }
      return { ok: true, value };
    }
  }
}

/**
 * False when JSON `text` (parsed as `value`) holds a number it cannot carry exactly: one that read as
 * Infinity (`1e999`, 400 digits), or an integer literal past 2^53 that would silently change.
 */
function numbersKeptExactly(value: unknown, text: string): boolean {
  if (!allFinite(value)) return false;
  const outsideStrings = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const integers = outsideStrings.match(/(?<![.\deE+-])-?\b\d+\b(?![.eE\d])/g) ?? [];
  return integers.every((literal) => Number.isSafeInteger(Number(literal)));
}

function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value !== null && typeof value === 'object') return Object.values(value).every(allFinite);
  return true;
}

function matchesPattern(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    // A template pattern JavaScript cannot compile is not the user's fault; accept the value.
    return true;
  }
}

/**
 * Checks each parameter's raw text against its template definition. Empty input takes the template
 * default (or is an error when the parameter is required). Unknown raw keys are ignored.
 */
export function parseParameterValues(
  params: PackageParameter[],
  raw: Record<string, string | undefined>,
): ParsedParameters {
  const values: Record<string, unknown> = {};
  const defaultsUsed: string[] = [];
  const errors: FormErrors = {};
  for (const param of params) {
    const text = raw[param.name];
    if (text === undefined || text.trim() === '') {
      if (param.default !== undefined) {
        values[param.name] = param.default;
        defaultsUsed.push(param.name);
      } else if (param.required) {
        errors[paramBlockId(param.name)] = [{ code: 'param_required' }];
      }
      continue;
    }
    const parsed = parseTyped(param, text);
    if (!parsed.ok) {
      errors[paramBlockId(param.name)] = [parsed.error];
      continue;
    }
    if (param.allowedValues && param.allowedValues.length > 0) {
      if (!param.allowedValues.some((candidate) => sameValue(candidate, parsed.value))) {
        const allowed = param.allowedValues.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
        errors[paramBlockId(param.name)] = [{ code: 'param_not_allowed', allowed }];
        continue;
      }
    }
    values[param.name] = parsed.value;
    if (param.default !== undefined && sameValue(param.default, parsed.value)) defaultsUsed.push(param.name);
  }
  return { values, defaultsUsed, errors };
}

/** `scheme://user:password@`: the userinfo whose password a URL value must not show. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*):([^\s@/'"]+)@/gi;

/** `value` (a string, or strings inside a list or JSON value) with URL passwords masked. */
export function maskUrlPasswords(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(URL_PASSWORD, (whole, head: string, password: string) =>
      password === SECRET_MASK ? whole : `${head}:${SECRET_MASK}@`,
    );
  }
  if (Array.isArray(value)) return value.map(maskUrlPasswords);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskUrlPasswords(inner)]));
  }
  return value;
}

/**
 * A copy of `values` where every secret parameter that has a value holds SECRET_MASK instead, and every
 * other value shows URLs with their password masked (`https://user:******@host`).
 */
export function maskSecretValues(
  values: Record<string, unknown>,
  secretNames: readonly string[],
): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const secret = secretNames.includes(name) && value !== '' && value !== undefined;
    masked[name] = secret ? SECRET_MASK : maskUrlPasswords(value);
  }
  return masked;
}
