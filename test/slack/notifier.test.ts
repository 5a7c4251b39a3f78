/**
 * SlackNotifier through its outbox to the fake Slack Web API: what it queues, what reaches Slack, and
 * that the domain never waits for Slack (except for a confirmation's outcome).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../src/domain/ports.js';
import { SlackNotifier } from '../../src/slack/notifier.js';
import { OutboxRelay } from '../../src/slack/outbox/outbox-relay.js';
import { createOutboxClient, SlackPosts } from '../../src/slack/outbox/slack-posts.js';
import { type FakeSlack, startFakeSlack } from '../emulator/fake-slack.js';
import { MemoryOutbox } from '../fakes/memory-outbox.js';
import { execution, instanceId, viewRequest } from './views/install-fixtures.js';

let slack: FakeSlack;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  slack = await startFakeSlack();
});

afterEach(async () => {
  slack.releaseHung();
  await Promise.all(relays.splice(0).map((r) => r.stop()));
  slack.reset();
});

afterAll(async () => {
  await slack.close();
});

function notifierRig() {
  const outbox = new MemoryOutbox();
  const posts = new SlackPosts(createOutboxClient({ token: 'xoxb-notifier-test', apiUrl: slack.url }));
  const relay = new OutboxRelay({
    outbox,
    deliver: (item) => posts.deliver(item),
    clock: systemClock,
    logger: silentLogger,
    baseBackoffMs: 20,
    maxBackoffMs: 100,
    pollMs: 50,
  });
  relay.start();
  relays.push(relay);
  return { notifier: new SlackNotifier(relay, posts, silentLogger), outbox, relay };
}

describe('SlackNotifier', () => {
  it('posts the confirmation in the channel and says where it landed', async () => {
    const { notifier } = notifierRig();

    const posted = await notifier.postConfirmation(viewRequest({ messageTs: undefined }));

    const call = slack.callsTo('chat.postMessage')[0];
    expect(posted).toEqual({
      ok: true,
      channelId: 'C0CHANNEL',
      messageTs: expect.stringMatching(/^\d+\.\d+$/),
    });
    expect(JSON.stringify(call?.args.blocks)).toContain('Please confirm the above parameters are correct');
  });

  it("answers Slack's error code when the confirmation is refused, and sends no DM for it", async () => {
    const { notifier } = notifierRig();
    slack.notInChannel('C0CHANNEL');

    const posted = await notifier.postConfirmation(viewRequest({ messageTs: undefined }));

    expect(posted).toEqual({ ok: false, code: 'not_in_channel' });
    expect(slack.callsTo('conversations.open')).toEqual([]);
  });

  it('keeps trying the confirmation through an outage and answers once Slack takes it', async () => {
    const { notifier } = notifierRig();
    slack.failNext('chat.postMessage', { status: 503 });
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 0 });

    const posted = await notifier.postConfirmation(viewRequest({ messageTs: undefined }));

    expect(posted.ok).toBe(true);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
  });

  it('tells the requester privately how to invite the bot when it is not in the channel', async () => {
    const { notifier, relay } = notifierRig();

    await notifier.confirmationNotPosted(viewRequest(), 'not_in_channel');
    await relay.settled('req-7f3a:not_posted');

    const note = slack.callsTo('chat.postEphemeral')[0];
    expect(note?.args.user).toBe('U0REQUESTER');
    expect(note?.args.text).toContain('/invite @ecs-ext');
  });

  it('falls back to a direct message when even an ephemeral message cannot reach the channel', async () => {
    const { notifier, relay } = notifierRig();
    slack.notInChannel('C0CHANNEL', 'channel_not_found');

    await notifier.confirmationNotPosted(viewRequest(), 'channel_not_found');
    await relay.settled('req-7f3a:not_posted');

    const dm = slack.callsTo('chat.postMessage').find((c) => String(c.args.channel).startsWith('D'));
    expect(slack.callsTo('conversations.open')[0]?.args.users).toBe('U0REQUESTER');
    expect(dm?.args.text).toContain('/invite @ecs-ext');
  });

  it('queues no refresh of an older version than one it already queued', async () => {
    const { notifier, relay } = notifierRig();

    await notifier.refreshRequestMessage(viewRequest({ version: 5, status: 'running' }));
    await notifier.refreshRequestMessage(viewRequest({ version: 4, status: 'pending' }));
    await notifier.refreshRequestMessage(viewRequest({ version: 6, status: 'succeeded' }));
    await relay.settled('req-7f3a:refresh:6');

    expect(slack.callsTo('chat.update')).toHaveLength(2);
  });

  it('returns as soon as a thread reply is queued, even while Slack hangs', async () => {
    const { notifier, outbox } = notifierRig();
    slack.failNext('chat.postMessage', { hang: true });

    await notifier.notify(viewRequest(), { kind: 'expired' });
    await slack.waitFor('chat.postMessage');

    const queued = outbox.all();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ requestId: 'req-7f3a', kind: 'post' });
    expect(queued[0]?.doneAt).toBeUndefined();
  });

  it('sends the credentials of a final report to the requester only, and never stores them', async () => {
    const { notifier, outbox, relay } = notifierRig();
    const ended = execution(['Success'], 'Success');
    const request = viewRequest({
      status: 'succeeded',
      instanceIds: [instanceId(1)],
      execution: {
        ...ended,
        finalReportAt: '2026-03-01T11:10:00.000Z',
        instances: [
          {
            ...ended.instances[0],
            instanceId: instanceId(1),
            status: 'Success',
            message: '',
            output: 'admin password: S3cret-Value-42',
          },
        ] as never,
      },
    });

    await notifier.notify(request, { kind: 'final_report' });
    await relay.settled('req-7f3a:final_report:private');

    const thread = slack.callsTo('chat.postMessage')[0];
    const note = slack.callsTo('chat.postEphemeral')[0];
    expect(JSON.stringify(thread?.args)).not.toContain('S3cret-Value-42');
    expect(note?.args.user).toBe('U0REQUESTER');
    expect(String(note?.args.text)).toContain('S3cret-Value-42');
    expect(JSON.stringify(outbox.all())).not.toContain('S3cret-Value-42');
  });
});
