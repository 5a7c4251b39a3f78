/**
 * Drives the bot's HTTP receiver the way Slack does: realistic payloads, signed with the signing
 * secret (`v0:<ts>:<body>` HMAC-SHA256), bare `application/x-www-form-urlencoded` for commands and
 * interactivity, `application/json` for the Events API.
 * @see https://docs.slack.dev/authentication/verifying-requests-from-slack
 */
import { createHmac, randomBytes } from 'node:crypto';

/** What the bot answered. */
export interface SlackResponse {
  status: number;
  /** Parsed JSON, the text when not JSON, undefined when empty. */
  body: unknown;
  text: string;
}

/** Signed requests to the bot's HTTP receiver. */
export interface SlackDriver {
  /** The slash command `/ecs-ext <text>`. */
  command(
    text: string,
    o?: { userId?: string; channelId?: string; teamId?: string; triggerId?: string },
  ): Promise<SlackResponse>;
  blockAction(o: {
    actionId: string;
    value?: string;
    selectedOption?: string;
    blockId?: string;
    userId?: string;
    channelId?: string;
    messageTs?: string;
    threadTs?: string;
    view?: Record<string, unknown>;
    triggerId?: string;
  }): Promise<SlackResponse>;
  /** `values` are `state.values` (a string is taken as a plain_text_input value). */
  viewSubmission(o: {
    callbackId: string;
    values: Record<string, Record<string, unknown>>;
    privateMetadata?: string;
    userId?: string;
    viewId?: string;
    /** More of the submitted view as Slack sends it (its blocks, title, submit…). */
    view?: Record<string, unknown>;
  }): Promise<SlackResponse>;
  blockSuggestion(o: {
    actionId: string;
    blockId: string;
    value: string;
    userId?: string;
    view?: Record<string, unknown>;
  }): Promise<SlackResponse>;
  /** Wraps the event in an event_callback envelope. */
  event(event: Record<string, unknown>): Promise<SlackResponse>;
  raw(
    body: string,
    o?: { contentType?: string; signature?: 'valid' | 'bad' | 'stale' | 'none' },
  ): Promise<SlackResponse>;
}

/** Options of createSlackDriver. */
export interface SlackDriverOptions {
  /** http://127.0.0.1:PORT (the path `/slack/events` is added unless the URL has a path). */
  botUrl: string;
  signingSecret: string;
  /** Base of response_url values, e.g. FakeSlack.responseUrlBase. */
  responseUrlBase: string;
  teamId?: string;
  /** Default acting user. */
  userId?: string;
  /** Default channel. */
  channelId?: string;
  apiAppId?: string;
  botUserId?: string;
}

/** The `v0=<hex>` signature Slack sends for a body and timestamp. */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

const FORM = 'application/x-www-form-urlencoded';

