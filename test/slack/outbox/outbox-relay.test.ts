/**
 * The outbox relay through the real WebClient to the fake Slack Web API: rate limits with a long
 * Retry-After, a 5xx outage, a hung call, a channel the bot was removed from, and a store that cannot
 * record Slack's answer. Time that must pass (Retry-After, backoff) passes on a fake clock.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutboxItem } from '../../../src/domain/ports.js';
import { silentLogger, systemClock } from '../../../src/domain/ports.js';
import { OutboxRelay } from '../../../src/slack/outbox/outbox-relay.js';
import { createOutboxClient, type PostPayload, SlackPosts } from '../../../src/slack/outbox/slack-posts.js';
import { type FakeSlack, type SlackCall, startFakeSlack } from '../../emulator/fake-slack.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { MemoryOutbox } from '../../fakes/memory-outbox.js';

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

interface Rig {
  relay: OutboxRelay;
  outbox: MemoryOutbox;
  posts: SlackPosts;
}

function rig(options: { clock?: FakeClock; timeoutMs?: number } = {}): Rig {
  const outbox = new MemoryOutbox();
  const posts = new SlackPosts(
    createOutboxClient({
      token: 'xoxb-relay-test',
      apiUrl: slack.url,
      timeoutMs: options.timeoutMs ?? 2_000,
    }),
  );
  const relay = new OutboxRelay({
    outbox,
    deliver: (item) => posts.deliver(item),
    clock: options.clock ?? systemClock,
    logger: silentLogger,
    baseBackoffMs: 20,
    maxBackoffMs: 200,
    pollMs: 50,
  });
  relay.start();
  relays.push(relay);
  return { relay, outbox, posts };
}

function post(channel: string, text: string, extra: Partial<PostPayload> = {}): Record<string, unknown> {
  return { channel, text, locale: 'en', ...extra } satisfies PostPayload;
}

const posted = (text: string) => (c: SlackCall) => c.method === 'chat.postMessage' && c.args.text === text;
const postsOf = (text: string) => slack.calls.filter(posted(text));

async function settledItem(r: Rig, key: string): Promise<OutboxItem> {
  return r.relay.settled(key);
}

describe('outbox relay', () => {
  it('waits out a long Retry-After for the limited post while other requests go through', async () => {
    const clock = new FakeClock();
    const r = rig({ clock });
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 120 });

    await r.relay.enqueue({ key: 'a', requestId: 'req-a', kind: 'post', payload: post('C0A', 'report A') });
    await slack.waitFor(posted('report A'));
    await r.relay.idle();
    await r.relay.enqueue({ key: 'b', requestId: 'req-b', kind: 'post', payload: post('C0B', 'report B') });
    await slack.waitFor(posted('report B'));
    await r.relay.idle();
    const waiting = await r.outbox.get('a');
    await clock.advance(119_000);
    await r.relay.idle();
    const beforeRetryAfter = postsOf('report A').length;
    await clock.advance(1_000);
    const done = await settledItem(r, 'a');

    expect(waiting).toMatchObject({ attempts: 1, lastError: 'ratelimited' });
    expect(Date.parse(waiting?.availableAt ?? '') - clock.now().getTime()).toBeLessThanOrEqual(0);
    expect(Date.parse(waiting?.availableAt ?? '')).toBeGreaterThanOrEqual(
      new Date('2025-06-01T10:00:00Z').getTime() + 120_000,
    );
    expect((await r.outbox.get('b'))?.doneAt).toBeDefined();
    expect(beforeRetryAfter).toBe(1);
    expect(done.doneAt).toBeDefined();
    expect(postsOf('report A')).toHaveLength(2);
  });

  it('keeps trying through a 5xx outage and posts once it is over, in order within the request', async () => {
    const r = rig();
    for (let i = 0; i < 5; i += 1) slack.failNext('chat.postMessage', { status: 503 });

    await r.relay.enqueue({ key: 'a1', requestId: 'req-a', kind: 'post', payload: post('C0A', 'first') });
    await r.relay.enqueue({ key: 'a2', requestId: 'req-a', kind: 'post', payload: post('C0A', 'second') });
    const first = await settledItem(r, 'a1');
    await settledItem(r, 'a2');

    const texts = slack.callsTo('chat.postMessage').map((c) => c.args.text);
    expect(texts).toEqual(['first', 'first', 'first', 'first', 'first', 'first', 'second']);
    expect(first).toMatchObject({ attempts: 5, result: { channel: 'C0A' } });
  });

  it('a hung call holds back only its own request, times out and is tried again', async () => {
    const r = rig({ timeoutMs: 300 });
    slack.failNext('chat.postMessage', { hang: true });

    await r.relay.enqueue({ key: 'slow', requestId: 'req-slow', kind: 'post', payload: post('C0S', 'slow') });
    await slack.waitFor(posted('slow'));
    await r.relay.enqueue({ key: 'fast', requestId: 'req-fast', kind: 'post', payload: post('C0F', 'fast') });
    await slack.waitFor(posted('fast'));
    const slowWhenFastArrived = postsOf('slow').length;
    const slow = await settledItem(r, 'slow');

    expect(slowWhenFastArrived).toBe(1);
    expect(slow.attempts).toBe(1);
    expect(slow.doneAt).toBeDefined();
    expect(postsOf('slow')).toHaveLength(2);
  });

  it.each(['channel_not_found', 'not_in_channel', 'is_archived'])(
    'sends the post to the requester by DM when the channel answers %s',
    async (code) => {
      const r = rig();
      slack.notInChannel('C0GONE', code);

      await r.relay.enqueue({
        key: 'report',
        requestId: 'req-a',
        kind: 'post',
        payload: post('C0GONE', 'final report', { threadTs: '1.000001', dmUser: 'U0REQUESTER', blocks: [] }),
      });
      const done = await settledItem(r, 'report');

      const dm = slack.callsTo('chat.postMessage').find((c) => c.args.channel === 'D0REQUESTER');
      expect(slack.callsTo('conversations.open')[0]?.args.users).toBe('U0REQUESTER');
      expect(String(dm?.args.text)).toContain('final report');
      expect(String(dm?.args.text)).toContain('<#C0GONE>');
      expect(dm?.args.thread_ts).toBeUndefined();
      expect(done.result).toMatchObject({ channel: 'D0REQUESTER', direct: true });
    },
  );

  it('gives up a message Slack refuses for good, and the next one of the request still goes', async () => {
    const r = rig();
    slack.failNext('chat.postMessage', { error: 'msg_too_long' });

    await r.relay.enqueue({ key: 'a1', requestId: 'req-a', kind: 'post', payload: post('C0A', 'too long') });
    await r.relay.enqueue({ key: 'a2', requestId: 'req-a', kind: 'post', payload: post('C0A', 'next') });
    const refused = await settledItem(r, 'a1');
    await settledItem(r, 'a2');

    expect(refused).toMatchObject({ lastError: 'msg_too_long', attempts: 0 });
    expect(postsOf('too long')).toHaveLength(1);
    expect(postsOf('next')).toHaveLength(1);
  });

  it('never sends a post again when only recording that Slack took it failed', async () => {
    const r = rig();
    r.outbox.failWrites = false;
    await r.relay.enqueue({ key: 'a', requestId: 'req-a', kind: 'post', payload: post('C0A', 'once') });
    r.outbox.failWrites = true;
    await slack.waitFor(posted('once'));
    await r.relay.idle();
    const whileFailing = await r.outbox.get('a');

    r.outbox.failWrites = false;
    const done = await settledItem(r, 'a');

    expect(whileFailing?.doneAt).toBeUndefined();
    expect(done.doneAt).toBeDefined();
    expect(postsOf('once')).toHaveLength(1);
  });

  it('keeps a post it could not store in memory and stores and sends it once the store is back', async () => {
    const r = rig();
    r.outbox.failWrites = true;

    const stored = await r.relay.enqueue({
      key: 'a',
      requestId: 'req-a',
      kind: 'post',
      payload: post('C0A', 'late'),
    });
    const sentWhileFailing = postsOf('late').length;
    r.outbox.failWrites = false;
    await slack.waitFor(posted('late'));

    expect(stored).toBeUndefined();
    expect(sentWhileFailing).toBe(0);
    expect((await settledItem(r, 'a')).doneAt).toBeDefined();
  });

  it('sends a secret only from memory; without it the requester is told where to read it', async () => {
    const r = rig();
    r.posts.holdSecret('with', 'password=hunter2');
    const note = (key: string) => ({
      key,
      requestId: `req-${key}`,
      kind: 'ephemeral',
      payload: {
        channel: 'C0A',
        user: 'U0REQUESTER',
        secret: true,
        lostText: 'read it in the console',
        locale: 'en',
      },
    });

    await r.relay.enqueue(note('with'));
    await r.relay.enqueue(note('without'));
    await settledItem(r, 'with');
    await settledItem(r, 'without');

    const texts = slack.callsTo('chat.postEphemeral').map((c) => c.args.text);
    expect(texts).toContain('password=hunter2');
    expect(texts).toContain('read it in the console');
    expect(JSON.stringify(r.outbox.all())).not.toContain('hunter2');
  });
});

describe('outbox relay: waiting for an item', () => {
  it('hears of a delivery that ended while settled() was still looking the item up', async () => {
    const clock = new FakeClock(); // no timer fires: only the relay's own wake-ups can resolve the wait
    const outbox = new MemoryOutbox();
    let releaseDelivery: () => void = () => {};
    let delivering = false;
    let releaseLookup: () => void = () => {};
    let holdLookup = false;
    const lookUp = outbox.get.bind(outbox);
    // The waiter's look-up reads the item before the delivery ends and answers only after it ended.
    outbox.get = async (key) => {
      const seen = await lookUp(key);
      if (!holdLookup) return seen;
      holdLookup = false;
      await new Promise<void>((resolve) => {
        releaseLookup = resolve;
      });
      return seen;
    };
    const relay = new OutboxRelay({
      outbox,
      deliver: () =>
        new Promise((resolve) => {
          delivering = true;
          releaseDelivery = () => resolve({ type: 'done', result: { ts: '1.2' } });
        }),
      clock,
      logger: silentLogger,
      pollMs: 60_000,
    });
    relay.start();
    relays.push(relay);
    await relay.enqueue({ key: 'k', requestId: 'req-k', kind: 'post', payload: post('C0A', 'k') });
    await vi.waitFor(() => expect(delivering).toBe(true));
    holdLookup = true;

    const settled = relay.settled('k');
    releaseDelivery();
    await relay.idle();
    releaseLookup();
    const outcome = await Promise.race([
      settled,
      new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 5_000)),
    ]);

    expect(outcome).toMatchObject({ key: 'k', doneAt: expect.any(String), result: { ts: '1.2' } });
  });
});
