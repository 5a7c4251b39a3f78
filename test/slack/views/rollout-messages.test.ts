import { describe, expect, it } from 'vitest';
import type { InstallRequest, Locale } from '../../../src/domain/model.js';
import type { RequestEvent } from '../../../src/domain/ports.js';
import { planRollout } from '../../../src/domain/rollout/plan-waves.js';
import {
  claimStage,
  pauseRollout,
  recordWavePolled,
  recordWaveStarted,
} from '../../../src/domain/rollout/rollout-state.js';
import { renderConfirmation } from '../../../src/slack/views/confirmation.js';
import { renderRolloutEvent } from '../../../src/slack/views/rollout-messages.js';
import { makeRequest } from '../../fakes/requests.js';

const AT = new Date('2025-06-01T10:10:00.000Z');
const IDS = ['i-bp1view00000000001', 'i-bp1view00000000002', 'i-bp1view00000000003'];

/** A canary whose first wave failed on its one instance: paused for an approver. */
function pausedCanary(): InstallRequest {
  let rollout = planRollout('canary', IDS, 0, { clientToken: 'ecs-ext-req-view', action: 'install' });
  rollout = recordWaveStarted(claimStage(rollout, 1), 1, { executionId: 'exec-c1', status: 'Running' }, AT);
  rollout = pauseRollout(recordWavePolled(rollout, 1, 'Failed', AT), 'failure', 1, AT);
  return makeRequest({
    id: 'req-view',
    status: 'running',
    instanceIds: IDS,
    reason: 'ticket OPS-42',
    policyVersion: 'file:0123456789ab',
    policy: {
      approvers: ['U0LEAD', 'S0OPS'],
      requiredApprovals: 1,
      allowSelfApproval: false,
      ttlMinutes: 1440,
    },
    rollout,
    execution: {
      executionId: 'exec-c1',
      regionId: 'cn-hangzhou',
      consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-c1',
      status: 'Running',
      statusMessage: '',
      startedAt: AT.toISOString(),
      instances: [
        { instanceId: IDS[0] as string, status: 'Failed', message: 'disk full' },
        { instanceId: IDS[1] as string, status: 'Queued', message: '' },
        { instanceId: IDS[2] as string, status: 'Queued', message: '' },
      ],
    },
  });
}

const EVENTS: RequestEvent[] = [
  { kind: 'wave_started', stage: 2 },
  { kind: 'rollout_paused' },
  { kind: 'rollout_continued', by: 'U0LEAD' },
  { kind: 'rollout_stopped', by: 'U0LEAD' },
  { kind: 'rollout_refused', by: 'U0OTHER', reason: 'not_approver' },
  { kind: 'rollout_refused', by: 'U0LEAD', reason: 'not_paused' },
  {
    kind: 'rollout_refused',
    by: 'U0LEAD',
    reason: 'freeze',
    freeze: { reason: 'year-end freeze', until: '2026-12-27T00:00:00+08:00' },
  },
  {
    kind: 'approval_frozen',
    by: 'U0LEAD',
    freeze: { reason: 'year-end freeze', until: '2026-12-27T00:00:00+08:00' },
  },
  { kind: 'reminder' },
];

describe.each<Locale>(['en', 'zh'])('rollout thread replies (%s)', (locale) => {
  it('word every rollout event', () => {
    const request = pausedCanary();

    const rendered = EVENTS.map((event) => renderRolloutEvent(request, event, locale));

    expect(rendered.every((m) => m && m.text.length > 0)).toBe(true);
    expect(rendered).toMatchSnapshot();
  });
});

describe('the pause', () => {
  it('shows the wave result and the continue/stop buttons with the request id', () => {
    const message = renderRolloutEvent(pausedCanary(), { kind: 'rollout_paused' }, 'en');

    const text = JSON.stringify(message?.blocks);
    expect(text).toContain('an instance failed in wave 1 of 2');
    expect(text).toContain('disk full');
    expect(text).toContain('"action_id":"continue_rollout","value":"req-view"');
    expect(text).toContain('"action_id":"stop_rollout","value":"req-view"');
    expect(text).toContain('Who can answer: <@U0LEAD>, <!subteam^S0OPS>');
  });

  it('is shown on the confirmation with the reason and the policy version', () => {
    const message = renderConfirmation(pausedCanary(), { locale: 'en' });

    const text = JSON.stringify(message.blocks);
    expect(text).toContain('*Reason:* ticket OPS-42');
    expect(text).toContain('paused after wave 1 of 2: waiting for an approver');
    expect(text).toContain('Policy version `file:0123456789ab`');
  });
});
