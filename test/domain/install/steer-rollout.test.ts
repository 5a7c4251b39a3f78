import { describe, expect, it } from 'vitest';
import type { InstallRequest } from '../../../src/domain/model.js';
import { planRollout } from '../../../src/domain/rollout/plan-waves.js';
import {
  claimStage,
  pauseRollout,
  recordWavePolled,
  recordWaveStarted,
} from '../../../src/domain/rollout/rollout-state.js';
import { makeRequest } from '../../fakes/requests.js';
import { I1, I2, makeHarness, NODE } from './install-harness.js';

const AT = new Date('2025-06-01T09:59:00.000Z');
const ID = 'req-steer';
const CHANNEL = 'C0STEER';

/** A canary whose first wave succeeded, paused for an approver. */
function pausedCanary(): InstallRequest {
  let rollout = planRollout('canary', [I1, I2], 0, { clientToken: `ecs-ext-${ID}`, action: 'install' });
  rollout = recordWaveStarted(claimStage(rollout, 1), 1, { executionId: 'exec-w1', status: 'Running' }, AT);
  rollout = pauseRollout(recordWavePolled(rollout, 1, 'Success', AT), 'canary', 1, AT);
  return makeRequest({
    id: ID,
    channelId: CHANNEL,
    status: 'running',
    clientToken: `ecs-ext-${ID}`,
    instanceIds: [I1, I2],
    packageName: NODE,
    secretParameterNames: [],
    parameters: { version: 'v22.13.1' },
    approvals: [{ userId: 'U0APPROVER', at: AT.toISOString() }],
    rollout,
    execution: {
      executionId: 'exec-w1',
      regionId: 'cn-hangzhou',
      consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-w1',
      status: 'Running',
      statusMessage: '',
      startedAt: AT.toISOString(),
      instances: [
        { instanceId: I1, status: 'Success', message: '' },
        { instanceId: I2, status: 'Queued', message: '' },
      ],
    },
  });
}

const starts = (h: ReturnType<typeof makeHarness>) =>
  h.oos.calls.filter((c) => c.method === 'startExecution');

describe('continue_rollout', () => {
  it('starts the next wave once, for whoever may approve; a second click is told the rollout is not waiting', async () => {
    const h = makeHarness({ requests: [pausedCanary()] });

    const first = await h.flow.continueRollout(ID, 'U0APPROVER');
    const second = await h.flow.continueRollout(ID, 'U0APPROVER');

    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, reason: 'not_paused' });
    expect(starts(h)).toHaveLength(1);
    expect((await h.store.get(ID))?.rollout?.waves.map((w) => w.status)).toEqual(['succeeded', 'running']);
    expect(h.notifier.kinds()).toEqual(['rollout_continued', 'wave_started', 'rollout_refused']);
  });

  it('is refused inside a freeze window, with the window, and starts nothing', async () => {
    const h = makeHarness({
      requests: [pausedCanary()],
      channels: {
        [CHANNEL]: {
          freeze: [{ from: '2025-06-01T09:00:00Z', to: '2025-06-01T12:00:00Z', reason: 'migration' }],
        },
      },
    });

    const result = await h.flow.continueRollout(ID, 'U0APPROVER');

    expect(result).toEqual({ ok: false, reason: 'freeze' });
    expect(h.notifier.events.at(-1)?.event).toEqual({
      kind: 'rollout_refused',
      by: 'U0APPROVER',
      reason: 'freeze',
      freeze: { reason: 'migration', until: '2025-06-01T12:00:00Z' },
    });
    expect(starts(h)).toEqual([]);
  });

  it('is refused for the requester (no self-approval) and for anyone off a listed approver list', async () => {
    const h = makeHarness({
      requests: [{ ...pausedCanary(), policy: { ...pausedCanary().policy, approvers: ['U0LEAD'] } }],
    });

    const requester = await h.flow.continueRollout(ID, pausedCanary().requester);
    const outsider = await h.flow.stopRollout(ID, 'U0OUTSIDER');
    const approved = await h.flow.stopRollout(ID, 'U0APPROVER');

    expect(requester).toEqual({ ok: false, reason: 'not_approver' });
    expect(outsider).toEqual({ ok: false, reason: 'not_approver' });
    expect(approved.ok).toBe(true);
  });
});

describe('stop_rollout', () => {
  it('with no wave running: skips the rest and posts the one final report at once', async () => {
    const h = makeHarness({ requests: [pausedCanary()] });

    const result = await h.flow.stopRollout(ID, 'U0APPROVER');

    const stored = await h.store.get(ID);
    expect(result.ok).toBe(true);
    expect(stored?.status).toBe('cancelled');
    expect(stored?.execution?.finalReportAt).toBeDefined();
    expect(stored?.execution?.instances.map((i) => i.status)).toEqual(['Success', 'NotReached']);
    expect(h.notifier.kinds()).toEqual(['rollout_stopped', 'final_report']);
    expect(starts(h)).toEqual([]);
  });
});

describe('retry after a stopped rollout', () => {
  it('offers the instances never reached, with the same reason and rollout choice', async () => {
    const h = makeHarness({ requests: [{ ...pausedCanary(), reason: 'ticket OPS-42' }] });
    await h.flow.stopRollout(ID, 'U0APPROVER');

    const retry = await h.flow.retryFailed(ID);

    expect(retry).toMatchObject({
      ok: true,
      prefill: { instanceIds: [I2], reason: 'ticket OPS-42', rollout: 'canary' },
    });
  });
});
