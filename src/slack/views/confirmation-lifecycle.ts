/**
 * What the lifecycle adds to the confirmation message: the action in its header, a line saying what the
 * installer will do (for an uninstall, which installed versions run their script), the flag of an
 * install over an existing one, what each instance held before, and the approve button's style (danger
 * for an uninstall).
 */
import { actionOf, compareVersions } from '../../domain/lifecycle/preflight-installed.js';
import type { InstallRequest, Locale, PreflightInstance } from '../../domain/model.js';
import { messagesFor } from '../i18n/messages.js';
import { code } from './text.js';

/** The confirmation's header: the action and the extension's name. */
export function lifecycleHeader(request: InstallRequest, locale: Locale): string {
  return messagesFor(locale).lifecycle.header[actionOf(request)](request.packageDisplayName);
}

/**
 * Lines (mrkdwn) about the action: what it does with which version, and for an install over existing
 * packages, the flag. Requests stored before actions existed show nothing new.
 */
export function lifecycleLines(request: InstallRequest, locale: Locale): string[] {
  if (!request.action) return [];
  const w = messagesFor(locale).lifecycle;
  const action = request.action;
  const lines: string[] = [];
  if (action === 'uninstall') {
    const groups = installedGroups(request.preflight);
    const versions = groups
      .map(([version, count]) => w.versionGroup(version ? code(version) : w.unknownVersion, count))
      .join(', ');
    lines.push(w.summary.uninstall(versions));
  } else {
    lines.push(w.summary[action](request.packageVersion ? code(request.packageVersion) : ''));
  }
  const already = request.preflight.filter((p) => p.installedVersion !== undefined).length;
  if (action === 'install' && already > 0) lines.push(w.reinstallFlag(already));
  return lines;
}

/** Installed version → how many instances hold it, newest first. */
function installedGroups(preflight: readonly PreflightInstance[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const p of preflight) {
    if (p.installedVersion === undefined) continue;
    counts.set(p.installedVersion, (counts.get(p.installedVersion) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => compareVersions(b, a));
}

/**
 * " · already installed: `v26`, newer `v27` available" for an instance's pre-flight line, '' when the
 * request predates the lifecycle or the instance had nothing.
 */
export function installedNote(request: InstallRequest, p: PreflightInstance, locale: Locale): string {
  if (!request.action) return '';
  const w = messagesFor(locale).lifecycle.installed;
  if (p.installedVersion === undefined) return request.action === 'install' ? '' : ` · ${w.none}`;
  const version = p.installedVersion
    ? code(p.installedVersion)
    : messagesFor(locale).lifecycle.unknownVersion;
  const latest = request.latestVersion;
  const older = latest && p.installedVersion && compareVersions(p.installedVersion, latest) < 0;
  return ` · ${older ? w.older(version, code(latest)) : w.same(version)}`;
}

/**
 * The status line of an update or uninstall once it runs or ended ("Uninstalling…", "Uninstalled
 * successfully"); undefined when the confirmation's own line applies (installs, other statuses).
 */
export function lifecycleStatusLine(
  request: InstallRequest,
  locale: Locale,
  statusMd: string,
  countsMd: string,
): string | undefined {
  const action = actionOf(request);
  if (action === 'install') return undefined;
  const line = messagesFor(locale).lifecycle.statusLine[action];
  switch (request.status) {
    case 'running':
      return line.running(statusMd, countsMd);
    case 'succeeded':
    case 'failed':
    case 'cancelled':
      return line[request.status](countsMd);
    default:
      return undefined;
  }
}

/** The approve button's style: danger for an uninstall, primary otherwise. */
export function approveStyle(request: InstallRequest): 'primary' | 'danger' {
  return actionOf(request) === 'uninstall' ? 'danger' : 'primary';
}
