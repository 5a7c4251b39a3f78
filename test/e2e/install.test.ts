/**
 * Scenario 3 end to end: `/ecs-ext install …` opens the modal (loading view, then the form with the
 * package's `param:` blocks), the submission posts the confirmation, and approvals reply in its thread.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_FACTS, SEED_INSTANCES, SEED_PACKAGES } from '../emulator/catalog.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { type Harness, startHarness } from './harness.js';

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

type View = {
  callback_id: string;
  blocks: Array<{ type: string; block_id?: string }>;
  private_metadata: string;
};

/** The form as the last views.update after `from` showed it. */
async function formAfter(from: number): Promise<View> {
  const call = await h.slack.waitFor(
    (c) =>
      c.method === 'views.update' &&
      h.slack.calls.indexOf(c) >= from &&
      JSON.stringify(c.args.view).includes('"input"'),
  );
  return call.args.view as View;
}

async function openForm(text: string): Promise<View> {
  const from = h.slack.calls.length;
  const res = await h.driver.command(text, { channelId: 'C0OPSCHANNEL' });
  expect(res.status).toBe(200);
  const opened = await h.slack.waitFor((c) => c.method === 'views.open' && h.slack.calls.indexOf(c) >= from);
  expect((opened.args.view as View).callback_id).toBe('install_request');
  return formAfter(from);
}

function postedAfter(from: number, pred: (c: SlackCall) => boolean): Promise<SlackCall> {
  return h.slack.waitFor(
    (c) => c.method === 'chat.postMessage' && h.slack.calls.indexOf(c) >= from && pred(c),
  );
}

describe('scenario 3: install', () => {
  it('opens the loading view first, then the form with the package parameters', async () => {
    const view = await openForm(`install ${SEED_PACKAGES.node} ${SEED_INSTANCES.linux} cn-hangzhou`);

    const ids = view.blocks.map((b) => b.block_id);
    expect(ids).toEqual(expect.arrayContaining(['region', 'instances', 'package', 'param:version']));
    const version = view.blocks.find((b) => b.block_id === 'param:version') as unknown as {
      element: { type: string; initial_option?: { value: string } };
    };
    expect(version.element.type).toBe('static_select');
    expect(version.element.initial_option?.value).toBe(SEED_FACTS.nodeDefault);
    expect(JSON.stringify(view)).toContain(SEED_INSTANCES.linux);
  });

  it('posts the confirmation on submit, and an approval starts the install in its thread', async () => {
    const view = await openForm(`install ${SEED_PACKAGES.node} ${SEED_INSTANCES.linux} cn-hangzhou`);
    const from = h.slack.calls.length;

    const res = await h.driver.viewSubmission({
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
        instances: { instances_input: SEED_INSTANCES.linux },
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

    expect(res.status).toBe(200);
    const confirmation = await postedAfter(from, (c) =>
      JSON.stringify(c.args.blocks ?? '').includes('Please confirm'),
    );
    expect(confirmation.args.channel).toBe('C0OPSCHANNEL');
    const shown = JSON.stringify(confirmation.args.blocks);
    expect(shown).toContain(SEED_INSTANCES.linux);
    expect(shown).toContain(SEED_PACKAGES.node);
    expect(shown).toContain('`version`: `v20.18.2`');
    const approve = (
      confirmation.args.blocks as Array<{
        type: string;
        elements?: Array<{ action_id: string; value: string }>;
      }>
    )
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'approve');
    expect(approve).toBeDefined();

    await h.driver.blockAction({
      actionId: 'approve',
      value: approve?.value ?? '',
      userId: 'U0APPROVER',
      channelId: 'C0OPSCHANNEL',
    });

    const approved = await postedAfter(from, (c) =>
      JSON.stringify(c.args.blocks ?? '').includes('approved (1/1)'),
    );
    expect(approved.args.thread_ts).toBeDefined();
    await postedAfter(from, (c) => JSON.stringify(c.args.blocks ?? '').includes('Installation started'));
  });

  it('answers bad input with errors keyed by the contract block ids', async () => {
    const view = await openForm(`install ${SEED_PACKAGES.node} cn-hangzhou`);

    const res = await h.driver.viewSubmission({
      callbackId: 'install_request',
      privateMetadata: view.private_metadata,
      values: submitValues('i-bp1nosuchinstance0099'),
    });

    expect(res.status).toBe(200);
    const body = res.body as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toContain('instances');
  });

  it('tells the requester to invite the bot when it is not in the channel', async () => {
    h.slack.notInChannel('C0PRIVATE');
    const from = h.slack.calls.length;
    const res0 = await h.driver.command(`install ${SEED_PACKAGES.node} ${SEED_INSTANCES.linux} cn-hangzhou`, {
      channelId: 'C0PRIVATE',
    });
    expect(res0.status).toBe(200);
    const view = await formAfter(from);

    await h.driver.viewSubmission({
      callbackId: 'install_request',
      privateMetadata: view.private_metadata,
      values: submitValues(SEED_INSTANCES.linux),
    });

    const told = await h.slack.waitFor(
      (c) =>
        h.slack.calls.indexOf(c) >= from &&
        (c.method === 'chat.postEphemeral' || c.method === 'chat.postMessage') &&
        String(c.args.text ?? '').includes('/invite @ecs-ext'),
    );
    expect(told.args.text).toContain('Nothing was installed');
  });
});

function submitValues(instances: string): Record<string, Record<string, unknown>> {
  const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });
  return {
    region: { region_select: { type: 'static_select', selected_option: option('cn-hangzhou') } },
    instances: { instances_input: instances },
    package: { package_select: { type: 'external_select', selected_option: option(SEED_PACKAGES.node) } },
  };
}
