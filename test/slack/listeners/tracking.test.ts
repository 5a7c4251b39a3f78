import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { retryFailed } from '../../../src/domain/install/retry-request.js';
import type { InstallFlow, InstallPrefill } from '../../../src/domain/install/types.js';
import type { InstallRequest } from '../../../src/domain/model.js';
import { silentLogger } from '../../../src/domain/ports.js';
import type { CancelResult } from '../../../src/domain/tracking/tracker.js';
import { ActionIds } from '../../../src/slack/ids.js';
import { register as registerActions } from '../../../src/slack/listeners/actions/index.js';
import type { ListenerDeps } from '../../../src/slack/listeners/deps.js';
import { runningRequest } from '../../domain/tracking/tracking-fixtures.js';
import { MemoryRequestStore } from '../../fakes/memory-store.js';

type Handler = (args: Record<string, unknown>) => Promise<void>;

/** Records the action listeners Bolt would route to. */
class FakeApp {
  readonly actions = new Map<string, Handler>();
  action(constraints: { action_id: string } | string, handler: Handler) {
    this.actions.set(typeof constraints === 'string' ? constraints : constraints.action_id, handler);
  }
  options() {}
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
  const opened: Array<{ prefill: InstallPrefill }> = [];
  const views: Array<{ method: string; args: Record<string, unknown> }> = [];
  const client = {
    views: {
      open: async (args: Record<string, unknown>) => {
        views.push({ method: 'views.open', args });
        return { ok: true, view: { id: 'V1', hash: 'h1' } };
      },
      update: async (args: Record<string, unknown>) => {
        views.push({ method: 'views.update', args });
        return { ok: true };
      },
    },
    chat: {
      postEphemeral: async (args: { user: string; text: string }) => {
        ephemerals.push({ user: args.user, text: args.text });
        return { ok: true };
      },
    },
  } as unknown as WebClient;
  const store = new MemoryRequestStore(options.request ? [options.request] : []);
  const install = {
    cancel: async (requestId: string, userId: string) => {
      log.push(`cancel:${requestId}:${userId}`);
      return options.cancel ?? { ok: true, request: runningRequest('req-1', 'exec-1', [I1]) };
    },
    retryFailed: (requestId: string) => retryFailed(store, requestId),
    form: {
      parsePrefill: async () => ({ instanceIds: [] }),
      loadForm: async (prefill: InstallPrefill) => {
        opened.push({ prefill });
        throw new Error('the form is not what this test looks at');
      },
    },
  } as unknown as InstallFlow;
  registerActions(
    app as unknown as App,
    {
      install,
      locale: async () => 'en' as const,
      logger: silentLogger,
    } as unknown as ListenerDeps,
  );
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
  return { click, log, ephemerals, opened, views };
}

describe('tracking buttons (cancel, retry, console)', () => {
  it('passes a cancel click to the domain and says nothing more when it worked', async () => {
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

    expect(world.views[0]).toMatchObject({ method: 'views.open', args: { trigger_id: 'trigger-1' } });
    expect(world.opened).toEqual([
      {
        prefill: {
          regionId: 'cn-hangzhou',
          instanceIds: [I2],
          packageName: 'ACS-Extension-node-1853370294850618',
          parameterValues: { version: 'v20.18.2', port: 8080, tags: ['a'] },
          concurrency: 3,
          maxErrors: 2,
          locale: 'en',
          channelId: 'C0CHANNEL',
        },
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
