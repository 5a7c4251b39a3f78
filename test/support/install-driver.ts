/**
 * The end-to-end install driver: a person's install from the slash command through the modal, the
 * confirmation and the approval to the started execution, and readers of what fake Slack, the
 * emulator and the store saw. Everything takes a `Rig`, so the same code drives the in-process
 * harness and a bot running as a child process; each install names its channel, so many can run at once.
 */

import { expect } from 'vitest';
import type { InstallRequest } from '../../src/domain/model.js';
import { outboxFileFor } from '../../src/storage/lowdb-outbox.js';
import { type CloudEmulator, SEED_PACKAGES } from '../emulator/cloud-emulator.js';
import type { FakeSlack, SlackCall } from '../emulator/fake-slack.js';
import { readJsonOnDisk, readLowdbOnDisk } from '../storage/lowdb-on-disk.js';
import type { Harness } from './harness.js';
import type { SlackDriver, SlackResponse } from './slack-driver.js';

/** What the driver needs of a running bot and its fakes (a Harness is one). */
export interface Rig {
  cloud: CloudEmulator;
  slack: FakeSlack;
  driver: SlackDriver;
  env: Record<string, string>;
}

/** The channel installs are asked in unless they name one. */
export const CHANNEL = 'C0OPSCHANNEL';
/** The user who asks for the installs. */
export const REQUESTER = 'U0REQUESTER';
/** The user who approves them. */
export const APPROVER = 'U0APPROVER';

const LONG_WAIT_MS = 15_000;

// --- waiting and reading messages ---------------------------------------------------------------

/** Polls (bounded) until `check` (sync or async) returns something truthy, and returns it. */
export async function waitUntil<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = LONG_WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What a person reads in a message: its fallback text and every block, as one string. */
export function shown(call: SlackCall): string {
  return JSON.stringify([call.args.text, call.args.blocks]);
}

/** The first Slack call at or after index `from` matching `pred` (waits for it). */
export function callAfter(
  rig: Rig,
  from: number,
  pred: (c: SlackCall) => boolean,
  timeoutMs = LONG_WAIT_MS,
): Promise<SlackCall> {
  // A set of the earlier calls, not indexOf per check: dozens of waiters each see every new call.
  const earlier = new Set(rig.slack.calls.slice(0, from));
  return rig.slack.waitFor((c) => !earlier.has(c) && pred(c), timeoutMs);
}

/** The button `actionId` of a message, if it has one. */
export function buttonOf(
  call: SlackCall,
  actionId: string,
): { action_id: string; value?: string; url?: string; confirm?: unknown } | undefined {
  const blocks = (call.args.blocks ?? []) as Array<{
    elements?: Array<{ action_id: string; value?: string; url?: string; confirm?: unknown }>;
  }>;
  return blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
}

// --- the install modal --------------------------------------------------------------------------

/** The install modal as the bot last rendered it. */
export interface FormView {
  callback_id: string;
  private_metadata: string;
  blocks: FormBlock[];
}

/** One block of the modal (only what the driver reads). */
export interface FormBlock {
  type: string;
  block_id?: string;
  element?: {
    type: string;
    action_id: string;
    initial_value?: string;
    initial_option?: { text: unknown; value: string };
  };
}

/** Sends `/ecs-ext <text>` and returns the views.open (loading view) and the form's views.update. */
export async function openInstallForm(
  rig: Rig,
  text: string,
  o: { userId?: string; channelId?: string } = {},
): Promise<{ opened: SlackCall; form: SlackCall; view: FormView }> {
  const channelId = o.channelId ?? CHANNEL;
  const from = rig.slack.calls.length;
  const res = await rig.driver.command(text, { userId: o.userId ?? REQUESTER, channelId });
  expect(res.status).toBe(200);
  const opened = await callAfter(rig, from, (c) => c.method === 'views.open');
  const form = await callAfter(
    rig,
    from,
    (c) =>
      c.method === 'views.update' &&
      JSON.stringify(c.args.view).includes('"input"') &&
      JSON.stringify(c.args).includes(channelId),
  );
  return { opened, form, view: form.args.view as FormView };
}

/**
 * `state.values` of a submission of `view`: every input keeps what the form showed (initial value or
 * option) unless `overrides` (by block id) says otherwise, shaped like the input's element.
 */
