/**
 * English words about an install request: its confirmation message, its thread replies during
 * approval, and `/ecs-ext status`. Arguments ending in `Md` are mrkdwn the view has escaped; the others
 * are plain text or numbers.
 */
import type { HistoryEntry, RequestStatus } from '../../../domain/model.js';

/** The sentence the contract requires on every confirmation message. */
export const CONFIRM_SENTENCE_EN =
  'Please confirm the above parameters are correct before I proceed with installation.';

const s = (n: number) => (n === 1 ? '' : 's');
const tail = (detailMd: string, sep = ': ') => (detailMd ? `${sep}${detailMd}` : '');

/** English words of the confirmation message and the request summary. */
export const request = {
  header: (name: string) => `Install request: ${name}`,
  /** A short word for the status, for fallback texts and lists. */
  statusWord: {
    pending: 'waiting for approval',
    starting: 'starting',
    running: 'installing',
    succeeded: 'succeeded',
    failed: 'failed',
    cancelled: 'cancelled',
    rejected: 'rejected',
    expired: 'expired',
    withdrawn: 'withdrawn',
    blocked: 'not started (duplicate)',
    start_failed: 'could not start',
  } satisfies Record<RequestStatus, string>,
  /** The line at the top saying where the request stands; `countsMd` may be empty. */
  statusLine: {
    pending: (approvals: string) =>
      `:hourglass_flowing_sand: *Waiting for approval* — ${approvals} approvals`,
    starting: ':rocket: *Approved — starting the installation…*',
    startingUnconfirmed:
      ':hourglass_flowing_sand: *Starting (unconfirmed)* — confirming with OOS whether the installation started',
    running: (statusMd: string, countsMd: string) =>
      `:arrows_counterclockwise: *Installing* — OOS status ${statusMd}${countsMd ? `; ${countsMd}` : ''}`,
    succeeded: (countsMd: string) => `:white_check_mark: *Installed successfully*${tail(countsMd, ' — ')}`,
    failed: (countsMd: string) => `:x: *Installation failed*${tail(countsMd, ' — ')}`,
    cancelled: (countsMd: string) => `:no_entry_sign: *Installation cancelled*${tail(countsMd, ' — ')}`,
    rejected: (actorMd: string) =>
      `:no_entry: *Rejected*${actorMd ? ` by ${actorMd}` : ''} — nothing was installed`,
    expired: (required: number) =>
      `:hourglass: *Expired* — it did not get ${required} approval(s) in time; nothing was installed`,
    withdrawn: (actorMd: string) =>
      `:leftwards_arrow_with_hook: *Withdrawn*${actorMd ? ` by ${actorMd}` : ''} — nothing was installed`,
    blocked:
      ':warning: *Not started* — another execution is already installing this extension on some of these instances',
    start_failed: (detailMd: string) => `:x: *Could not start the installation*${tail(detailMd, ' — ')}`,
  },
  counts: {
    succeeded: (n: number) => `${n} succeeded`,
    failed: (n: number) => `${n} failed`,
    cancelled: (n: number) => `${n} cancelled`,
    inProgress: (n: number) => `${n} in progress`,
  },
  requester: 'Requester',
  instances: 'Instances',
  parametersHead: '*Installation parameters*',
  noParameters: 'This extension has no parameters.',
  defaultMark: '(default)',
  templateDefault: 'template default',
  empty: '(empty)',
  approval: (whoMd: string, given: number, required: number, givenMd: string) =>
    `*Who can approve:* ${whoMd}\n*Approvals:* ${given} of ${required} needed${givenMd ? ` (${givenMd})` : ''}`,
  anyone: 'anyone in this channel',
  anyoneButRequester: 'anyone except the requester',
  duplicatesHead:
    ':warning: *Already running:* another execution installs this extension on some of these instances. The install will not start while it runs.',
  execution: (idMd: string, linkMd: string, statusMd: string) =>
    `*Execution* ${idMd} · ${linkMd} · ${statusMd}`,
  openInConsole: 'Open in the OOS console',
  preflight: {
    head: '*Pre-flight checks*',
    none: 'No findings.',
    allGood: (total: number) =>
      `:white_check_mark: All ${total} instance(s) are running with Cloud Assistant online.`,
    online: 'Cloud Assistant online',
    offline: 'Cloud Assistant *offline*',
    unknown: 'Cloud Assistant unknown',
  },
  pendingFooter: (idMd: string, expiresMd: string) => `Request ${idMd} · expires ${expiresMd}`,
  footer: (idMd: string) => `Request ${idMd}`,
  /** The confirmation question (the contract's English sentence stays in every language). */
  confirmQuestion: `*${CONFIRM_SENTENCE_EN}*`,
  approve: 'Approve',
  reject: {
    button: 'Reject',
    title: 'Reject this request?',
    text: 'Nothing will be installed. This cannot be undone.',
    confirm: 'Reject',
    deny: 'Keep it',
  },
  withdraw: {
    button: 'Cancel request',
    title: 'Cancel this request?',
    text: 'Only the requester can cancel. Nothing will be installed.',
    confirm: 'Cancel request',
    deny: 'Keep it',
  },
  /** `title` is the action's header ("Uninstall request: Docker CE"). */
  fallback: (title: string, id: string, count: number, regionId: string, status: string) =>
    `${title} (${id}) on ${count} instance(s) in ${regionId} — ${status}`,
};

