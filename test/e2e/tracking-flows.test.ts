/**
 * Execution tracking end to end, with the execution's timing scripted in the emulator: signed Slack
 * requests → Bolt HTTP receiver → bot → real Alibaba SDKs → emulator, and what the fake Slack received.
 * Covers success, a partial failure, cancel, Waiting, the poll timeout, throttling, credentials and the
 * poll cost of 50 concurrent executions in one region.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_FACTS, SEED_PACKAGES } from '../emulator/cloud-emulator.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  buttonOf,
  confirmationUpdates,
  expectAccepted,
  type FormBlock,
  type FormView,
  finalReports,
  formValues,
  latestConfirmation,
  pendingReports,
  REQUESTER,
  type Rig,
  replies,
  reportingDone,
  shown,
  startInstall,
  waitForFinalReport,
  waitForReply,
  waitForRequest,
  waitUntil,
} from '../support/install-driver.js';

const LABELS = [
  'Extension Name',
  'Installation Target',
  'Installation Parameters',
  'Execution ID',
  'Execution Status',
  'Completion Time',
  'Result Details',
  'Follow-up Suggestions',
];

/** `count` fresh running Linux instances in cn-hangzhou, named after `tag` (ids never collide). */
function addInstances(rig: Rig, tag: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const instanceId = `i-bp1${tag}${String(i + 1).padStart(4, '0')}`;
    rig.cloud.addInstance({ instanceId, regionId: 'cn-hangzhou', name: `${tag}-${i + 1}` });
    return instanceId;
  });
}

/** A Node.js version the seeded template allows besides its default. */
const OLDER_NODE = SEED_FACTS.nodeAllowed.find((v) => v !== SEED_FACTS.nodeDefault) as string;

/** The input block `blockId` of a rendered modal. */
function inputOf(view: FormView, blockId: string): FormBlock | undefined {
  return view.blocks.find((b) => b.type === 'input' && b.block_id === blockId);
}

/** Every message body the channel could read (posts and updates), never the ephemeral ones. */
function everythingPublic(rig: Rig): string {
  return JSON.stringify(
    rig.slack.calls
      .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
      .map((c) => c.args),
  );
}

