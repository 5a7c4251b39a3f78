/**
 * The form answers within Slack's deadline whatever the cloud does (issue 7, class 6), end to end: a
 * slow check gets a "checking…" view as the submission's answer and the outcome by views.update (the
 * form again with what was typed and its problem marked, or "submitted" and the confirmation), and a
 * Retry-After of ten minutes never holds the answer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_INSTANCES } from '../emulator/catalog.js';
import { SEED_PACKAGES } from '../emulator/cloud-emulator.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  callAfter,
  formValues,
  openInstallForm,
  REQUESTER,
  shown,
  submitForm,
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

/** The form for a git install on one instance, asked in `channelId`. */
async function form(channelId: string) {
  return openInstallForm(h, `install ${SEED_PACKAGES.git} ${SEED_INSTANCES.linux} cn-hangzhou`, {
    channelId,
  });
}

/** The view a views.update call sent, as text. */
const viewText = (c: SlackCall) => JSON.stringify(c.args.view ?? '');

type Answer = { response_action?: string; view?: { blocks?: unknown[] }; errors?: Record<string, string> };

describe('a submission whose checks outlast the deadline', () => {
  it('answers "checking…", then shows "submitted" and posts the confirmation', async () => {
    const { view } = await form('C0SLOWFORM');
    h.cloud.fault({ kind: 'latency', action: 'DescribeInstances', latencyMs: 3_000, times: 1 });
    const from = h.slack.calls.length;

    const response = await submitForm(h, view);
    const update = await callAfter(
      h,
      from,
      (c) => c.method === 'views.update' && viewText(c).includes('Request submitted'),
    );
    const confirmation = await callAfter(
      h,
      from,
      (c: SlackCall) =>
        c.method === 'chat.postMessage' &&
        c.args.channel === 'C0SLOWFORM' &&
        shown(c).includes('Please confirm'),
    );

    const answer = response.body as Answer;
    expect(response.status).toBe(200);
    expect(answer.response_action).toBe('update');
    expect(JSON.stringify(answer.view)).toContain('Checking your request');
    expect(JSON.stringify(answer.view)).not.toContain('"input"');
    expect(update.args.view_id).toEqual(expect.stringMatching(/^V/));
    expect(viewText(update)).toContain('<#C0SLOWFORM>');
    expect(confirmation).toBeDefined();
  });

  it('shows the form again with what was typed and the problem under its field', async () => {
    const { view, form: shownForm } = await form('C0SLOWFIX');
    const asShown = shownForm.args.view as Record<string, unknown>;
    h.cloud.fault({ kind: 'latency', action: 'DescribeInstances', latencyMs: 3_000, times: 1 });
    const from = h.slack.calls.length;

    // Slack sends the whole view with a submission: its blocks, title and submit button too.
    const response = await h.driver.viewSubmission({
      callbackId: 'install_request',
      privateMetadata: view.private_metadata,
      userId: REQUESTER,
      values: formValues(view, { instances: 'i-bp1doesnotexist0001' }),
      view: { blocks: asShown.blocks, title: asShown.title, submit: asShown.submit, close: asShown.close },
    });
    const update = await callAfter(
      h,
      from,
      (c) => c.method === 'views.update' && viewText(c).includes('Please fix'),
    );

    const again = update.args.view as {
      callback_id: string;
      submit?: unknown;
      blocks: Array<Record<string, unknown>>;
    };
    const instances = again.blocks.findIndex((b) => b.block_id === 'instances');
    const note = again.blocks[instances + 1] as { type: string };
    expect((response.body as Answer).response_action).toBe('update');
    expect(again.callback_id).toBe('install_request');
    expect(again.submit).toBeDefined();
    expect(JSON.stringify(again.blocks[instances])).toContain('i-bp1doesnotexist0001');
    expect(note.type).toBe('context');
    expect(JSON.stringify(note)).toContain('i-bp1doesnotexist0001');
    expect(h.slack.calls.slice(from).some((c) => c.method === 'chat.postMessage')).toBe(false);
  });
});

describe('a throttled cloud with a long Retry-After', () => {
  it('does not wait it out: the answer comes in time, saying what to do', async () => {
    const { view } = await form('C0THROTTLEDFORM');
    h.cloud.fault({ kind: 'throttle', action: 'DescribeInstances', retryAfterSeconds: 600, times: 20 });

    const response = await submitForm(h, view);

    const answer = response.body as Answer;
    expect(response.status).toBe(200);
    expect(answer.response_action).toBe('errors');
    expect(JSON.stringify(answer.errors)).toContain('throttled');
    expect(JSON.stringify(answer.errors)).toContain('try again');
  });
});
