/**
 * English words of the install form: the modal's labels and hints (plain text), the notes at its top,
 * and the problems shown under its inputs. List arguments arrive joined and shortened by the view.
 */
import type { FormNotice, FormProblem } from '../../../domain/install/form-problems.js';

/** The words of one form problem, given its data and the view's list and error helpers. */
type ProblemWords = {
  [C in FormProblem['code']]: (
    problem: Extract<FormProblem, { code: C }>,
    list: (items: string[], max?: number) => string,
    error: (err: unknown) => string,
  ) => string;
};

/** The words of one form notice. */
type NoticeWords = {
  [C in FormNotice['code']]: (
    notice: Extract<FormNotice, { code: C }>,
    list: (items: string[], max?: number) => string,
    error: (err: unknown) => string,
  ) => string;
};

const EXAMPLE_ID = 'i-bp1abcdefghij0123456';

/** English words of the install modal. */
export const form = {
  title: 'Install extension',
  cancel: 'Cancel',
  close: 'Close',
  submit: 'Request install',
  loading: ':hourglass_flowing_sand: Loading regions, instances and extension details…',
  loadFailed: (messageMd: string) => `:warning: *The install form could not be loaded.*\n${messageMd}`,
  intro:
    'Choose the extension and the instances. Nothing is installed until the request is approved in the channel.',
  region: {
    label: 'Region',
    typeHint: 'A region ID, e.g. cn-hangzhou.',
    hint: 'The region the instances are in.',
    placeholder: 'Choose a region',
  },
  instances: {
    label: 'Instance IDs',
    hint: (max: number) =>
      `IDs like i-bp1abc…, separated by spaces, commas or new lines; at most ${max}. You can also pick instances below — at least one is needed.`,
  },
  picker: {
    label: 'Or pick running instances',
    hint: 'Searches running instances of the chosen region by name or ID.',
    placeholder: 'Search instances',
  },
  package: {
    label: 'Extension',
    hint: 'Search by name. Its installation parameters appear below once chosen.',
    placeholder: 'Search extensions',
  },
  chooseExtension: 'Choose an extension to see its installation parameters.',
  noParameters: (nameMd: string, version: string) =>
    `*${nameMd}* (${version}) has no installation parameters.`,
  parametersRetry: (nameMd: string, version: string) =>
    `*Installation parameters of ${nameMd}* (${version}). The values of the original request are filled in; secret values are not kept, so type them again.`,
  parameters: (nameMd: string, version: string) =>
    `*Installation parameters of ${nameMd}* (${version}). Defaults are filled in.`,
  tooManyParameters: (count: number, fits: number, rest: number) =>
    `:warning: This extension has ${count} parameters; the form can show ${fits}. The other ${rest} keep their defaults.`,
  chooseValue: 'Choose a value',
  yes: 'Yes',
  no: 'No',
  yesOrNo: 'Yes or no',
  mustBeJson: 'Must be valid JSON.',
  secretRetry: (hasDefault: boolean): string =>
    hasDefault
      ? 'Secret: the original value was not kept, so type it again (leave empty for the template default). Shown as ****** everywhere after you submit.'
      : 'Secret: the original value was not kept, so type it again. Shown as ****** everywhere after you submit.',
  secret: (hasDefault: boolean): string =>
    hasDefault
      ? 'Secret: leave empty to keep the template default. Shown as ****** everywhere after you submit.'
      : 'Secret: shown as ****** everywhere after you submit.',
  longDefault: 'Leave empty to use the (long) default.',
  advanced: 'Advanced',
  concurrency: { label: 'Concurrency', hint: 'How many instances are installed at the same time.' },
  maxErrors: {
    label: 'Max errors',
    hint: 'The installation stops once more instances than this have failed.',
  },
};

/** English problems under the form's inputs, by code. */
const problems: ProblemWords = {
  instances_empty: () => `Enter at least one instance ID, e.g. ${EXAMPLE_ID}.`,
  instances_bad_shape: (p, list) => `Not an instance ID: ${list(p.ids)}. IDs look like ${EXAMPLE_ID}.`,
  instances_duplicated: (p, list) => `Listed more than once: ${list(p.ids)}. Enter each instance once.`,
  instances_too_many: (p) =>
    `${p.count} instances entered; one request may target at most ${p.max}. Split them into several requests.`,
  instances_not_found: (p, list) =>
    `Not found in ${p.regionId}: ${list(p.ids)}. Check the IDs or pick the instances' region.`,
  instances_not_running: (p, list) =>
    `Not running: ${list(p.instances.map((i) => `${i.instanceId} (${i.status})`))}. Start them first.`,
  instances_assistant_offline: (p, list) =>
    `Cloud Assistant is not online on ${list(p.ids)}. Install or restart the Cloud Assistant agent, then try again.`,
  instances_wrong_os: (p, list) =>
    `This extension supports ${p.supported.join(', ')}; not: ${list(p.instances.map((i) => `${i.instanceId} (${i.os})`))}.`,
  region_unknown: (p) =>
    `${p.regionId || '(empty)'} is not an ECS region available to this account. Pick one from the list.`,
  package_bad_name: () =>
    'Pick an extension from the list (a template name such as ACS-Extension-node-1853370294850618).',
  package_unknown: (p) => `${p.name} is not a public extension package. Pick one from the list.`,
  param_required: () => 'This parameter is required.',
  param_not_number: () => 'Enter a number, e.g. 8080.',
  param_number_out_of_range: () =>
    `This number is too large to send exactly; enter one between ${-Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}.`,
  param_not_integer: () => 'Enter a whole number, e.g. 3.',
  param_below_min: (p) => `Must be at least ${p.min}.`,
  param_above_max: (p) => `Must be at most ${p.max}.`,
  param_not_boolean: () => 'Enter true or false.',
  param_not_allowed: (p, list) => `Must be one of: ${list(p.allowed, 10)}.`,
  param_not_json: () => 'Enter valid JSON, e.g. {"key": "value"}.',
  param_not_list: () => 'Enter a JSON list, e.g. ["a", "b"].',
  param_json_number_out_of_range: () =>
    'A number in this JSON is too large to send exactly; write it as a string ("123…") or use a smaller one.',
  param_too_short: (p) => `Must be at least ${p.min} characters long.`,
  param_too_long: (p) => `Must be at most ${p.max} characters long.`,
  param_pattern: (p) => `Does not match the expected format ${p.pattern}.`,
  concurrency_invalid: () => 'Enter a whole number of 1 or more (instances installed at the same time).',
  max_errors_invalid: () => 'Enter a whole number of 0 or more (failed instances tolerated before stopping).',
  lookup_failed: (p, _list, error) => error(p.error),
};

/** English notes at the top of the form, by code. */
const notices: NoticeWords = {
  region_not_listed: (n) => `${n.regionId} is not an available region; ${n.fallback} is selected instead.`,
  package_load_failed: (n, _list, error) => `Could not load ${n.packageName}: ${error(n.error)}`,
  package_not_allowed: (n) =>
    `${n.packageName} is not allowed in this channel (its policy's packages rule); pick an allowed extension below.`,
  no_package_matched: (n) => `No extension matched "${n.words}"; pick one below.`,
  several_packages_matched: (n, list) =>
    `Several extensions match "${n.words}" (${list(n.names, 3)}); pick one below.`,
};

/** English words of form problems and notices. */
export const formProblems = {
  /** What replaces list items past the first few. */
  more: (shown: string, count: number) => `${shown} …and ${count} more`,
  problems,
  notices,
};
