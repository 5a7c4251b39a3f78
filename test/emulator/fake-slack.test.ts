import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';
import { WebAPIPlatformError, WebAPIRateLimitedError, WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackDriver, type SlackDriver } from '../support/slack-driver.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';

const SIGNING_SECRET = 'emulator-signing-secret-0001';

interface Received {
  contentType: string;
  body: string;
}

let slack: FakeSlack;
let bot: Server;
let driver: SlackDriver;
const received: Received[] = [];

/** A tiny receiver that verifies signatures with Bolt's own function and echoes what it parsed. */
function startVerifyingServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ contentType: String(req.headers['content-type']), body });
      try {
        verifySlackRequest({
          signingSecret: SIGNING_SECRET,
          body,
          headers: {
            'x-slack-signature': String(req.headers['x-slack-signature']),
            'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
          },
        });
      } catch {
        res.writeHead(401).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: true, path: req.url }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function client(options: ConstructorParameters<typeof WebClient>[1] = {}): WebClient {
  return new WebClient('xoxb-emulator-token', {
    slackApiUrl: slack.url,
    retryConfig: { retries: 0 },
    ...options,
  });
}

function lastPayload(): Record<string, unknown> {
  const form = new URLSearchParams(received.at(-1)?.body ?? '');
  return JSON.parse(form.get('payload') ?? '{}') as Record<string, unknown>;
}

beforeAll(async () => {
  slack = await startFakeSlack();
  bot = await startVerifyingServer();
  const port = (bot.address() as AddressInfo).port;
  driver = createSlackDriver({
    botUrl: `http://127.0.0.1:${port}`,
    signingSecret: SIGNING_SECRET,
    responseUrlBase: slack.responseUrlBase,
  });
});

afterAll(async () => {
  await slack.close();
  bot.closeAllConnections();
  await new Promise<void>((resolve) => bot.close(() => resolve()));
});

afterEach(() => {
  slack.reset();
  received.length = 0;
});

describe('slack driver', () => {
  it('signs commands so that Bolt verifies them, as a bare form body to /slack/events', async () => {
    const response = await driver.command('install nginx i-bp1abc');

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ path: '/slack/events' });
    expect(received[0]?.contentType).toBe('application/x-www-form-urlencoded');
    const fields = new URLSearchParams(received[0]?.body);
    expect(fields.get('command')).toBe('/ecs-ext');
    expect(fields.get('text')).toBe('install nginx i-bp1abc');
    expect(fields.get('response_url')).toMatch(new RegExp(`^${slack.responseUrlBase}`));
  });

  it('is refused by Bolt when the signature is bad, stale or missing', async () => {
    const bad = await driver.raw('{}', { signature: 'bad' });
    const stale = await driver.raw('{}', { signature: 'stale' });
    const none = await driver.raw('{}', { signature: 'none' });
    const valid = await driver.raw('{}');

    expect([bad.status, stale.status, none.status, valid.status]).toEqual([401, 401, 401, 200]);
  });

  it('sends block_actions from a message with channel, thread and response_url', async () => {
    await driver.blockAction({
      actionId: 'approve',
      value: 'req-1',
      messageTs: '1718000000.000100',
      threadTs: '1718000000.000100',
    });

    const payload = lastPayload();
    expect(payload).toMatchObject({
      type: 'block_actions',
      actions: [{ action_id: 'approve', value: 'req-1', type: 'button' }],
      container: { type: 'message', message_ts: '1718000000.000100' },
      message: { ts: '1718000000.000100', thread_ts: '1718000000.000100' },
      user: { id: 'U0REQUESTER', team_id: 'T0EMULATOR' },
      team: { id: 'T0EMULATOR' },
    });
    expect(String(payload.response_url)).toContain(slack.responseUrlBase);
  });

  it('sends view_submission with state values, metadata and a view hash', async () => {
    await driver.viewSubmission({
      callbackId: 'install_request',
      values: {
        instances: { input: 'i-1 i-2' },
        region: { pick: { type: 'static_select', selected_option: { value: 'cn-hangzhou' } } },
      },
      privateMetadata: '{"channel":"C1"}',
      viewId: 'V0TEST',
    });

    const view = lastPayload().view as Record<string, unknown>;
    expect(view).toMatchObject({
      id: 'V0TEST',
      callback_id: 'install_request',
      private_metadata: '{"channel":"C1"}',
      state: {
        values: {
          instances: { input: { type: 'plain_text_input', value: 'i-1 i-2' } },
          region: { pick: { selected_option: { value: 'cn-hangzhou' } } },
        },
      },
    });
    expect(view.hash).toEqual(expect.any(String));
  });

  it('wraps events in a signed event_callback envelope with unique event ids', async () => {
    await driver.event({ type: 'app_mention', text: '<@UBOTUSER> list' });
    await driver.event({ type: 'app_mention', text: '<@UBOTUSER> list' });

    const [a, b] = received.map((r) => JSON.parse(r.body));
    expect(received[0]?.contentType).toBe('application/json');
    expect(a).toMatchObject({
      type: 'event_callback',
      authorizations: [{ team_id: 'T0EMULATOR', user_id: 'UBOTUSER', is_bot: true }],
      event: { type: 'app_mention', user: 'U0REQUESTER', channel: 'C0OPSCHANNEL' },
    });
    expect(a.event_id).not.toBe(b.event_id);
  });
});

