/**
 * Follow-up suggestions for the final report, as codes with data: what to do next for this kind of
 * package (open a panel's port, check a runtime's version) and, for failed instances, the likely cause.
 * The Slack views say them in the reader's language.
 */
import type { InstallRequest, InstanceOutcome } from '../model.js';
import { countInstances } from './progress.js';

/** Why an instance probably failed, read from OOS's message. */
export type FailureCause =
  | 'cloud_assistant_offline'
  | 'instance_not_running'
  | 'timed_out'
  | 'download_failed'
  | 'os_unsupported'
  | 'disk_full'
  | 'permission_denied'
  | 'unknown';

/** One next step the report suggests. */
export type Suggestion =
  /** An extension of no known kind: look at it on an instance. */
  | { code: 'check_extension'; shortName: string }
  /** A runtime or tool: run its version command on an instance. */
  | { code: 'verify_version'; command: string }
  /** Open this TCP port in the instance's security group. */
  | { code: 'open_port'; port: number }
  /** A panel whose port is unknown: find it with the login command and open it. */
  | { code: 'find_panel_port'; panel: string; loginCommand: string }
  /** How to get a panel's login address and account. */
  | { code: 'panel_login'; loginCommand: string; privateDetails: boolean }
  /** The likely cause of failed instances and the check to run. */
  | { code: 'failure'; cause: FailureCause }
  /** The execution was cancelled: finished instances keep the extension. */
  | { code: 'cancelled' }
  /** Some instances did not succeed: the retry button requests them again. */
  | { code: 'retry_failed' }
  /** Pending report: the bot keeps watching and reports later. */
  | { code: 'pending_watching' }
  /** Pending report: how to check on the request yourself. */
  | { code: 'pending_check'; requestId: string }
  /** Pending report: the Alibaba Cloud CLI command that shows the execution. */
  | { code: 'pending_cli'; regionId: string; executionId: string }
  /** Pending report: the execution waits for a confirmation in the OOS console. */
  | { code: 'pending_waiting' };

/** A panel-type extension: reached in a browser on a port. */
interface PanelKind {
  kind: 'panel';
  match: RegExp;
  name: string;
  defaultPort?: number;
  /** Command on the instance that prints the login address and account. */
  loginCommand: string;
}

/** A runtime or tool: checked with a version command. */
interface ToolKind {
  kind: 'tool';
  match: RegExp;
  versionCommand: string;
  /** A port a server usually listens on, worth opening in the security group. */
  port?: number;
}

const PACKAGE_KINDS: ReadonlyArray<PanelKind | ToolKind> = [
  {
    kind: 'panel',
    match: /baota|bt-?panel|宝塔/i,
    name: 'BaoTa',
    defaultPort: 8888,
    loginCommand: 'bt default',
  },
  { kind: 'panel', match: /1panel/i, name: '1Panel', loginCommand: '1pctl user-info' },
  { kind: 'panel', match: /aapanel/i, name: 'aaPanel', defaultPort: 7800, loginCommand: 'bt default' },
  { kind: 'tool', match: /docker/i, versionCommand: 'docker --version' },
  { kind: 'tool', match: /node/i, versionCommand: 'node -v' },
  { kind: 'tool', match: /python/i, versionCommand: 'python3 --version' },
  { kind: 'tool', match: /java|jdk/i, versionCommand: 'java -version' },
  { kind: 'tool', match: /golang|(^|-)go(-|$)/i, versionCommand: 'go version' },
  { kind: 'tool', match: /(^|-)git(-|$)/i, versionCommand: 'git --version' },
  { kind: 'tool', match: /nginx/i, versionCommand: 'nginx -v', port: 80 },
  { kind: 'tool', match: /mysql/i, versionCommand: 'mysql --version' },
  { kind: 'tool', match: /redis/i, versionCommand: 'redis-server --version' },
  { kind: 'tool', match: /php/i, versionCommand: 'php -v' },
  { kind: 'tool', match: /postgres/i, versionCommand: 'psql --version' },
  { kind: 'tool', match: /mongo/i, versionCommand: 'mongod --version' },
  { kind: 'tool', match: /tomcat/i, versionCommand: 'systemctl status tomcat', port: 8080 },
  { kind: 'tool', match: /jenkins/i, versionCommand: 'systemctl status jenkins', port: 8080 },
  { kind: 'tool', match: /ollama/i, versionCommand: 'ollama --version' },
];

/**
 * Patterns of OOS and install-script messages, first match wins. Chinese words are matched because
 * scripts on Chinese images print Chinese errors.
 */