describe('execution tracking flows', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ ECS_EXT_REQUIRED_APPROVALS: '1' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('reports a success once, shows Cancel while running and drops it at the end', async () => {
    const ids = addInstances(h, 'okay0', 2);
    h.cloud.script({ defaultAfterMs: 300 });

    const install = await startInstall(h, { instanceIds: ids, channelId: 'C0FLOWOK1' });
    const running = await waitUntil('the confirmation with a Cancel button', () =>
      confirmationUpdates(h, install).find((c) => buttonOf(c, 'cancel_execution')),
    );
    const report = await waitForFinalReport(h, install);
    await reportingDone(h, install.requestId);
    const stored = await waitForRequest(h, install.requestId, (r) => r.status === 'succeeded');
    await waitUntil('the confirmation re-rendered as succeeded', () => {
      const update = latestConfirmation(h, install);
      return update && shown(update).includes('Installed successfully') ? true : undefined;
    });

    expect(buttonOf(running, 'cancel_execution')?.value).toBe(install.requestId);
    expect(buttonOf(running, 'cancel_execution')?.confirm).toBeDefined();
    expect(buttonOf(running, 'view_console')?.url).toContain(install.executionId);
    const text = shown(report);
    for (const label of LABELS) expect(text).toContain(label);
    expect(text).toContain('Installation succeeded');
    expect(text).toContain(install.executionId);
    for (const id of ids) expect(text).toContain(id);
    expect(text).not.toContain('retry_failed');
    expect(finalReports(h, install)).toHaveLength(1);
    expect(stored.execution?.finalReportAt).toBeDefined();
    const ended = latestConfirmation(h, install) as SlackCall;
    expect(buttonOf(ended, 'cancel_execution')).toBeUndefined();
    expect(buttonOf(ended, 'approve')).toBeUndefined();
  });

  it('reports a partial failure per instance, with suggestions and a retry of the failed one', async () => {
    const ids = addInstances(h, 'part0', 5);
    const failing = ids[3] as string;
    h.cloud.script({
      defaultAfterMs: 40,
      instances: {
        [failing]: {
          status: 'Failed',
          message: 'apt-get: unable to resolve host mirrors.cloud.aliyuncs.com',
        },
      },
    });

    const install = await startInstall(h, {
      instanceIds: ids,
      channelId: 'C0FLOWPF1',
      overrides: { 'param:version': OLDER_NODE, concurrency: '3', max_errors: '2' },
    });
    const report = await waitForFinalReport(h, install);
    await reportingDone(h, install.requestId);
    const from = h.slack.calls.length;
    await h.driver.blockAction({
      actionId: 'retry_failed',
      value: install.requestId,
      userId: REQUESTER,
      channelId: install.channelId,
      messageTs: install.messageTs,
    });
    const retryForm = await h.slack.waitFor(
      (c) =>
        h.slack.calls.indexOf(c) >= from &&
        c.method === 'views.update' &&
        JSON.stringify(c.args.view).includes('"input"'),
      10_000,
    );
    const formView = retryForm.args.view as FormView;
    const resubmitted = await h.driver.viewSubmission({
      callbackId: 'install_request',
      privateMetadata: formView.private_metadata,
      userId: REQUESTER,
      values: formValues(formView),
    });
    const retryConfirmation = await h.slack.waitFor(
      (c) =>
        h.slack.calls.indexOf(c) >= from &&
        c.method === 'chat.postMessage' &&
        c.args.channel === install.channelId &&
        c.args.thread_ts === undefined &&
        shown(c).includes('Please confirm'),
      10_000,
    );
    const retryId = buttonOf(retryConfirmation, 'approve')?.value ?? '';
    const retried = await waitForRequest(h, retryId, (r) => r.status === 'pending');

    const text = shown(report);
    expect(text).toContain('Installation partly failed');
    expect(text).toContain('4 succeeded');
    for (const id of ids.filter((i) => i !== failing)) {
      expect(text).toMatch(new RegExp(`${id}\`? — succeeded`));
    }
    expect(text).toMatch(new RegExp(`${failing}\`? — failed`));
    expect(text).toContain('unable to resolve host mirrors.cloud.aliyuncs.com');
    expect(text).toContain('Follow-up Suggestions');
    expect(buttonOf(report, 'retry_failed')?.value).toBe(install.requestId);
    expect(shown(report)).toContain('Retry failed instances (1)');
    const form = JSON.stringify(retryForm.args.view);
    expect(form).toContain(failing);
    for (const id of ids.filter((i) => i !== failing)) expect(form).not.toContain(id);
    expect(form).toContain(SEED_PACKAGES.node);
    expect(inputOf(formView, 'param:version')?.element?.initial_option?.value).toBe(OLDER_NODE);
    expect(inputOf(formView, 'concurrency')?.element?.initial_value).toBe('3');
    expect(inputOf(formView, 'max_errors')?.element?.initial_value).toBe('2');
    expectAccepted(resubmitted);
    expect(retryId).not.toBe(install.requestId);
    expect(retried).toMatchObject({
      instanceIds: [failing],
      parameters: { version: OLDER_NODE },
      concurrency: 3,
      maxErrors: 2,
      approvals: [],
    });
    expect(finalReports(h, install)).toHaveLength(1);
  });

  it('cancels from the Cancel button: CancelExecution, a thread note, a Cancelled report', async () => {
    const ids = addInstances(h, 'canc0', 2);
    h.cloud.script({ neverFinish: true });
    const install = await startInstall(h, { instanceIds: ids, channelId: 'C0FLOWCA1' });
    const confirmation = await waitUntil('the Cancel button', () =>
      confirmationUpdates(h, install).find((c) => buttonOf(c, 'cancel_execution')),
    );

    await h.driver.blockAction({
      actionId: 'cancel_execution',
      value: buttonOf(confirmation, 'cancel_execution')?.value,
      userId: REQUESTER,
      channelId: install.channelId,
      messageTs: install.messageTs,
    });
    const note = await waitForReply(h, install, 'asked OOS to cancel');
    const report = await waitForFinalReport(h, install);
    await reportingDone(h, install.requestId);
    await waitForRequest(h, install.requestId, (r) => r.status === 'cancelled');

    const cancels = h.cloud.callsTo('CancelExecution');
    expect(cancels.map((c) => c.params.ExecutionId)).toEqual([install.executionId]);
    expect(shown(note)).toContain(`<@${REQUESTER}>`);
    expect(replies(h, install).indexOf(note)).toBeLessThan(replies(h, install).indexOf(report));
    expect(shown(report)).toContain('Installation cancelled');
    expect(shown(report)).toContain('`Cancelled`');
    expect(finalReports(h, install)).toHaveLength(1);
    await waitUntil('the Cancel button to disappear', () => {
      const update = latestConfirmation(h, install);
      return update && !buttonOf(update, 'cancel_execution') ? true : undefined;
    });
  });

  it('explains a Waiting execution once, with the console link, then reports', async () => {
    const ids = addInstances(h, 'wait0', 1);
    h.cloud.script({ waitingForMs: 600, defaultAfterMs: 40 });

    const install = await startInstall(h, { instanceIds: ids, channelId: 'C0FLOWWA1' });
    const waiting = await waitForReply(h, install, 'Waiting for a manual confirmation');
    await waitForFinalReport(h, install);
    await reportingDone(h, install.requestId);

    expect(shown(waiting)).toContain('OOS console');
    expect(buttonOf(waiting, 'view_console')?.url).toMatch(
      new RegExp(`^https://oos\\.console\\.aliyun\\.com/.*${install.executionId}`),
    );
    const waits = replies(h, install).filter((c) => shown(c).includes('Waiting for a manual confirmation'));
    expect(waits).toHaveLength(1);
    expect(finalReports(h, install)).toHaveLength(1);
  });

  it('keeps reporting through throttled polls', async () => {
    const ids = addInstances(h, 'thro0', 1);
    h.cloud.script({ neverFinish: true });
    const install = await startInstall(h, { instanceIds: ids, channelId: 'C0FLOWTH1' });
    const mark = h.cloud.calls.length;

    h.cloud.fault({ kind: 'throttle', service: 'oos', action: 'ListExecutions', times: 4 });
    await waitUntil('four throttled polls', () =>
      h.cloud.calls.slice(mark).filter((c) => c.action === 'ListExecutions' && c.code === 'Throttling.User')
        .length >= 4
        ? true
        : undefined,
    );
    h.cloud.finishExecution(install.executionId, 'Success');
    const report = await waitForFinalReport(h, install);
    await reportingDone(h, install.requestId);

    expect(shown(report)).toContain('Installation succeeded');
    expect(finalReports(h, install)).toHaveLength(1);
    expect(replies(h, install).some((c) => /throttl|Throttling/i.test(shown(c)))).toBe(false);
  });

  it('sends credentials from configurationOutput only to the requester, and status shows the full output', async () => {
    const ids = addInstances(h, 'cred0', 1);
    const output = Array.from({ length: 80 }, (_, i) => `step ${i}: configured <module-${i}>`).join('\n');
    h.cloud.script({
      defaultAfterMs: 40,
      instances: {
        [ids[0] as string]: {
          status: 'Success',
          output,
          configuration: 'panel: http://203.0.113.10:8888\nusername: admin\npassword: Fl0w-S3cret-pw',
        },
      },
    });

    const install = await startInstall(h, { instanceIds: ids, channelId: 'C0FLOWCR1' });
    const report = await waitForFinalReport(h, install);
    await reportingDone(h, install.requestId);
    const secret = await h.slack.waitFor(
      (c) => c.method === 'chat.postEphemeral' && String(c.args.text).includes('Fl0w-S3cret-pw'),
      10_000,
    );
    const from = h.slack.calls.length;
    await h.driver.command(`status ${install.requestId}`, {
      userId: REQUESTER,
      channelId: install.channelId,
    });
    const status = await h.slack.waitFor(
      (c) => h.slack.calls.indexOf(c) >= from && c.method === 'response_url',
      10_000,
    );

    expect(secret.args.user).toBe(REQUESTER);
    expect(secret.args.channel).toBe(install.channelId);
    expect(shown(report)).toContain(
      `The full text is in the console (View in console) and in \`/ecs-ext status ${install.requestId}\``,
    );
    expect(everythingPublic(h)).not.toContain('Fl0w-S3cret-pw');
    const statusText = JSON.stringify(status.args);
    expect(statusText).not.toContain('Fl0w-S3cret-pw');
    expect(statusText).toContain('password: ******');
    expect(statusText).toContain('step 0: configured &lt;module-0&gt;');
    expect(statusText).toContain('step 79: configured &lt;module-79&gt;');
  });
});

