/**
 * A fake Slack Web API on loopback: point `SLACK_API_URL` (or `clientOptions.slackApiUrl`) at `url`.
 * It accepts what `@slack/web-api` sends (form or JSON bodies, Bearer token), answers with realistic
 * `ok:true` bodies, records every call, and also takes response_url POSTs under `responseUrlBase`.
 * It also speaks Socket Mode: `apps.connections.open` (app-level token) hands out a one-use
 * `ws://127.0.0.1:PORT/socket?ticket=…` URL, and `socketMode` pushes envelopes and collects the acks.
 * @see https://docs.slack.dev/reference/methods
 * @see https://docs.slack.dev/apis/events-api/using-socket-mode
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * One call the fake received; blocks/view/attachments/metadata are JSON-parsed. `token` (the Bearer
 * token) is non-enumerable: `call.token` reads it, JSON.stringify(calls) leaves it out.
 */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token?: string;
  at: number;
}

/** One Socket Mode envelope, as Slack pushes it over the WebSocket. */
export interface SocketModeEnvelope {
  type: 'slash_commands' | 'interactive' | 'events_api';
  /** The same body the HTTP transport would POST (slash command fields, interaction, event_callback). */
  payload: Record<string, unknown>;
  /** Generated when missing. */
  envelope_id?: string;
  /** Defaults to true for slash_commands and interactive, false for events_api (as Slack sends them). */
  accepts_response_payload?: boolean;
  /** events_api only: the delivery attempt (0 first) and why it was retried. */
  retry_attempt?: number;
  retry_reason?: string;
}

/** What the app sent back over the socket for one envelope. */
export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** The Socket Mode side of the fake: the connections apps opened with a ticket from apps.connections.open. */
export interface FakeSocketMode {
  /** Connections currently open. */
  readonly openConnections: number;
  /** Every message apps sent over a socket, parsed (acks). */
  readonly received: Array<Record<string, unknown>>;
  /** How each closed connection ended (close code and reason, as the fake saw them). */
  readonly closed: Array<{ code: number; reason: string }>;
  /** Resolves once a connection is open and has been sent `hello`. */
  waitForConnection(timeoutMs?: number): Promise<void>;
  /** Push an envelope down the newest connection; resolves with the app's ack for it. */
  deliver(envelope: SocketModeEnvelope, timeoutMs?: number): Promise<SocketModeAck>;
  /** Send `{type:'disconnect', reason}` on every connection, as Slack does before it recycles a server. */
  requestDisconnect(reason?: 'warning' | 'refresh_requested' | 'link_disabled'): void;
  /** Resolves once no connection is open. */
  waitForAllClosed(timeoutMs?: number): Promise<void>;
}

/** A running fake Slack. */
export interface FakeSlack {
  /** 'http://127.0.0.1:PORT/api/' — use as SLACK_API_URL. */
  readonly url: string;
  /** 'http://127.0.0.1:PORT/response/' — put in payload response_url. */
  readonly responseUrlBase: string;
  /** Web API calls and response_url posts (method 'response_url'). */
  readonly calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  /** Resolves on an existing or future match (within WAIT_TIMEOUT_MS unless told). */
  waitFor(pred: string | ((c: SlackCall) => boolean), timeoutMs?: number): Promise<SlackCall>;
  /** users.info answers. */
  setUser(id: string, info: { name?: string; locale?: string; tz?: string }): void;
  /** usergroups.users.list answers. */
  setUsergroup(id: string, members: string[]): void;
  /** chat.postMessage there → ok:false error not_in_channel. */
  /**
   * Posts, ephemeral messages and edits there → ok:false with `error` (default not_in_channel; also
   * channel_not_found or is_archived, as when the bot was removed or the channel archived).
   */
  notInChannel(channelId: string, error?: string): void;
  /**
   * The next call of `method` fails: a Slack error, a 429 with Retry-After (seconds), an HTTP 5xx, or
   * `hang` (no answer until releaseHung() or close(), as a stuck connection).
   */
  failNext(method: string, failure: Failure): void;
  /** Answers every hung call (with ok:true as usual). */
  releaseHung(): void;
  /** Calls hung right now. */
  readonly hungCalls: number;
  /** Socket Mode connections, envelopes and acks. */
  readonly socketMode: FakeSocketMode;
  reset(): void;
  close(): Promise<void>;
}

/** Identity of the fake workspace and bot. */
export const FAKE_SLACK_IDS = {
  teamId: 'T0EMULATOR',
  teamDomain: 'ecs-ext-emulator',
  botUserId: 'UBOTUSER',
  botId: 'BBOT',
  appId: 'A0ECSEXT',
} as const;

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'];

