/**
 * Execution tracking end to end: after the approval the bot polls the emulator through the real SDK,
 * posts the final report (every contract label) in the request's thread, sends credentials only to the
 * requester, and after a restart still reports exactly once.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_INSTANCES, SEED_PACKAGES } from '../emulator/catalog.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { lowdbFilesText } from '../storage/lowdb-on-disk.js';
import { type Harness, startHarness } from './harness.js';
import { readStore, trackingDone } from './install-helpers.js';

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

function callAfter(from: number, pred: (c: SlackCall) => boolean): Promise<SlackCall> {
  return h.slack.waitFor((c) => h.slack.calls.indexOf(c) >= from && pred(c), 10_000);
}

function blocksOf(c: SlackCall): string {
  return JSON.stringify(c.args.blocks ?? '');
}

/** Opens the form, submits node for `instances`, approves; resolves with the thread ts. */
async function installAndApprove(instances: string[]): Promise<{ threadTs: string; from: number }> {
  const from = h.slack.calls.length;
  await h.driver.command(`install ${SEED_PACKAGES.node} ${instances.join(' ')} cn-hangzhou`, {
    channelId: 'C0OPSCHANNEL',
  });
  const form = await callAfter(
    from,
    (c) => c.method === 'views.update' && JSON.stringify(c.args.view).includes('"input"'),
  );
  const view = form.args.view as { private_metadata: string };
  await h.driver.viewSubmission({
    callbackId: 'install_request',
    privateMetadata: view.private_metadata,
    userId: 'U0REQUESTER',
    values: {
      region: {
        region_select: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'cn-hangzhou' },
        },
      },
      instances: { instances_input: instances.join('\n') },
      package: {
        package_select: {
          type: 'external_select',
          selected_option: { text: { type: 'plain_text', text: 'Node.js' }, value: SEED_PACKAGES.node },
        },
      },
      'param:version': {
        param_value: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'v20' }, value: 'v20.18.2' },
        },
      },
    },
  });
  const confirmation = await callAfter(
    from,
    (c) => c.method === 'chat.postMessage' && blocksOf(c).includes('Please confirm'),
  );
  const approve = (
    confirmation.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>
  )
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === 'approve');
  await h.driver.blockAction({
    actionId: 'approve',
    value: approve?.value ?? '',
    userId: 'U0APPROVER',
    channelId: 'C0OPSCHANNEL',
  });
  const started = await callAfter(
    from,
    (c) => c.method === 'chat.postMessage' && blocksOf(c).includes('Installation started'),
  );
  return { threadTs: String(started.args.thread_ts), from };
}

function finalReports(threadTs: string): SlackCall[] {
  return h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.thread_ts === threadTs && blocksOf(c).includes('Result Details'));
}

describe('execution tracking', () => {
  it('posts the final report in the thread and the credentials only to the requester', async () => {
    h.cloud.script({
      instances: {
        [SEED_INSTANCES.linux]: {
          status: 'Success',
          output: 'node v20.18.2 installed',
          configuration: 'username: admin\npassword: E2e-Pa55-w0rd',
        },
        [SEED_INSTANCES.linux2]: { status: 'Failed', message: 'Command timed out after 7200 seconds.' },
      },
      defaultAfterMs: 30,
    });

    const { threadTs, from } = await installAndApprove([SEED_INSTANCES.linux, SEED_INSTANCES.linux2]);
    const report = await callAfter(
      from,
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.thread_ts === threadTs &&
        blocksOf(c).includes('Result Details'),
    );
    const secret = await callAfter(
      from,
      (c) => c.method === 'chat.postEphemeral' && String(c.args.text).includes('E2e-Pa55-w0rd'),
    );

    const shown = blocksOf(report);
    for (const label of LABELS) expect(shown).toContain(label);
    expect(shown).toContain(SEED_INSTANCES.linux2);
    expect(shown).toContain('Command timed out');
    expect(shown).toContain('retry_failed');
    expect(String(report.args.text)).toContain('<@U0REQUESTER>');
    expect(secret.args.user).toBe('U0REQUESTER');
    const everythingPublic = JSON.stringify(h.slack.callsTo('chat.postMessage').map((c) => c.args));
    expect(everythingPublic).not.toContain('E2e-Pa55-w0rd');
    expect(lowdbFilesText(join(h.dataDir, 'ecs-ext.json'))).not.toContain('E2e-Pa55-w0rd');
    expect(finalReports(threadTs)).toHaveLength(1);
  });

  it('resumes after a restart and reports exactly once', async () => {
    h.cloud.script({ neverFinish: true });
    const { threadTs } = await installAndApprove([SEED_INSTANCES.linux]);
    const executionId = h.cloud.executionIds().at(-1) ?? '';

    await h.restart();
    h.cloud.finishExecution(executionId, 'Success');
    await h.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.thread_ts === threadTs &&
        blocksOf(c).includes('Result Details'),
      10_000,
    );
    const request = readStore(h).requests.find((r) => r.messageTs === threadTs);
    await trackingDone(h, request?.id ?? '');

    expect(finalReports(threadTs)).toHaveLength(1);
  });
});
