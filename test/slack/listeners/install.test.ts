import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudError } from '../../../src/domain/errors.js';
import type { InstallFlow, InstallFormData, SubmissionResult } from '../../../src/domain/install/types.js';
import { silentLogger } from '../../../src/domain/ports.js';
import { ActionIds } from '../../../src/slack/ids.js';
import { register as registerActions } from '../../../src/slack/listeners/actions/index.js';
import type { ListenerDeps } from '../../../src/slack/listeners/deps.js';
import { openInstallModal } from '../../../src/slack/listeners/open-install-modal.js';
import { register as registerViews } from '../../../src/slack/listeners/views/index.js';
import { installFormView } from '../../../src/slack/views/install-modal.js';
import { packageDetails, viewRequest } from '../views/install-fixtures.js';

type Handler = (args: Record<string, unknown>) => Promise<void>;

/** Records the listeners Bolt would route to. */
class FakeApp {
  readonly actions = new Map<string, Handler>();
  readonly optionLoaders = new Map<string, Handler>();
  readonly views = new Map<string, Handler>();
  action(constraints: { action_id: string }, handler: Handler) {
    this.actions.set(constraints.action_id, handler);
  }
  options(constraints: { action_id: string }, handler: Handler) {
    this.optionLoaders.set(constraints.action_id, handler);
  }
  view(callbackId: string, handler: Handler) {
    this.views.set(callbackId, handler);
  }
}

/** Slack's error code for a call, or undefined when it succeeds. */
type Failure = (args: { channel?: string }) => string | undefined;

/** A Web API client that records calls and fails the methods told to. */
function fakeClient(calls: string[], failures: Record<string, Failure> = {}) {
  const record: Record<string, unknown[]> = {};
  const method = (name: string, result: Record<string, unknown>) => async (args: { channel?: string }) => {
    calls.push(name);
    record[name] = [...(record[name] ?? []), args];
    const failure = failures[name]?.(args);
    if (failure)
      throw Object.assign(new Error(`An API error occurred: ${failure}`), {
        data: { ok: false, error: failure },
      });
    return { ok: true, ...result };
  };
  const client = {
    views: {
      open: method('views.open', { view: { id: 'V1', hash: 'h1' } }),
      update: method('views.update', { view: { id: 'V1', hash: 'h2' } }),
    },
    chat: {
      postMessage: method('chat.postMessage', { ts: '1700000000.000200', channel: 'C0CHANNEL' }),
      postEphemeral: method('chat.postEphemeral', {}),
    },
  };
  return { client: client as unknown as WebClient, record };
}

const formData: InstallFormData = {
  regions: [{ regionId: 'cn-hangzhou', localName: 'Hangzhou' }],
  regionId: 'cn-hangzhou',
  instanceIds: [],
  package: packageDetails(),
};

/** An InstallFlow whose answers the test sets and whose calls it records. */
function fakeInstall(calls: string[]) {
  const request = viewRequest();
  const state = {
    submitResult: {
      ok: true,
      request,
      confirmation: Promise.resolve({ posted: true, request }),
    } as SubmissionResult,
    loadFormError: undefined as unknown,
    decided: [] as unknown[],
    steered: [] as unknown[],
    searchedInstances: [] as unknown[],
  };
  const install: InstallFlow = {
    form: {
      parsePrefill: async (words) => {
        calls.push(`parsePrefill:${words}`);
        return { instanceIds: [], packageWords: words };
      },
      loadForm: async () => {
        calls.push('loadForm');
        if (state.loadFormError) throw state.loadFormError;
        return formData;
      },
      packageDetails: async (name) => {
        calls.push(`packageDetails:${name}`);
        return packageDetails();
      },
      searchPackages: async () => [
        {
          templateName: 'ACS-Extension-DemoAgent-1853370294850618',
          displayName: 'Demo Agent',
          category: 'monitoring',
        },
      ],
      searchInstances: async (regionId, query, limit) => {
        state.searchedInstances.push({ regionId, query, limit });
        return [{ instanceId: 'i-bp1aaaaaaaaaaaaaaaaa', name: 'web-1' }];
      },
    },
    requestInstall: async () => {
      calls.push('requestInstall');
      return state.submitResult;
    },
    decide: async (...args) => {
      state.decided.push(args);
      return { request: viewRequest(), changed: true };
    },
    cancel: async () => ({ ok: false, reason: 'not_running' }),
    retryFailed: async () => ({ ok: false, reason: 'not_found' }),
    continueRollout: async (...args) => {
      state.steered.push(['continue', ...args]);
      return { ok: true, request };
    },
    stopRollout: async (...args) => {
      state.steered.push(['stop', ...args]);
      return { ok: false, reason: 'not_approver' };
    },
    launchStage: async () => {},
    undo: async () => ({ ok: false, reason: 'not_found' }),
    find: async () => undefined,
    recent: async () => [],
    resume: async () => {},
    stop: () => {},
  };
  return { install, state };
}

