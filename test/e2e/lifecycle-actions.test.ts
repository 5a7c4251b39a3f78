/**
 * The extension lifecycle end to end, through signed requests to the bot, the Alibaba SDKs to the
 * emulator and the fake Slack Web API: install and what OOS then records, a second install flagged,
 * update, uninstall over instances holding different versions (one execution per version), an update
 * or uninstall refused where nothing is installed, and undo after a newer version was published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_FACTS, SEED_PACKAGES } from '../emulator/catalog.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  APPROVER,
  buttonOf,
  CHANNEL,
  callAfter,
  click,
  type FormView,
  openInstallForm,
  REQUESTER,
  type Submitted,
  shown,
  submitForm,
  waitForFinalReport,
  waitForRequest,
} from '../support/install-driver.js';

const NODE = SEED_PACKAGES.node;
const LATEST = SEED_FACTS.nodeVersion;
const OLDER = SEED_FACTS.nodeOlderVersion;

let h: Harness;
let serial = 0;

/** A fresh running Linux instance in cn-hangzhou with Cloud Assistant online. */
function newInstance(): string {
  serial += 1;
  const instanceId = `i-bp1life${String(serial).padStart(12, '0')}`;
  h.cloud.addInstance({
    instanceId,
    regionId: 'cn-hangzhou',
    name: `life-${serial}`,
    osType: 'linux',
    osName: 'Alibaba Cloud Linux  3.2104 LTS 64位',
    cloudAssistant: true,
  });
  return instanceId;
}

beforeAll(async () => {
  h = await startHarness({ ECS_EXT_APPROVERS: APPROVER, ECS_EXT_REQUIRED_APPROVALS: '1' });
}, 30_000);

afterAll(async () => {
  await h?.close();
});

/** Submits an open form and waits for the confirmation it posts. */
async function submitAndConfirm(view: FormView, overrides: Record<string, string> = {}): Promise<Submitted> {
  const from = h.slack.calls.length;
  const response = await submitForm(h, view, overrides);
  expect(response.status).toBe(200);
  // A slow machine can outlast Slack's deadline: then the answer is "checking…" and the form updates later.
  if (response.body !== undefined) expect(response.body).toMatchObject({ response_action: 'update' });
  const confirmation = await callAfter(
    h,
    from,
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === CHANNEL &&
      c.args.thread_ts === undefined &&
      shown(c).includes('Please confirm'),
  );
  const requestId = buttonOf(confirmation, 'approve')?.value as string;
  const stored = await waitForRequest(h, requestId, (r) => r.messageTs !== undefined);
  return { requestId, channelId: CHANNEL, messageTs: stored.messageTs as string, confirmation, response };
}

/**
 * Submits `view` expecting a refusal; returns what the person reads of it: the `instances` error, or
 * (past Slack's deadline, when the form answers later by views.update) the form shown again.
 */
async function refusal(view: FormView, overrides: Record<string, string>): Promise<string> {
  const from = h.slack.calls.length;
  const response = await submitForm(h, view, overrides);
  const body = response.body as { response_action?: string; errors?: Record<string, string> };
  if (body.response_action === 'errors') return body.errors?.instances ?? '';
  const again = await callAfter(
    h,
    from,
    (c) => c.method === 'views.update' && JSON.stringify(c.args.view).includes('OOS records'),
  );
  return JSON.stringify(again.args.view);
}

/** `/ecs-ext <verb> node <ids> cn-hangzhou`, submitted as shown, up to its confirmation. */
async function ask(verb: 'install' | 'update' | 'uninstall', instanceIds: string[]): Promise<Submitted> {
  const { view } = await openInstallForm(h, `${verb} ${NODE} ${instanceIds.join(' ')} cn-hangzhou`);
  return submitAndConfirm(view);
}

/** Approves and waits for the final report in the thread. */
async function approveAndReport(submitted: Submitted): Promise<SlackCall> {
  await click(h, submitted, 'approve', APPROVER);
  return waitForFinalReport(h, submitted);
}

/** The executions a request started (from the store), in wave order. */
async function executionsOf(requestId: string): Promise<string[]> {
  const done = await waitForRequest(h, requestId, (r) => r.status === 'succeeded');
  return (done.rollout?.waves ?? []).map((w) => w.executionId as string);
}

describe('install, then what OOS records', () => {
  it('reports the version OOS records, offers undo, and `installed` shows it', async () => {
    const target = newInstance();

    const submitted = await ask('install', [target]);
    const report = await approveAndReport(submitted);

    expect(shown(report)).toContain(`OOS records \`${LATEST}\``);
    expect(buttonOf(report, 'undo')?.value).toBe(submitted.requestId);
    const from = h.slack.calls.length;
    await h.driver.command(`installed ${target} cn-hangzhou`, { userId: REQUESTER, channelId: CHANNEL });
    const answer = await callAfter(h, from, (c) => c.method === 'response_url');
    expect(shown(answer)).toContain(NODE);
    expect(shown(answer)).toContain(`\`${LATEST}\` (latest)`);
  });

  it('flags a second install per instance, with the installed version and whether it is older', async () => {
    const current = newInstance();
    const older = newInstance();
    const fresh = newInstance();
    h.cloud.setPackageState({ instanceId: current, templateName: NODE, templateVersion: LATEST });
    h.cloud.setPackageState({ instanceId: older, templateName: NODE, templateVersion: OLDER });

    const submitted = await ask('install', [current, older, fresh]);

    const text = shown(submitted.confirmation);
    expect(text).toContain('Install request');
    expect(text).toContain('Already installed on 2 instances');
    // Each pre-flight line ends at the next (escaped) new line: the note belongs to its instance.
    expect(text).toMatch(new RegExp(`${current}\` life-\\d+ [^\\\\]*already installed: \`${LATEST}\`\\\\n`));
    expect(text).toMatch(new RegExp(`${fresh}\` life-\\d+ [^\\\\]*Cloud Assistant online"`));
    expect(text).toContain(`already installed: \`${OLDER}\`, newer \`${LATEST}\` available`);
    expect(buttonOf(submitted.confirmation, 'approve')).toMatchObject({ style: 'primary' });
  });
});

