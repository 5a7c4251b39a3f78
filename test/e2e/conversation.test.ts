/**
 * Conversation paths end to end: a mention that asks for an install gets a button that opens the
 * prefilled form; the Home tab; status for unknown ids; the command in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_INSTANCES, SEED_PACKAGES } from '../emulator/catalog.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

function nextCall(from: number, method: string, pred: (c: SlackCall) => boolean = () => true) {
  return h.slack.waitFor((c) => c.method === method && h.slack.calls.indexOf(c) >= from && pred(c));
}

describe('a mention asking for an install', () => {
  it('replies in the thread with a button that opens the prefilled form', async () => {
    const from = h.slack.calls.length;

    await h.driver.event({
      type: 'app_mention',
      user: 'U0ALICE01',
      text: `<@UBOTUSER> please install nodejs on ${SEED_INSTANCES.linux} in cn-hangzhou`,
      ts: '1700000100.000200',
      channel: 'C0OPS',
      event_ts: '1700000100.000200',
    });
    const reply = await nextCall(from, 'chat.postMessage');
    const button = (reply.args.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'open_install_form');
    await h.driver.blockAction({
      actionId: 'open_install_form',
      value: button?.value,
      userId: 'U0ALICE01',
      channelId: 'C0OPS',
      messageTs: '1700000100.000300',
    });
    const opened = await nextCall(from, 'views.open');
    const form = await nextCall(from, 'views.update', (c) => JSON.stringify(c.args.view).includes('"param:'));

    expect(reply.args.thread_ts).toBe('1700000100.000200');
    expect(button?.value).toContain(SEED_INSTANCES.linux);
    expect((opened.args.view as { callback_id: string }).callback_id).toBe('install_request');
    expect(JSON.stringify(form.args.view)).toContain(SEED_INSTANCES.linux);
    expect(JSON.stringify(form.args.view)).toContain(SEED_PACKAGES.node);
    expect(h.cloud.callsTo('StartExecution')).toHaveLength(0);
  });

  it('opens the form with action uninstall when the mention asks to uninstall', async () => {
    const from = h.slack.calls.length;

    await h.driver.event({
      type: 'app_mention',
      user: 'U0ALICE01',
      text: `<@UBOTUSER> uninstall nodejs from ${SEED_INSTANCES.linux} in cn-hangzhou`,
      ts: '1700000150.000200',
      channel: 'C0OPS',
      event_ts: '1700000150.000200',
    });
    const reply = await nextCall(from, 'chat.postMessage');
    const button = (reply.args.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'open_install_form');
    await h.driver.blockAction({
      actionId: 'open_install_form',
      value: button?.value,
      userId: 'U0ALICE01',
      channelId: 'C0OPS',
      messageTs: '1700000150.000300',
    });
    const form = await nextCall(from, 'views.update', (c) =>
      JSON.stringify(c.args.view).includes(SEED_PACKAGES.node),
    );
    const blocks = (
      form.args.view as {
        blocks: Array<{ block_id?: string; element?: { initial_option?: { value?: string } } }>;
      }
    ).blocks;

    expect(blocks.find((b) => b.block_id === 'action')?.element?.initial_option?.value).toBe('uninstall');
    expect(h.cloud.callsTo('StartExecution')).toHaveLength(0);
  });

  it('answers a repeated delivery of the same event only once', async () => {
    const event = {
      type: 'app_mention',
      user: 'U0ALICE01',
      text: '<@UBOTUSER> what extensions do you have?',
      ts: '1700000200.000100',
      channel: 'C0OPS',
      event_ts: '1700000200.000100',
    };
    const from = h.slack.calls.length;

    await h.driver.event(event);
    await nextCall(from, 'chat.postMessage');
    await h.driver.event(event);
    await h.driver.command('help'); // a later request: once it is answered, the duplicate had its chance
    await nextCall(from, 'response_url');

    const replies = h.slack.calls
      .slice(from)
      .filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === event.ts);
    expect(replies).toHaveLength(1);
  });
});

describe('Slack rate limits', () => {
  it('waits out a 429 with Retry-After and then posts the reply', async () => {
    const from = h.slack.calls.length;
    h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });

    await h.driver.event({
      type: 'app_mention',
      user: 'U0ALICE01',
      text: '<@UBOTUSER> is redis supported?',
      ts: '1700000300.000100',
      channel: 'C0OPS',
      event_ts: '1700000300.000100',
    });
    const inThread = (c: SlackCall) => c.args.thread_ts === '1700000300.000100';
    const limited = await nextCall(from, 'chat.postMessage', inThread);
    const retried = await nextCall(h.slack.calls.indexOf(limited) + 1, 'chat.postMessage', inThread);

    expect(JSON.stringify(retried.args.blocks)).toContain('redis');
    expect(retried.args.text).toEqual(limited.args.text);
  });
});

describe('home tab and status', () => {
  it('publishes the Home tab when it is opened', async () => {
    const from = h.slack.calls.length;

    await h.driver.event({ type: 'app_home_opened', user: 'U0ALICE01', channel: 'D0HOME', tab: 'home' });
    const published = await nextCall(from, 'views.publish');

    expect(published.args.user_id).toBe('U0ALICE01');
    expect(JSON.stringify(published.args.view)).toContain('/ecs-ext list');
  });

  it('says when a request id is unknown', async () => {
    const from = h.slack.calls.length;

    await h.driver.command('status req-doesnotexist', { userId: 'U0ALICE01' });
    const reply = await nextCall(from, 'response_url');

    expect(JSON.stringify(reply.args)).toContain('req-doesnotexist');
    expect(JSON.stringify(reply.args)).toMatch(/No request or execution/);
  });

  it('answers in Chinese for a Chinese-speaking user', async () => {
    h.slack.setUser('U0LI0001', { name: 'li', locale: 'zh-CN' });
    const from = h.slack.calls.length;

    await h.driver.command('帮助', { userId: 'U0LI0001' });
    const reply = await nextCall(from, 'response_url');

    expect(String(reply.args.text)).toMatch(/[\u4e00-\u9fff]/);
  });
});
