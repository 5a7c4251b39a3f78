/**
 * What can be wrong with an install form, and what the form has to say before it is filled in, as
 * codes with data. The Slack views word them in the reader's language; the domain never does.
 */

/** One problem with a value of the install form, shown under the input it belongs to. */
export type FormProblem =
  | { code: 'instances_empty' }
  | { code: 'instances_bad_shape'; ids: string[] }
  | { code: 'instances_duplicated'; ids: string[] }
  | { code: 'instances_too_many'; count: number; max: number }
  | { code: 'instances_not_found'; ids: string[]; regionId: string }
  | { code: 'instances_not_running'; instances: Array<{ instanceId: string; status: string }> }
  | { code: 'instances_assistant_offline'; ids: string[] }
  | { code: 'instances_wrong_os'; instances: Array<{ instanceId: string; os: string }>; supported: string[] }
  | { code: 'region_unknown'; regionId: string }
  | { code: 'package_bad_name' }
  | { code: 'package_unknown'; name: string }
  | { code: 'param_required' }
  | { code: 'param_not_number' }
  | { code: 'param_number_out_of_range' }
  | { code: 'param_not_integer' }
  | { code: 'param_below_min'; min: number }
  | { code: 'param_above_max'; max: number }
  | { code: 'param_not_boolean' }
  | { code: 'param_not_allowed'; allowed: string[] }
  | { code: 'param_not_json' }
  | { code: 'param_not_list' }
  | { code: 'param_json_number_out_of_range' }
  | { code: 'param_too_short'; min: number }
  | { code: 'param_too_long'; max: number }
  | { code: 'param_pattern'; pattern: string }
  | { code: 'concurrency_invalid' }
  | { code: 'max_errors_invalid' }
  /** A lookup the check needed failed (the cloud or the catalog); `error` says which and why. */
  | { code: 'lookup_failed'; error: unknown };

/** Problems keyed by the input block they belong to (`region`, `instances`, `package`, `param:<Name>`…). */
export type FormErrors = Record<string, FormProblem[]>;

/** A note at the top of the form about what the command's words could not prefill. */
export type FormNotice =
  | { code: 'region_not_listed'; regionId: string; fallback: string }
  | { code: 'package_load_failed'; packageName: string; error: unknown }
  /** The channel's policy does not allow the package the words named. */
  | { code: 'package_not_allowed'; packageName: string }
  | { code: 'no_package_matched'; words: string }
  | { code: 'several_packages_matched'; words: string; names: string[] };

/** Adds `problem` under `blockId`. */
export function addProblem(errors: FormErrors, blockId: string, ...problems: FormProblem[]): void {
  if (problems.length === 0) return;
  errors[blockId] = [...(errors[blockId] ?? []), ...problems];
}