/** Methods that take an app-level token (xapp-…); every other method takes a bot or user token. */
const APP_LEVEL_METHODS = new Set(['apps.connections.open']);

/** How often the fake pings each Socket Mode connection, as Slack's servers do. */
const SOCKET_PING_INTERVAL_MS = 5_000;
/**
 * How long a wait for a call or a connection lasts unless told: generous, since the bot under test shares
 * a loaded CI machine's CPU with this fake and the test; a wait ends as soon as its call comes.
 */
const WAIT_TIMEOUT_MS = 15_000;

/** How a call the test chose fails; with `channel`, only a call to that channel takes it. */
export type Failure = (
  | { error: string }
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { hang: true }
) & { channel?: string };
type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

class SlackApiError extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseArgs(contentType: string, raw: string): Record<string, unknown> {
  let args: Record<string, unknown> = {};
  if (contentType.startsWith('application/json')) {
    args = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } else {
    args = Object.fromEntries(new URLSearchParams(raw));
  }
  for (const field of JSON_FIELDS) {
    const value = args[field];
    if (typeof value === 'string') {
      try {
        args[field] = JSON.parse(value);
      } catch {
        // Slack rejects unparseable JSON fields; keep the string so the test can see what was sent.
      }
    }
  }
  return args;
}

/** Resolves when `done()` holds, re-checked on every `changed()`; rejects after `timeoutMs`. */
function condition() {
  const listeners = new Set<() => void>();
  return {
    changed: () => {
      for (const listener of [...listeners]) listener();
    },
    until: (done: () => boolean, timeoutMs: number, what: string) =>
      new Promise<void>((resolve, reject) => {
        if (done()) return resolve();
        const check = () => {
          if (!done()) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`fake Slack: ${what} within ${timeoutMs} ms`));
        }, timeoutMs);
        listeners.add(check);
      }),
  };
}

interface SocketConnection {
  socket: WebSocket;
  pending: Map<string, { resolve: (ack: SocketModeAck) => void; reject: (err: Error) => void }>;
  ping: NodeJS.Timeout;
}

/**
 * The Socket Mode server on the fake's HTTP server: upgrades `GET /socket?ticket=…` (one use per ticket),
 * says `hello`, pings, pushes envelopes and matches the app's acks by envelope_id.
 */
