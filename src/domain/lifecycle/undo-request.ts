/**
 * Undo: the `undo` button of a successful install or update report opens the form prefilled to
 * uninstall that package from the instances where it succeeded. The uninstall is a new request that
 * needs approval like any other; its pre-flight reads the installed versions again, so it runs the
 * uninstall script of the version OOS records, even if a newer version was published meanwhile.
 */

import { findRequest } from '../install/find-request.js';
import type { PrefillResult } from '../install/types.js';
import type { InstallRequest } from '../model.js';
import type { RequestStore } from '../ports.js';
import { succeededIds } from '../tracking/verify-installed.js';
import { actionOf } from './preflight-installed.js';

/** The prefill of an undo, or why there is nothing to undo. */
export type UndoResult = PrefillResult<'not_found' | 'nothing_to_undo'>;

/** The instances an undo of `request` targets: those where its install or update succeeded. */
export function undoableInstanceIds(request: InstallRequest): string[] {
  if (actionOf(request) === 'uninstall' || !request.execution) return [];
  if (!['succeeded', 'failed', 'cancelled'].includes(request.status)) return [];
  const succeeded = succeededIds(request.execution.instances);
  // A success OOS holds no record of has nothing to uninstall.
  const missing = new Set(
    (request.verified ?? []).filter((v) => v.state === 'missing').map((v) => v.instanceId),
  );
  return succeeded.filter((id) => !missing.has(id));
}

/** True when the report of `request` offers the undo button. */
export function canUndo(request: InstallRequest): boolean {
  return undoableInstanceIds(request).length > 0;
}

/** What an undo of `requestId` prefills: uninstall of its package from where it succeeded. */
export async function undoRequest(
  store: Pick<RequestStore, 'get' | 'findByExecutionId'>,
  requestId: string,
): Promise<UndoResult> {
  const request = await findRequest(store, requestId);
  if (!request) return { ok: false, reason: 'not_found' };
  const instanceIds = undoableInstanceIds(request);
  if (instanceIds.length === 0) return { ok: false, reason: 'nothing_to_undo' };
  return {
    ok: true,
    channelId: request.channelId,
    prefill: {
      action: 'uninstall',
      regionId: request.regionId,
      instanceIds,
      packageName: request.packageName,
      undoOf: request.id,
    },
  };
}
