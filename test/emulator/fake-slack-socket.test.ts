/**
 * The fake Slack's Socket Mode side, driven by a bare WebSocket client: apps.connections.open with an
 * app-level token, one-use tickets, hello, pings, envelopes and acks, disconnect requests and closes.
 */
import { WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FAKE_SLACK_IDS, type FakeSlack, startFakeSlack } from './fake-slack.js';

const APP_TOKEN = 'xapp-1-A0ECSEXT-1-fake';

let slack: FakeSlack;
const clients: WebSocket[] = [];

beforeAll(async () => {
  slack = await startFakeSlack();
});

afterAll(async () => {
  await slack.close();
});

afterEach(async () => {
  for (const ws of clients.splice(0)) if (ws.readyState === WebSocket.OPEN) ws.close();
  await slack.socketMode.waitForAllClosed();
  slack.reset();
});

function web(token: string): WebClient {
  return new WebClient(token, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
}

async function openUrl(): Promise<string> {
  const res = await web(APP_TOKEN).apps.connections.open({});
  return String(res.url);
}

async function errorOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (err) {
    return err instanceof WebAPIPlatformError ? err.data.error : String(err);
  }
}

/** A connected client with every text message it received, in order. */
interface Client {
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  next(): Promise<Record<string, unknown>>;
}

function connect(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  clients.push(ws);
  const messages: Array<Record<string, unknown>> = [];
  const waiting: Array<(m: Record<string, unknown>) => void> = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    messages.push(message);
    waiting.shift()?.(message);
  });
  let read = 0;
  const client: Client = {
    ws,
    messages,
    next: () => {
      const ready = messages[read];
      read += 1;
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

describe('apps.connections.open', () => {
  it('answers an app-level token with a loopback WebSocket URL carrying a ticket', async () => {
    const url = new URL(await openUrl());

    expect(url.protocol).toBe('ws:');
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe('/socket');
    expect(url.searchParams.get('ticket')).toMatch(/.{16,}/);
    expect(slack.callsTo('apps.connections.open')[0]?.token).toBe(APP_TOKEN);
    expect(JSON.stringify(slack.calls)).not.toContain(APP_TOKEN);
  });

  it('refuses a bot token, and refuses the app token on bot methods', async () => {
    const withBotToken = await errorOf(web('xoxb-emulator-token').apps.connections.open({}));
    const postWithAppToken = await errorOf(web(APP_TOKEN).chat.postMessage({ channel: 'C1', text: 'hi' }));
    const withoutToken = await errorOf(web('').apps.connections.open({}));

    expect(withBotToken).toBe('not_allowed_token_type');
    expect(postWithAppToken).toBe('not_allowed_token_type');
    expect(withoutToken).toBe('not_authed');
  });
});

describe('the socket', () => {
  it('says hello with the app id, then pings', async () => {
    const url = await openUrl();
    const ws = new WebSocket(url);
    clients.push(ws);
    const pinged = new Promise<void>((resolve) => ws.once('ping', () => resolve()));
    const first = new Promise<Record<string, unknown>>((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>)),
    );

    const hello = await first;
    await pinged;

    expect(hello).toMatchObject({
      type: 'hello',
      num_connections: 1,
      connection_info: { app_id: FAKE_SLACK_IDS.appId },
    });
    expect(hello.debug_info).toEqual(expect.objectContaining({ host: expect.any(String) }));
    expect(slack.socketMode.openConnections).toBe(1);
  });

  it('accepts each ticket once, and nothing without one', async () => {
    const url = await openUrl();
    await connect(url);
    const noTicket = url.replace(/ticket=[^&]+/, 'ticket=forged');

    await expect(connect(url)).rejects.toThrow('HTTP 401');
    await expect(connect(noTicket)).rejects.toThrow('HTTP 401');
    expect(slack.socketMode.openConnections).toBe(1);
  });

  it('delivers an envelope and resolves with the ack that names it', async () => {
    const client = await connect(await openUrl());
    await client.next();

    const delivered = slack.socketMode.deliver({ type: 'slash_commands', payload: { text: 'list' } });
    const envelope = await client.next();
    client.ws.send(JSON.stringify({ envelope_id: 'someone-else', payload: {} }));
    client.ws.send(JSON.stringify({ envelope_id: envelope.envelope_id, payload: { text: 'ok' } }));
    const ack = await delivered;

    expect(envelope).toMatchObject({
      type: 'slash_commands',
      payload: { text: 'list' },
      accepts_response_payload: true,
      envelope_id: expect.any(String),
    });
    expect(ack).toEqual({ envelope_id: envelope.envelope_id, payload: { text: 'ok' } });
    expect(slack.socketMode.received).toHaveLength(2);
  });

  it('sends events_api envelopes as Slack does: no response payload, with the retry attempt', async () => {
    const client = await connect(await openUrl());
    await client.next();

    const delivered = slack.socketMode.deliver({
      type: 'events_api',
      envelope_id: 'env-1',
      payload: { type: 'event_callback', event: { type: 'app_mention' } },
    });
    const envelope = await client.next();
    client.ws.send(JSON.stringify({ envelope_id: 'env-1', payload: {} }));
    await delivered;

    expect(envelope).toEqual({
      envelope_id: 'env-1',
      type: 'events_api',
      payload: { type: 'event_callback', event: { type: 'app_mention' } },
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
    });
  });

  it('rejects a delivery that is never acked, or that has no connection to go to', async () => {
    const client = await connect(await openUrl());
    await client.next();

    const unacked = slack.socketMode.deliver({ type: 'interactive', payload: {} }, 50);
    await expect(unacked).rejects.toThrow(/no ack for interactive envelope/);
    client.ws.close();
    await slack.socketMode.waitForAllClosed();
    const nowhere = slack.socketMode.deliver({ type: 'interactive', payload: {} });

    await expect(nowhere).rejects.toThrow(/no Socket Mode connection is open/);
  });

  it('asks for a reconnect with a disconnect message, and records how the client closed', async () => {
    const client = await connect(await openUrl());
    await client.next();

    slack.socketMode.requestDisconnect('warning');
    const disconnect = await client.next();
    const pending = slack.socketMode.deliver({ type: 'interactive', payload: {} });
    client.ws.close(1000, 'bye');
    await slack.socketMode.waitForAllClosed();

    expect(disconnect).toMatchObject({ type: 'disconnect', reason: 'warning' });
    await expect(pending).rejects.toThrow(/closed before envelope .* was acked/);
    expect(slack.socketMode.closed).toEqual([{ code: 1000, reason: 'bye' }]);
  });
});
