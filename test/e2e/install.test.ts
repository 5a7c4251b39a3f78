/**
 * Scenario 3 end to end: `/ecs-ext install …` opens the modal (loading view, then the form with the
 * package's `param:` blocks), the submission posts the confirmation, and approvals reply in its thread.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_FACTS, SEED_INSTANCES, SEED_PACKAGES } from '../emulator/catalog.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  APPROVER,
  CHANNEL,
  callAfter,
  click,
  openInstallForm,
  requestInstall,
  shown,
  submitForm,
  waitForReply,
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

describe('scenario 3: install', () => {
  it('opens the loading view first, then the form with the package parameters', async () => {
    const { opened, view } = await openInstallForm(
      h,
      `install ${SEED_PACKAGES.node} ${SEED_INSTANCES.linux} cn-hangzhou`,
    );

    expect((opened.args.view as { callback_id: string }).callback_id).toBe('install_request');
    const ids = view.blocks.map((b) => b.block_id);
    expect(ids).toEqual(expect.arrayContaining(['region', 'instances', 'package', 'param:version']));
    const version = view.blocks.find((b) => b.block_id === 'param:version');
    expect(version?.element?.type).toBe('static_select');
    expect(version?.element?.initial_option?.value).toBe(SEED_FACTS.nodeDefault);
    expect(JSON.stringify(view)).toContain(SEED_INSTANCES.linux);
  });

  it('posts the confirmation on submit, and an approval starts the install in its thread', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.node,
      instanceIds: [SEED_INSTANCES.linux],
      overrides: { 'param:version': 'v20.18.2' },
    });

    await click(h, submitted, 'approve', APPROVER);
    const approved = await waitForReply(h, submitted, 'approved (1/1)');
    await waitForReply(h, submitted, 'Installation started');

    const { confirmation } = submitted;
    expect(confirmation.args.channel).toBe(CHANNEL);
    const text = shown(confirmation);
    expect(text).toContain(SEED_INSTANCES.linux);
    expect(text).toContain(SEED_PACKAGES.node);
    expect(text).toContain('`version`: `v20.18.2`');
    expect(approved.args.thread_ts).toBe(submitted.messageTs);
  });

  it('answers bad input with errors keyed by the contract block ids', async () => {
    const { view } = await openInstallForm(h, `install ${SEED_PACKAGES.node} cn-hangzhou`);

    const res = await submitForm(h, view, { instances: 'i-bp1nosuchinstance0099' });

    expect(res.status).toBe(200);
    const body = res.body as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toContain('instances');
  });

  it('tells the requester to invite the bot when it is not in the channel', async () => {
    h.slack.notInChannel('C0PRIVATE');
    const from = h.slack.calls.length;
    const { view } = await openInstallForm(
      h,
      `install ${SEED_PACKAGES.node} ${SEED_INSTANCES.linux} cn-hangzhou`,
      { channelId: 'C0PRIVATE' },
    );

    await submitForm(h, view);

    const told = await callAfter(
      h,
      from,
      (c) =>
        (c.method === 'chat.postEphemeral' || c.method === 'chat.postMessage') &&
        String(c.args.text ?? '').includes('/invite @ecs-ext'),
    );
    expect(told.args.text).toContain('Nothing was installed');
  });
});