function submissionBody() {
  const view = installFormView(formData, { locale: 'en', channelId: 'C0CHANNEL' });
  return {
    type: 'view_submission',
    user: { id: 'U0REQUESTER', name: 'alice' },
    team: { id: 'T0TEAM', domain: 'acme' },
    view: { ...view, id: 'V1', hash: 'h1', state: { values: {} } },
  };
}

describe('openInstallModal', () => {
  it('opens the loading view before any lookup, then updates it with the form (view id + hash)', async () => {
    const calls: string[] = [];
    const { client, record } = fakeClient(calls);
    const { install } = fakeInstall(calls);

    await openInstallModal(client, 'trigger-1', 'install demo', {
      userId: 'U1',
      channelId: 'C1',
      locale: 'en',
      form: install.form,
    });

    expect(calls).toEqual(['views.open', 'parsePrefill:install demo', 'loadForm', 'views.update']);
    const update = record['views.update']?.[0] as {
      view_id: string;
      hash: string;
      view: { blocks: unknown[] };
    };
    expect(update.view_id).toBe('V1');
    expect(update.hash).toBe('h1');
    expect(JSON.stringify(update.view.blocks)).toContain('param:Endpoint');
  });

  it("opens the loading view while the user's locale is still being looked up", async () => {
    const calls: string[] = [];
    const { client, record } = fakeClient(calls);
    const { install } = fakeInstall(calls);
    let answerLocale: (locale: 'zh') => void = () => {};
    const locale = new Promise<'zh'>((resolve) => {
      answerLocale = resolve;
    });

    const opening = openInstallModal(client, 'trigger-2', 'install demo', {
      userId: 'U1',
      channelId: 'C1',
      locale,
      form: install.form,
    });
    await new Promise((resolve) => setImmediate(resolve));
    const beforeLocale = [...calls];
    answerLocale('zh');
    await opening;

    expect(beforeLocale).toEqual(['views.open']);
    const update = record['views.update']?.[0] as { view: { private_metadata: string } };
    expect(JSON.parse(update.view.private_metadata)).toMatchObject({ locale: 'zh' });
  });

  it('replaces the loading view with a readable error when loading fails', async () => {
    const calls: string[] = [];
    const { client, record } = fakeClient(calls);
    const { install, state } = fakeInstall(calls);
    state.loadFormError = new CloudError({
      kind: 'permission',
      code: 'Forbidden.RAM',
      service: 'ecs',
      action: 'DescribeRegions',
      message: 'raw',
      deniedAction: 'ecs:DescribeRegions',
    });

    await openInstallModal(
      client,
      'trigger-1',
      { instanceIds: [] },
      { userId: 'U1', channelId: 'C1', locale: 'en', form: install.form },
    );

    const update = record['views.update']?.[0] as { view: unknown };
    expect(JSON.stringify(update.view)).toContain('could not be loaded');
    expect(JSON.stringify(update.view)).toContain('ecs:DescribeRegions');
  });
});

