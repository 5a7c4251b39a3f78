/**
 * Rollouts end to end (issue 11): a canary then continue, waves with a failure then stop or continue,
 * a continue pressed by someone who may not approve, and a canary above the channel's limit. The bot
 * drives each wave as its own StartExecution (ClientToken from the request id and wave number, tagged
 * with the request id), polls them through the region's one ListExecutions chain, and posts one final
 * report over every wave. Signed requests through Bolt's HTTP receiver, the Alibaba SDKs to the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_TAG, WAVE_TAG } from '../../src/domain/install/start-parameters.js';
import type { EmulatorCall } from '../emulator/cloud-emulator.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  APPROVER,
  buttonOf,
  finalReports,
  latestConfirmation,
  REQUESTER,
  replies,
  type StartedInstall,
  shown,
  startInstall,
  storedRequest,
  trackingDone,
  waitForFinalReport,
  waitForReply,
  waitForRequest,
  waitUntil,
} from '../support/install-driver.js';

const STRANGER = 'U0STRANGER';
let h: Harness;
let serial = 0;

beforeAll(async () => {
  h = await startHarness({ ECS_EXT_APPROVERS: APPROVER });
});

afterAll(async () => {
  await h?.close();
});

/** `count` new running instances in cn-hangzhou. */
function fleet(count: number): string[] {
  serial += 1;
  return Array.from({ length: count }, (_, i) => {
    const instanceId = `i-bp1wave${String(serial).padStart(3, '0')}${String(i).padStart(8, '0')}`;
    h.cloud.addInstance({ instanceId, regionId: 'cn-hangzhou' });
    return instanceId;
  });
}

/** The StartExecution calls for request `id`, in order, with what each sent. */
function startsOf(id: string): Array<{ token: string; ids: string[]; tags: Record<string, string> }> {
  return h.cloud
    .callsTo('StartExecution')
    .filter((c: EmulatorCall) => c.status === 200 && (c.params.Tags ?? '').includes(id))
    .map((c) => ({
      token: c.params.ClientToken ?? '',
      ids: (JSON.parse(c.params.Parameters ?? '{}') as { targets: { ResourceIds: string[] } }).targets
        .ResourceIds,
      tags: JSON.parse(c.params.Tags ?? '{}') as Record<string, string>,
    }));
}

/** Clicks continue_rollout or stop_rollout on the pause message `pause` as `userId`. */
async function answer(install: StartedInstall, pause: SlackCall, actionId: string, userId: string) {
  const button = buttonOf(pause, actionId);
  expect(button?.value).toBe(install.requestId);
  const res = await h.driver.blockAction({
    actionId,
    value: button?.value ?? '',
    userId,
    channelId: install.channelId,
    messageTs: install.messageTs,
  });
  expect(res.status).toBe(200);
}

describe('a canary, then continue', () => {
  it('starts one instance, waits for an approver, then the rest; one report over both waves', async () => {
    const ids = fleet(3);
    const install = await startInstall(h, {
      instanceIds: ids,
      channelId: 'C0CANARY1',
      overrides: { rollout: 'canary' },
    });

    const pause = await waitForReply(h, install, 'The canary finished');
    const pausedMessage = await waitUntil('the main message to show the pause', () =>
      [latestConfirmation(h, install)].find((c) => c && shown(c).includes('paused after wave 1 of 2')),
    );
    const beforeContinue = startsOf(install.requestId);
    await answer(install, pause, 'continue_rollout', APPROVER);
    await waitForReply(h, install, 'Wave 2 of 2 started');
    const report = await waitForFinalReport(h, install);
    await trackingDone(h, install.requestId);

    expect(shown(pause)).toContain('Result of the wave: 1/1 done, 1 succeeded');
    expect(shown(pausedMessage)).toContain('1 succeeded · 2 in progress');
    expect(beforeContinue).toEqual([
      {
        token: `ecs-ext-${install.requestId}`,
        ids: [ids[0]],
        tags: { [REQUEST_TAG]: install.requestId, [WAVE_TAG]: '1' },
      },
    ]);
    expect(startsOf(install.requestId).slice(1)).toEqual([
      {
        token: `ecs-ext-${install.requestId}-w2`,
        ids: ids.slice(1),
        tags: { [REQUEST_TAG]: install.requestId, [WAVE_TAG]: '2' },
      },
    ]);
    expect(shown(report)).toContain('Installation succeeded');
    expect(shown(report)).toContain('3/3 done, 3 succeeded');
    expect(shown(report)).toContain('(wave 1)');
    expect(shown(report)).toContain('(wave 2)');
    expect(finalReports(h, install)).toHaveLength(1);
    expect(storedRequest(h, install.requestId)?.rollout?.continued).toEqual([
      expect.objectContaining({ by: APPROVER, afterStage: 1 }),
    ]);
  });
});

