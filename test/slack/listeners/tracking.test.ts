import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { InstallPrefill, InstallUseCase } from '../../../src/domain/install/types.js';
import type { InstallRequest } from '../../../src/domain/model.js';
import type { CancelResult } from '../../../src/domain/tracking/tracker.js';
import { ActionIds } from '../../../src/slack/ids.js';
import { registerTrackingListeners } from '../../../src/slack/listeners/tracking.js';
import { runningRequest } from '../../domain/tracking/tracking-fixtures.js';

type Handler = (args: Record<string, unknown>) => Promise<void>;

/** Records the action listeners Bolt would route to. */
class FakeApp {
  readonly actions = new Map<string, Handler>();
  action(constraints: { action_id: string }, handler: Handler) {
    this.actions.set(constraints.action_id, handler);
  }
}

const I1 = 'i-bp1aaaaaaaaaa0000001';
const I2 = 'i-bp1aaaaaaaaaa0000002';

function failedRequest(): InstallRequest {
  const base = runningRequest('req-1', 'exec-1', [I1, I2]);
  const execution = base.execution as NonNullable<InstallRequest['execution']>;
  return {
    ...base,
    status: 'failed',
    execution: {
      ...execution,
      status: 'Failed',
      instances: [
        { instanceId: I1, status: 'Success', message: '' },
        { instanceId: I2, status: 'Failed', message: 'timeout' },
      ],
    },
  };
}

function setup(options: { cancel?: CancelResult; request?: InstallRequest } = {}) {
  const app = new FakeApp();
  const log: string[] = [];
  const ephemerals: Array<{ user: string; text: string }> = [];
  const opened: Array<{ triggerId: string; prefill: InstallPrefill; channelId: string; locale: string }> = [];
  const client = {
    chat: {
      postEphemeral: async (args: { user: string; text: string }) => {
        ephemerals.push({ user: args.user, text: args.text });
        return { ok: true };
      },
    },
  } as unknown as WebClient;
  const install = {
    find: async (id: string) => (id === options.request?.id ? options.request : undefined),
  } as unknown as InstallUseCase;
  registerTrackingListeners(app as unknown as App, {
    tracker: {
      cancel: async (requestId, userId) => {
        log.push(`cancel:${requestId}:${userId}`);
        return options.cancel ?? { ok: true, request: runningRequest('req-1', 'exec-1', [I1]) };
      },
    },
    install,
    isApprover: async () => false,
    openInstallModal: async (_client, triggerId, prefill, ctx) => {
      opened.push({ triggerId, prefill, channelId: ctx.channelId, locale: await ctx.locale });
    },
    locale: async () => 'en' as const,
  });
  const click = async (actionId: string, value?: string) => {
    const acks: unknown[] = [];
    const handler = app.actions.get(actionId);
    if (!handler) throw new Error(`no listener for ${actionId}`);
    await handler({
      ack: async () => {
        acks.push(true);
      },
      body: {
        type: 'block_actions',
        user: { id: 'U0CLICKER' },
        channel: { id: 'C0CHANNEL' },
        trigger_id: 'trigger-1',
        message: { ts: '1700000000.000300', thread_ts: '1700000000.000100' },
      },
      action: { type: 'button', action_id: actionId, value },
      client,
    });
    return acks.length;
  };
  return { click, log, ephemerals, opened };
}

describe('registerTrackingListeners', () => {
  it('passes a cancel click to the tracker and says nothing more when it worked', async () => {
    const world = setup();

    const acks = await world.click(ActionIds.cancelExecution, 'req-1');

    expect(acks).toBe(1);
    expect(world.log).toEqual(['cancel:req-1:U0CLICKER']);
    expect(world.ephemerals).toEqual([]);
  });

  it('tells only the clicker why a cancel was refused', async () => {
    const world = setup({ cancel: { ok: false, reason: 'not_allowed' } });

    await world.click(ActionIds.cancelExecution, 'req-1');

    expect(world.ephemerals).toHaveLength(1);
    expect(world.ephemerals[0]?.user).toBe('U0CLICKER');
    expect(world.ephemerals[0]?.text).toContain('Only the requester or an approver');
  });

  it('opens the install form prefilled with the failed instances and the values of the request', async () => {
    const world = setup({
      request: {
        ...failedRequest(),
        parameters: { version: 'v20.18.2', port: 8080, tags: ['a'], token: '******' },
        secretParameterNames: ['token'],
        concurrency: 3,
        maxErrors: 2,
      },
    });

    await world.click(ActionIds.retryFailed, 'req-1');

    expect(world.opened).toEqual([
      {
        triggerId: 'trigger-1',
        prefill: {
          regionId: 'cn-hangzhou',
          instanceIds: [I2],
          packageName: 'ACS-Extension-node-1853370294850618',
          parameterValues: { version: 'v20.18.2', port: 8080, tags: ['a'] },
          concurrency: 3,
          maxErrors: 2,
        },
        channelId: 'C0CHANNEL',
        locale: 'en',
      },
    ]);
  });

  it('explains a retry with nothing to retry or an unknown request', async () => {
    const world = setup({ request: runningRequest('req-1', 'exec-1', [I1]) });

    await world.click(ActionIds.retryFailed, 'req-1');
    await world.click(ActionIds.retryFailed, 'req-unknown');

    expect(world.opened).toEqual([]);
    expect(world.ephemerals.map((e) => e.text)).toEqual([
      expect.stringContaining('nothing to retry'),
      expect.stringContaining('no longer exists'),
    ]);
  });

  it('only acks the console button', async () => {
    const world = setup();

    const acks = await world.click(ActionIds.viewConsole);

    expect(acks).toBe(1);
    expect(world.log).toEqual([]);
    expect(world.ephemerals).toEqual([]);
  });
});