describe('fake Slack Web API', () => {
  it('records calls with the bearer token and JSON-parsed blocks, answering like Slack', async () => {
    const web = client();

    const first = await web.chat.postMessage({ channel: 'C1', text: 'hi', blocks: [{ type: 'divider' }] });
    const second = await web.chat.postMessage({ channel: 'C1', text: 'reply', thread_ts: String(first.ts) });

    const [call] = slack.callsTo('chat.postMessage');
    expect(call).toMatchObject({
      token: 'xoxb-emulator-token',
      args: { channel: 'C1', blocks: [{ type: 'divider' }] },
    });
    expect(first).toMatchObject({ ok: true, channel: 'C1', message: { text: 'hi' } });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(second.message?.thread_ts).toBe(first.ts);
  });

  it('answers auth.test, users.info with locale and usergroups.users.list', async () => {
    slack.setUser('U1', { name: 'li.lei', locale: 'zh-CN' });
    slack.setUsergroup('S1', ['U1', 'U2']);
    const web = client();

    const auth = await web.auth.test();
    const info = await web.users.info({ user: 'U1', include_locale: true });
    const group = await web.usergroups.users.list({ usergroup: 'S1' });

    expect(auth).toMatchObject({ user_id: 'UBOTUSER', bot_id: 'BBOT' });
    expect(info.user).toMatchObject({ name: 'li.lei', locale: 'zh-CN' });
    expect(group.users).toEqual(['U1', 'U2']);
  });

  it('opens and updates views with hashes, refusing a stale hash and a reused trigger', async () => {
    const web = client();
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'Install' },
      blocks: [],
    };

    const opened = await web.views.open({ trigger_id: 't-1', view });
    const updated = await web.views.update({
      view_id: String(opened.view?.id),
      hash: opened.view?.hash,
      view,
    });
    const stale = await web.views
      .update({ view_id: String(opened.view?.id), hash: opened.view?.hash, view })
      .catch((e) => e);
    const reused = await web.views.open({ trigger_id: 't-1', view }).catch((e) => e);

    expect(opened.view?.id).toMatch(/^V/);
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    expect(stale).toBeInstanceOf(WebAPIPlatformError);
    expect(stale.data.error).toBe('hash_conflict');
    expect(reused.data.error).toBe('exchanged_trigger_id');
  });

  it('fails on demand: not_in_channel, a queued error, and 429 with Retry-After', async () => {
    slack.notInChannel('C9');
    slack.failNext('views.open', { error: 'expired_trigger_id' });
    slack.failNext('chat.update', { status: 429, retryAfter: 3 });
    const web = client({ rejectRateLimitedCalls: true });

    const notIn = await web.chat.postMessage({ channel: 'C9', text: 'x' }).catch((e) => e);
    const expired = await web.views
      .open({
        trigger_id: 't-2',
        view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
      })
      .catch((e) => e);
    const limited = await web.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }).catch((e) => e);
    const after = await web.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' });

    expect(notIn.data.error).toBe('not_in_channel');
    expect(expired.data.error).toBe('expired_trigger_id');
    expect(limited).toBeInstanceOf(WebAPIRateLimitedError);
    expect(limited.retryAfter).toBe(3);
    expect(after.ok).toBe(true);
  });

  it('records response_url posts and resolves waitFor on a future call', async () => {
    const pending = slack.waitFor((c) => c.method === 'response_url' && c.args.text === 'done');

    await fetch(`${slack.responseUrlBase}T0/1/abc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'done', response_type: 'ephemeral' }),
    });

    await expect(pending).resolves.toMatchObject({ args: { text: 'done', response_type: 'ephemeral' } });
    await expect(slack.waitFor('chat.delete', 50)).rejects.toThrow(/no matching call/);
  });
});
