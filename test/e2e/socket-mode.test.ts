/**
 * Socket Mode end to end: the bot started with an app-level token and no signing secret connects through
 * Bolt's SocketModeReceiver (apps.connections.open → WebSocket → hello) to the fake Slack, which pushes
 * envelopes over the socket and collects the acks; replies go to the fake's Web API and response_url.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bot, createBot, describeStartupError } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { FAKE_SLACK_IDS, type SlackCall } from '../emulator/fake-slack.js';
import { botEnv, type Harness, startHarness } from '../support/harness.js';

const APP_TOKEN = 'xapp-1-test';
const USER = 'U0ALICE01';
const CHANNEL = 'C0OPSCHANNEL';
const team = { id: FAKE_SLACK_IDS.teamId, domain: FAKE_SLACK_IDS.teamDomain };

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: undefined });
});

afterAll(async () => {
  await h?.close();
});

/** Everything a message shows, blocks and fallback, as one string. */
function shown(call: SlackCall): string {
  return JSON.stringify([call.args.text, call.args.blocks]);
}

const unique = () => randomBytes(6).toString('hex');
const responseUrl = () => `${h.slack.responseUrlBase}${FAKE_SLACK_IDS.teamId}/${unique()}`;
const triggerId = () => `${Date.now()}.${unique()}`;

/** A slash command's payload, as Socket Mode carries it: the HTTP form's fields as a JSON object. */
function slashCommand(text: string) {
  return {
    token: 'emulatorVerificationToken0001',
    team_id: team.id,
    team_domain: team.domain,
    channel_id: CHANNEL,
    channel_name: 'ops',
    user_id: USER,
    user_name: 'alice',
    command: '/ecs-ext',
    text,
    api_app_id: FAKE_SLACK_IDS.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl(),
    trigger_id: triggerId(),
  };
}

