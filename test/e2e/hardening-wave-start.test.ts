/**
 * Never "nothing was installed" while something is (issue 7, class 4), for a later stage of a rollout:
 * wave 2's StartExecution runs but its answer is lost, and every lookup by tag fails. The wave stays
 * `starting` (unconfirmed) instead of "wave not started", the thread says the start is being confirmed,
 * and once OOS answers again the bot adopts the one execution that ran and posts one final report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAVE_TAG } from '../../src/domain/install/start-parameters.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  finalReports,
  replies,
  shown,
  startInstall,
  trackingDone,
  waitForFinalReport,
  waitForReply,
  waitForRequest,
  waitUntil,
} from '../support/install-driver.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ ECS_EXT_REQUIRED_APPROVALS: '1' });
});

afterAll(async () => {
  await h?.close();
});

/** The tags of every execution StartExecution accepted for request `id` (answered or not). */
function startTags(id: string): Array<{ token: string; wave: string | undefined }> {
  return h.cloud
    .callsTo('StartExecution')
    .filter((c) => (c.params.Tags ?? '').includes(id))
    .map((c) => ({
      token: c.params.ClientToken ?? '',
      wave: (JSON.parse(c.params.Tags ?? '{}') as Record<string, string>)[WAVE_TAG],
    }));
}

/** ListExecutions by the request's tag that the emulator failed. */
function failedTagLookups(id: string): number {
  return h.cloud
    .callsTo('ListExecutions')
    .filter((c) => c.status >= 500 && (c.params.Tags ?? '').includes(id)).length;
}

describe('a later wave whose start OOS never told', () => {
  it('keeps the wave starting (unconfirmed), then adopts its one execution and reports once', async () => {
    const ids = ['i-bp1unconfwave00001', 'i-bp1unconfwave00002'];
    for (const instanceId of ids) h.cloud.addInstance({ instanceId, regionId: 'cn-hangzhou' });
    // Wave 1 runs until the test lets it end, so the faults below hit wave 2 only.
    h.cloud.script({ neverFinish: true });
    const install = await startInstall(h, {
      instanceIds: ids,
      channelId: 'C0UNCONFWAVE',
      overrides: { rollout: 'waves', wave_size: '1' },
    });
    h.cloud.script({});
    const executionsBefore = h.cloud.executionIds().length;

    // Wave 2's StartExecution (and its repeats) run but lose their answers; the call is held until the
    // lookup before it has passed, then every lookup by tag fails.
    // The client tries each call four times: eight lost answers cover the first start and one repeat.
    h.cloud.fault({ kind: 'lost_answer', action: 'StartExecution', times: 8 });
    const held = h.cloud.hold('StartExecution');
    h.cloud.finishExecution(install.executionId, 'Success');
    await waitUntil('wave 2 StartExecution to arrive', () => held.waiting === 1 || undefined);
    h.cloud.fault({ kind: 'server_error', action: 'ListExecutions', withParam: 'Tags', times: 1_000 });
    held.release();

    const confirming = await waitForReply(h, install, 'Confirming the start with OOS', 20_000);
    const unconfirmed = await waitForRequest(
      h,
      install.requestId,
      (r) => r.rollout?.waves[1]?.unconfirmedAt !== undefined,
    );
    // A repeat (lookup by tag, then StartExecution with the same ClientToken) before OOS answers again:
    // the first try's follow-up lookup, then the repeat's lookup and follow-up, four tries each.
    await waitUntil(
      'a repeated start of wave 2',
      () => (failedTagLookups(install.requestId) >= 12 ? true : undefined),
      30_000,
    );
    h.cloud.clearFaults();
    const report = await waitForFinalReport(h, install, 60_000);
    await trackingDone(h, install.requestId);
    const done = await waitForRequest(h, install.requestId, (r) => r.status === 'succeeded');

    const wave2 = unconfirmed.rollout?.waves[1];
    expect(wave2?.status).toBe('starting');
    expect(shown(confirming)).toContain('may be running');
    const answered = startTags(install.requestId).filter((s) => s.wave === '2');
    expect(answered.every((s) => s.token === wave2?.clientToken)).toBe(true);
    // Exactly one execution ran for wave 2, and it is the one the rollout adopted.
    const created = h.cloud.executionIds().slice(executionsBefore);
    expect(created).toHaveLength(1);
    expect(done.rollout?.waves.map((w) => w.status)).toEqual(['succeeded', 'succeeded']);
    expect(done.rollout?.waves[1]?.executionId).toBe(created[0]);
    expect(done.rollout?.waves[1]?.unconfirmedAt).toBeUndefined();
    expect(finalReports(h, install)).toHaveLength(1);
    expect(shown(report)).toContain('2 succeeded');
    const thread = replies(h, install).map(shown).join('\n');
    expect(thread).not.toContain('not started');
    expect(thread).not.toContain('Could not start');
    expect(done.rollout?.pause).toBeUndefined();
  }, 120_000);
});
