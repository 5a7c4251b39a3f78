/**
 * The install request's state machine. `transition()` is the only way a request changes status: it is
 * pure, returns a new request with the history entry appended, and throws on an illegal move.
 */
import { DomainError } from '../errors.js';
import type {
  DuplicateExecution,
  ExecutionStatus,
  ExecutionTracking,
  HistoryEntry,
  InstallRequest,
  InstanceOutcome,
  RequestStatus,
} from '../model.js';
import type { Rollout } from '../rollout/rollout-model.js';
import { claimStage } from '../rollout/rollout-state.js';

/** Everything that can happen to a request. */
export type RequestTransition =
  | { type: 'approve'; by: string }
  | { type: 'reject'; by: string }
  | { type: 'withdraw'; by: string }
  /** The confirmation could not be posted; the request is dropped before anyone saw it. */
  | { type: 'abandon'; detail: string }
  | { type: 'expire' }
  | { type: 'start_requested' }
  | {
      type: 'started';
      executionId: string;
      regionId: string;
      consoleUrl: string;
      startParameters: string;
      status?: ExecutionStatus;
      statusMessage?: string;
    }
  | { type: 'start_failed'; detail: string }
  /** StartExecution's outcome is unknown and OOS could not be asked: still starting, to be confirmed. */
  | { type: 'start_unconfirmed'; detail: string }
  | { type: 'blocked'; detail: string; duplicates?: DuplicateExecution[] }
  | { type: 'status'; status: ExecutionStatus; statusMessage?: string; instances?: InstanceOutcome[] }
  | {
      type: 'finished';
      status: 'Success' | 'Failed' | 'Cancelled';
      statusMessage?: string;
      instances?: InstanceOutcome[];
    }
  | { type: 'pending_report' }
  | { type: 'final_report' }
  | { type: 'cancel_requested'; by: string }
  | { type: 'cancel_failed'; by: string; detail: string }
  /** The approvers were reminded (once) that the request waits for them. */
  | { type: 'remind' }
  /**
   * The waves moved (rollout-state.ts checks each wave's move): the new wave list, the whole rollout's
   * instances and status, and a history line for what people did or saw.
   */
  | {
      type: 'rollout';
      rollout: Rollout;
      instances?: InstanceOutcome[];
      status?: ExecutionStatus;
      statusMessage?: string;
      note?: { type: RolloutNote; actor?: string; detail?: string };
    };

/** History lines a rollout move may leave. */
export type RolloutNote = 'wave_started' | 'rollout_paused' | 'rollout_continued' | 'rollout_stopped';

/** Statuses from which each transition may leave. */
const ALLOWED_FROM: Record<RequestTransition['type'], readonly RequestStatus[]> = {
  approve: ['pending'],
  reject: ['pending'],
  withdraw: ['pending'],
  abandon: ['pending'],
  expire: ['pending'],
  start_requested: ['pending'],
  started: ['starting'],
  start_failed: ['starting'],
  start_unconfirmed: ['starting'],
  blocked: ['starting'],
  status: ['running'],
  finished: ['running'],
  pending_report: ['running'],
  final_report: ['succeeded', 'failed', 'cancelled'],
  cancel_requested: ['running'],
  cancel_failed: ['running'],
  remind: ['pending'],
  rollout: ['starting', 'running'],
};

const FINISHED_STATUS: Record<'Success' | 'Failed' | 'Cancelled', RequestStatus> = {
  Success: 'succeeded',
  Failed: 'failed',
  Cancelled: 'cancelled',
};

/** True when `event` may be applied to a request in `status`. */
export function canTransition(status: RequestStatus, event: RequestTransition['type']): boolean {
  return ALLOWED_FROM[event].includes(status);
}

/** The execution as a poll at `when` found it: its status, and its message and instances when given. */
function polled(
  execution: ExecutionTracking,
  found: { status: ExecutionStatus; statusMessage?: string; instances?: InstanceOutcome[] },
  when: string,
): ExecutionTracking {
  return {
    ...execution,
    status: found.status,
    statusMessage: found.statusMessage ?? execution.statusMessage,
    instances: found.instances ?? execution.instances,
    lastPolledAt: when,
  };
}

function illegal(request: InstallRequest, what: string): never {
  throw new DomainError('illegal_transition', `Request ${request.id} is ${request.status}; cannot ${what}.`);
}

