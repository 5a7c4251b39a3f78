/**
 * Requests Slack would never send, end to end through Bolt's HTTP receiver: future-signed requests get
 * 401; `null`, non-object and user- or team-less bodies get 400 and the bot keeps serving; deliveries from
 * another workspace are refused even with an empty approver list; a view submitted twice makes one
 * request; event retries are handled once; out-of-range numbers are refused on their field; a modal that
 * Slack will not open is explained to the user.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRootLogger } from '../../src/logging/logger.js';
import { SEED_INSTANCES, SEED_PACKAGES } from '../emulator/catalog.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/harness.js';
import {
  CHANNEL,
  callAfter,
  click,
  formValues,
  openInstallForm,
  REQUESTER,
  readStore,
  replies,
  requestInstall,
  shown,
  waitForRequest,
  waitUntil,
} from '../support/install-driver.js';
import { createSlackDriver, type SlackResponse, slackSignature } from '../support/slack-driver.js';

const FORM = 'application/x-www-form-urlencoded';
const GUEST_TEAM = 'T0GUESTORG';
const lines: string[] = [];
let h: Harness;

beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  // An empty approver list: anyone but the requester may approve, which a guest must still not do.
  h = await startHarness(
    { ECS_EXT_APPROVERS: '', LOG_LEVEL: 'info' },
    createRootLogger({ level: 'info', pretty: false, destination }),
  );
});

afterAll(async () => {
  await h?.close();
});

/** POSTs `body` signed with `timestamp` (seconds) and extra headers, as Slack would sign it. */
async function signedPost(
  body: string,
  o: { contentType?: string; timestamp?: number; headers?: Record<string, string> } = {},
): Promise<SlackResponse> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(`${h.botUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': o.contentType ?? 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
      ...o.headers,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, text, body: text };
}

const formPayload = (payload: unknown) =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

async function healthy(): Promise<void> {
  const health = await fetch(`${h.botUrl}/healthz`);
  expect(health.status).toBe(200);
  const help = await h.driver.command('help');
  expect(help.status).toBe(200);
}

describe('signed timestamps', () => {
  it('refuses a timestamp more than 5 minutes in the future with 401, and takes one within the skew', async () => {
    const body = new URLSearchParams({
      command: '/ecs-ext',
      text: 'help',
      user_id: REQUESTER,
      team_id: 'T0EMULATOR',
      channel_id: CHANNEL,
    }).toString();
    const now = Math.floor(Date.now() / 1000);

    const future = await signedPost(body, { contentType: FORM, timestamp: now + 6 * 60 });
    const near = await signedPost(body, { contentType: FORM, timestamp: now + 4 * 60 });

    expect(future.status).toBe(401);
    expect(near.status).toBe(200);
  });
});

describe('bodies Slack never sends', () => {
  it.each([
    ['payload=null', 'payload=null', FORM],
    ['a number payload', 'payload=42', FORM],
    ['a string payload', `payload=${encodeURIComponent('"hi"')}`, FORM],
    ['an array payload', `payload=${encodeURIComponent('[1,2]')}`, FORM],
    [
      'a payload without user',
      formPayload({ type: 'block_actions', team: { id: 'T0EMULATOR' }, actions: [] }),
      FORM,
    ],
    [
      'a payload without team',
      formPayload({ type: 'block_actions', user: { id: REQUESTER }, actions: [{ action_id: 'approve' }] }),
      FORM,
    ],
    [
      'a view submission without user',
      formPayload({ type: 'view_submission', team: { id: 'T0EMULATOR' }, view: { id: 'V1' } }),
      FORM,
    ],
    ['a command without user', 'command=%2Fecs-ext&text=help&team_id=T0EMULATOR', FORM],
    ['a JSON null', 'null', 'application/json'],
    [
      'an event without team',
      JSON.stringify({ type: 'event_callback', event: { type: 'app_mention' } }),
      'application/json',
    ],
  ])('answers %s with 400 and keeps serving', async (_name, body, contentType) => {
    const response = await signedPost(body, { contentType });

    expect(response.status).toBe(400);
    await healthy();
  });

  it('answers a malformed payload with 400', async () => {
    const response = await signedPost('payload=%7Bnot-json', { contentType: FORM });

    expect(response.status).toBe(400);
  });
});

describe('another workspace', () => {
  const guest = () =>
    createSlackDriver({
      botUrl: h.botUrl,
      signingSecret: SIGNING_SECRET,
      responseUrlBase: h.slack.responseUrlBase,
      teamId: GUEST_TEAM,
      userId: 'U0GUEST',
    });

  it('cannot approve, even when the approver list is empty', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.docker,
      instanceIds: [SEED_INSTANCES.linux],
    });

    const response = await guest().blockAction({
      actionId: 'approve',
      value: submitted.requestId,
      userId: 'U0GUEST',
      channelId: CHANNEL,
      messageTs: submitted.messageTs,
    });
    // A teammate's approval afterwards proves the guest's click changed nothing and is processed in order.
    await click(h, submitted, 'approve', 'U0TEAMMATE');
    const approved = await waitForRequest(h, submitted.requestId, (r) => r.approvals.length > 0);

    expect(response.status).toBe(200);
    expect(approved.approvals.map((a) => a.userId)).toEqual(['U0TEAMMATE']);
    expect(JSON.stringify(replies(h, submitted).map(shown))).not.toContain('U0GUEST');
    expect(lines.join('')).toContain('delivery refused: another workspace');
  });

  it('gets a refusal for a command and no answer for a mention', async () => {
    const from = h.slack.calls.length;

    const ts = `${Math.floor(Date.now() / 1000)}.000999`;

    const command = await guest().command('list');
    const mention = await guest().event({
      type: 'app_mention',
      text: '<@UBOTUSER> list',
      user: 'U0GUEST',
      ts,
    });
    // The guard decides before it acks: once the refusal is logged, no listener will see the mention.
    const refusals = lines.filter((l) => l.includes('delivery refused: another workspace'));
    await h.driver.command('help');
    await callAfter(h, from, (c) => c.method === 'response_url' && shown(c).includes('/ecs-ext'));

    expect(command.status).toBe(200);
    expect(command.text).toContain('only the workspace it is installed in');
    expect(mention.status).toBe(200);
    expect(refusals.some((l) => l.includes('"kind":"event"'))).toBe(true);
    expect(refusals.some((l) => l.includes('"kind":"command"'))).toBe(true);
    expect(h.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts)).toEqual(
      [],
    );
  });
});

describe('repeated deliveries', () => {
  it('makes one request from a view submitted twice at once', async () => {
    const { view } = await openInstallForm(
      h,
      `install ${SEED_PACKAGES.docker} ${SEED_INSTANCES.linux2} cn-hangzhou`,
    );
    const before = readStore(h).requests.length;
    const submit = () =>
      h.driver.viewSubmission({
        callbackId: 'install_request',
        privateMetadata: view.private_metadata,
        userId: REQUESTER,
        viewId: 'V0DOUBLECLICK',
        values: formValues(view),
      });

    const [first, second] = await Promise.all([submit(), submit()]);
    const third = await submit();
    await waitUntil('the request to be stored', () =>
      readStore(h).requests.length > before ? true : undefined,
    );

    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(readStore(h).requests.length).toBe(before + 1);
    expect(lines.join('')).toContain('view submission repeat answered without handling it again');
  });

  it('checks a resubmission again when the first came back with errors', async () => {
    const { view } = await openInstallForm(
      h,
      `install ${SEED_PACKAGES.docker} ${SEED_INSTANCES.linux} cn-hangzhou`,
    );
    const values = formValues(view, { instances: 'i-notvalid' });
    const submit = () =>
      h.driver.viewSubmission({
        callbackId: 'install_request',
        privateMetadata: view.private_metadata,
        userId: REQUESTER,
        viewId: 'V0RESUBMIT',
        values,
      });

    const first = await submit();
    const again = await submit();

    expect(first.body).toMatchObject({
      response_action: 'errors',
      errors: { instances: expect.any(String) },
    });
    expect(again.body).toEqual(first.body);
  });

  it('handles an event once when Slack retries it, and a retry whose first try never arrived', async () => {
    const ts = `${Math.floor(Date.now() / 1000)}.000777`;
    const envelope = (eventId: string, eventTs: string) =>
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T0EMULATOR',
        api_app_id: 'A0ECSEXT',
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: 'T0EMULATOR', user_id: 'UBOTUSER', is_bot: true }],
        event: {
          type: 'app_mention',
          user: REQUESTER,
          text: '<@UBOTUSER> help',
          ts: eventTs,
          event_ts: eventTs,
          channel: CHANNEL,
          team: 'T0EMULATOR',
        },
      });
    const lateTs = `${Math.floor(Date.now() / 1000)}.000778`;

    const first = await signedPost(envelope('Ev0RETRY01', ts));
    const retry = await signedPost(envelope('Ev0RETRY01', ts), {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    const lonelyRetry = await signedPost(envelope('Ev0RETRY02', lateTs), {
      headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_error' },
    });
    await h.slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.thread_ts === lateTs);
    await h.slack.waitFor((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts);

    expect([first.status, retry.status, lonelyRetry.status]).toEqual([200, 200, 200]);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
    expect(lines.join('')).toContain('event repeat ignored');
  });
});

describe('numbers out of range', () => {
  it.each(['1e999', '9'.repeat(400)])('refuses %s on its field and sends nothing to OOS', async (typed) => {
    const packageName = 'ACS-Extension-SampleTool02-0000000000000001';
    const { view } = await openInstallForm(h, `install ${packageName} ${SEED_INSTANCES.linux} cn-hangzhou`);
    const starts = h.cloud.callsTo('StartExecution').length;

    const response = await h.driver.viewSubmission({
      callbackId: 'install_request',
      privateMetadata: view.private_metadata,
      userId: REQUESTER,
      values: formValues(view, { 'param:port': typed }),
    });

    expect(response.body).toMatchObject({
      response_action: 'errors',
      errors: { 'param:port': expect.stringMatching(/too large to send exactly/) },
    });
    expect(h.cloud.callsTo('StartExecution')).toHaveLength(starts);
  });
});

describe('a modal Slack will not open', () => {
  it.each([
    ['expired_trigger_id', /3-second window/],
    ['internal_error', /Slack said `internal_error`/],
  ])('tells the user what to do after %s', async (error, words) => {
    h.slack.failNext('views.open', { error });
    const from = h.slack.calls.length;

    const response = await h.driver.command(`install ${SEED_PACKAGES.docker}`);
    const told = await callAfter(h, from, (c) => c.method === 'response_url' && words.test(shown(c)));

    expect(response.status).toBe(200);
    expect(told.args.response_type).toBe('ephemeral');
    expect(shown(told)).toContain('/ecs-ext');
  });
});
