/**
 * Turns a raw ListTemplates entry into an ExtensionPackage: parses the Description and Constraints JSON
 * strings, tolerating anything malformed so one odd template never hides the catalog.
 */
import { asRecord, isRecord, parseJson } from '../json.js';
import type { ExtensionPackage, Localized, OsConstraints, TemplateSummary } from '../model.js';

/** Publisher UID of the official Alibaba Cloud extensions. */
export const OFFICIAL_PUBLISHER_UID = '1853370294850618';

const EXTENSION_NAME = /^ACS-Extension-(.+)-(\d+)$/;

/** The parts of `ACS-Extension-<name>-<uid>`; other shapes give the name without the prefix. */
export function parseTemplateName(templateName: string): { name: string; publisherUid?: string } {
  const match = EXTENSION_NAME.exec(templateName);
  if (match) return { name: match[1]!, publisherUid: match[2]! };
  return { name: templateName.replace(/^ACS-Extension-/, '') };
}

/** True when the package comes from the official Alibaba Cloud publisher. */
export function isOfficialPackage(pkg: Pick<ExtensionPackage, 'templateName'>): boolean {
  return parseTemplateName(pkg.templateName).publisherUid === OFFICIAL_PUBLISHER_UID;
}

/** A readable name from a template name segment: `DockerCE` → `Docker CE`, `golang` → `Golang`. */
export function readableName(segment: string): string {
  return segment
    .split(/[-_\s]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.replace(/([a-z])([A-Z])/g, '$1 $2'))
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

type JsonObject = Record<string, unknown>;

const HTTP_URL = /^https?:\/\/\S+$/;

interface ParsedDescription {
  fields: JsonObject;
  problem?: string;
  /** Plain text to show as the English description when the Description was not JSON. */
  plainText?: string;
}

function parseDescriptionJson(raw: string): ParsedDescription {
  const text = raw.trim();
  if (text === '') return { fields: {}, problem: 'Description is empty' };
  if (!text.startsWith('{') && !text.startsWith('[')) {
    return { fields: {}, plainText: text, problem: 'Description is plain text, not JSON' };
  }
  const parsed = parseJson(text);
  if (parsed === undefined) return { fields: {}, problem: 'Description is not valid JSON' };
  if (!isRecord(parsed)) return { fields: {}, problem: 'Description JSON is not an object' };
  return { fields: parsed };
}

/** Reads the string fields of the Description object, noting the keys that had the wrong type. */
class FieldReader {
  readonly wrongTypes: string[] = [];

  constructor(private readonly fields: JsonObject) {}

  text(key: string): string {
    const value = this.fields[key];
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number') return String(value);
    this.wrongTypes.push(key);
    return '';
  }

  url(key: string): string {
    const value = this.text(key);
    return HTTP_URL.test(value) ? value : '';
  }

  list(key: string): string[] {
    const value = this.fields[key];
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return value.split(',');
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
    this.wrongTypes.push(key);
    return [];
  }
}

/** Lowercased, trimmed, de-duplicated categories; `['other']` when none are given. */
export function normaliseCategories(categories: readonly string[]): string[] {
  const result = [
    ...new Set(categories.map((category) => category.trim().toLowerCase()).filter((c) => c !== '')),
  ];
  return result.length > 0 ? result : ['other'];
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value.trim()];
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is string => typeof item === 'string')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function osTypesOf(declared: string[], platforms: string[]): Array<'linux' | 'windows'> {
  const types = new Set<'linux' | 'windows'>();
  const source = declared.length > 0 ? declared : platforms;
  for (const entry of source) types.add(/^windows/i.test(entry) ? 'windows' : 'linux');
  return [...types];
}

/** Parses the template's `Constraints` JSON; anything missing or malformed means "no constraint". */
export function parseConstraints(raw: string | undefined): OsConstraints {
  const fields = asRecord(raw ? parseJson(raw) : undefined) ?? {};
  const osPlatforms = stringList(fields.OSPlatforms);
  const imageTypes = stringList(fields.ImageTypes);
  return {
    osPlatforms,
    osTypes: osTypesOf(stringList(fields.OSTypes), osPlatforms),
    osVersions: stringList(fields.OSVersions),
    instanceTypeFamilies: stringList(fields.InstanceTypeFamilies),
    ...(imageTypes.length > 0 ? { imageTypes } : {}),
  };
}

/** Builds the ExtensionPackage of one ListTemplates (or GetTemplate) entry. Never throws. */
export function toExtensionPackage(t: TemplateSummary): ExtensionPackage {
  const parsed = parseDescriptionJson(t.description ?? '');
  const read = new FieldReader(parsed.fields);
  const displayName: Localized = { en: read.text('name-en'), zh: read.text('name-zh-cn') };
  if (displayName.en === '' && displayName.zh === '') {
    displayName.en = readableName(parseTemplateName(t.templateName).name);
  }
  const description: Localized = {
    en: parsed.plainText ?? read.text('en'),
    zh: read.text('zh-cn'),
  };
  const categories = normaliseCategories(read.list('categories'));
  const docUrl: Localized = { en: read.url('doc-en'), zh: read.url('doc-zh-cn') };
  const imageUrl = read.url('image');
  const problem =
    parsed.problem ??
    (read.wrongTypes.length > 0 ? `Description fields of the wrong type: ${read.wrongTypes.join(', ')}` : '');
  const publisher = t.publisher || parseTemplateName(t.templateName).publisherUid;
  return {
    templateName: t.templateName,
    templateId: t.templateId,
    templateVersion: t.templateVersion,
    displayName,
    description,
    categories,
    docUrl,
    ...(imageUrl ? { imageUrl } : {}),
    ...(publisher ? { publisher } : {}),
    ...(t.updatedDate ? { updatedDate: t.updatedDate } : {}),
    constraints: parseConstraints(t.constraints),
    ...(problem ? { descriptionProblem: problem } : {}),
  };
}
