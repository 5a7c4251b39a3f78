/**
 * Duplicate installs: unfinished bulk-install executions of the same package on some of the same
 * instances. Looked up when a request is submitted (shown on the confirmation) and again, under the
 * launch lock, right before StartExecution (a duplicate then blocks the start).
 */
import {
  BULK_INSTALL_TEMPLATE,
  type DuplicateExecution,
  executionConsoleUrl,
  isTerminalStatus,
} from '../model.js';
import type { OosPort } from '../ports.js';
import { REQUEST_TAG } from './start-parameters.js';

/** Execution statuses that are not terminal: a run in any of them may still install (ExecutionStatus). */
const IN_FLIGHT_STATUSES = ['Started', 'Queued', 'Running', 'Waiting'] as const;

/** Unfinished bulk-install executions of `packageName` on any of `instanceIds`, except `ownRequestId`'s. */
export async function findDuplicates(
  oos: Pick<OosPort, 'listExecutions'>,
  query: { regionId: string; packageName: string; instanceIds: string[]; ownRequestId?: string },
): Promise<DuplicateExecution[]> {
  const { regionId, packageName, instanceIds, ownRequestId } = query;
  // ListExecutions takes one Status; ask for each in-flight one, so a Waiting or Queued run counts too.
  const pages = await Promise.all(
    IN_FLIGHT_STATUSES.map((status) =>
      oos.listExecutions({ regionId, templateName: BULK_INSTALL_TEMPLATE, status }),
    ),
  );
  const inFlight = [...new Map(pages.flat().map((e) => [e.executionId, e])).values()];
  return inFlight
    .filter(
      (e) =>
        e.templateName === BULK_INSTALL_TEMPLATE &&
        !isTerminalStatus(e.status) &&
        e.packageName === packageName &&
        (ownRequestId === undefined || e.tags[REQUEST_TAG] !== ownRequestId),
    )
    .map((e) => ({
      executionId: e.executionId,
      status: e.status,
      instanceIds: e.resourceIds.filter((id) => instanceIds.includes(id)),
      consoleUrl: executionConsoleUrl(regionId, e.executionId),
    }))
    .filter((d) => d.instanceIds.length > 0);
}
