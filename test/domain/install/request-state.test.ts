import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import {
  canTransition,
  type RequestTransition,
  transition,
} from '../../../src/domain/install/request-state.js';
import type { InstallRequest, RequestStatus } from '../../../src/domain/model.js';
import { makeRequest } from '../../fakes/requests.js';

const AT = new Date('2025-06-01T11:00:00Z');

const STATUSES: RequestStatus[] = [
  'pending',
  'starting',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'rejected',
  'expired',
  'withdrawn',
  'blocked',
  'start_failed',
];

const EVENTS: Record<RequestTransition['type'], RequestTransition> = {
  approve: { type: 'approve', by: 'U0APPROVER' },
  reject: { type: 'reject', by: 'U0APPROVER' },
  withdraw: { type: 'withdraw', by: 'U0REQUESTER' },
  abandon: { type: 'abandon', detail: 'channel_not_found' },
  expire: { type: 'expire' },
  start_requested: { type: 'start_requested' },
  started: {
    type: 'started',
    executionId: 'exec-1',
    regionId: 'cn-hangzhou',
    consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-1',
    startParameters: '{}',
  },
  start_failed: { type: 'start_failed', detail: 'denied' },
  start_unconfirmed: { type: 'start_unconfirmed', detail: 'NetworkError' },
  blocked: { type: 'blocked', detail: 'exec-0' },
  status: { type: 'status', status: 'Running' },
  finished: { type: 'finished', status: 'Success' },
  pending_report: { type: 'pending_report' },
  final_report: { type: 'final_report' },
  cancel_requested: { type: 'cancel_requested', by: 'U0REQUESTER' },
  cancel_failed: { type: 'cancel_failed', by: 'U0REQUESTER', detail: 'denied' },
  remind: { type: 'remind' },
  rollout: { type: 'rollout', rollout: { mode: 'all', waveSize: 0, waves: [] } },
};

const LEGAL: Array<[RequestStatus, RequestTransition['type'], RequestStatus]> = [
  ['pending', 'approve', 'pending'],
  ['pending', 'reject', 'rejected'],
  ['pending', 'withdraw', 'withdrawn'],
  ['pending', 'abandon', 'withdrawn'],
  ['pending', 'expire', 'expired'],
  ['pending', 'start_requested', 'starting'],
  ['starting', 'started', 'running'],
  ['starting', 'start_unconfirmed', 'starting'],
  ['starting', 'start_failed', 'start_failed'],
  ['starting', 'blocked', 'blocked'],
  ['running', 'status', 'running'],
  ['running', 'finished', 'succeeded'],
  ['running', 'pending_report', 'running'],
  ['running', 'cancel_requested', 'running'],
  ['running', 'cancel_failed', 'running'],
  ['pending', 'remind', 'pending'],
  ['starting', 'rollout', 'starting'],
  ['running', 'rollout', 'running'],
  ['succeeded', 'final_report', 'succeeded'],
  ['failed', 'final_report', 'failed'],
  ['cancelled', 'final_report', 'cancelled'],
];

function inStatus(status: RequestStatus): InstallRequest {
  const approvals = status === 'pending' ? [] : [{ userId: 'U0APPROVER', at: '2025-06-01T10:30:00.000Z' }];
  const execution = ['running', 'succeeded', 'failed', 'cancelled'].includes(status)
    ? {
        executionId: 'exec-1',
        regionId: 'cn-hangzhou',
        consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-1',
        status: 'Running',
        statusMessage: '',
        startedAt: '2025-06-01T10:31:00.000Z',
        instances: [],
      }
    : undefined;
  const request = makeRequest({ status, approvals });
  return execution ? { ...request, execution } : request;
}

