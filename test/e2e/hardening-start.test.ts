/**
 * Never "nothing was installed" while something is (issue 7, class 4), end to end: StartExecution runs
 * but its answer is lost, and the lookup by tag fails too. The request stays "starting (unconfirmed)",
 * the thread says the start is being confirmed, and once OOS answers again the bot adopts the one
 * execution that ran and reports on it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_INSTANCES } from '../emulator/catalog.js';
import { SEED_PACKAGES } from '../emulator/cloud-emulator.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  APPROVER,
  click,
  latestConfirmation,
  replies,
  requestInstall,
  shown,
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

beforeEach(() => {
  h.cloud.clearFaults();
});

describe('a start whose outcome OOS never told', () => {
  it('stays starting (unconfirmed), says so, and adopts the execution once OOS answers', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.git,
      instanceIds: [SEED_INSTANCES.linux],
      channelId: 'C0UNCONFIRMED',
    });
    const executionsBefore = h.cloud.executionIds().length;
    // Every StartExecution attempt runs but its answer is lost; every lookup by tag fails.
    h.cloud.fault({ kind: 'lost_answer', action: 'StartExecution', times: 4 });
    h.cloud.fault({ kind: 'server_error', action: 'ListExecutions', withParam: 'Tags', times: 1_000 });

    await click(h, submitted, 'approve', APPROVER);
    const confirming = await waitForReply(h, submitted, 'Confirming the start with OOS', 20_000);
    const unconfirmed = await waitForRequest(
      h,
      submitted.requestId,
      (r) => r.startUnconfirmedAt !== undefined,
    );
    const ranMeanwhile = h.cloud.executionIds().length - executionsBefore;
    const statusLine = await waitUntil('the confirmation to say the start is unconfirmed', () => {
      const latest = latestConfirmation(h, submitted);
      return latest && shown(latest).includes('Starting (unconfirmed)') ? latest : undefined;
    });
    h.cloud.clearFaults();
    const started = await waitForRequest(h, submitted.requestId, (r) => r.status === 'running', 30_000);
    await waitForFinalReport(h, submitted, 30_000);

    expect(unconfirmed.status).toBe('starting');
    expect(shown(statusLine)).not.toContain('nothing was installed');
    expect(ranMeanwhile).toBe(1);
    expect(shown(confirming)).toContain('may be running');
    expect(started.execution?.executionId).toBe(h.cloud.executionIds().at(-1));
    expect(h.cloud.executionIds()).toHaveLength(executionsBefore + 1);
    expect(replies(h, submitted).map(shown).join('\n')).not.toContain('Could not start');
    expect(started.history.map((e) => e.type)).not.toContain('start_failed');
  });

  it('says "not started" when OOS refuses the start outright', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.git,
      instanceIds: [SEED_INSTANCES.linux],
      channelId: 'C0REFUSEDSTART',
    });
    h.cloud.fault({ kind: 'invalid_parameter', action: 'StartExecution', times: 1 });

    await click(h, submitted, 'approve', APPROVER);
    const failed = await waitForRequest(h, submitted.requestId, (r) => r.status === 'start_failed');
    const reply = await waitForReply(h, submitted, 'Could not start');

    expect(failed.startUnconfirmedAt).toBeUndefined();
    expect(shown(reply)).not.toContain('Confirming the start');
  });
});
