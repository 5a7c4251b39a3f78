/**
 * English words of the extension lifecycle: the form's `action` block, what the confirmation says about
 * the action and what is installed, the refusals of an update or uninstall, the verified versions and
 * the undo button of the report. Arguments ending in `Md` are mrkdwn the view has escaped.
 */
import type { RequestAction } from '../../../domain/lifecycle/preflight-installed.js';
import type { ReportOutcome } from '../../../domain/tracking/report.js';

const s = (n: number) => (n === 1 ? '' : 's');

/** English lifecycle words. */
export const lifecycle = {
  /** The action as a verb, for option texts and titles. */
  actions: {
    install: 'Install',
    update: 'Update',
    uninstall: 'Uninstall',
  } satisfies Record<RequestAction, string>,
  form: {
    label: 'Action',
    hint: 'Install the extension, update it to the newest version, or uninstall the version installed on each instance.',
    submit: {
      install: 'Request install',
      update: 'Request update',
      uninstall: 'Request uninstall',
    } satisfies Record<RequestAction, string>,
    undoNotice: (idMd: string) =>
      `Undo of ${idMd}: uninstalls the extension from the instances where it succeeded. It needs approval like any request.`,
  },
  /** The confirmation's header per action. */
  header: {
    install: (name: string) => `Install request: ${name}`,
    update: (name: string) => `Update request: ${name}`,
    uninstall: (name: string) => `Uninstall request: ${name}`,
  } satisfies Record<RequestAction, (name: string) => string>,
  /** A line under the summary that says what the request will do. */
  summary: {
    install: (versionMd: string) => `:package: *Install* ${versionMd}`,
    update: (versionMd: string) =>
      `:arrows_counterclockwise: *Update* to ${versionMd}: the installed version is uninstalled, then ${versionMd} installed`,
    uninstall: (versionsMd: string) =>
      `:wastebasket: *Uninstall* — the uninstall script of the installed version runs on each instance (${versionsMd})`,
  } satisfies Record<RequestAction, (md: string) => string>,
  /** "v26 on 2 instances" for the uninstall's version groups. */
  versionGroup: (versionMd: string, count: number) => `${versionMd} on ${count} instance${s(count)}`,
  unknownVersion: 'version unknown',
  /** Per instance on the confirmation: what OOS recorded before the request. */
  installed: {
    same: (versionMd: string) => `already installed: ${versionMd}`,
    older: (versionMd: string, latestMd: string) =>
      `already installed: ${versionMd}, newer ${latestMd} available`,
    none: 'not installed',
  },
  /** A flag on the confirmation when an install lands on instances that already have the package. */
  reinstallFlag: (count: number) =>
    `:warning: Already installed on ${count} instance${s(count)} (marked below): the install runs again over it.`,
  /** Form errors under the `instances` or `action` block (plain text: Slack shows no mrkdwn there). */
  problems: {
    actionInvalid: 'Pick install, update or uninstall.',
    notInstalled: (action: 'update' | 'uninstall', ids: string) =>
      `OOS records no such extension on ${ids}, so there is nothing to ${action}. Remove these instances from the list.`,
    unreadable: (ids: string, why: string) =>
      `Could not read what is installed on ${ids}: ${why} Try again in a moment.`,
  },
  /** Report: the version OOS records after an install or update. */
  verified: {
    recorded: (versionMd: string) => `OOS records ${versionMd}`,
    recordedNoVersion: 'OOS records it (no version)',
    missing: ':warning: reported success, but OOS records no package here — check the instance',
    unread: 'could not read what OOS records',
    flagged: (count: number) =>
      `:warning: ${count} instance${s(count)} reported success but OOS records no package there. Check them before relying on the install.`,
  },
  undoButton: 'Undo (uninstall)',
  undoRefusals: {
    not_found: 'That request no longer exists, so there is nothing to undo.',
    nothing_to_undo: 'There is nothing to undo: the request installed nothing that OOS records.',
  },
  /** The Home tab as a workbench. */
  workbench: {
    awaitingHead: (count: number) => `:inbox_tray: *Waiting for your approval* (${count})`,
    awaitingNone: 'Nothing waits for your approval.',
    request: (
      actionMd: string,
      nameMd: string,
      count: number,
      regionMd: string,
      byMd: string,
      idMd: string,
    ) =>
      `*${actionMd}* ${nameMd} on ${count} instance${s(count)} in ${regionMd} · asked by ${byMd} · ${idMd}`,
    approvals: (given: number, required: number) => `${given} of ${required} approvals`,
    expires: (whenMd: string) => `expires ${whenMd}`,
    runningHead: (count: number) => `:arrows_counterclockwise: *Running now* (${count})`,
    runningNone: 'Nothing of yours is running.',
    running: (actionMd: string, nameMd: string, progressMd: string, idMd: string) =>
      `${actionMd} ${nameMd} · ${progressMd} · ${idMd}`,
    starting: 'starting',
    recentHead: '*Your recent requests*',
    recentNone: 'You have not asked for anything yet.',
    installedButton: "What's installed on…",
    installedHint: 'See what OOS records on instances: versions, dates and newer versions.',
    modal: {
      title: "What's installed",
      submit: 'Look up',
      close: 'Close',
      instancesLabel: 'Instance IDs',
      instancesHint:
        'Up to 50 IDs separated by spaces, commas or new lines; add the region ID when they are outside the default region.',
      loading: ':hourglass_flowing_sand: Asking OOS…',
    },
  },
  /** Report titles of an update or uninstall (an install keeps the report's own). */
  titles: {
    update: {
      succeeded: 'Update succeeded',
      partial: 'Update partly failed',
      failed: 'Update failed',
      cancelled: 'Update cancelled',
      stopped: 'Rollout stopped',
      pending: 'Update still pending',
    },
    uninstall: {
      succeeded: 'Uninstall succeeded',
      partial: 'Uninstall partly failed',
      failed: 'Uninstall failed',
      cancelled: 'Uninstall cancelled',
      stopped: 'Rollout stopped',
      pending: 'Uninstall still pending',
    },
  } satisfies Record<'update' | 'uninstall', Record<ReportOutcome, string>>,
  /** The confirmation's status line of an update or uninstall once it runs; `countsMd` may be empty. */
  statusLine: {
    update: {
      running: (statusMd: string, countsMd: string) =>
        `:arrows_counterclockwise: *Updating* — OOS status ${statusMd}${countsMd ? `; ${countsMd}` : ''}`,
      succeeded: (countsMd: string) =>
        `:white_check_mark: *Updated successfully*${countsMd ? ` — ${countsMd}` : ''}`,
      failed: (countsMd: string) => `:x: *Update failed*${countsMd ? ` — ${countsMd}` : ''}`,
      cancelled: (countsMd: string) =>
        `:no_entry_sign: *Update cancelled*${countsMd ? ` — ${countsMd}` : ''}`,
    },
    uninstall: {
      running: (statusMd: string, countsMd: string) =>
        `:arrows_counterclockwise: *Uninstalling* — OOS status ${statusMd}${countsMd ? `; ${countsMd}` : ''}`,
      succeeded: (countsMd: string) =>
        `:white_check_mark: *Uninstalled successfully*${countsMd ? ` — ${countsMd}` : ''}`,
      failed: (countsMd: string) => `:x: *Uninstall failed*${countsMd ? ` — ${countsMd}` : ''}`,
      cancelled: (countsMd: string) =>
        `:no_entry_sign: *Uninstall cancelled*${countsMd ? ` — ${countsMd}` : ''}`,
    },
  },
};
