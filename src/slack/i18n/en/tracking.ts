/**
 * English words of an install's tracking: OOS status words, progress replies, cancel and retry notes,
 * the final and pending report, and the follow-up suggestions. Arguments marked `md` are mrkdwn the
 * view has already escaped; the rest is plain text without markup.
 */

import type { KnownExecutionStatus } from '../../../domain/model.js';
import type { InstanceCounts } from '../../../domain/tracking/progress.js';
import type { ReportOutcome } from '../../../domain/tracking/report.js';
import type { FailureCause } from '../../../domain/tracking/suggestions.js';
import type { TrackingRefusal } from '../../views/report-messages.js';

/** The OOS statuses the bot has words for: an execution's, and an instance's not reached or unknown. */
export type KnownStatus = KnownExecutionStatus | 'NotReached' | 'Unknown';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** English status words. */
export const executionStatus = {
  /** The status within a sentence ("waiting for confirmation"). */
  phrase: {
    Started: 'started',
    Queued: 'queued',
    Running: 'running',
    Waiting: 'waiting for confirmation',
    Pending: 'pending',
    Success: 'succeeded',
    Failed: 'failed',
    Cancelled: 'cancelled',
    NotReached: 'not reached (rollout stopped)',
    Unknown: 'no result reported',
  } satisfies Record<KnownStatus, string>,
  /** The status as a heading: OOS's own name, as the console shows it. */
  heading: (status: string, _phrase: string) => status,
};

/** English words of the thread replies while an install runs. */
export const tracking = {
  /** "1/2 done, 1 failed". */
  progress: (c: InstanceCounts) =>
    [
      `${c.finished}/${c.total} done`,
      c.failed ? `${c.failed} failed` : '',
      c.cancelled ? `${c.cancelled} cancelled` : '',
      c.notReached ? `${c.notReached} not reached` : '',
    ]
      .filter(Boolean)
      .join(', '),
  console: 'console',
  viewInConsole: 'View in console',
  waiting: {
    text: 'Waiting — the execution is paused until someone confirms it in the OOS console',
    body: (idMd: string) =>
      `⏸️ *Waiting for a manual confirmation.* OOS paused execution ${idMd}: a step needs someone with access to the OOS console to confirm it (or to cancel it) before the installation continues. The bot keeps watching and reports here when it moves on.`,
  },
  cancelRequested: {
    text: 'Cancellation requested',
    body: (byMd: string, idMd: string) =>
      `⏹️ ${byMd} asked OOS to cancel execution ${idMd}. Instances that already finished keep the extension; the final report follows once OOS confirms the cancellation.`,
  },
  cancelFailed: {
    text: 'Cancellation failed',
    body: (byMd: string, idMd: string, whyMd: string) =>
      `⚠️ ${byMd}, the execution ${idMd} could not be cancelled. ${whyMd}\nIt is still running: try again, or cancel it in the OOS console.`,
  },
  cancelButton: {
    text: 'Cancel installation',
    title: 'Cancel this installation?',
    body: (executionId: string) =>
      `OOS stops execution ${executionId}. Instances that already finished keep the extension.`,
    confirm: 'Cancel it',
    deny: 'Keep running',
  },
  refusals: {
    not_found: 'That request no longer exists. Send `/ecs-ext status` to see your recent requests.',
    not_running:
      'This installation is not running any more, so there is nothing to cancel. See its final report in the thread.',
    not_allowed:
      'Only the requester or an approver can cancel this installation. Ask one of them, or an OOS console user.',
    already_requested: 'A cancellation was already requested; the final report follows once OOS confirms it.',
    nothing_to_retry:
      'Every instance of this request succeeded (or it has not finished yet): there is nothing to retry.',
  } satisfies Record<TrackingRefusal, string>,
};

