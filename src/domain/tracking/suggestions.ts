/**
 * Follow-up suggestions for the final report: what to do next for this kind of package (open a panel's
 * port, check a runtime's version) and, for failed instances, the likely cause and the check to run.
 */
import {
  type InstallRequest,
  type InstanceOutcome,
  type Locale,
  type Localized,
  pickText,
} from '../model.js';
import { countInstances } from './progress.js';

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

/** The short name inside `ACS-Extension-<name>-<publisher uid>`, else the whole TemplateName. */
function packageShortName(templateName: string): string {
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

function say(locale: Locale, text: Localized): string {
  return pickText(text, locale);
}

/** Suggestions for the instances that succeeded, by package kind. */
function successSuggestions(request: InstallRequest, locale: Locale, hasPrivate: boolean): string[] {
  const kind = packageKind(request);
  if (!kind) {
    return [
      say(locale, {
        en: `Check the extension on an instance, e.g. with \`/ecs-ext check ${packageShortName(request.packageName)}\` or by logging in to the instance.`,
        zh: `可登录实例检查扩展，或使用 \`/ecs-ext check ${packageShortName(request.packageName)}\` 查看详情。`,
      }),
    ];
  }
  if (kind.kind === 'tool') {
    const lines = [
      say(locale, {
        en: `Verify the installation on an instance: \`${kind.versionCommand}\`.`,
        zh: `在实例上验证安装结果：\`${kind.versionCommand}\`。`,
      }),
    ];
    const port = portParameter(request.parameters) ?? kind.port;
    if (port) lines.push(openPortLine(port, locale));
    return lines;
  }
  const port = portParameter(request.parameters) ?? kind.defaultPort;
  const lines = [
    port
      ? openPortLine(port, locale)
      : say(locale, {
          en: `Allow the ${kind.name} panel port (shown by \`${kind.loginCommand}\`) in the instance's security group.`,
          zh: `在实例的安全组中放行 ${kind.name} 面板端口（可用 \`${kind.loginCommand}\` 查看）。`,
        }),
    say(locale, {
      en: `Get the login address and account: run \`${kind.loginCommand}\` on the instance${hasPrivate ? ', or read the details sent privately to the requester' : ''}. Change the initial password after the first login.`,
      zh: `获取登录地址和账号：在实例上运行 \`${kind.loginCommand}\`${hasPrivate ? '，或查看私下发送给申请人的信息' : ''}。首次登录后请修改初始密码。`,
    }),
  ];
  return lines;
}

function openPortLine(port: number, locale: Locale): string {
  return say(locale, {
    en: `Open TCP port ${port} in the instance's security group (inbound, ideally only from your own IP range).`,
    zh: `在实例的安全组中放行入方向 TCP ${port} 端口（建议只对自己的 IP 段开放）。`,
  });
}

interface FailureCause {
  match: RegExp;
  text: Localized;
}

const FAILURE_CAUSES: readonly FailureCause[] = [
  {
    match: /cloud ?assistant|aliyun[._ ]?service|heartbeat|agent.*(offline|not online)|云助手/i,
    text: {
      en: 'Cloud Assistant looks offline. On the instance run `systemctl status aliyun.service` (Windows: `Get-Service AliyunService`), start it, then retry.',
      zh: '云助手似乎不在线。请在实例上运行 `systemctl status aliyun.service`（Windows：`Get-Service AliyunService`）并启动它，然后重试。',
    },
  },
  {
    match: /not running|stopped|instance.*status|InvalidInstance|IncorrectInstanceStatus/i,
    text: {
      en: 'The instance was not Running. Start it in the ECS console, then retry.',
      zh: '实例不在运行中。请在 ECS 控制台启动实例后重试。',
    },
  },
  {
    match: /time ?out|timed out|超时/i,
    text: {
      en: 'The install timed out. Check the instance load (`top`) and its network, then retry.',
      zh: '安装超时。请检查实例负载（`top`）和网络后重试。',
    },
  },
  {
    match: /download|oss|network|connect|resolve|dns|unreachable|curl|wget|下载|网络/i,
    text: {
      en: 'Downloading the package failed. Check that the instance can reach the internet or OSS (public IP, NAT gateway, DNS), e.g. `curl -I https://oss-cn-hangzhou.aliyuncs.com`.',
      zh: '下载安装包失败。请确认实例能访问公网或 OSS（公网 IP、NAT 网关、DNS），例如 `curl -I https://oss-cn-hangzhou.aliyuncs.com`。',
    },
  },
  {
    match: /not support|unsupported|os ?type|platform|architecture|不支持/i,
    text: {
      en: "The instance's OS is probably not supported by this extension. Compare `cat /etc/os-release` with the supported systems shown by `/ecs-ext info`.",
      zh: '此扩展可能不支持该实例的操作系统。请用 `cat /etc/os-release` 对照 `/ecs-ext info` 显示的支持系统。',
    },
  },
  {
    match: /disk|space|ENOSPC|磁盘/i,
    text: {
      en: 'The disk may be full. Run `df -h` on the instance and free some space, then retry.',
      zh: '磁盘空间可能不足。请在实例上运行 `df -h` 并清理空间后重试。',
    },
  },
  {
    match: /forbidden|not ?authori[sz]ed|NoPermission|permission|RAM/i,
    text: {
      en: 'OOS was refused a permission. Check the RAM policy of the account or the OOS execution role (ecs:RunCommand, oos:GetTemplate, oss:GetObject…).',
      zh: 'OOS 缺少权限。请检查账号或 OOS 执行角色的 RAM 策略（ecs:RunCommand、oos:GetTemplate、oss:GetObject 等）。',
    },
  },
];

const GENERIC_FAILURE: Localized = {
  en: "Open the execution in the console and read the failed task's log for the exact error.",
  zh: '请在控制台打开该执行，查看失败任务的日志以了解具体错误。',
};

/** The likely cause of one failure message and the check to run. */
function failureHint(message: string, locale: Locale): string {
  const cause = FAILURE_CAUSES.find((c) => c.match.test(message));
  return say(locale, cause?.text ?? GENERIC_FAILURE);
}

/** Suggestions for a report: package-specific next steps, failure causes, a retry hint. */
export function followUpSuggestions(
  request: InstallRequest,
  locale: Locale,
  options: { hasPrivateDetails: boolean },
): string[] {
  const execution = request.execution;
  if (!execution) return [];
  const counts = countInstances(execution.instances);
  const lines: string[] = [];
  if (counts.succeeded > 0) lines.push(...successSuggestions(request, locale, options.hasPrivateDetails));
  const failures: InstanceOutcome[] = execution.instances.filter((i) => i.status === 'Failed');
  const messages = failures.map((f) => f.message || execution.statusMessage);
  if (failures.length === 0 && execution.status === 'Failed') messages.push(execution.statusMessage);
  const hints = [...new Set(messages.map((m) => failureHint(m, locale)))];
  lines.push(...hints);
  if (execution.status === 'Cancelled') {
    lines.push(
      say(locale, {
        en: 'The execution was cancelled: instances that had finished keep the extension. Retry the others when ready.',
        zh: '执行已取消：已完成的实例保留扩展。准备好后可重试其余实例。',
      }),
    );
  }
  if (counts.total > counts.succeeded) {
    lines.push(
      say(locale, {
        en: 'Use "Retry failed instances" to request the install again for the instances that did not succeed (it needs approval again).',
        zh: '可点击“重试失败实例”为未成功的实例重新发起安装申请（需要重新审批）。',
      }),
    );
  }
  return lines;
}