/** A block_actions payload for a button on a bot message. */
function buttonClick(actionId: string, value: string) {
  const ts = `${Math.floor(Date.now() / 1000)}.000100`;
  return {
    type: 'block_actions',
    user: { id: USER, username: 'alice', name: 'alice', team_id: team.id },
    api_app_id: FAKE_SLACK_IDS.appId,
    token: 'emulatorVerificationToken0001',
    trigger_id: triggerId(),
    team,
    enterprise: null,
    is_enterprise_install: false,
    container: { type: 'message', message_ts: ts, channel_id: CHANNEL, is_ephemeral: true },
    channel: { id: CHANNEL, name: 'ops' },
    state: { values: {} },
    response_url: responseUrl(),
    actions: [
      {
        type: 'button',
        action_id: actionId,
        block_id: 'list_page_next',
        text: { type: 'plain_text', text: 'Next ▶', emoji: true },
        value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

/** An event_callback wrapping one event, as the Events API sends it. */
function eventCallback(event: Record<string, unknown>) {
  return {
    token: 'emulatorVerificationToken0001',
    team_id: team.id,
    context_team_id: team.id,
    api_app_id: FAKE_SLACK_IDS.appId,
    event,
    type: 'event_callback',
    event_id: `Ev${unique().toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: team.id,
        user_id: FAKE_SLACK_IDS.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

/** The first call to `method` made after `from` calls had been recorded. */
function nextCall(method: string, from: number): Promise<SlackCall> {
  return h.slack.waitFor((c) => c.method === method && h.slack.calls.indexOf(c) >= from, 10_000);
}

/** The `list_page` button that leads to `page`, from a rendered catalog message. */
function pageButton(call: SlackCall, page: number): string | undefined {
  const blocks = call.args.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>;
  return blocks
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === 'list_page' && e.value && JSON.parse(e.value).page === page)?.value;
}

describe('Socket Mode', () => {
  it('connects with the app token and answers /healthz in socket mode, with no HTTP events endpoint', async () => {
    const health = await fetch(`${h.botUrl}/healthz`);
    const body = await health.text();
    const events = await fetch(`${h.botUrl}/slack/events`, { method: 'POST', body: '{}' });

    expect(health.status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ ok: true, mode: 'socket' });
    expect(body).not.toContain('xapp-');
    expect(body).not.toContain('xoxb-');
    expect(events.status).toBe(404);
    expect(h.slack.socketMode.openConnections).toBe(1);
    expect(h.slack.callsTo('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN]);
  });

  it('acks a /ecs-ext list envelope and posts the catalog to the response_url', async () => {
    const from = h.slack.calls.length;
    const payload = slashCommand('list');

    const ack = await h.slack.socketMode.deliver({ type: 'slash_commands', payload });
    const reply = await nextCall('response_url', from);

    expect(ack.envelope_id).toEqual(expect.any(String));
    expect(reply.args.url).toBe(new URL(payload.response_url).pathname);
    expect(reply.args.response_type).toBe('ephemeral');
    expect(shown(reply)).toContain('ACS-Extension-');
    expect(shown(reply)).toMatch(/of \d+/);
  });

  it('pages the catalog when its list_page button arrives as an interactive envelope', async () => {
    let from = h.slack.calls.length;
    await h.slack.socketMode.deliver({ type: 'slash_commands', payload: slashCommand('list') });
    const first = await nextCall('response_url', from);
    const next = pageButton(first, 2);
    expect(next).toBeDefined();
    from = h.slack.calls.length;

    const ack = await h.slack.socketMode.deliver({
      type: 'interactive',
      payload: buttonClick('list_page', next ?? ''),
    });
    const page2 = await nextCall('response_url', from);

    expect(ack.envelope_id).toEqual(expect.any(String));
    expect(page2.args.replace_original).toBe(true);
    expect(shown(page2)).toContain('page 2/');
    expect(shown(page2)).not.toEqual(shown(first));
  });

  it('acks an app_mention events_api envelope and replies in the mention’s thread', async () => {
    const from = h.slack.calls.length;
    const ts = '1700000500.000100';
    const event = {
      type: 'app_mention',
      user: USER,
      text: `<@${FAKE_SLACK_IDS.botUserId}> can I install docker?`,
      ts,
      event_ts: ts,
      channel: CHANNEL,
      team: team.id,
    };

    const ack = await h.slack.socketMode.deliver({ type: 'events_api', payload: eventCallback(event) });
    const reply = await nextCall('chat.postMessage', from);

    expect(ack.envelope_id).toEqual(expect.any(String));
    expect(reply.args.channel).toBe(CHANNEL);
    expect(reply.args.thread_ts).toBe(ts);
    expect(shown(reply)).toContain('DockerCE');
    expect(reply.token).toBe('xoxb-e2e-test-token');
  });

  it('reconnects through a fresh apps.connections.open when Slack asks it to, and keeps answering', async () => {
    const opens = h.slack.callsTo('apps.connections.open').length;

    h.slack.socketMode.requestDisconnect('refresh_requested');
    await h.slack.socketMode.waitForAllClosed();
    await h.slack.socketMode.waitForConnection(10_000);
    const from = h.slack.calls.length;
    await h.slack.socketMode.deliver({ type: 'slash_commands', payload: slashCommand('list database') });
    const reply = await nextCall('response_url', from);

    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(opens + 1);
    expect(h.slack.socketMode.openConnections).toBe(1);
    expect(shown(reply)).toMatch(/mysql|MySQL|PostgreSQL|redis|Redis/);
  });

  it('uses the app token only for apps.connections.open, and never puts it in a message or an ack', () => {
    const webApi = h.slack.calls.filter((c) => c.method !== 'response_url');
    const appLevel = webApi.filter((c) => c.method === 'apps.connections.open');

    expect(JSON.stringify(h.slack.calls)).not.toContain('xapp-');
    expect(JSON.stringify(h.slack.socketMode.received)).not.toContain('xapp-');
    expect(h.slack.socketMode.received.length).toBeGreaterThanOrEqual(5);
    expect(appLevel.length).toBeGreaterThan(0);
    expect(appLevel.every((c) => c.token === APP_TOKEN)).toBe(true);
    expect(webApi.filter((c) => c.token === APP_TOKEN)).toHaveLength(appLevel.length);
  });

  it('closes the socket and the health server on stop', async () => {
    await h.bot.stop();
    await h.slack.socketMode.waitForAllClosed();

    expect(h.slack.socketMode.openConnections).toBe(0);
    expect(h.slack.socketMode.closed.at(-1)?.code).toBe(1000);
    await expect(fetch(`${h.botUrl}/healthz`)).rejects.toThrow();
  });
});

describe('Socket Mode startup failures', () => {
  /** A second bot on the same fakes, with its own store. */
  async function socketBot(extra: Record<string, string> = {}): Promise<Bot> {
    const dataDir = mkdtempSync(join(tmpdir(), 'ecs-ext-socket-'));
    dirs.push(dataDir);
    const env = botEnv(h.cloud, h.slack, dataDir, {
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_SIGNING_SECRET: undefined,
      ...extra,
    });
    const result = loadConfig(env);
    if (!result.ok) throw new Error(result.problems.join('; '));
    return createBot(result.config);
  }
  const dirs: string[] = [];

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('names SLACK_APP_TOKEN, not the bot token, when Slack rejects the app token', async () => {
    const bot = await socketBot();
    h.slack.failNext('apps.connections.open', { error: 'invalid_auth' });

    const failure = await bot.start().then(
      () => undefined,
      (err: unknown) => err,
    );
    await bot.stop();

    expect(failure).toBeDefined();
    const message = describeStartupError(failure);
    expect(message).toContain('SLACK_APP_TOKEN');
    expect(message).not.toContain('SLACK_BOT_TOKEN');
    expect(message).not.toContain(APP_TOKEN);
  });

  it('fails to start with a readable message, before connecting, when PORT is taken', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, resolve));
    const port = (busy.address() as AddressInfo).port;
    const bot = await socketBot({ PORT: String(port) });
    const opens = h.slack.callsTo('apps.connections.open').length;

    const failure = await bot.start().then(
      () => undefined,
      (err: unknown) => err,
    );
    await bot.stop();
    await new Promise<void>((resolve) => busy.close(() => resolve()));

    expect(failure).toBeDefined();
    expect(describeStartupError(failure)).toMatch(/port is already in use/);
    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(opens);
  });
});
