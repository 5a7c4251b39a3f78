import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/domain/ports.js';
import { SlackNotifier } from '../../src/slack/notifier.js';
import { viewRequest } from './views/install-fixtures.js';

/** Slack's error code for a call, or undefined when it succeeds. */
type Failure = (args: { channel?: string }) => string | undefined;

/** A Web API client that records calls and fails the methods told to. */
function fakeClient(failures: Record<string, Failure> = {}) {
  const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
  const method = (name: string, result: Record<string, unknown>) => async (args: Record<string, unknown>) => {
    calls.push({ method: name, args });
    const failure = failures[name]?.(args as { channel?: string });
    if (failure) {
      throw Object.assign(new Error(`An API error occurred: ${failure}`), {
        data: { ok: false, error: failure },
      });
    }
    return { ok: true, ...result };
  };
  const client = {
    chat: {
      postMessage: method('chat.postMessage', { ts: '1700000000.000200', channel: 'C0CHANNEL' }),
      postEphemeral: method('chat.postEphemeral', {}),
      update: method('chat.update', {}),
    },
  };
  return { client: client as unknown as WebClient, calls };
}

describe('SlackNotifier', () => {
  it('posts the confirmation in the channel and says where it landed', async () => {
    const { client, calls } = fakeClient();
    const notifier = new SlackNotifier(client, silentLogger);

    const posted = await notifier.postConfirmation(viewRequest({ messageTs: undefined }));

    expect(posted).toEqual({ ok: true, channelId: 'C0CHANNEL', messageTs: '1700000000.000200' });
    expect(calls[0]?.args.channel).toBe('C0CHANNEL');
    expect(JSON.stringify(calls[0]?.args.blocks)).toContain(
      'Please confirm the above parameters are correct',
    );
  });

  it("answers Slack's error code when the confirmation is refused", async () => {
    const { client } = fakeClient({ 'chat.postMessage': () => 'not_in_channel' });
    const notifier = new SlackNotifier(client, silentLogger);

    const posted = await notifier.postConfirmation(viewRequest({ messageTs: undefined }));

    expect(posted).toEqual({ ok: false, code: 'not_in_channel' });
  });

  it('tells the requester privately how to invite the bot when it is not in the channel', async () => {
    const { client, calls } = fakeClient();
    const notifier = new SlackNotifier(client, silentLogger);

    await notifier.confirmationNotPosted(viewRequest(), 'not_in_channel');

    expect(calls.map((c) => c.method)).toEqual(['chat.postEphemeral']);
    expect(calls[0]?.args.user).toBe('U0REQUESTER');
    expect(calls[0]?.args.text).toContain('/invite @ecs-ext');
  });

  it('falls back to a direct message when even an ephemeral message cannot reach the channel', async () => {
    const { client, calls } = fakeClient({ 'chat.postEphemeral': () => 'channel_not_found' });
    const notifier = new SlackNotifier(client, silentLogger);

    await notifier.confirmationNotPosted(viewRequest(), 'channel_not_found');

    const dm = calls.find((c) => c.method === 'chat.postMessage');
    expect(dm?.args.channel).toBe('U0REQUESTER');
    expect(dm?.args.text).toContain('/invite @ecs-ext');
  });

  it('skips a refresh of an older version than one it already sent', async () => {
    const { client, calls } = fakeClient();
    const notifier = new SlackNotifier(client, silentLogger);

    await notifier.refreshRequestMessage(viewRequest({ version: 5, status: 'running' }));
    await notifier.refreshRequestMessage(viewRequest({ version: 4, status: 'pending' }));
    await notifier.refreshRequestMessage(viewRequest({ version: 6, status: 'succeeded' }));

    expect(calls.filter((c) => c.method === 'chat.update')).toHaveLength(2);
  });

  it('never throws a failed thread reply into the domain', async () => {
    const { client } = fakeClient({ 'chat.postMessage': () => 'ratelimited' });
    const notifier = new SlackNotifier(client, silentLogger);

    const telling = notifier.notify(viewRequest(), { kind: 'expired' });

    await expect(telling).resolves.toBeUndefined();
  });
});
