/**
 * Helpers of the install end-to-end tests: open the modal through `/ecs-ext install …`, submit it with
 * the values Slack would send for its inputs, find the confirmation and its thread, and read the store.
 */
import { expect } from 'vitest';
import type { InstallRequest } from '../../src/domain/model.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { readLowdbOnDisk } from '../storage/lowdb-on-disk.js';
import type { SlackResponse } from '../support/slack-driver.js';
import type { Harness } from './harness.js';

/** The channel the install requests are made in. */
export const CHANNEL = 'C0OPSCHANNEL';
/** The user who asks for the installs. */
export const REQUESTER = 'U0REQUESTER';

/** The install modal as the bot last rendered it. */
export interface FormView {
  callback_id: string;
  private_metadata: string;
  blocks: FormBlock[];
}

/** One block of the modal (only what the helpers read). */
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

/** What a person reads in a message: its fallback text and every block, as one string. */
export function shown(call: SlackCall): string {
  return JSON.stringify([call.args.text, call.args.blocks]);
}

/** The first call at or after index `from` matching `pred` (waits for it). */
export function callAfter(h: Harness, from: number, pred: (c: SlackCall) => boolean, timeoutMs?: number) {
  return h.slack.waitFor((c) => h.slack.calls.indexOf(c) >= from && pred(c), timeoutMs);
}

/** Opens the modal with `/ecs-ext <text>` and returns the views.open and the form views.update. */
export async function openInstallForm(
  h: Harness,
  text: string,
  o: { userId?: string; channelId?: string } = {},
): Promise<{ opened: SlackCall; form: SlackCall; view: FormView }> {
  const from = h.slack.calls.length;
  const res = await h.driver.command(text, {
    userId: o.userId ?? REQUESTER,
    channelId: o.channelId ?? CHANNEL,
  });
  expect(res.status).toBe(200);
  const opened = await callAfter(h, from, (c) => c.method === 'views.open');
  const form = await callAfter(
    h,
    from,
    (c) => c.method === 'views.update' && JSON.stringify(c.args.view).includes('"input"'),
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
  h: Harness,
  view: FormView,
  overrides: Record<string, string> = {},
  userId = REQUESTER,
): Promise<SlackResponse> {
  return h.driver.viewSubmission({
    callbackId: 'install_request',
    privateMetadata: view.private_metadata,
    userId,
    values: formValues(view, overrides),
  });
}

/** A submitted request: its id, its confirmation message and the ts that roots its thread. */
export interface Submitted {
  requestId: string;
  confirmation: SlackCall;
  messageTs: string;
  response: SlackResponse;
}

/** What to ask for in `requestInstall`. */
export interface InstallAsk {
  packageName: string;
  instanceIds: string[];
  regionId?: string;
  /** Input overrides by block id (e.g. `param:port`, `concurrency`). */
  overrides?: Record<string, string>;
  userId?: string;
}

/** The value of the confirmation's button `actionId` (the request id), or undefined. */
export function buttonValue(call: SlackCall, actionId: string): string | undefined {
  const blocks = (call.args.blocks ?? []) as Array<{
    elements?: Array<{ action_id?: string; value?: string }>;
  }>;
  return blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)?.value;
}

/** `/ecs-ext install <package> <ids> <region>`, submit, and wait for the confirmation and its stored ts. */
export async function requestInstall(h: Harness, ask: InstallAsk): Promise<Submitted> {
  const regionId = ask.regionId ?? 'cn-hangzhou';
  const { view } = await openInstallForm(
    h,
    `install ${ask.packageName} ${ask.instanceIds.join(' ')} ${regionId}`,
    {
      userId: ask.userId,
    },
  );
  const from = h.slack.calls.length;
  const response = await submitForm(h, view, ask.overrides, ask.userId);
  expect(response.status).toBe(200);
  expect(response.body).toBeUndefined();
  const confirmation = await callAfter(
    h,
    from,
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.thread_ts === undefined &&
      shown(c).includes('Please confirm'),
  );
  const requestId = buttonValue(confirmation, 'approve');
  if (!requestId) throw new Error('the confirmation has no approve button');
  const stored = await waitForRequest(h, requestId, (r) => r.messageTs !== undefined);
  return { requestId, confirmation, messageTs: stored.messageTs as string, response };
}

/** Clicks `actionId` (approve or reject) on the confirmation of `submitted` as `userId`. */
export function click(h: Harness, submitted: Submitted, actionId: 'approve' | 'reject', userId: string) {
  return h.driver.blockAction({
    actionId,
    value: submitted.requestId,
    userId,
    channelId: CHANNEL,
    messageTs: submitted.messageTs,
  });
}

/** Replies posted in the thread of `messageTs`, in order. */
export function threadReplies(h: Harness, messageTs: string): SlackCall[] {
  return h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === messageTs);
}

/** Waits for a reply in the thread of `messageTs` whose text includes `text`. */
export function waitForReply(
  h: Harness,
  messageTs: string,
  text: string,
  timeoutMs?: number,
): Promise<SlackCall> {
  return h.slack.waitFor(
    (c) => c.method === 'chat.postMessage' && c.args.thread_ts === messageTs && shown(c).includes(text),
    timeoutMs,
  );
}

/** The store's requests as they are on disk (live document and archive of finished ones). */
export function readStore(h: Harness): { version: number; requests: InstallRequest[] } {
  return readLowdbOnDisk(h.env.ECS_EXT_DB_FILE as string);
}

/** The stored request `id`, read from disk. */
export function storedRequest(h: Harness, id: string): InstallRequest | undefined {
  return readStore(h).requests.find((r) => r.id === id);
}

/** Polls (bounded) until `check` returns something truthy. */
export async function waitUntil<T>(what: string, check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the stored request `id` satisfies `pred` and returns it. */
export function waitForRequest(
  h: Harness,
  id: string,
  pred: (r: InstallRequest) => boolean,
  timeoutMs?: number,
): Promise<InstallRequest> {
  return waitUntil(
    `request ${id} in the store`,
    () => {
      const request = storedRequest(h, id);
      return request && pred(request) ? request : undefined;
    },
    timeoutMs,
  );
}

/**
 * Waits until the bot's tracker has let go of request `id` and no poll cycle is running: from then on
 * nothing can post for it, so "exactly one report" checked afterwards would see a duplicate.
 */
export async function trackingDone(h: Harness, id: string, timeoutMs?: number): Promise<void> {
  await waitUntil(
    `the tracker to let go of ${id}`,
    () => (h.bot.tracker.trackedRequestIds().includes(id) ? undefined : true),
    timeoutMs,
  );
  await h.bot.tracker.idle();
}
