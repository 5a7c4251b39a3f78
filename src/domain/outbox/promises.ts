/**
 * The posts a stored request promises its thread: "Installation started" once it runs, the pending
 * report once the poll timed out, the final report once it ended. They are derived from the state, so
 * after a crash between saving a state and recording its post, the post can be promised again; a
 * fixed outbox key per promise makes that repeat a no-op when it was recorded.
 */
import type { InstallRequest } from '../model.js';
import type { RequestEvent } from '../ports.js';

/** The outbox key of an event's post when the state promises it; undefined for other events. */
export function promiseKey(requestId: string, event: RequestEvent): string | undefined {
  switch (event.kind) {
    case 'started':
    case 'pending_report':
    case 'final_report':
      return `${requestId}:${event.kind}`;
    default:
      return undefined;
  }
}

/** One post the stored request promises, with the time the state that promises it was reached. */
export interface PromisedPost {
  at: string;
  event: RequestEvent;
}

/** The posts `request` promises, oldest first; `timeoutMinutes` words the pending report. */
export function promisedPosts(request: InstallRequest, timeoutMinutes: number): PromisedPost[] {
  const execution = request.execution;
  if (!execution) return [];
  const promised: PromisedPost[] = [
    {
      at: execution.startedAt,
      event: { kind: 'started', executionId: execution.executionId, consoleUrl: execution.consoleUrl },
    },
  ];
  if (execution.pendingReportAt) {
    promised.push({ at: execution.pendingReportAt, event: { kind: 'pending_report', timeoutMinutes } });
  }
  if (execution.finalReportAt)
    promised.push({ at: execution.finalReportAt, event: { kind: 'final_report' } });
  return promised;
}
