/**
 * Promised posts end to end (issue 7, class 2): the real bot, the emulator through the Alibaba SDKs and
 * the fake Slack Web API. A crash right after the final state is saved, a hung Slack call, a long
 * Retry-After and a channel the bot was removed from never lose a report nor hold back another one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../src/domain/ports.js';
import { outboxFileFor } from '../../src/storage/lowdb-outbox.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  finalReports,
  type StartedInstall,
  shown,
  startInstall,
  trackingDone,
  waitForFinalReport,
  waitForReply,
  waitForRequest,
  waitUntil,
} from '../support/install-driver.js';

/** Generous: the CI machine is shared, and nothing here waits on a timer longer than a poll. */
const WAIT_MS = 15_000;

let h: Harness;
let serial = 0;

beforeAll(async () => {
  h = await startHarness({ ECS_EXT_REQUIRED_APPROVALS: '1' });
});

afterAll(async () => {
  await h?.close();
});

beforeEach(() => {
  h.slack.releaseHung();
  h.cloud.clearFaults();
});

/** Outbox items as they are on disk. */
function outboxOnDisk(): OutboxItem[] {
  const file = outboxFileFor(h.env.ECS_EXT_DB_FILE as string);
  return (JSON.parse(readFileSync(file, 'utf8')) as { items: OutboxItem[] }).items;
}

/** An install on a fresh instance in its own channel, running until the test finishes it. */
async function runningInstall(): Promise<StartedInstall> {
  serial += 1;
  const instanceId = `i-bp1hard${String(serial).padStart(8, '0')}`;
  h.cloud.addInstance({ instanceId, regionId: 'cn-hangzhou' });
  h.cloud.script({ instances: { [instanceId]: { status: 'Success', afterMs: 10 * 60_000 } } });
  const install = await startInstall(h, { instanceIds: [instanceId], channelId: `C0HARD${serial}` });
  await waitForReply(h, install, 'Installation started');
  // The first poll tells the thread "0/1 done": once that is out, the install's lane holds nothing
  // that a fault injected next could hit instead of the report.
  await waitForReply(h, install, '0/1 done');
  return install;
}

const isReportTo = (channel: string) => (c: SlackCall) =>
  c.method === 'chat.postMessage' && c.args.channel === channel && shown(c).includes('Result Details');

describe('a crash right after the final state is saved', () => {
  it.each([
    ['before the outbox recorded the report', true],
    ['after the outbox recorded it, before Slack took it', false],
  ])('%s: the next start posts the report exactly once', async (_, lostFromOutbox) => {
    const install = await runningInstall();
    // Slack answers every post with an error: the report is saved as promised but never taken.
    for (let i = 0; i < 200; i += 1) h.slack.failNext('chat.postMessage', { error: 'service_unavailable' });

    h.cloud.finishExecution(install.executionId, 'Success');
    await waitForRequest(h, install.requestId, (r) => r.execution?.finalReportAt !== undefined);
    await trackingDone(h, install.requestId);
    await h.bot.stop();
    h.slack.reset();
    if (lostFromOutbox) {
      // The process died between the two writes: the state says "reported", the outbox knows nothing.
      const file = outboxFileFor(h.env.ECS_EXT_DB_FILE as string);
      const document = JSON.parse(readFileSync(file, 'utf8')) as { items: OutboxItem[] };
      document.items = document.items.filter((i) => i.requestId !== install.requestId);
      writeFileSync(file, JSON.stringify(document));
    }
    await h.restart();
    await waitForFinalReport(h, install);
    await waitUntil(
      'the outbox to finish the request',
      () =>
        outboxOnDisk().every((i) => i.requestId !== install.requestId || i.doneAt !== undefined) || undefined,
    );

    expect(finalReports(h, install)).toHaveLength(1);
    expect(outboxOnDisk().filter((i) => i.key === `${install.requestId}:final_report`)).toHaveLength(1);
  });
});

describe('Slack faults', () => {
  it("a hung call holds back only its own request's posts", async () => {
    const slow = await runningInstall();
    const fast = await runningInstall();
    h.slack.failNext('chat.postMessage', { hang: true, channel: slow.channelId });

    h.cloud.finishExecution(slow.executionId, 'Success');
    await waitUntil('a post of the slow request to hang', () => (h.slack.hungCalls > 0 ? true : undefined));
    h.cloud.finishExecution(fast.executionId, 'Success');
    await waitForFinalReport(h, fast);
    const hungWhenFastArrived = h.slack.hungCalls;
    h.slack.releaseHung();
    await waitForFinalReport(h, slow);
    await waitUntil(
      'the slow request to be delivered',
      () =>
        outboxOnDisk().every((i) => i.requestId !== slow.requestId || i.doneAt !== undefined) || undefined,
    );

    expect(hungWhenFastArrived).toBe(1);
    expect(finalReports(h, fast)).toHaveLength(1);
    expect(finalReports(h, slow)).toHaveLength(1);
  });

  it('a long Retry-After delays the limited request only; its posts wait in the outbox for their time', async () => {
    const limited = await runningInstall();
    const other = await runningInstall();
    h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 600, channel: limited.channelId });

    h.cloud.finishExecution(limited.executionId, 'Success');
    h.cloud.finishExecution(other.executionId, 'Success');
    await waitForFinalReport(h, other);
    const waiting = await waitUntil('the limited post to be rescheduled', () =>
      outboxOnDisk().find((i) => i.requestId === limited.requestId && i.attempts > 0),
    );
    const report = await waitUntil('the limited report to be queued', () =>
      outboxOnDisk().find((i) => i.key === `${limited.requestId}:final_report`),
    );

    expect(waiting).toMatchObject({ lastError: 'ratelimited', attempts: 1 });
    expect(waiting.doneAt).toBeUndefined();
    expect(Date.parse(waiting.availableAt) - Date.now()).toBeGreaterThan(500_000);
    expect(report.doneAt).toBeUndefined();
    // At most the one attempt Slack answered with 429 (when the report headed the request's lane).
    expect(finalReports(h, limited).length).toBeLessThanOrEqual(1);
    expect(finalReports(h, other)).toHaveLength(1);
  });

  it.each(['channel_not_found', 'not_in_channel', 'is_archived'])(
    'the requester gets the report by direct message when the channel answers %s',
    async (code) => {
      const install = await runningInstall();
      h.slack.notInChannel(install.channelId, code);

      h.cloud.finishExecution(install.executionId, 'Success');
      const dm = await h.slack.waitFor(
        (c) => isReportTo('D0REQUESTER')(c) && shown(c).includes(`<#${install.channelId}>`),
        WAIT_MS,
      );

      expect(h.slack.callsTo('conversations.open').at(-1)?.args.users).toBe('U0REQUESTER');
      expect(shown(dm)).toContain('I can no longer post in');
      expect(shown(dm)).toContain('Installation succeeded');
    },
  );
});