describe('update and uninstall', () => {
  it('updates: OOS gets action update, the old version is uninstalled and the new one recorded', async () => {
    const target = newInstance();
    h.cloud.setPackageState({ instanceId: target, templateName: NODE, templateVersion: OLDER });

    const submitted = await ask('update', [target]);
    const report = await approveAndReport(submitted);

    expect(shown(submitted.confirmation)).toContain('Update request');
    const [executionId] = await executionsOf(submitted.requestId);
    const run = h.cloud.packageRun(executionId as string);
    expect(run.action).toBe('update');
    expect(run.instances).toEqual([{ instanceId: target, uninstallVersion: OLDER, installVersion: LATEST }]);
    expect(shown(report)).toContain(`OOS records \`${LATEST}\``);
    expect(h.cloud.packageStates(target).map((s) => s.templateVersion)).toEqual([LATEST]);
  });

  it('uninstalls instances holding different versions with one execution per installed version', async () => {
    const [a, b, c] = [newInstance(), newInstance(), newInstance()];
    h.cloud.setPackageState({ instanceId: a, templateName: NODE, templateVersion: 'v25' });
    h.cloud.setPackageState({ instanceId: b, templateName: NODE, templateVersion: OLDER });
    h.cloud.setPackageState({ instanceId: c, templateName: NODE, templateVersion: OLDER });

    const submitted = await ask('uninstall', [a, b, c]);
    const confirmation = shown(submitted.confirmation);
    const report = await approveAndReport(submitted);

    expect(confirmation).toContain('Uninstall request');
    expect(confirmation).toContain(`\`${OLDER}\` on 2 instances, \`v25\` on 1 instance`);
    expect(buttonOf(submitted.confirmation, 'approve')).toMatchObject({ style: 'danger' });
    const runs = (await executionsOf(submitted.requestId)).map((id) => h.cloud.packageRun(id));
    expect(runs.map((r) => [r.action, r.packageVersion, r.instances.map((i) => i.instanceId)])).toEqual([
      ['uninstall', OLDER, [b, c]],
      ['uninstall', 'v25', [a]],
    ]);
    expect(runs.flatMap((r) => r.instances.map((i) => i.uninstallVersion))).toEqual([OLDER, OLDER, 'v25']);
    for (const id of [a, b, c]) expect(h.cloud.packageStates(id)).toEqual([]);
    expect(shown(report)).not.toContain('OOS records');
    expect(buttonOf(report, 'undo')).toBeUndefined();
  });

  it('refuses, under the instances input, an uninstall or update where nothing is installed', async () => {
    const installed = newInstance();
    const bare = newInstance();
    h.cloud.setPackageState({ instanceId: installed, templateName: NODE, templateVersion: LATEST });
    const executions = h.cloud.executionIds().length;

    const { view } = await openInstallForm(h, `uninstall ${NODE} ${installed} ${bare} cn-hangzhou`);
    const uninstall = await refusal(view, {});
    const update = await refusal(view, { action: 'update' });

    expect(uninstall).toContain(
      `OOS records no such extension on ${bare}, so there is nothing to uninstall.`,
    );
    expect(update).toContain(`OOS records no such extension on ${bare}, so there is nothing to update.`);
    expect(h.cloud.executionIds()).toHaveLength(executions);
  });
});

describe('undo', () => {
  it('uninstalls the version OOS records, even after a newer version was published', async () => {
    const target = newInstance();
    const installed = await ask('install', [target]);
    const report = await approveAndReport(installed);
    const newer = h.cloud.publishPackageVersion(NODE);

    const from = h.slack.calls.length;
    await h.driver.blockAction({
      actionId: 'undo',
      value: buttonOf(report, 'undo')?.value as string,
      userId: REQUESTER,
      channelId: CHANNEL,
      messageTs: installed.messageTs,
    });
    const form = await callAfter(
      h,
      from,
      (c) => c.method === 'views.update' && JSON.stringify(c.args.view).includes('"input"'),
    );
    const view = form.args.view as FormView;
    const undone = await submitAndConfirm(view);
    await approveAndReport(undone);

    expect(newer).not.toBe(LATEST);
    expect(JSON.stringify(view)).toContain(installed.requestId);
    const action = view.blocks.find((b) => b.block_id === 'action');
    expect(action?.element?.initial_option?.value).toBe('uninstall');
    const [executionId] = await executionsOf(undone.requestId);
    const run = h.cloud.packageRun(executionId as string);
    expect(run).toMatchObject({ action: 'uninstall', packageVersion: LATEST });
    expect(run.instances).toEqual([{ instanceId: target, uninstallVersion: LATEST }]);
    expect(h.cloud.packageStates(target)).toEqual([]);
  });
});
