/**
 * Maps a package template's `Content.Parameters` to install parameters the form and the request use.
 */
import { isSecretParameter } from '../install/secrets.js';
import { isRecord } from '../json.js';
import type {
  ExtensionPackage,
  Localized,
  PackageDetails,
  PackageParameter,
  ParameterType,
  TemplateDocument,
} from '../model.js';

const TYPES: Record<string, ParameterType> = {
  string: 'String',
  number: 'Number',
  numeric: 'Number',
  float: 'Number',
  integer: 'Integer',
  int: 'Integer',
  boolean: 'Boolean',
  bool: 'Boolean',
  list: 'List',
  array: 'List',
  commadelimitedlist: 'List',
  json: 'Json',
  object: 'Json',
};

type Spec = Record<string, unknown>;

function parameterType(value: unknown): ParameterType {
  if (typeof value !== 'string') return 'String';
  return TYPES[value.trim().toLowerCase()] ?? 'String';
}

function localized(value: unknown): Localized {
  if (typeof value === 'string') return { en: value.trim(), zh: '' };
  if (!isRecord(value)) return { en: '', zh: '' };
  const inner = isRecord(value.default) ? value.default : value;
  const pick = (...keys: string[]): string => {
    for (const key of keys) {
      const text = inner[key];
      if (typeof text === 'string' && text.trim() !== '') return text.trim();
    }
    return '';
  };
  return { en: pick('en', 'en-us', 'default'), zh: pick('zh-cn', 'zh', 'zh_cn') };
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function toParameter(name: string, raw: unknown): PackageParameter {
  const spec: Spec = isRecord(raw) ? raw : {};
  const label = localized(spec.Label);
  const association = typeof spec.AssociationProperty === 'string' ? spec.AssociationProperty : undefined;
  const hasDefault = spec.Default !== undefined && spec.Default !== null;
  const limits = {
    minLength: numberOf(spec.MinLength),
    maxLength: numberOf(spec.MaxLength),
    minValue: numberOf(spec.MinValue),
    maxValue: numberOf(spec.MaxValue),
  };
  const parameter: PackageParameter = {
    name,
    type: parameterType(spec.Type),
    label: label.en === '' && label.zh === '' ? { en: name, zh: '' } : label,
    description: localized(spec.Description),
    required: !hasDefault,
    secret: isSecretParameter({
      name,
      label,
      description: localized(spec.Description),
      associationProperty: association,
      noEcho: spec.NoEcho,
    }),
  };
  if (hasDefault) parameter.default = spec.Default;
  if (Array.isArray(spec.AllowedValues)) parameter.allowedValues = spec.AllowedValues;
  if (association) parameter.associationProperty = association;
  if (typeof spec.AllowedPattern === 'string' && spec.AllowedPattern !== '') {
    parameter.allowedPattern = spec.AllowedPattern;
  }
  for (const [key, value] of Object.entries(limits)) {
    if (value !== undefined) parameter[key as keyof typeof limits] = value;
  }
  return parameter;
}

/**
 * The install parameters of a package, in template order. Unknown types read as String, a missing
 * Label falls back to the parameter name, and no Default means the user must give a value.
 */
export function toPackageParameters(content: Record<string, unknown>): PackageParameter[] {
  const parameters = content.Parameters;
  if (!isRecord(parameters)) return [];
  return Object.entries(parameters).map(([name, spec]) => toParameter(name, spec));
}

/** A package with the parameters and version of its GetTemplate document. */
export function toPackageDetails(pkg: ExtensionPackage, doc: TemplateDocument): PackageDetails {
  return {
    package: pkg,
    templateVersion: doc.summary.templateVersion || pkg.templateVersion,
    parameters: toPackageParameters(doc.content),
  };
}
