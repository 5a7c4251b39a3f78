/**
 * Every Slack identifier the bot uses (command, callback ids, block ids, action ids). The ones fixed by
 * the contract (install_request, region, instances, package, param:<Name>, approve, reject) must not change.
 */

/** The slash command. */
export const SLASH_COMMAND = '/ecs-ext';

/** Modal callback ids. */
export const CallbackIds = {
  /** The install form (contract). */
  installRequest: 'install_request',
  /** The Home tab's small "what's installed on…" modal. */
  installedQuery: 'installed_query',
} as const;

/** Input block ids of the install modal (contract: region, instances, package, param:<Name>). */
export const BlockIds = {
  region: 'region',
  instances: 'instances',
  package: 'package',
  /** Prefix of one input block per package parameter: `param:<Name>`. */
  paramPrefix: 'param:',
  instancePicker: 'instance_picker',
  concurrency: 'concurrency',
  maxErrors: 'max_errors',
  /** Rollout inputs (contract): `all` | `canary` | `waves`, the wave size, and the request's reason. */
  rollout: 'rollout',
  waveSize: 'wave_size',
  reason: 'reason',
  /** What the installer does (contract): `install` | `update` | `uninstall`. */
  action: 'action',
  /** Non-input blocks. */
  paramsHeader: 'params_header',
  advancedHeader: 'advanced_header',
  rolloutHeader: 'rollout_header',
} as const;

/** The input block id of one package parameter. */
export function paramBlockId(name: string): string {
  return `${BlockIds.paramPrefix}${name}`;
}

/** Action ids. */
export const ActionIds = {
  /** Confirmation message buttons (contract); value = request id. */
  approve: 'approve',
  reject: 'reject',
  /** The requester withdraws the request before it starts; value = request id. */
  withdraw: 'withdraw',
  /** "Install…" / "Open install form" buttons; value = JSON prefill. */
  openInstallForm: 'open_install_form',
  /** Catalog paging buttons; value = JSON {page, filter}. */
  listPage: 'list_page',
  /** Install modal elements. */
  regionSelect: 'region_select',
  instancesInput: 'instances_input',
  instancePicker: 'instance_picker_select',
  packageSelect: 'package_select',
  paramValue: 'param_value',
  concurrency: 'concurrency_input',
  maxErrors: 'max_errors_input',
  rolloutSelect: 'rollout_select',
  waveSizeInput: 'wave_size_input',
  reasonInput: 'reason_input',
  actionSelect: 'action_select',
  /** Rollout buttons in the thread (contract); value = request id. */
  continueRollout: 'continue_rollout',
  stopRollout: 'stop_rollout',
  /** Report / tracking buttons; value = request id. */
  cancelExecution: 'cancel_execution',
  retryFailed: 'retry_failed',
  viewConsole: 'view_console',
  showOutput: 'show_output',
  /** Report button of a successful install or update (contract); value = request id. */
  undo: 'undo',
  /** Home tab: opens the "what's installed on…" modal. */
  homeInstalled: 'home_installed',
} as const;