export function formValues(
  view: FormView,
  overrides: Record<string, string> = {},
): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  const inputs = view.blocks.filter((b) => b.type === 'input' && b.block_id && b.element);
  const known = new Set(inputs.map((b) => b.block_id));
  const unknownOverrides = Object.keys(overrides).filter((id) => !known.has(id));
  if (unknownOverrides.length > 0)
    throw new Error(`no input blocks ${unknownOverrides.join(', ')} in the form`);
  for (const block of inputs) {
    const element = block.element as NonNullable<FormBlock['element']>;
    const blockId = block.block_id as string;
    const override = overrides[blockId];
    const isSelect = element.type === 'static_select' || element.type === 'external_select';
    const value = override ?? (isSelect ? element.initial_option?.value : element.initial_value);
    if (value === undefined) continue;
    values[blockId] = {
      [element.action_id]: isSelect
        ? { type: element.type, selected_option: { text: { type: 'plain_text', text: value }, value } }
        : { type: element.type, value },
    };
  }
  return values;
}

/** Submits the modal as `userId` with the form's values and `overrides`. */
export function submitForm(
  rig: Rig,
  view: FormView,
  overrides: Record<string, string> = {},
  userId = REQUESTER,
): Promise<SlackResponse> {
  return rig.driver.viewSubmission({
    callbackId: 'install_request',
    privateMetadata: view.private_metadata,
    userId,
    values: formValues(view, overrides),
  });
}

// --- one install, step by step ------------------------------------------------------------------

/** What to install, where, and as whom. */
/**
 * Asserts that a modal submission was accepted: an empty ack, or, when a slow machine outlasts Slack's
 * deadline, the "checking…" view (a view update with no input and no errors) that updates by itself later.
 */
export function expectAccepted(response: SlackResponse): void {
  expect(response.status).toBe(200);
  if (response.body === undefined) return;
  expect(response.body).toMatchObject({ response_action: 'update' });
  const blocks = (response.body as { view?: { blocks?: Array<{ type: string }> } }).view?.blocks ?? [];
  expect(blocks.some((b) => b.type === 'input')).toBe(false);
}

export interface InstallAsk {
  /** Default: the emulator's Node.js package. */
  packageName?: string;
  instanceIds: string[];
  regionId?: string;
  /** The channel to ask in (default CHANNEL); give each concurrent install its own. */
  channelId?: string;
  /** Form inputs to change before submitting, by block id (e.g. `param:version`, `concurrency`). */
  overrides?: Record<string, string>;
  userId?: string;
}

/** A submitted request: its id, its confirmation message, and the ts that roots its thread. */
export interface Submitted {
  requestId: string;
  channelId: string;
  messageTs: string;
  confirmation: SlackCall;
  response: SlackResponse;
}

/** An install OOS is running: its request, thread and execution. */
export interface StartedInstall extends Submitted {
  executionId: string;
}

/** `/ecs-ext install <package> <ids> <region>`, submit the form as shown, and wait for the confirmation. */
export async function requestInstall(rig: Rig, ask: InstallAsk): Promise<Submitted> {
  const channelId = ask.channelId ?? CHANNEL;
  const regionId = ask.regionId ?? 'cn-hangzhou';
  const packageName = ask.packageName ?? SEED_PACKAGES.node;
  const { view } = await openInstallForm(
    rig,
    `install ${packageName} ${ask.instanceIds.join(' ')} ${regionId}`,
    { userId: ask.userId, channelId },
  );
  const from = rig.slack.calls.length;
  const response = await submitForm(rig, view, ask.overrides, ask.userId);
  expectAccepted(response);
  const confirmation = await callAfter(
    rig,
    from,
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === channelId &&
      c.args.thread_ts === undefined &&
      shown(c).includes('Please confirm'),
  );
  const requestId = buttonOf(confirmation, 'approve')?.value;
  if (!requestId) throw new Error('the confirmation has no approve button');
  const stored = await waitForRequest(rig, requestId, (r) => r.messageTs !== undefined);
  return { requestId, channelId, messageTs: stored.messageTs as string, confirmation, response };
}

/** Clicks `actionId` (approve or reject) on the confirmation of `submitted` as `userId`. */
export function click(
  rig: Rig,
  submitted: Submitted,
  actionId: 'approve' | 'reject',
  userId: string,
): Promise<SlackResponse> {
  return rig.driver.blockAction({
    actionId,
    value: submitted.requestId,
    userId,
    channelId: submitted.channelId,
    messageTs: submitted.messageTs,
  });
}

/** Requests the install, has APPROVER approve it, and waits until its execution started. */
export async function startInstall(rig: Rig, ask: InstallAsk): Promise<StartedInstall> {
  const submitted = await requestInstall(rig, ask);
  await click(rig, submitted, 'approve', APPROVER);
  const started = await waitForRequest(
    rig,
    submitted.requestId,
    (r) => r.status !== 'starting' && r.execution !== undefined,
  );
  return { ...submitted, executionId: started.execution?.executionId as string };
}

// --- the request's thread and confirmation ------------------------------------------------------

/** A request's thread: the ts of its confirmation message. */
export type Thread = Pick<Submitted, 'messageTs'>;

