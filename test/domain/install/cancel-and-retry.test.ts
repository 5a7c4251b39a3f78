import { describe, expect, it } from 'vitest';
import { mayCancel } from '../../../src/domain/install/cancel-request.js';
import { retryFailed } from '../../../src/domain/install/retry-request.js';
import type { InstallRequest } from '../../../src/domain/model.js';
import { FakeUserGroups } from '../../fakes/fake-groups.js';
import { MemoryRequestStore } from '../../fakes/memory-store.js';
import { makeRequest } from '../../fakes/requests.js';
import { runningRequest } from '../tracking/tracking-fixtures.js';
import { makeHarness } from './install-harness.js';

const I1 = 'i-bp1aaaaaaaaaa0000001';
const I2 = 'i-bp1aaaaaaaaaa0000002';

/** A finished request whose second instance failed. */
function partlyFailed(fields: Partial<InstallRequest> = {}): InstallRequest {
  const base = runningRequest('req-1', 'exec-1', [I1, I2], fields);
  const execution = base.execution as NonNullable<InstallRequest['execution']>;
  return {
    ...base,
    status: 'failed',
    execution: {
      ...execution,
      status: 'Failed',
      instances: [
        { instanceId: I1, status: 'Success', message: '' },
        { instanceId: I2, status: 'Failed', message: 'timeout' },
      ],
    },
  };
}

describe('mayCancel (who may cancel a running install)', () => {
  it('lets the requester and whoever approved it cancel, and nobody else when approvers are listed', async () => {
    const groups = new FakeUserGroups({ S0OPS: ['U0OPS'] });
    const request = makeRequest({
      policy: {
        approvers: ['U0BOSS', 'S0OPS'],
        requiredApprovals: 1,
        allowSelfApproval: false,
        ttlMinutes: 60,
      },
      approvals: [{ userId: 'U0EARLIER', at: '2025-06-01T10:01:00.000Z' }],
    });

    const verdicts = await Promise.all(
      ['U0REQUESTER', 'U0EARLIER', 'U0BOSS', 'U0OPS', 'U0STRANGER'].map((u) => mayCancel(request, u, groups)),
    );

    expect(verdicts).toEqual([true, true, true, true, false]);
  });

  it('passes that rule to the execution tracker with the click', async () => {
    const h = makeHarness({ policy: { approvers: ['U0BOSS'] } });

    await h.flow.cancel('req-1', 'U0STRANGER');
    const rule = h.cancels[0]?.mayCancel;
    const request = makeRequest({ id: 'req-1', policy: { ...makeRequest().policy, approvers: ['U0BOSS'] } });

    expect(h.cancels.map((c) => [c.requestId, c.userId])).toEqual([['req-1', 'U0STRANGER']]);
    expect(await rule?.('U0BOSS', request)).toBe(true);
    expect(await rule?.('U0STRANGER', request)).toBe(false);
  });
});

describe('retryFailed (what a retry of failed instances prefills)', () => {
  it('prefills the failed instances, the non-secret values, Concurrency and MaxErrors', async () => {
    const store = new MemoryRequestStore([
      partlyFailed({
        parameters: { version: 'v20.18.2', token: '******' },
        secretParameterNames: ['token'],
        concurrency: 3,
        maxErrors: 2,
        channelId: 'C0OTHER',
      }),
    ]);

    const retry = await retryFailed(store, 'req-1');
    const byExecution = await retryFailed(store, 'exec-1');

    expect(retry).toEqual({
      ok: true,
      channelId: 'C0OTHER',
      prefill: {
        regionId: 'cn-hangzhou',
        instanceIds: [I2],
        packageName: 'ACS-Extension-node-1853370294850618',
        parameterValues: { version: 'v20.18.2' },
        concurrency: 3,
        maxErrors: 2,
      },
    });
    expect(byExecution).toEqual(retry);
  });

  it('says why there is nothing to retry', async () => {
    const store = new MemoryRequestStore([runningRequest('req-2', 'exec-2', [I1])]);

    const unknown = await retryFailed(store, 'req-unknown');
    const nothing = await retryFailed(store, 'req-2');

    expect(unknown).toEqual({ ok: false, reason: 'not_found' });
    expect(nothing).toEqual({ ok: false, reason: 'nothing_to_retry' });
  });
});
