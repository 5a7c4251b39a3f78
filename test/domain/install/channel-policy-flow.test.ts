import { describe, expect, it } from 'vitest';
import { I1, I2, makeHarness, submission } from './install-harness.js';

const CHANNEL = 'C0CHANNEL';
const HOUR = 3_600_000;

describe('requestInstall under the channel policy', () => {
  it('stores the approval policy, TTL, reason and policy version the channel policy gives', async () => {
    const h = makeHarness({
      channels: {
        [CHANNEL]: {
          approvers: ['U0LEAD'],
          requiredApprovals: 2,
          approvalTtlMinutes: 120,
          requireReason: true,
        },
      },
    });

    const result = await h.flow.requestInstall(
      submission({ channelId: CHANNEL, reason: '  ticket OPS-42 ' }),
    );

    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.request).toMatchObject({
      policy: { approvers: ['U0LEAD'], requiredApprovals: 2, ttlMinutes: 120 },
      expiresAt: '2025-06-01T12:00:00.000Z',
      reason: 'ticket OPS-42',
      policyVersion: 'file:test0001',
      remindApprovers: true,
    });
  });

  it('returns every refusal as data keyed by block, and stores nothing', async () => {
    const h = makeHarness({
      channels: { [CHANNEL]: { regions: ['cn-shanghai'], maxInstancesPerRequest: 1, requireReason: true } },
    });

    const result = await h.flow.requestInstall(
      submission({ channelId: CHANNEL, instancesText: `${I1} ${I2}` }),
    );

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusals?.map((r) => [r.block, r.rule])).toEqual([
      ['region', 'regions'],
      ['instances', 'maxInstancesPerRequest'],
      ['reason', 'requireReason'],
    ]);
    expect(await h.store.list()).toEqual([]);
  });

  it('masks a credential typed into the reason', async () => {
    const h = makeHarness();

    const result = await h.flow.requestInstall(submission({ reason: 'reset password=hunter2 on the box' }));

    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.request.reason).not.toContain('hunter2');
  });

  it('refuses a wave size that is not a whole number from 1 to 50', async () => {
    const h = makeHarness();

    const result = await h.flow.requestInstall(submission({ rollout: 'waves', waveSize: '0' }));

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.rolloutProblems).toEqual([{ block: 'wave_size', max: 50 }]);
  });
});

describe('approval inside a freeze window', () => {
  it('is not counted and tells the thread the window and its end; nothing starts', async () => {
    const from = new Date(Date.parse('2025-06-01T10:00:00Z') + HOUR).toISOString();
    const to = new Date(Date.parse('2025-06-01T10:00:00Z') + 3 * HOUR).toISOString();
    const h = makeHarness({
      policy: { ttlMinutes: 600 },
      channels: { [CHANNEL]: { freeze: [{ from, to, reason: 'migration' }] } },
    });
    const result = await h.flow.requestInstall(submission({ channelId: CHANNEL }));
    if (!result.ok) throw new Error(JSON.stringify(result));
    await result.confirmation;
    await h.clock.advance(HOUR + 1);

    const decision = await h.flow.decide(result.request.id, 'U0APPROVER', 'approve');

    expect(decision.changed).toBe(false);
    expect(h.notifier.events.at(-1)?.event).toEqual({
      kind: 'approval_frozen',
      by: 'U0APPROVER',
      freeze: { reason: 'migration', until: to },
    });
    expect((await h.store.get(result.request.id))?.approvals).toEqual([]);
    expect(h.oos.calls.filter((c) => c.method === 'startExecution')).toEqual([]);
  });
});
