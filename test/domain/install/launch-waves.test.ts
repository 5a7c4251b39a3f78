import { describe, expect, it } from 'vitest';
import type { InstallRequest } from '../../../src/domain/model.js';
import { planRollout } from '../../../src/domain/rollout/plan-waves.js';
import {
  claimStage,
  recordWavePolled,
  recordWaveStarted,
} from '../../../src/domain/rollout/rollout-state.js';
import { makeExecution } from '../../fakes/fake-oos.js';
import { makeRequest } from '../../fakes/requests.js';
import { I1, I2, makeHarness, NODE } from './install-harness.js';

const AT = new Date('2025-06-01T09:59:00.000Z');
const ID = 'req-wavecrash';
const TOKEN = `ecs-ext-${ID}`;

/** A canary whose first wave ended and whose second was claimed when the process died. */
function crashedBetweenWaves(): InstallRequest {
  let rollout = planRollout('canary', [I1, I2], 0, { clientToken: TOKEN, action: 'install' });
  rollout = recordWaveStarted(claimStage(rollout, 1), 1, { executionId: 'exec-w1', status: 'Running' }, AT);
  rollout = claimStage(recordWavePolled(rollout, 1, 'Success', AT), 2);
  return makeRequest({
    id: ID,
    status: 'running',
    clientToken: TOKEN,
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

describe('a wave claimed before a crash', () => {
  it('is started once on resume, with its own token, and the thread hears of it', async () => {
    const h = makeHarness({ requests: [crashedBetweenWaves()] });

    await h.flow.resume();
    await h.restart().resume();

    const starts = h.oos.calls.filter((c) => c.method === 'startExecution');
    expect(starts.map((c) => (c.query as { clientToken: string }).clientToken)).toEqual([`${TOKEN}-w2`]);
    const stored = await h.store.get(ID);
    expect(stored?.rollout?.waves.map((w) => w.status)).toEqual(['succeeded', 'running']);
    expect(stored?.execution?.instances.find((i) => i.instanceId === I2)?.status).toBe('Unknown');
    expect(h.notifier.kinds()).toEqual(['wave_started']);
    expect(h.watcher.watched).toContain(ID);
  });

  it('is adopted when OOS already runs it (found by its tag): no StartExecution at all', async () => {
    const h = makeHarness({ requests: [crashedBetweenWaves()] });
    h.oos.executions.push(
      makeExecution({
        executionId: 'exec-w2',
        status: 'Running',
        tags: { 'ecs-ext:request': ID, 'ecs-ext:wave': '2' },
      }),
    );

    await h.flow.resume();

    expect(h.oos.calls.filter((c) => c.method === 'startExecution')).toEqual([]);
    expect((await h.store.get(ID))?.rollout?.waves[1]).toMatchObject({
      status: 'running',
      executionId: 'exec-w2',
    });
  });
});