/** Replies in the thread, in order. */
export function replies(rig: Rig, thread: Thread): SlackCall[] {
  return rig.slack.calls.filter(
    (c) => c.method === 'chat.postMessage' && c.args.thread_ts === thread.messageTs,
  );
}

/** Waits for a reply in the thread whose text includes `text`. */
export function waitForReply(
  rig: Rig,
  thread: Thread,
  text: string,
  timeoutMs = LONG_WAIT_MS,
): Promise<SlackCall> {
  return rig.slack.waitFor(
    (c) =>
      c.method === 'chat.postMessage' && c.args.thread_ts === thread.messageTs && shown(c).includes(text),
    timeoutMs,
  );
}

function isReport(call: SlackCall): boolean {
  return shown(call).includes('Result Details');
}

function isPendingReport(call: SlackCall): boolean {
  return isReport(call) && shown(call).includes('Pending (timed out');
}

/** Replies in the thread that are final reports (they carry Result Details). */
export function finalReports(rig: Rig, thread: Thread): SlackCall[] {
  return replies(rig, thread).filter((c) => isReport(c) && !isPendingReport(c));
}

/** Replies in the thread that are pending reports (poll timeout). */
export function pendingReports(rig: Rig, thread: Thread): SlackCall[] {
  return replies(rig, thread).filter(isPendingReport);
}

/** Waits for the final report in the thread. */
export function waitForFinalReport(rig: Rig, thread: Thread, timeoutMs = LONG_WAIT_MS): Promise<SlackCall> {
  return rig.slack.waitFor(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.thread_ts === thread.messageTs &&
      isReport(c) &&
      !isPendingReport(c),
    timeoutMs,
  );
}

/** Every re-render (chat.update) of the confirmation message, in order. */
export function confirmationUpdates(
  rig: Rig,
  submitted: Pick<Submitted, 'channelId' | 'messageTs'>,
): SlackCall[] {
  return rig.slack.calls.filter(
    (c) =>
      c.method === 'chat.update' &&
      c.args.channel === submitted.channelId &&
      c.args.ts === submitted.messageTs,
  );
}

/** The latest re-render (chat.update) of the confirmation message. */
export function latestConfirmation(
  rig: Rig,
  submitted: Pick<Submitted, 'channelId' | 'messageTs'>,
): SlackCall | undefined {
  return confirmationUpdates(rig, submitted).at(-1);
}

// --- the store --------------------------------------------------------------------------------

/** The store's requests as they are on disk (live document and archive of finished ones). */
export function readStore(rig: Rig): { version: number; requests: InstallRequest[] } {
  return readLowdbOnDisk(rig.env.ECS_EXT_DB_FILE as string);
}

/** The stored request `id`, read from disk (undefined before the store file exists). */
export function storedRequest(rig: Rig, id: string): InstallRequest | undefined {
  try {
    return readStore(rig).requests.find((r) => r.id === id);
  } catch {
    return undefined;
  }
}

/** Waits until the stored request `id` satisfies `pred` and returns it. */
export function waitForRequest(
  rig: Rig,
  id: string,
  pred: (r: InstallRequest) => boolean,
  timeoutMs = LONG_WAIT_MS,
): Promise<InstallRequest> {
  return waitUntil(
    `request ${id} in the store`,
    () => {
      const request = storedRequest(rig, id);
      return request && pred(request) ? request : undefined;
    },
    timeoutMs,
  );
}

/** Posts the lowdb outbox still has to send for request `id` (0 before the outbox file exists). */
export function unsentPosts(rig: Rig, id: string): number {
  try {
    const file = outboxFileFor(rig.env.ECS_EXT_DB_FILE as string);
    const outbox = readJsonOnDisk<{ items: Array<{ requestId?: string; doneAt?: string }> }>(file);
    return outbox.items.filter((item) => item.requestId === id && item.doneAt === undefined).length;
  } catch {
    return 0;
  }
}

/**
 * Waits until the in-process bot's tracker has let go of request `id` and no poll cycle is running:
 * from then on the tracker promises nothing more for it (what it promised may still be in the outbox).
 */
export async function trackingDone(h: Harness, id: string): Promise<void> {
  await waitUntil(`the tracker to let go of ${id}`, () =>
    h.bot.tracker.trackedRequestIds().includes(id) ? undefined : true,
  );
  await h.bot.tracker.idle();
}

/**
 * trackingDone, then waits until the outbox has sent every post promised for request `id`: from then
 * on nothing can post for it, so "exactly one report" checked afterwards would see a duplicate.
 */
export async function reportingDone(h: Harness, id: string): Promise<void> {
  await trackingDone(h, id);
  await waitUntil(`the outbox to send every post for ${id}`, () =>
    unsentPosts(h, id) === 0 ? true : undefined,
  );
}