/** English thread replies while a request waits for approval or starts. */
export const approval = {
  approved: (byMd: string, count: number, required: number) =>
    `:white_check_mark: ${byMd} approved (${count}/${required}).${count >= required ? ' All approvals are in — starting the installation.' : ` ${required - count} more needed.`}`,
  rejected: (byMd: string, requesterMd: string) =>
    `:no_entry: ${byMd} rejected the request. Nothing will be installed. ${requesterMd}, you can submit a new request with \`/ecs-ext install\`.`,
  withdrawn: (byMd: string) =>
    `:leftwards_arrow_with_hook: ${byMd} cancelled the request. Nothing will be installed.`,
  expired: (required: number, ttl: string, requesterMd: string) =>
    `:hourglass: Request expired: it did not get ${required} approval(s) within ${ttl}. Nothing was installed. ${requesterMd}, submit a new request with \`/ecs-ext install\` if it is still needed.`,
  ttl: {
    days: (n: number) => `${n} day(s)`,
    hours: (n: number) => `${n} hour(s)`,
    minutes: (n: number) => `${n} minute(s)`,
  },
  blockedHead: ':warning: *The installation was not started.*',
  blockedAdvice:
    '*What to do:* wait for that execution to finish (or cancel it in the console), then submit a new request with `/ecs-ext install`.',
  started: (idMd: string, linkMd: string) =>
    `:rocket: *Installation started.* Execution ID ${idMd} — ${linkMd}. I will post progress and the final report in this thread.`,
  startedLink: 'open in the OOS console',
  startFailedHead: ':x: *Could not start the installation.*',
  startUnconfirmed: (problemMd: string) =>
    `:hourglass_flowing_sand: *Confirming the start with OOS.* OOS did not answer whether the installation started (${problemMd}), and could not be asked yet. It may be running. I keep asking and will post here as soon as OOS says; please do not submit it again.`,
  startFailedAdvice:
    'Nothing was installed. Once the problem is fixed, submit a new request with `/ecs-ext install`.',
  refused: {
    not_approver: (whoMd: string, approversMd: string) =>
      `:raised_hand: ${whoMd} is not an approver of this request, so the click was not counted. Who can approve: ${approversMd}.`,
    self_approval: (whoMd: string, approversMd: string) =>
      `:raised_hand: ${whoMd}, you cannot approve your own request. Ask one of: ${approversMd}.`,
    already_approved: (whoMd: string, count: number, required: number) =>
      `:information_source: ${whoMd} already approved this request (${count}/${required}); an approval counts once per person.`,
    not_pending: (whoMd: string, status: string) =>
      `:information_source: ${whoMd}, this request is no longer pending (status: ${status}), so the click had no effect.`,
    not_requester: (whoMd: string, requesterMd: string) =>
      `:raised_hand: ${whoMd}, only the requester (${requesterMd}) can cancel this request. To stop it, use Reject instead.`,
  },
};

