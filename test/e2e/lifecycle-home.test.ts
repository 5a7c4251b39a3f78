/**
 * The Home tab as a workbench, end to end: an approver's Home lists the request waiting for them with
 * the channel's own approve/reject buttons, approving from the Home tab starts the install like a click
 * in the channel, the Homes follow the request to its outcome, and "what's installed on…" answers in a
 * small modal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_FACTS, SEED_PACKAGES } from '../emulator/catalog.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  APPROVER,
  buttonOf,
  callAfter,
  REQUESTER,
  requestInstall,
  shown,
  waitForFinalReport,
  waitForRequest,
} from '../support/install-driver.js';

const TARGET = 'i-bp1homeaaaa00000001';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ ECS_EXT_APPROVERS: APPROVER, ECS_EXT_REQUIRED_APPROVALS: '1' });
  h.cloud.addInstance({ instanceId: TARGET, regionId: 'cn-hangzhou', name: 'home-1' });
}, 30_000);

afterAll(async () => {
  await h?.close();
});

/** The next Home published for `userId` at or after call index `from` that satisfies `pred`. */
function homeOf(userId: string, from: number, pred: (text: string) => boolean): Promise<SlackCall> {
  return callAfter(
    h,
    from,
    (c) => c.method === 'views.publish' && c.args.user_id === userId && pred(JSON.stringify(c.args.view)),
  );
}

/** What a person reads in a published Home or a modal: its view, as one string. */
function viewText(call: SlackCall): string {
  return JSON.stringify(call.args.view);
}

/** The button `actionId` of a published view. */
function viewButton(call: SlackCall, actionId: string) {
  return buttonOf({ ...call, args: { blocks: (call.args.view as { blocks: unknown }).blocks } }, actionId);
}

async function openHome(userId: string): Promise<SlackCall> {
  const from = h.slack.calls.length;
  await h.driver.event({ type: 'app_home_opened', user: userId, channel: 'D0HOME', tab: 'home' });
  return homeOf(userId, from, () => true);
}

describe('the Home tab as a workbench', () => {
  it('lists the request waiting for the approver, who approves it from the Home tab', async () => {
    const empty = await openHome(APPROVER);
    await openHome(REQUESTER);
    expect(viewText(empty)).toContain('Nothing waits for your approval');
    const from = h.slack.calls.length;

    const submitted = await requestInstall(h, { instanceIds: [TARGET] });
    const waiting = await homeOf(APPROVER, from, (t) => t.includes(submitted.requestId));
    const approve = viewButton(waiting, 'approve');
    const afterClick = h.slack.calls.length;
    const click = await h.driver.blockAction({
      actionId: 'approve',
      value: approve?.value as string,
      userId: APPROVER,
      view: { id: (waiting.args.view as { id?: string }).id ?? 'VHOME', type: 'home' },
    });
    const started = await waitForRequest(h, submitted.requestId, (r) => r.execution !== undefined);
    const report = await waitForFinalReport(h, submitted);
    const mine = await homeOf(
      REQUESTER,
      afterClick,
      (t) => t.includes(submitted.requestId) && t.includes('succeeded'),
    );
    const theirs = await homeOf(APPROVER, afterClick, (t) => !t.includes(submitted.requestId));

    expect(click.status).toBe(200);
    expect(approve).toMatchObject({ value: submitted.requestId, style: 'primary' });
    expect(viewText(waiting)).toContain('Waiting for your approval* (1)');
    expect(started.approvals.map((a) => a.userId)).toEqual([APPROVER]);
    expect(shown(report)).toContain(`OOS records \`${SEED_FACTS.nodeVersion}\``);
    expect(viewText(mine)).toContain('Your recent requests');
    expect(viewText(theirs)).toContain('Nothing waits for your approval');
    // Approved from the Home tab, told in the request's thread like any approval.
    const approved = h.slack.calls.find(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.args.thread_ts === submitted.messageTs &&
        shown(c).includes('approved'),
    );
    expect(approved).toBeDefined();
  });

  it('answers "what\'s installed on…" in a small modal', async () => {
    const home = await openHome(REQUESTER);
    const button = viewButton(home, 'home_installed');
    const from = h.slack.calls.length;

    await h.driver.blockAction({ actionId: 'home_installed', userId: REQUESTER, view: { type: 'home' } });
    const opened = await callAfter(h, from, (c) => c.method === 'views.open');
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    const submitted = await h.driver.viewSubmission({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      userId: REQUESTER,
      viewId: 'V0INSTALLEDQ',
      values: { installed_instances: { installed_instances_input: `${TARGET} cn-hangzhou` } },
    });
    const answer = await callAfter(
      h,
      from,
      (c) => c.method === 'views.update' && c.args.view_id === 'V0INSTALLEDQ',
    );

    expect(button).toBeDefined();
    expect(view.callback_id).toBe('installed_query');
    expect((submitted.body as { response_action: string }).response_action).toBe('update');
    expect(viewText(answer)).toContain(SEED_PACKAGES.node);
    expect(viewText(answer)).toContain(TARGET);
  });
});
