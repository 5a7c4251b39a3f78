/**
 * Helpers of the execution-tracking end-to-end tests: drive one install from the slash command to the
 * started execution (each install in its own channel, so many can run at once), and read what the fake
 * Slack and the store saw. They take a `Rig` so the same code drives the in-process harness and a bot
 * running as a child process.
 */
import type { InstallRequest } from '../../src/domain/model.js';
import { type CloudEmulator, SEED_PACKAGES } from '../emulator/cloud-emulator.js';
import type { FakeSlack, SlackCall } from '../emulator/fake-slack.js';
import { readLowdbOnDisk } from '../storage/lowdb-on-disk.js';
import type { SlackDriver } from '../support/slack-driver.js';
import { type FormView, formValues, shown, waitUntil } from './install-helpers.js';

export { shown, waitUntil };

/** What the helpers need of a running bot and its fakes (a Harness is one). */
export interface Rig {
  cloud: CloudEmulator;
  slack: FakeSlack;
  driver: SlackDriver;
  env: Record<string, string>;
}

/** The user who asks for the installs. */
export const REQUESTER = 'U0REQUESTER';
/** The user who approves them. */
export const APPROVER = 'U0APPROVER';

/** An install that OOS is running: its request, thread and execution. */
export interface StartedInstall {
  requestId: string;
  channelId: string;
  /** ts of the confirmation message, which roots the request's thread. */
  messageTs: string;
  executionId: string;
}

/** What to install, where. */
export interface InstallPlan {
  instanceIds: string[];
  /** Each install its own channel, so concurrent installs never mix up their messages. */
  channelId: string;
  packageName?: string;
  /** Form inputs to change before submitting, by block id (e.g. `param:version`, `concurrency`). */
  overrides?: Record<string, string>;
}

/** `/ecs-ext install …`, submit the form as shown, approve, and wait until the execution started. */
export async function startInstall(rig: Rig, plan: InstallPlan): Promise<StartedInstall> {
  const { channelId } = plan;
  const packageName = plan.packageName ?? SEED_PACKAGES.node;
  const inChannel = (c: SlackCall) => JSON.stringify(c.args).includes(channelId);
  await rig.driver.command(`install ${packageName} ${plan.instanceIds.join(' ')} cn-hangzhou`, {
    userId: REQUESTER,
    channelId,
  });
  const form = await rig.slack.waitFor(
    (c) => c.method === 'views.update' && JSON.stringify(c.args.view).includes('"input"') && inChannel(c),
    15_000,
  );
  const view = form.args.view as FormView;
  const submitted = await rig.driver.viewSubmission({
    callbackId: 'install_request',
    privateMetadata: view.private_metadata,
    userId: REQUESTER,
    values: formValues(view, plan.overrides),
  });
  if (submitted.status !== 200 || submitted.body !== undefined) {
    throw new Error(`the install form was refused: ${submitted.text}`);
  }
  const confirmation = await rig.slack.waitFor(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === channelId &&
      c.args.thread_ts === undefined &&
      shown(c).includes('Please confirm'),
    15_000,
  );
  const requestId = buttonOf(confirmation, 'approve')?.value ?? '';
  await rig.driver.blockAction({ actionId: 'approve', value: requestId, userId: APPROVER, channelId });
  const started = await waitForRequest(
    rig,
    requestId,
    (r) => r.status === 'running' && r.execution !== undefined && r.messageTs !== undefined,
    15_000,
  );
  return {
    requestId,
    channelId,
    messageTs: started.messageTs as string,
    executionId: started.execution?.executionId as string,
  };
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

/** Replies in the thread of `install`, in order. */
export function replies(rig: Rig, install: StartedInstall): SlackCall[] {
  return rig.slack.calls.filter(
    (c) => c.method === 'chat.postMessage' && c.args.thread_ts === install.messageTs,
  );
}

/** Replies in the thread of `install` that are final reports (they carry Result Details). */
export function finalReports(rig: Rig, install: StartedInstall): SlackCall[] {
  return replies(rig, install).filter((c) => isReport(c) && !shown(c).includes('Pending (timed out'));
}

/** Replies in the thread of `install` that are pending reports (poll timeout). */
export function pendingReports(rig: Rig, install: StartedInstall): SlackCall[] {
  return replies(rig, install).filter((c) => isReport(c) && shown(c).includes('Pending (timed out'));
}

function isReport(call: SlackCall): boolean {
  return shown(call).includes('Result Details');
}

/** Waits for the final report of `install`. */
export function waitForFinalReport(
  rig: Rig,
  install: StartedInstall,
  timeoutMs = 15_000,
): Promise<SlackCall> {
  return rig.slack.waitFor(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.thread_ts === install.messageTs &&
      isReport(c) &&
      !shown(c).includes('Pending (timed out'),
    timeoutMs,
  );
}

/** Waits for a reply in the thread of `install` whose text includes `text`. */
export function waitForReply(
  rig: Rig,
  install: StartedInstall,
  text: string,
  timeoutMs = 15_000,
): Promise<SlackCall> {
  return rig.slack.waitFor(
    (c) =>
      c.method === 'chat.postMessage' && c.args.thread_ts === install.messageTs && shown(c).includes(text),
    timeoutMs,
  );
}

/** Every re-render (chat.update) of the confirmation message of `install`, in order. */
export function confirmationUpdates(rig: Rig, install: StartedInstall): SlackCall[] {
  return rig.slack.calls.filter(
    (c) =>
      c.method === 'chat.update' && c.args.channel === install.channelId && c.args.ts === install.messageTs,
  );
}

/** The latest re-render (chat.update) of the confirmation message of `install`. */
export function latestConfirmation(rig: Rig, install: StartedInstall): SlackCall | undefined {
  return confirmationUpdates(rig, install).at(-1);
}

/** The stored request `id`, read from the store's files on disk (document and archive). */
export function storedRequest(rig: Rig, id: string): InstallRequest | undefined {
  try {
    return readLowdbOnDisk(rig.env.ECS_EXT_DB_FILE as string).requests.find((r) => r.id === id);
  } catch {
    return undefined; // caught between two writes: the next poll reads it whole
  }
}

/** Waits (bounded) until the stored request `id` satisfies `pred`. */
export function waitForRequest(
  rig: Rig,
  id: string,
  pred: (r: InstallRequest) => boolean,
  timeoutMs = 15_000,
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
