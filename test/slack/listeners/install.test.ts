import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudError } from '../../../src/domain/errors.js';
import type { InstallFormData, InstallUseCase, SubmissionResult } from '../../../src/domain/install/types.js';
import { ActionIds } from '../../../src/slack/ids.js';
import { openInstallModal, registerInstallListeners } from '../../../src/slack/listeners/install.js';
import { installFormView } from '../../../src/slack/views/install-modal.js';
import { makeRequest, packageDetails } from '../views/install-fixtures.js';

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

/** An InstallUseCase whose answers the test sets and whose calls it records. */
function fakeInstall(calls: string[]) {
  const state = {
    submitResult: { ok: true, request: makeRequest() } as SubmissionResult,
    loadFormError: undefined as unknown,
    decided: [] as unknown[],
    attached: [] as unknown[],
    abandoned: [] as unknown[],
    searchedInstances: [] as unknown[],
  };
  const install: InstallUseCase = {
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
    submit: async () => {
      calls.push('submit');
      return state.submitResult;
    },
    attachMessage: async (...args) => {
      state.attached.push(args);
      return makeRequest();
    },
    abandon: async (...args) => {
      state.abandoned.push(args);
    },
    decide: async (...args) => {
      state.decided.push(args);
      return { request: makeRequest(), changed: true };
    },
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
      install,
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
      install,
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
      { userId: 'U1', channelId: 'C1', locale: 'en', install },
    );

    const update = record['views.update']?.[0] as { view: unknown };
    expect(JSON.stringify(update.view)).toContain('could not be loaded');
    expect(JSON.stringify(update.view)).toContain('ecs:DescribeRegions');
  });
});

describe('registerInstallListeners', () => {
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
    registerInstallListeners(app as unknown as App, {
      install: fake.install,
      locale: async () => 'en' as const,
    });
  });

  it('answers a bad submission with inline errors keyed by input block ids', async () => {
    fake.state.submitResult = {
      ok: false,
      errors: { instances: 'Unknown instance i-x.', 'param:Gone': 'Bad value.' },
    };
    const { client, record } = fakeClient(calls);

    await app.views.get('install_request')?.({
      ack,
      body: submissionBody(),
      view: submissionBody().view,
      client,
    });

    expect(acks).toEqual([
      { response_action: 'errors', errors: { instances: 'Unknown instance i-x.', package: 'Bad value.' } },
    ]);
    expect(record['chat.postMessage']).toBeUndefined();
  });

  it('acks a good submission, posts the confirmation in the channel and records its ts', async () => {
    const { client, record } = fakeClient(calls);

    await app.views.get('install_request')?.({
      ack,
      body: submissionBody(),
      view: submissionBody().view,
      client,
    });

    expect(calls).toEqual(['submit', 'ack', 'chat.postMessage']);
    expect(acks).toEqual([undefined]);
    const post = record['chat.postMessage']?.[0] as { channel: string; text: string; blocks: unknown[] };
    expect(post.channel).toBe('C0CHANNEL');
    expect(JSON.stringify(post.blocks)).toContain('Please confirm the above parameters are correct');
    expect(fake.state.attached).toEqual([['req-7f3a', 'C0CHANNEL', '1700000000.000200']]);
  });

  it('drops the request and tells the requester how to invite the bot when it is not in the channel', async () => {
    const { client, record } = fakeClient(calls, {
      'chat.postMessage': (args) => (args.channel === 'C0CHANNEL' ? 'not_in_channel' : undefined),
    });

    await app.views.get('install_request')?.({
      ack,
      body: submissionBody(),
      view: submissionBody().view,
      client,
    });

    expect(fake.state.abandoned).toEqual([['req-7f3a', 'confirmation not posted: not_in_channel']]);
    expect(fake.state.attached).toEqual([]);
    const ephemeral = record['chat.postEphemeral']?.[0] as { user: string; text: string };
    expect(ephemeral.user).toBe('U0REQUESTER');
    expect(ephemeral.text).toContain('/invite @ecs-ext');
  });

  it('falls back to a direct message when even an ephemeral message cannot reach the channel', async () => {
    const { client, record } = fakeClient(calls, {
      'chat.postMessage': (args) => (args.channel === 'C0CHANNEL' ? 'channel_not_found' : undefined),
      'chat.postEphemeral': () => 'channel_not_found',
    });

    await app.views.get('install_request')?.({
      ack,
      body: submissionBody(),
      view: submissionBody().view,
      client,
    });

    const dm = record['chat.postMessage']?.[1] as { channel: string; text: string };
    expect(dm.channel).toBe('U0REQUESTER');
    expect(dm.text).toContain('/invite @ecs-ext');
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