/** One history entry in words; `whoMd` is a mention or empty, `detailMd` escaped text or empty. */
export type HistoryWords = Record<HistoryEntry['type'], (whoMd: string, detailMd: string) => string>;

const history: HistoryWords = {
  created: (whoMd: string) => `requested by ${whoMd}`,
  approved: (whoMd: string) => `approved by ${whoMd}`,
  rejected: (whoMd: string) => `rejected by ${whoMd}`,
  refused: (whoMd: string, detailMd: string) => `click refused for ${whoMd}${tail(detailMd)}`,
  expired: () => 'expired',
  withdrawn: (whoMd: string, detailMd: string) =>
    whoMd ? `cancelled by ${whoMd}` : `dropped${tail(detailMd)}`,
  starting: () => 'starting the installation',
  started: (_whoMd: string, detailMd: string) => `execution started${detailMd ? ` (${detailMd})` : ''}`,
  start_failed: (_whoMd: string, detailMd: string) => `start failed${tail(detailMd)}`,
  blocked: (_whoMd: string, detailMd: string) => `not started${tail(detailMd)}`,
  status: (_whoMd: string, detailMd: string) => `execution status ${detailMd}`,
  cancel_requested: (whoMd: string) => `cancellation requested by ${whoMd}`,
  cancel_failed: (_whoMd: string, detailMd: string) => `cancellation failed${tail(detailMd)}`,
  pending_report: () => 'still running at the poll timeout; pending report posted',
  final_report: () => 'final report posted',
  reminded: () => 'approvers reminded',
  wave_started: (_whoMd: string, detailMd: string) => `wave started${tail(detailMd)}`,
  rollout_paused: (_whoMd: string, detailMd: string) => `rollout paused${tail(detailMd)}`,
  rollout_continued: (whoMd: string) => `rollout continued by ${whoMd}`,
  rollout_stopped: (whoMd: string) => `rollout stopped by ${whoMd}`,
  error: (_whoMd: string, detailMd: string) => `error${tail(detailMd)}`,
};

/** English words of `/ecs-ext status`. */
export const status = {
  header: (id: string) => `Install request ${id}`,
  createdPending: (createdMd: string, expiresMd: string) => `Created ${createdMd} · expires ${expiresMd}`,
  createdUpdated: (createdMd: string, updatedMd: string) => `Created ${createdMd} · updated ${updatedMd}`,
  fallback: (id: string, name: string, status: string) => `Install request ${id} (${name}): ${status}`,
  notFound: (idMd: string) =>
    `No request or execution ${idMd} was found. Send \`/ecs-ext status\` to see your recent requests.`,
  noRequests: 'You have no install requests yet. Start one with `/ecs-ext install`.',
  recentHeader: 'Your recent install requests',
  recentLine: (
    nameMd: string,
    idMd: string,
    status: string,
    regionMd: string,
    count: number,
    createdMd: string,
  ) => `*${nameMd}* ${idMd} — ${status}\n${regionMd} · ${count} instance${s(count)} · ${createdMd}`,
  detailsHint: 'Details: `/ecs-ext status &lt;request id or execution id&gt;`',
  recentFallback: (count: number) => `Your ${count} most recent install request(s)`,
  outputHeading: '*Output per instance*',
  outputCut: (chars: number, instances: number, consoleMd: string) =>
    `:scissors: ${chars} characters of output from ${instances} instance(s) did not fit in Slack. Read the full output in ${consoleMd}.`,
  theConsole: 'the OOS console',
  historyHead: '*History*',
  earlierEntries: (n: number) => `…${n} earlier entries`,
  history,
};