const FAILURE_PATTERNS: ReadonlyArray<{ match: RegExp; cause: FailureCause }> = [
  {
    match: /cloud ?assistant|aliyun[._ ]?service|heartbeat|agent.*(offline|not online)|云助手/i,
    cause: 'cloud_assistant_offline',
  },
  {
    match: /not running|stopped|instance.*status|InvalidInstance|IncorrectInstanceStatus/i,
    cause: 'instance_not_running',
  },
  { match: /time ?out|timed out|超时/i, cause: 'timed_out' },
  {
    match: /download|oss|network|connect|resolve|dns|unreachable|curl|wget|下载|网络/i,
    cause: 'download_failed',
  },
  { match: /not support|unsupported|os ?type|platform|architecture|不支持/i, cause: 'os_unsupported' },
  { match: /disk|space|ENOSPC|磁盘/i, cause: 'disk_full' },
  { match: /forbidden|not ?authori[sz]ed|NoPermission|permission|RAM/i, cause: 'permission_denied' },
];

/** The short name inside `ACS-Extension-<name>-<publisher uid>`, else the whole TemplateName. */
export function packageShortName(templateName: string): string {
  const match = /^ACS-Extension-(.+?)-\d{6,}$/.exec(templateName);
  return match?.[1] ?? templateName;
}

function packageKind(request: InstallRequest): PanelKind | ToolKind | undefined {
  const short = packageShortName(request.packageName);
  return PACKAGE_KINDS.find((k) => k.match.test(short) || k.match.test(request.packageDisplayName));
}

/** A port named by the install parameters (`port`, `panel_port`, `PanelPort`…), if any. */
function portParameter(parameters: Record<string, unknown>): number | undefined {
  for (const [name, value] of Object.entries(parameters)) {
    if (!/port/i.test(name)) continue;
    const port = Number(value);
    if (Number.isInteger(port) && port > 0 && port < 65536) return port;
  }
  return undefined;
}

/** Suggestions for the instances that succeeded, by package kind. */
function successSuggestions(request: InstallRequest, privateDetails: boolean): Suggestion[] {
  const kind = packageKind(request);
  if (!kind) return [{ code: 'check_extension', shortName: packageShortName(request.packageName) }];
  if (kind.kind === 'tool') {
    const port = portParameter(request.parameters) ?? kind.port;
    const verify: Suggestion = { code: 'verify_version', command: kind.versionCommand };
    return port ? [verify, { code: 'open_port', port }] : [verify];
  }
  const port = portParameter(request.parameters) ?? kind.defaultPort;
  return [
    port
      ? { code: 'open_port', port }
      : { code: 'find_panel_port', panel: kind.name, loginCommand: kind.loginCommand },
    { code: 'panel_login', loginCommand: kind.loginCommand, privateDetails },
  ];
}

/** The likely cause of one failure message. */
export function failureCause(message: string): FailureCause {
  return FAILURE_PATTERNS.find((p) => p.match.test(message))?.cause ?? 'unknown';
}

/** Suggestions for a final report: package-specific next steps, failure causes, a retry hint. */
export function followUpSuggestions(
  request: InstallRequest,
  options: { privateDetails: boolean },
): Suggestion[] {
  const execution = request.execution;
  if (!execution) return [];
  const counts = countInstances(execution.instances);
  const suggestions: Suggestion[] = [];
  if (counts.succeeded > 0) suggestions.push(...successSuggestions(request, options.privateDetails));
  const failures: InstanceOutcome[] = execution.instances.filter((i) => i.status === 'Failed');
  const messages = failures.map((f) => f.message || execution.statusMessage);
  if (failures.length === 0 && execution.status === 'Failed') messages.push(execution.statusMessage);
  const causes = [...new Set(messages.map(failureCause))];
  suggestions.push(...causes.map((cause): Suggestion => ({ code: 'failure', cause })));
  if (execution.status === 'Cancelled') suggestions.push({ code: 'cancelled' });
  if (counts.total > counts.succeeded) suggestions.push({ code: 'retry_failed' });
  return suggestions;
}

/** Suggestions for a pending report: the bot keeps watching, and how to check meanwhile. */
export function pendingSuggestions(request: InstallRequest): Suggestion[] {
  const execution = request.execution;
  const suggestions: Suggestion[] = [
    { code: 'pending_watching' },
    { code: 'pending_check', requestId: request.id },
  ];
  if (execution) {
    suggestions.push({
      code: 'pending_cli',
      regionId: execution.regionId,
      executionId: execution.executionId,
    });
  }
  if (execution?.status === 'Waiting') suggestions.push({ code: 'pending_waiting' });
  return suggestions;
}