describe('poll timeout', () => {
  let h: Harness;

  beforeAll(async () => {
    // 0.005 minutes = 300 ms: the pending report comes long before the scripted finish.
    h = await startHarness({ ECS_EXT_REQUIRED_APPROVALS: '1', ECS_EXT_POLL_TIMEOUT_MINUTES: '0.005' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('posts a pending report at the timeout, then the final report when the execution ends', async () => {
    const ids = addInstances(h, 'late0', 1);
    h.cloud.script({ neverFinish: true });

    const install = await startInstall(h, { instanceIds: ids, channelId: 'C0FLOWTO1' });
    const pending = await waitForReply(h, install, 'Pending (timed out after');
    h.cloud.finishExecution(install.executionId, 'Success');
    const report = await waitForFinalReport(h, install);
    await reportingDone(h, install.requestId);

    const text = shown(pending);
    expect(text).toContain('Pending (timed out after 0.005 minutes)');
    expect(text).toContain(`/ecs-ext status ${install.requestId}`);
    expect(text).toContain(
      `aliyun oos ListExecutions --RegionId cn-hangzhou --ExecutionId ${install.executionId}`,
    );
    expect(buttonOf(pending, 'view_console')?.url).toContain(install.executionId);
    expect(buttonOf(pending, 'retry_failed')).toBeUndefined();
    expect(shown(report)).toContain('Installation succeeded');
    expect(pendingReports(h, install)).toHaveLength(1);
    expect(finalReports(h, install)).toHaveLength(1);
  });
});

describe('poll cost', () => {
  const INTERVAL_MS = 200;
  const EXECUTIONS = 50;
  const PAGE_SIZE = 20; // the emulator's server page size
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      ECS_EXT_REQUIRED_APPROVALS: '1',
      ECS_EXT_POLL_INTERVAL_SECONDS: String(INTERVAL_MS / 1000),
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('polls 50 concurrent executions in one region with one ListExecutions chain per cycle', async () => {
    const ids = addInstances(h, 'conc0', EXECUTIONS);
    h.cloud.script({ neverFinish: true });
    const installs: Array<Awaited<ReturnType<typeof startInstall>>> = [];
    for (let batch = 0; batch < EXECUTIONS; batch += 10) {
      const next = ids
        .slice(batch, batch + 10)
        .map((id, i) =>
          startInstall(h, { instanceIds: [id], channelId: `C0CONC${String(batch + i).padStart(4, '0')}` }),
        );
      installs.push(...(await Promise.all(next)));
    }
    // Every execution seen Running once (its task details fetched); from now on nothing changes.
    for (const install of installs) {
      await waitForRequest(h, install.requestId, (r) => r.execution?.status === 'Running');
    }
    const mark = h.cloud.calls.length;
    const polls = () =>
      h.cloud.calls.slice(mark).filter((c) => c.action === 'ListExecutions' && c.params.StartDateAfter);
    const cycles = () => polls().filter((c) => !c.params.NextToken);
    await waitUntil('six whole poll cycles', () => (cycles().length >= 7 ? true : undefined), 15_000);
    const window = h.cloud.calls.slice(mark);
    const starts = cycles().slice(0, 7);
    // The OOS calls of each whole cycle: from one chain's first page to the next chain's first page.
    const perCycle = starts.slice(0, 6).map((start, i) => {
      const from = window.indexOf(start);
      return window.slice(from, window.indexOf(starts[i + 1] as (typeof window)[number]));
    });

    for (const install of installs) h.cloud.finishExecution(install.executionId, 'Success');
    for (const install of installs) await waitForFinalReport(h, install);
    for (const install of installs) await reportingDone(h, install.requestId);

    expect(h.cloud.callsTo('StartExecution')).toHaveLength(EXECUTIONS);
    // A cycle starts an interval after the previous one ended: chains are cycles, not one per execution.
    const gaps = starts.slice(1).map((c, i) => c.at - (starts[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS / 2);
    for (const calls of perCycle) {
      // One ListExecutions chain: its pages (50 executions, 20 a page), no lookups by ExecutionId.
      expect(calls.map((c) => c.action)).toEqual(
        Array.from({ length: Math.ceil(EXECUTIONS / PAGE_SIZE) }, () => 'ListExecutions'),
      );
      expect(calls.filter((c) => c.params.ExecutionId)).toEqual([]);
    }
    for (const install of installs) expect(finalReports(h, install)).toHaveLength(1);
  }, 60_000);
});