function attachSocketMode(server: Server) {
  const tickets = new Set<string>();
  const connections: SocketConnection[] = [];
  const received: Array<Record<string, unknown>> = [];
  const closed: Array<{ code: number; reason: string }> = [];
  const state = condition();
  const wss = new WebSocketServer({ noServer: true });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/socket' || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(socket: WebSocket): void {
    const connection: SocketConnection = {
      socket,
      pending: new Map(),
      ping: setInterval(() => socket.ping(), SOCKET_PING_INTERVAL_MS),
    };
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      received.push(message);
      const id = String(message.envelope_id ?? '');
      const waiter = connection.pending.get(id);
      connection.pending.delete(id);
      waiter?.resolve(message as unknown as SocketModeAck);
    });
    socket.on('close', (code, reason) => {
      clearInterval(connection.ping);
      connections.splice(connections.indexOf(connection), 1);
      closed.push({ code, reason: reason.toString() });
      for (const [id, waiter] of connection.pending) {
        waiter.reject(new Error(`fake Slack: the socket closed before envelope ${id} was acked`));
      }
      connection.pending.clear();
      state.changed();
    });
    // A socket error is always followed by 'close', which does the bookkeeping.
    socket.on('error', () => {});
    connections.push(connection);
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: connections.length,
        debug_info: { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: FAKE_SLACK_IDS.appId },
      }),
    );
    socket.ping();
    state.changed();
  }

  const socketMode: FakeSocketMode = {
    get openConnections() {
      return connections.length;
    },
    received,
    closed,
    waitForConnection: (timeoutMs = WAIT_TIMEOUT_MS) =>
      state.until(() => connections.length > 0, timeoutMs, 'no Socket Mode connection opened'),
    deliver: (envelope, timeoutMs = 5000) => {
      const connection = connections.at(-1);
      if (!connection) return Promise.reject(new Error('fake Slack: no Socket Mode connection is open'));
      const envelopeId = envelope.envelope_id ?? randomUUID();
      const events = envelope.type === 'events_api';
      const message = {
        envelope_id: envelopeId,
        type: envelope.type,
        payload: envelope.payload,
        accepts_response_payload: envelope.accepts_response_payload ?? !events,
        ...(events
          ? { retry_attempt: envelope.retry_attempt ?? 0, retry_reason: envelope.retry_reason ?? '' }
          : {}),
      };
      return new Promise<SocketModeAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          connection.pending.delete(envelopeId);
          reject(
            new Error(
              `fake Slack: no ack for ${envelope.type} envelope ${envelopeId} within ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        connection.pending.set(envelopeId, {
          resolve: (ack) => {
            clearTimeout(timer);
            resolve(ack);
          },
          reject: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        });
        connection.socket.send(JSON.stringify(message));
      });
    },
    requestDisconnect: (reason = 'refresh_requested') => {
      for (const { socket } of connections) {
        socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake-1' } }));
      }
    },
    waitForAllClosed: (timeoutMs = WAIT_TIMEOUT_MS) =>
      state.until(() => connections.length === 0, timeoutMs, 'Socket Mode connections still open'),
  };

  return {
    socketMode,
    /** A one-use WebSocket URL, as apps.connections.open returns. */
    issueUrl: () => {
      const ticket = randomUUID();
      tickets.add(ticket);
      const { port } = server.address() as AddressInfo;
      return `ws://127.0.0.1:${port}/socket?ticket=${ticket}&app_id=${FAKE_SLACK_IDS.appId}`;
    },
    clear: () => {
      received.length = 0;
      closed.length = 0;
      tickets.clear();
    },
    close: () => {
      for (const { socket } of [...connections]) socket.terminate();
      wss.close();
    },
  };
}

/** Starts the fake Slack Web API on an ephemeral loopback port. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const failures = new Map<string, Failure[]>();
  const users = new Map<string, { name?: string; locale?: string; tz?: string }>();
  const groups = new Map<string, string[]>();
  const outsideChannels = new Map<string, string>();
  const hung: Array<() => void> = [];
  const views = new Map<string, { hash: string; view: Record<string, unknown> }>();
  const usedTriggers = new Set<string>();
  const waiters: Array<{ match: (c: SlackCall) => boolean; resolve: (c: SlackCall) => void }> = [];
  let tsCounter = 0;
  let viewCounter = 0;

  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;
  const newHash = () => `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;

  function record(call: SlackCall): void {
    calls.push(call);
    for (const waiter of [...waiters]) {
      if (waiter.match(call)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  }

  const str = (args: Record<string, unknown>, name: string): string | undefined => {
    const value = args[name];
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const need = (args: Record<string, unknown>, name: string, error = 'invalid_arguments'): string => {
    const value = str(args, name);
    if (value === undefined) throw new SlackApiError(error);
    return value;
  };

  function message(args: Record<string, unknown>, ts: string): Record<string, unknown> {
    return {
      type: 'message',
      subtype: 'bot_message',
      text: args.text ?? '',
      user: FAKE_SLACK_IDS.botUserId,
      bot_id: FAKE_SLACK_IDS.botId,
      app_id: FAKE_SLACK_IDS.appId,
      team: FAKE_SLACK_IDS.teamId,
      ts,
      ...(args.thread_ts !== undefined ? { thread_ts: String(args.thread_ts) } : {}),
      ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
      ...(args.attachments !== undefined ? { attachments: args.attachments } : {}),
      ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
    };
  }

  function checkPostable(args: Record<string, unknown>): string {
    const channel = need(args, 'channel', 'channel_not_found');
    const gone = outsideChannels.get(channel);
    if (gone) throw new SlackApiError(gone);
    if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) {
      throw new SlackApiError('no_text');
    }
    return channel;
  }

  function storeView(
    args: Record<string, unknown>,
    id: string,
    previous: string | null,
  ): Record<string, unknown> {
    const view = args.view;
    if (typeof view !== 'object' || view === null) throw new SlackApiError('invalid_arguments');
    const spec = view as Record<string, unknown>;
    const hash = newHash();
    const stored: Record<string, unknown> = {
      id,
      team_id: FAKE_SLACK_IDS.teamId,
      type: spec.type ?? 'modal',
      blocks: spec.blocks ?? [],
      private_metadata: spec.private_metadata ?? '',
      callback_id: spec.callback_id ?? '',
      external_id: spec.external_id ?? '',
      state: { values: {} },
      hash,
      title: spec.title,
      close: spec.close ?? null,
      submit: spec.submit ?? null,
      clear_on_close: spec.clear_on_close ?? false,
      notify_on_close: spec.notify_on_close ?? false,
      previous_view_id: previous,
      root_view_id: id,
      app_id: FAKE_SLACK_IDS.appId,
      app_installed_team_id: FAKE_SLACK_IDS.teamId,
      bot_id: FAKE_SLACK_IDS.botId,
    };
    views.set(id, { hash, view: stored });
    return stored;
  }

  function useTrigger(args: Record<string, unknown>): void {
    const trigger = need(args, 'trigger_id', 'invalid_trigger_id');
    if (usedTriggers.has(trigger)) throw new SlackApiError('exchanged_trigger_id');
    usedTriggers.add(trigger);
  }

  const newViewId = () =>
    `V0${String(++viewCounter).padStart(8, '0')}${randomBytes(2).toString('hex').toUpperCase()}`;

  const methods: Record<string, (args: Record<string, unknown>) => Record<string, unknown>> = {
    'apps.connections.open': () => ({ url: sockets.issueUrl() }),
    'auth.test': () => ({
      url: `https://${FAKE_SLACK_IDS.teamDomain}.slack.com/`,
      team: 'ECS Ext Emulator',
      user: 'ecs-ext',
      team_id: FAKE_SLACK_IDS.teamId,
      user_id: FAKE_SLACK_IDS.botUserId,
      bot_id: FAKE_SLACK_IDS.botId,
      is_enterprise_install: false,
    }),
    'chat.postMessage': (args) => {
      const channel = checkPostable(args);
      const ts = nextTs();
      return { channel, ts, message: message(args, ts) };
    },
    'chat.update': (args) => {
      const channel = need(args, 'channel', 'channel_not_found');
      const gone = outsideChannels.get(channel);
      if (gone) throw new SlackApiError(gone);
      const ts = need(args, 'ts', 'message_not_found');
      return { channel, ts, text: args.text ?? '', message: message(args, ts) };
    },
    'chat.postEphemeral': (args) => {
      checkPostable(args);
      need(args, 'user', 'user_not_found');
      return { message_ts: nextTs() };
    },
    'views.open': (args) => {
      useTrigger(args);
      return { view: storeView(args, newViewId(), null) };
    },
    'views.push': (args) => {
      useTrigger(args);
      return { view: storeView(args, newViewId(), null) };
    },
    'views.update': (args) => {
      const externalId = str(args, 'external_id');
      const byExternal = externalId
        ? [...views.entries()].find(([, v]) => v.view.external_id === externalId)?.[0]
        : undefined;
      const id = str(args, 'view_id') ?? byExternal;
      if (!id) throw new SlackApiError(externalId ? 'not_found' : 'invalid_arguments');
      const existing = views.get(id);
      const hash = str(args, 'hash');
      if (existing && hash !== undefined && hash !== existing.hash) throw new SlackApiError('hash_conflict');
      return { view: storeView(args, id, (existing?.view.previous_view_id as string | null) ?? null) };
    },
    'views.publish': (args) => {
      need(args, 'user_id', 'invalid_arguments');
      return { view: storeView(args, newViewId(), null) };
    },
    'users.info': (args) => {
      const id = need(args, 'user', 'user_not_found');
      const info = users.get(id) ?? {};
      const name = info.name ?? id.toLowerCase();
      const tz = info.tz ?? 'Asia/Shanghai';
      const includeLocale = String(args.include_locale) === 'true';
      return {
        user: {
          id,
          team_id: FAKE_SLACK_IDS.teamId,
          name,
          deleted: false,
          real_name: name,
          tz,
          tz_label: tz === 'Asia/Shanghai' ? 'China Standard Time' : tz,
          tz_offset: tz === 'Asia/Shanghai' ? 28800 : 0,
          is_bot: false,
          is_admin: false,
          profile: { display_name: name, real_name: name },
          ...(includeLocale ? { locale: info.locale ?? 'en-US' } : {}),
        },
      };
    },
    'usergroups.users.list': (args) => {
      const id = need(args, 'usergroup', 'no_such_subteam');
      const members = groups.get(id);
      if (!members) throw new SlackApiError('no_such_subteam');
      return { users: members };
    },
    'conversations.open': (args) => {
      const users = need(args, 'users', 'users_list_not_supplied');
      if (users.includes(',')) throw new SlackApiError('not_enough_users');
      return { channel: { id: `D${users.replace(/^[UW]/, '')}` } };
    },
    'conversations.info': (args) => {
      const id = need(args, 'channel', 'channel_not_found');
      const im = id.startsWith('D');
      return {
        channel: {
          id,
          name: im ? undefined : `channel-${id.toLowerCase()}`,
          is_channel: !im && id.startsWith('C'),
          is_group: id.startsWith('G'),
          is_im: im,
          is_private: !id.startsWith('C'),
          is_archived: false,
          is_member: !outsideChannels.has(id),
          context_team_id: FAKE_SLACK_IDS.teamId,
        },
      };
    },
  };

  /** Takes the first queued failure of `method` that applies to a call with `args`. */
  function takeFailure(method: string, args: Record<string, unknown>): Failure | undefined {
    const queue = failures.get(method) ?? [];
    const at = queue.findIndex((f) => f.channel === undefined || f.channel === args.channel);
    return at < 0 ? undefined : queue.splice(at, 1)[0];
  }

  function answer(
    method: string,
    args: Record<string, unknown>,
    token: string | undefined,
    failure: Failure | undefined,
  ): Answer {
    if (failure) {
      if ('status' in failure && failure.status !== 429) {
        return { status: failure.status, body: { ok: false, error: 'service_unavailable' } };
      }
      if ('status' in failure) {
        return {
          status: 429,
          body: { ok: false, error: 'ratelimited' },
          headers: { 'retry-after': String(failure.retryAfter) },
        };
      }
      if ('error' in failure) return { status: 200, body: { ok: false, error: failure.error } };
    }
    const handler = methods[method];
    if (!handler) return { status: 200, body: { ok: false, error: 'unknown_method' } };
    if (!token) return { status: 200, body: { ok: false, error: 'not_authed' } };
    const appLevel = token.startsWith('xapp-');
    if (!appLevel && !token.startsWith('xox')) {
      return { status: 200, body: { ok: false, error: 'invalid_auth' } };
    }
    if (appLevel !== APP_LEVEL_METHODS.has(method)) {
      return { status: 200, body: { ok: false, error: 'not_allowed_token_type' } };
    }
    try {
      return { status: 200, body: { ok: true, ...handler(args) } };
    } catch (error) {
      if (error instanceof SlackApiError) return { status: 200, body: { ok: false, error: error.message } };
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const contentType = String(req.headers['content-type'] ?? '');
    const send = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    let args: Record<string, unknown>;
    try {
      args = parseArgs(contentType, raw);
    } catch {
      return send(200, { ok: false, error: 'invalid_json' });
    }
    if (path.startsWith('/response/')) {
      record({ method: 'response_url', args: { ...args, url: path }, at: Date.now() });
      return send(200, { ok: true });
    }
    if (!path.startsWith('/api/') || req.method !== 'POST')
      return send(404, { ok: false, error: 'not_found' });
    const method = path.slice('/api/'.length);
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    const call: SlackCall = { method, args, at: Date.now() };
    // Readable as call.token but left out of JSON dumps, so "no token in what the bot sent" checks work.
    Object.defineProperty(call, 'token', { value: token, enumerable: false });
    record(call);
    let failure = takeFailure(method, args);
    if (failure && 'hang' in failure) {
      failure = undefined;
      // Held until releaseHung() (then answered as usual) or until the server closes.
      await new Promise<void>((resolve) => hung.push(resolve));
      if (res.destroyed) return;
    }
    const result = answer(method, args, token, failure);
    send(result.status, result.body, result.headers);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const sockets = attachSocketMode(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  return {
    url: `${base}/api/`,
    responseUrlBase: `${base}/response/`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitFor: (pred, timeoutMs = WAIT_TIMEOUT_MS) => {
      const match = typeof pred === 'string' ? (c: SlackCall) => c.method === pred : pred;
      const existing = calls.find(match);
      if (existing) return Promise.resolve(existing);
      return new Promise<SlackCall>((resolve, reject) => {
        const waiter = {
          match,
          resolve: (c: SlackCall) => {
            clearTimeout(timer);
            resolve(c);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          const seen = calls.map((c) => c.method).join(', ') || 'none';
          reject(new Error(`fake Slack: no matching call within ${timeoutMs} ms (calls seen: ${seen})`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    setUser: (id, info) => {
      users.set(id, info);
    },
    setUsergroup: (id, members) => {
      groups.set(id, [...members]);
    },
    notInChannel: (channelId, error = 'not_in_channel') => {
      outsideChannels.set(channelId, error);
    },
    get hungCalls() {
      return hung.length;
    },
    releaseHung: () => {
      for (const release of hung.splice(0)) release();
    },
    failNext: (method, failure) => {
      const queue = failures.get(method) ?? [];
      queue.push(failure);
      failures.set(method, queue);
    },
    socketMode: sockets.socketMode,
    reset: () => {
      calls.length = 0;
      failures.clear();
      users.clear();
      groups.clear();
      outsideChannels.clear();
      views.clear();
      usedTriggers.clear();
      sockets.clear();
    },
    close: async () => {
      for (const release of hung.splice(0)) release();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
