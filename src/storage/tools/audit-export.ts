/**
 * The audit export (CONTRACT.md "Audit export"): one record per request created in a window, as CSV or
 * JSON lines. It names who requested what, who approved, what reached OOS and how it ended, and carries
 * no parameter values at all, so no secret can appear.
 */
import type { InstallRequest } from '../../domain/model.js';
import { executionIdsOf, isFinished } from '../request-facts.js';

/** One request as the security team reads it. */
export interface AuditRecord {
  id: string;
  createdAt: string;
  requester: string;
  channel: string;
  action: string;
  package: string;
  version: string;
  region: string;
  instanceIds: string[];
  approvers: string[];
  executionIds: string[];
  status: string;
  finishedAt: string;
  /** Why it was asked for (policy `requireReason`); empty when none was given. */
  reason: string;
  /** Version of the channel policy in force when it was made; empty for requests older than policies. */
  policyVersion: string;
}

/** Column order of the CSV header and rows. */
export const AUDIT_COLUMNS: ReadonlyArray<keyof AuditRecord> = [
  'id',
  'createdAt',
  'requester',
  'channel',
  'action',
  'package',
  'version',
  'region',
  'instanceIds',
  'approvers',
  'executionIds',
  'status',
  'finishedAt',
  'reason',
  'policyVersion',
];

/** install, update or uninstall (the first wave's); requests stored before actions existed were installs. */
function actionOf(request: InstallRequest): string {
  const legacy = (request as { action?: unknown }).action;
  return request.rollout?.waves[0]?.action ?? (typeof legacy === 'string' ? legacy : 'install');
}

function finishedAtOf(request: InstallRequest): string {
  return request.execution?.endedAt ?? (isFinished(request) ? request.updatedAt : '');
}

/** The audit record of one request. */
export function toAuditRecord(request: InstallRequest): AuditRecord {
  return {
    id: request.id,
    createdAt: request.createdAt,
    requester: request.requester,
    channel: request.channelId,
    action: actionOf(request),
    package: request.packageName,
    version: request.packageVersion ?? '',
    region: request.regionId,
    instanceIds: [...request.instanceIds],
    approvers: request.approvals.map((a) => a.userId),
    executionIds: executionIdsOf(request),
    status: request.status,
    finishedAt: finishedAtOf(request),
    reason: request.reason ?? '',
    policyVersion: request.policyVersion ?? '',
  };
}

/** Requests created at or after `since`, oldest first (the order an auditor reads in). */
export function auditRecords(requests: InstallRequest[], since: Date): AuditRecord[] {
  return requests
    .filter((r) => Date.parse(r.createdAt) >= since.getTime())
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map(toAuditRecord);
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell a spreadsheet
 * would run as a formula (=, +, -, @ first) gets a leading apostrophe.
 */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CSV with a header row; list fields are joined by spaces; lines end with CRLF as RFC 4180 says. */
export function formatCsv(records: AuditRecord[]): string {
  const rows = records.map((record) =>
    AUDIT_COLUMNS.map((column) => {
      const value = record[column];
      return csvCell(Array.isArray(value) ? value.join(' ') : value);
    }).join(','),
  );
  return [AUDIT_COLUMNS.join(','), ...rows].map((line) => `${line}\r\n`).join('');
}

/** One JSON object per line, list fields as arrays. */
export function formatJsonl(records: AuditRecord[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}