/** English words of the final and pending report. */
export const report = {
  labels: {
    extensionName: 'Extension Name',
    target: 'Installation Target',
    parameters: 'Installation Parameters',
    executionId: 'Execution ID',
    executionStatus: 'Execution Status',
    completionTime: 'Completion Time',
    resultDetails: 'Result Details',
    followUp: 'Follow-up Suggestions',
  },
  titles: {
    succeeded: 'Installation succeeded',
    partial: 'Installation partly failed',
    failed: 'Installation failed',
    cancelled: 'Installation cancelled',
    stopped: 'Rollout stopped',
    pending: 'Installation still pending',
  } satisfies Record<ReportOutcome, string>,
  /** The notification line: "Node.js: installation succeeded (5 of 5 instances succeeded)". */
  summary: (name: string, title: string, c: InstanceCounts) =>
    `${name}: ${title.toLowerCase()} (${c.succeeded} of ${c.total} instances succeeded)`,
  target: (regionMd: string, count: number, idsMd: string) =>
    `Region ${regionMd}, ${plural(count, 'instance')}: ${idsMd}`,
  /** "2/2 done, 2 succeeded, 1 failed". */
  tally: (c: InstanceCounts) =>
    [
      `${c.finished}/${c.total} done`,
      `${c.succeeded} succeeded`,
      c.failed ? `${c.failed} failed` : '',
      c.cancelled ? `${c.cancelled} cancelled` : '',
      c.notReached ? `${c.notReached} not reached` : '',
    ]
      .filter(Boolean)
      .join(', '),
  timedOut: (minutes: string, statusMd: string, tally: string) =>
    `Pending (timed out after ${minutes} minutes) — last seen ${statusMd}, ${tally}`,
  notFinished: (started: string) => `Not finished yet (started ${started})`,
  took: (ended: string, duration: string) => `${ended} (took ${duration})`,
  durationUnits: { hours: ' h', minutes: ' min', seconds: ' s' },
  shortened: '_(shortened to fit Slack)_',
  succeededGroup: (count: number, idsMd: string) => `✅ ${count} succeeded: ${idsMd}`,
  notReachedGroup: (count: number, idsMd: string) => `⏭️ ${count} not reached (rollout stopped): ${idsMd}`,
  /** One wave's execution in the Execution ID field. */
  waveExecution: (idMd: string, stage: number) => `${idMd} (wave ${stage})`,
  instanceMessage: (lineMd: string, messageMd: string) => `${lineMd}: ${messageMd}`,
  configuration: 'Configuration',
  output: 'Output',
  /** The heading over a fenced block ("Output:"). */
  blockLabel: (label: string) => `${label}:`,
  noInstances: 'OOS has not reported any instance yet.',
  detailsNote: (requestId: string) =>
    `Some output was shortened to fit Slack. The full text is in the console (View in console) and in \`/ecs-ext status ${requestId}\`.`,
  privateHead: (name: string, requestId: string) =>
    `🔒 Only you can see this. Credentials from ${name} (request \`${requestId}\`); they are masked in the channel. Copy them somewhere safe now (this message disappears when Slack reloads) and change initial passwords after the first login.`,
  privateMore: (requestId: string) =>
    `…more in the console or on the instance (\`/ecs-ext status ${requestId}\`).`,
  requestedBy: (requesterMd: string, requestMd: string) =>
    `Requested by ${requesterMd} · request ${requestMd}`,
  retryFailed: (count: number) => `Retry failed instances (${count})`,
};

/** English follow-up suggestions, by code. */
export const suggestions = {
  check_extension: (shortName: string) =>
    `Check the extension on an instance, e.g. with \`/ecs-ext check ${shortName}\` or by logging in to the instance.`,
  verify_version: (command: string) => `Verify the installation on an instance: \`${command}\`.`,
  open_port: (port: number) =>
    `Open TCP port ${port} in the instance's security group (inbound, ideally only from your own IP range).`,
  find_panel_port: (panel: string, loginCommand: string) =>
    `Allow the ${panel} panel port (shown by \`${loginCommand}\`) in the instance's security group.`,
  panel_login: (loginCommand: string, privateDetails: boolean) =>
    `Get the login address and account: run \`${loginCommand}\` on the instance${privateDetails ? ', or read the details sent privately to the requester' : ''}. Change the initial password after the first login.`,
  failure: {
    cloud_assistant_offline:
      'Cloud Assistant looks offline. On the instance run `systemctl status aliyun.service` (Windows: `Get-Service AliyunService`), start it, then retry.',
    instance_not_running: 'The instance was not Running. Start it in the ECS console, then retry.',
    timed_out: 'The install timed out. Check the instance load (`top`) and its network, then retry.',
    download_failed:
      'Downloading the package failed. Check that the instance can reach the internet or OSS (public IP, NAT gateway, DNS), e.g. `curl -I https://oss-cn-hangzhou.aliyuncs.com`.',
    os_unsupported:
      "The instance's OS is probably not supported by this extension. Compare `cat /etc/os-release` with the supported systems shown by `/ecs-ext info`.",
    disk_full: 'The disk may be full. Run `df -h` on the instance and free some space, then retry.',
    permission_denied:
      'OOS was refused a permission. Check the RAM policy of the account or the OOS execution role (ecs:RunCommand, oos:GetTemplate, oss:GetObject…).',
    unknown: "Open the execution in the console and read the failed task's log for the exact error.",
  } satisfies Record<FailureCause, string>,
  cancelled:
    'The execution was cancelled: instances that had finished keep the extension. Retry the others when ready.',
  retry_failed:
    'Use "Retry failed instances" to request the install again for the instances that did not succeed (it needs approval again).',
  pending_watching:
    'The bot keeps checking in the background and posts the final report here when the execution ends.',
  pending_check: (requestId: string) =>
    `Check it yourself any time: \`/ecs-ext status ${requestId}\`, or open the execution in the OOS console (View in console).`,
  pending_cli: (command: string) => `With the Alibaba Cloud CLI: \`${command}\``,
  pending_waiting:
    'The execution is Waiting: someone must confirm it in the OOS console before it continues.',
};