/** Applies `event` at time `at`; returns the new request or throws DomainError `illegal_transition`. */
export function transition(request: InstallRequest, event: RequestTransition, at: Date): InstallRequest {
  if (!canTransition(request.status, event.type)) illegal(request, event.type.replace('_', ' '));
  const when = at.toISOString();
  const next = (
    status: RequestStatus,
    entry: Omit<HistoryEntry, 'at'>,
    changes: Partial<InstallRequest> = {},
  ) => ({
    ...request,
    ...changes,
    status,
    updatedAt: when,
    history: [...request.history, { at: when, ...entry }],
  });
  switch (event.type) {
    case 'approve':
      if (request.approvals.some((a) => a.userId === event.by))
        illegal(request, `count a second approval by ${event.by}`);
      return next(
        'pending',
        { type: 'approved', actor: event.by },
        { approvals: [...request.approvals, { userId: event.by, at: when }] },
      );
    case 'reject':
      return next('rejected', { type: 'rejected', actor: event.by });
    case 'withdraw':
      return next('withdrawn', { type: 'withdrawn', actor: event.by });
    case 'abandon':
      return next('withdrawn', { type: 'withdrawn', detail: event.detail });
    case 'expire':
      return next('expired', { type: 'expired' });
    case 'start_requested':
      if (request.approvals.length < request.policy.requiredApprovals)
        illegal(request, 'start before enough approvals');
      // The first stage of the rollout is claimed with the move, before any StartExecution.
      return next(
        'starting',
        { type: 'starting' },
        request.rollout ? { rollout: claimStage(request.rollout, 1) } : {},
      );
    case 'started':
      return next(
        'running',
        { type: 'started', detail: event.executionId },
        {
          startParameters: event.startParameters,
          execution: {
            executionId: event.executionId,
            regionId: event.regionId,
            consoleUrl: event.consoleUrl,
            status: event.status ?? 'Started',
            statusMessage: event.statusMessage ?? '',
            startedAt: when,
            instances: request.instanceIds.map((instanceId) => ({
              instanceId,
              status: 'Unknown',
              message: '',
            })),
          },
        },
      );
    case 'start_failed':
      return next('start_failed', { type: 'start_failed', detail: event.detail });
    case 'start_unconfirmed':
      return next(
        'starting',
        { type: 'starting', detail: `unconfirmed: ${event.detail}` },
        { startUnconfirmedAt: request.startUnconfirmedAt ?? when },
      );
    case 'blocked':
      return next(
        'blocked',
        { type: 'blocked', detail: event.detail },
        event.duplicates ? { duplicates: event.duplicates } : {},
      );
    case 'status': {
      const execution = request.execution ?? illegal(request, `${event.type} without an execution`);
      const changed = execution.status !== event.status;
      return {
        ...request,
        updatedAt: when,
        execution: polled(execution, event, when),
        history: changed
          ? [...request.history, { at: when, type: 'status', detail: event.status }]
          : request.history,
      };
    }
    case 'finished': {
      const execution = request.execution ?? illegal(request, `${event.type} without an execution`);
      return next(
        FINISHED_STATUS[event.status],
        { type: 'status', detail: event.status },
        { execution: { ...polled(execution, event, when), endedAt: when } },
      );
    }
    case 'pending_report': {
      const execution = request.execution ?? illegal(request, 'report without an execution');
      return next(
        request.status,
        { type: 'pending_report' },
        { execution: { ...execution, pendingReportAt: when } },
      );
    }
    case 'final_report': {
      const execution = request.execution ?? illegal(request, 'report without an execution');
      return next(
        request.status,
        { type: 'final_report' },
        { execution: { ...execution, finalReportAt: when } },
      );
    }
    case 'cancel_requested':
      return next(request.status, { type: 'cancel_requested', actor: event.by });
    case 'cancel_failed':
      return next(request.status, { type: 'cancel_failed', actor: event.by, detail: event.detail });
    case 'remind':
      if (request.remindedAt) illegal(request, 'remind the approvers twice');
      return next(request.status, { type: 'reminded' }, { remindedAt: when });
    case 'rollout': {
      const execution = request.execution
        ? polled(
            request.execution,
            {
              status: event.status ?? request.execution.status,
              ...(event.statusMessage !== undefined ? { statusMessage: event.statusMessage } : {}),
              ...(event.instances ? { instances: event.instances } : {}),
            },
            when,
          )
        : undefined;
      const changes: Partial<InstallRequest> = {
        rollout: event.rollout,
        ...(execution ? { execution } : {}),
      };
      if (!event.note) return { ...request, ...changes, updatedAt: when };
      const { type, ...rest } = event.note;
      return next(request.status, { type, ...rest }, changes);
    }
  }
}