describe('waves with a failure', () => {
  /** Five instances in waves of 2, the third failing: waves 1 and 2 run, then the rollout pauses. */
  async function pausedByFailure(channelId: string) {
    const ids = fleet(5);
    h.cloud.script({ instances: { [ids[2] as string]: { status: 'Failed', message: 'disk full' } } });
    const install = await startInstall(h, {
      instanceIds: ids,
      channelId,
      overrides: { rollout: 'waves', wave_size: '2' },
    });
    const pause = await waitForReply(h, install, 'The rollout is paused');
    h.cloud.script({});
    return { ids, install, pause };
  }

  it('then stop: no further wave, and the report lists who was not reached', async () => {
    const { ids, install, pause } = await pausedByFailure('C0WAVESTOP');

    await answer(install, pause, 'stop_rollout', APPROVER);
    const report = await waitForFinalReport(h, install);
    await trackingDone(h, install.requestId);

    expect(shown(pause)).toContain('an instance failed in wave 2 of 3');
    expect(shown(pause)).toContain('disk full');
    expect(startsOf(install.requestId).map((s) => s.ids)).toEqual([ids.slice(0, 2), ids.slice(2, 4)]);
    expect(shown(report)).toContain('1 not reached (rollout stopped)');
    expect(shown(report)).toContain(ids[4]);
    expect(shown(report)).toContain('3 succeeded, 1 failed, 1 not reached');
    expect(shown(report)).toContain('Retry failed instances (2)');
    expect(replies(h, install).some((r) => shown(r).includes('stopped the rollout'))).toBe(true);
    expect(finalReports(h, install)).toHaveLength(1);
    expect(storedRequest(h, install.requestId)?.rollout?.waves.map((w) => w.status)).toEqual([
      'succeeded',
      'failed',
      'skipped',
    ]);
  });

  it('then continue: the last wave runs and the report covers all three', async () => {
    const { ids, install, pause } = await pausedByFailure('C0WAVEGO');

    await answer(install, pause, 'continue_rollout', APPROVER);
    const report = await waitForFinalReport(h, install);
    await trackingDone(h, install.requestId);

    expect(startsOf(install.requestId).map((s) => s.token)).toEqual([
      `ecs-ext-${install.requestId}`,
      `ecs-ext-${install.requestId}-w2`,
      `ecs-ext-${install.requestId}-w3`,
    ]);
    expect(shown(report)).toContain('5/5 done, 4 succeeded, 1 failed');
    expect(shown(report)).toContain(ids[4]);
    expect(shown(report)).toContain('Retry failed instances (1)');
    expect(finalReports(h, install)).toHaveLength(1);
  });

  it('shows the wave on the main message while it runs', async () => {
    const ids = fleet(4);
    h.cloud.script({ defaultAfterMs: 400 });
    const install = await startInstall(h, {
      instanceIds: ids,
      channelId: 'C0WAVESHOW',
      overrides: { rollout: 'waves', wave_size: '2' },
    });
    const second = await waitUntil('the main message at wave 2', () =>
      h.slack.calls.find(
        (c) =>
          c.method === 'chat.update' && c.args.ts === install.messageTs && shown(c).includes('wave 2 of 2'),
      ),
    );
    h.cloud.script({});
    await waitForFinalReport(h, install);
    await trackingDone(h, install.requestId);

    expect(shown(second)).toContain('2 succeeded');
  });
});

describe('who may answer a paused rollout', () => {
  it('refuses continue from someone who may not approve; the rollout stays paused', async () => {
    const ids = fleet(2);
    const install = await startInstall(h, {
      instanceIds: ids,
      channelId: 'C0CANARY2',
      overrides: { rollout: 'canary' },
    });
    const pause = await waitForReply(h, install, 'The canary finished');

    await answer(install, pause, 'continue_rollout', STRANGER);
    await answer(install, pause, 'stop_rollout', REQUESTER);
    const refusals = await waitUntil('two refusals', () => {
      const found = replies(h, install).filter((r) => shown(r).includes('only someone who may approve'));
      return found.length === 2 ? found : undefined;
    });

    expect(shown(refusals[0] as SlackCall)).toContain(`<@${STRANGER}>`);
    expect(shown(refusals[0] as SlackCall)).toContain(`<@${APPROVER}>`);
    expect(startsOf(install.requestId)).toHaveLength(1);
    const stored = await waitForRequest(h, install.requestId, (r) => r.rollout?.pause !== undefined);
    expect(stored.status).toBe('running');
    expect(stored.rollout?.waves.map((w) => w.status)).toEqual(['succeeded', 'planned']);
  });
});