describe('install listeners (actions and the view submission)', () => {
  let calls: string[];
  let app: FakeApp;
  let fake: ReturnType<typeof fakeInstall>;
  const acks: unknown[] = [];
  const ack = async (response?: unknown) => {
    calls.push('ack');
    acks.push(response);
  };

  beforeEach(() => {
    calls = [];
    acks.length = 0;
    app = new FakeApp();
    fake = fakeInstall(calls);
    const deps = {
      install: fake.install,
      locale: async () => 'en' as const,
      logger: silentLogger,
    } as unknown as ListenerDeps;
    registerActions(app as unknown as App, deps);
    registerViews(app as unknown as App, deps);
  });

  it('answers a bad submission with inline errors keyed by input block ids', async () => {
    fake.state.submitResult = {
      ok: false,
      errors: {
        instances: [{ code: 'instances_not_found', ids: ['i-x'], regionId: 'cn-hangzhou' }],
        'param:Gone': [{ code: 'param_not_boolean' }],
      },
    };
    const { client, record } = fakeClient(calls);

    await app.views.get('install_request')?.({
      ack,
      body: submissionBody(),
      view: submissionBody().view,
      client,
    });

    expect(acks).toEqual([
      {
        response_action: 'errors',
        errors: {
          instances: "Not found in cn-hangzhou: i-x. Check the IDs or pick the instances' region.",
          package: 'Enter true or false.',
        },
      },
    ]);
    expect(record['chat.postMessage']).toBeUndefined();
  });

  it('acks a good submission after the domain accepted it, and waits for the confirmation it posts', async () => {
    const { client, record } = fakeClient(calls);
    let confirmed: () => void = () => {};
    const request = viewRequest();
    fake.state.submitResult = {
      ok: true,
      request,
      confirmation: new Promise((resolve) => {
        confirmed = () => {
          calls.push('confirmation');
          resolve({ posted: true, request });
        };
      }),
    };

    const handling = app.views.get('install_request')?.({
      ack,
      body: submissionBody(),
      view: submissionBody().view,
      client,
    });
    await new Promise((resolve) => setImmediate(resolve));
    const beforeConfirmation = [...calls];
    confirmed();
    await handling;

    expect(beforeConfirmation).toEqual(['requestInstall', 'ack']);
    expect(calls).toEqual(['requestInstall', 'ack', 'confirmation']);
    expect(acks).toEqual([undefined]);
    expect(record['chat.postMessage']).toBeUndefined();
  });

  it('answers a submission the domain could not take with a readable error on the package block', async () => {
    const { client } = fakeClient(calls);
    fake.install.requestInstall = async () => {
      throw new CloudError({
        kind: 'network',
        code: 'ECONNREFUSED',
        service: 'ecs',
        action: 'DescribeInstances',
        message: 'raw',
      });
    };

    await app.views.get('install_request')?.({
      ack,
      body: submissionBody(),
      view: submissionBody().view,
      client,
    });

    const answer = acks[0] as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors)).toEqual(['package']);
    expect(answer.errors.package).not.toContain('raw');
  });

  it.each(['approve', 'reject', 'withdraw'] as const)(
    'passes a %s click to the domain after acking',
    async (action) => {
      const { client } = fakeClient(calls);

      await app.actions.get(action)?.({
        ack,
        body: { user: { id: 'U0BOB' }, channel: { id: 'C0CHANNEL' } },
        action: { action_id: action, value: 'req-7f3a' },
        client,
      });

      expect(calls[0]).toBe('ack');
      expect(fake.state.decided).toEqual([['req-7f3a', 'U0BOB', action]]);
    },
  );

  it('re-renders the form with the chosen package, keeping the view id and hash', async () => {
    const { client, record } = fakeClient(calls);
    const view = installFormView(
      { ...formData, package: undefined },
      { locale: 'en', channelId: 'C0CHANNEL' },
    );

    await app.actions.get(ActionIds.packageSelect)?.({
      ack,
      body: { user: { id: 'U1' }, view: { ...view, id: 'V7', hash: 'h7', state: { values: {} } } },
      action: { selected_option: { value: 'ACS-Extension-DemoAgent-1853370294850618' } },
      client,
    });

    expect(calls).toEqual(['ack', 'packageDetails:ACS-Extension-DemoAgent-1853370294850618', 'views.update']);
    const update = record['views.update']?.[0] as { view_id: string; hash: string; view: unknown };
    expect(update).toMatchObject({ view_id: 'V7', hash: 'h7' });
    expect(JSON.stringify(update.view)).toContain('param:Port');
  });

  it('suggests packages by TemplateName and instances of the region chosen in the form', async () => {
    const view = installFormView(formData, { locale: 'en', channelId: 'C0CHANNEL' });

    await app.optionLoaders.get(ActionIds.packageSelect)?.({ ack, body: { value: 'demo' } });
    await app.optionLoaders.get(ActionIds.instancePicker)?.({
      ack,
      body: { value: 'web', view: { ...view, state: { values: {} } } },
    });

    expect(acks[0]).toEqual({
      options: [
        {
          text: { type: 'plain_text', text: 'Demo Agent' },
          description: { type: 'plain_text', text: 'ACS-Extension-DemoAgent-1853370294850618 · monitoring' },
          value: 'ACS-Extension-DemoAgent-1853370294850618',
        },
      ],
    });
    expect(fake.state.searchedInstances).toEqual([{ regionId: 'cn-hangzhou', query: 'web', limit: 100 }]);
    expect(acks[1]).toEqual({
      options: [
        {
          text: { type: 'plain_text', text: 'web-1 (i-bp1aaaaaaaaaaaaaaaaa)' },
          value: 'i-bp1aaaaaaaaaaaaaaaaa',
        },
      ],
    });
  });

  it('opens the form from a button carrying a parsed prefill without parsing again', async () => {
    const { client, record } = fakeClient(calls);

    await app.actions.get(ActionIds.openInstallForm)?.({
      ack,
      body: { user: { id: 'U1' }, channel: { id: 'C5' }, trigger_id: 'trig' },
      action: {
        value: JSON.stringify({
          packageName: 'ACS-Demo',
          instanceIds: ['i-1'],
          words: 'install demo on i-1',
        }),
      },
      client,
    });

    expect(calls).toEqual(['ack', 'views.open', 'loadForm', 'views.update']);
    expect(record['views.open']?.[0]).toMatchObject({ trigger_id: 'trig' });
    const update = record['views.update']?.[0] as { view: { private_metadata: string } };
    expect(JSON.parse(update.view.private_metadata)).toEqual({ channelId: 'C5', locale: 'en' });
  });
});