/** Creates a driver for one bot. */
export function createSlackDriver(opts: SlackDriverOptions): SlackDriver {
  const url = new URL(opts.botUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/slack/events';
  const teamId = opts.teamId ?? 'T0EMULATOR';
  const appId = opts.apiAppId ?? 'A0ECSEXT';
  const botUserId = opts.botUserId ?? 'UBOTUSER';
  const defaultUser = opts.userId ?? 'U0REQUESTER';
  const defaultChannel = opts.channelId ?? 'C0OPSCHANNEL';
  const token = 'emulatorVerificationToken0001';
  let counter = 0;

  const unique = () => `${Date.now()}${String(++counter).padStart(4, '0')}`;
  const triggerId = () => `${unique()}.${Math.floor(Math.random() * 1e9)}.${randomBytes(16).toString('hex')}`;
  const responseUrl = () =>
    `${opts.responseUrlBase}T0EMULATOR/${unique()}/${randomBytes(12).toString('hex')}`;
  const messageTs = () => `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;
  const team = { id: teamId, domain: 'ecs-ext-emulator' };
  const user = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: teamId });

  async function post(
    body: string,
    contentType: string,
    signature: 'valid' | 'bad' | 'stale' | 'none' = 'valid',
  ): Promise<SlackResponse> {
    const now = Math.floor(Date.now() / 1000);
    const timestamp = signature === 'stale' ? now - 600 : now;
    const headers: Record<string, string> = { 'content-type': contentType };
    if (signature !== 'none') {
      const secret = signature === 'bad' ? `${opts.signingSecret}-wrong` : opts.signingSecret;
      headers['x-slack-request-timestamp'] = String(timestamp);
      headers['x-slack-signature'] = slackSignature(secret, timestamp, body);
    }
    const response = await fetch(url, { method: 'POST', headers, body, redirect: 'error' });
    const text = await response.text();
    let parsed: unknown;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, body: parsed, text };
  }

  const interactive = (payload: Record<string, unknown>) =>
    post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM);

  function modalView(
    view: Record<string, unknown> | undefined,
    fallbackId?: string,
  ): Record<string, unknown> {
    const id = (view?.id as string | undefined) ?? fallbackId ?? `V0${unique()}`;
    return {
      id,
      team_id: teamId,
      type: 'modal',
      blocks: [],
      private_metadata: '',
      callback_id: '',
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      title: { type: 'plain_text', text: 'ECS extensions' },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
      previous_view_id: null,
      root_view_id: id,
      app_id: appId,
      external_id: '',
      app_installed_team_id: teamId,
      bot_id: 'BBOT',
      ...view,
    };
  }

  function stateValues(
    values: Record<string, Record<string, unknown>>,
  ): Record<string, Record<string, unknown>> {
    return Object.fromEntries(
      Object.entries(values).map(([blockId, actions]) => [
        blockId,
        Object.fromEntries(
          Object.entries(actions).map(([actionId, v]) => [
            actionId,
            typeof v === 'string' ? { type: 'plain_text_input', value: v } : v,
          ]),
        ),
      ]),
    );
  }

  return {
    command: (text, o = {}) => {
      const fields = {
        token,
        team_id: o.teamId ?? teamId,
        team_domain: team.domain,
        channel_id: o.channelId ?? defaultChannel,
        channel_name: 'ops',
        user_id: o.userId ?? defaultUser,
        user_name: (o.userId ?? defaultUser).toLowerCase(),
        command: '/ecs-ext',
        text,
        api_app_id: appId,
        is_enterprise_install: 'false',
        response_url: responseUrl(),
        trigger_id: o.triggerId ?? triggerId(),
      };
      return post(new URLSearchParams(fields).toString(), FORM);
    },

    blockAction: (o) => {
      const actionTs = `${Date.now() / 1000}`;
      const action: Record<string, unknown> = {
        action_id: o.actionId,
        block_id: o.blockId ?? 'actions',
        action_ts: actionTs,
      };
      if (o.selectedOption !== undefined) {
        action.type = 'static_select';
        action.selected_option = {
          text: { type: 'plain_text', text: o.selectedOption, emoji: true },
          value: o.selectedOption,
        };
      } else {
        action.type = 'button';
        action.text = { type: 'plain_text', text: o.actionId, emoji: true };
        if (o.value !== undefined) action.value = o.value;
      }
      const base: Record<string, unknown> = {
        type: 'block_actions',
        user: user(o.userId ?? defaultUser),
        api_app_id: appId,
        token,
        trigger_id: o.triggerId ?? triggerId(),
        team,
        enterprise: null,
        is_enterprise_install: false,
        actions: [action],
      };
      if (o.view) {
        const view = modalView(o.view);
        return interactive({
          ...base,
          container: { type: 'view', view_id: view.id },
          view,
          state: view.state,
        });
      }
      const channelId = o.channelId ?? defaultChannel;
      const ts = o.messageTs ?? messageTs();
      return interactive({
        ...base,
        container: { type: 'message', message_ts: ts, channel_id: channelId, is_ephemeral: false },
        channel: { id: channelId, name: 'ops' },
        message: {
          type: 'message',
          subtype: 'bot_message',
          text: 'ECS extension request',
          user: botUserId,
          bot_id: 'BBOT',
          ts,
          ...(o.threadTs !== undefined ? { thread_ts: o.threadTs } : {}),
          blocks: [],
        },
        state: { values: {} },
        response_url: responseUrl(),
      });
    },

    viewSubmission: (o) => {
      const view = modalView(
        {
          ...o.view,
          callback_id: o.callbackId,
          private_metadata: o.privateMetadata ?? '',
          state: { values: stateValues(o.values) },
          ...(o.viewId ? { id: o.viewId, root_view_id: o.viewId } : {}),
        },
        o.viewId,
      );
      return interactive({
        type: 'view_submission',
        team,
        user: user(o.userId ?? defaultUser),
        api_app_id: appId,
        token,
        trigger_id: triggerId(),
        view,
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      });
    },

    blockSuggestion: (o) => {
      const view = o.view ? modalView(o.view) : undefined;
      return interactive({
        type: 'block_suggestion',
        user: user(o.userId ?? defaultUser),
        container: view ? { type: 'view', view_id: view.id } : { type: 'message' },
        api_app_id: appId,
        token,
        action_id: o.actionId,
        block_id: o.blockId,
        value: o.value,
        team,
        enterprise: null,
        is_enterprise_install: false,
        ...(view ? { view } : {}),
      });
    },

    event: (event) => {
      const now = Date.now() / 1000;
      const ts = typeof event.ts === 'string' ? event.ts : now.toFixed(6);
      const envelope = {
        token,
        team_id: teamId,
        context_team_id: teamId,
        api_app_id: appId,
        event: {
          ts,
          event_ts: ts,
          ...(event.type === 'app_mention' || event.type === 'message'
            ? { user: defaultUser, channel: defaultChannel, team: teamId }
            : {}),
          ...event,
        },
        type: 'event_callback',
        event_id: `Ev${unique()}`,
        event_time: Math.floor(now),
        authorizations: [
          {
            enterprise_id: null,
            team_id: teamId,
            user_id: botUserId,
            is_bot: true,
            is_enterprise_install: false,
          },
        ],
        is_ext_shared_channel: false,
        event_context: `4-${randomBytes(12).toString('base64url')}`,
      };
      return post(JSON.stringify(envelope), 'application/json');
    },

    raw: (body, o = {}) => post(body, o.contentType ?? 'application/json', o.signature ?? 'valid'),
  };
}