describe('transition', () => {
  it.each(LEGAL)('moves %s --%s--> %s and records history', (from, type, to) => {
    const base = inStatus(from);
    // A pending request needs its quorum before it may start.
    const request =
      type === 'start_requested'
        ? { ...base, approvals: [{ userId: 'U0APPROVER', at: base.createdAt }] }
        : base;

    const next = transition(request, EVENTS[type], AT);

    expect(next.status).toBe(to);
    expect(next.updatedAt).toBe(AT.toISOString());
    expect(next.history.length).toBeGreaterThanOrEqual(request.history.length);
    expect(next).not.toBe(request);
  });

  const illegal = STATUSES.flatMap((status) =>
    (Object.keys(EVENTS) as Array<RequestTransition['type']>)
      .filter((type) => !LEGAL.some(([from, t]) => from === status && t === type))
      .map((type) => [status, type] as const),
  );

  it.each(illegal)('refuses %s --%s--> with illegal_transition', (status, type) => {
    const request = inStatus(status);

    const act = () => transition(request, EVENTS[type], AT);

    expect(canTransition(status, type)).toBe(false);
    expect(act).toThrow(DomainError);
    expect(act).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
  });

  it('does not change the request it was given', () => {
    const request = makeRequest();
    const before = structuredClone(request);

    transition(request, { type: 'approve', by: 'U0APPROVER' }, AT);

    expect(request).toEqual(before);
  });

  it('adds the approval with its time and a history entry naming the approver', () => {
    const request = makeRequest();

    const next = transition(request, { type: 'approve', by: 'U0APPROVER' }, AT);

    expect(next.approvals).toEqual([{ userId: 'U0APPROVER', at: AT.toISOString() }]);
    expect(next.history.at(-1)).toEqual({ at: AT.toISOString(), type: 'approved', actor: 'U0APPROVER' });
  });

  it('refuses a second approval by the same user', () => {
    const once = transition(makeRequest(), { type: 'approve', by: 'U0APPROVER' }, AT);

    const act = () => transition(once, { type: 'approve', by: 'U0APPROVER' }, AT);

    expect(act).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
  });

  it('refuses to start before the required approvals are in', () => {
    const request = makeRequest({
      policy: { approvers: [], requiredApprovals: 2, allowSelfApproval: false, ttlMinutes: 60 },
      approvals: [{ userId: 'U0ONE', at: '2025-06-01T10:10:00.000Z' }],
    });

    const act = () => transition(request, { type: 'start_requested' }, AT);

    expect(act).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
  });

  it('records the execution and the exact parameters sent when started', () => {
    const starting = inStatus('starting');

    const next = transition(
      starting,
      { ...(EVENTS.started as Extract<RequestTransition, { type: 'started' }>), status: 'Started' },
      AT,
    );

    expect(next.startParameters).toBe('{}');
    expect(next.execution).toEqual({
      executionId: 'exec-1',
      regionId: 'cn-hangzhou',
      consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-1',
      status: 'Started',
      statusMessage: '',
      startedAt: AT.toISOString(),
      instances: [{ instanceId: 'i-bp1abcdefghij0123456', status: 'Unknown', message: '' }],
    });
  });

  it('maps each terminal execution status to its request status and sets the end time', () => {
    const running = inStatus('running');

    const outcomes = (['Success', 'Failed', 'Cancelled'] as const).map((status) =>
      transition(running, { type: 'finished', status }, AT),
    );

    expect(outcomes.map((r) => r.status)).toEqual(['succeeded', 'failed', 'cancelled']);
    expect(outcomes.every((r) => r.execution?.endedAt === AT.toISOString())).toBe(true);
  });

  it('adds a status history entry only when the execution status changes', () => {
    const running = inStatus('running');

    const same = transition(running, { type: 'status', status: 'Running' }, AT);
    const changed = transition(running, { type: 'status', status: 'Waiting' }, AT);

    expect(same.history).toHaveLength(running.history.length);
    expect(same.execution?.lastPolledAt).toBe(AT.toISOString());
    expect(changed.history.at(-1)).toEqual({ at: AT.toISOString(), type: 'status', detail: 'Waiting' });
  });

  it('keeps the duplicates that blocked the start', () => {
    const duplicates = [
      { executionId: 'exec-0', status: 'Running', instanceIds: ['i-bp1abcdefghij0123456'], consoleUrl: 'u' },
    ];

    const next = transition(inStatus('starting'), { type: 'blocked', detail: 'exec-0', duplicates }, AT);

    expect(next.duplicates).toEqual(duplicates);
  });

  it('stamps the report times on the execution', () => {
    const pending = transition(inStatus('running'), { type: 'pending_report' }, AT);
    const final = transition(inStatus('failed'), { type: 'final_report' }, AT);

    expect(pending.execution?.pendingReportAt).toBe(AT.toISOString());
    expect(final.execution?.finalReportAt).toBe(AT.toISOString());
  });
});
