/**
 * `/ecs-ext installed` end to end: an install through the usual flow (command, modal, confirmation,
 * approval, execution in the emulator), then `installed` shows what OOS records, with the panel login
 * (ConfigurationInfo) unmasked only privately, to the requester or a named approver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_INSTANCES, SEED_PACKAGES } from '../emulator/catalog.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  APPROVER,
  CHANNEL,
  callAfter,
  click,
  REQUESTER,
  requestInstall,
  shown,
  waitForRequest,
} from '../support/install-driver.js';

const STRANGER = 'U0STRANGER';
const TARGET = SEED_INSTANCES.linux2;
const PASSWORD = 'emu-panel-pass-0001';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ ECS_EXT_APPROVERS: APPROVER, ECS_EXT_REQUIRED_APPROVALS: '1' });
  const submitted = await requestInstall(h, { packageName: SEED_PACKAGES.baota, instanceIds: [TARGET] });
  await click(h, submitted, 'approve', APPROVER);
  await waitForRequest(h, submitted.requestId, (r) => r.status === 'succeeded', 10_000);
}, 30_000);

afterAll(async () => {
  await h?.close();
});

/** `/ecs-ext <text>` as `userId`, and the private reply it gets. */
async function command(text: string, userId: string): Promise<SlackCall> {
  const from = h.slack.calls.length;
  const res = await h.driver.command(text, { userId, channelId: CHANNEL });
  expect(res.status).toBe(200);
  return callAfter(h, from, (c) => c.method === 'response_url');
}

let mentions = 0;

/** A mention as `userId`; returns the calls it caused once the thread reply is there. */
async function mention(text: string, userId: string): Promise<{ reply: SlackCall; ts: string }> {
  mentions += 1;
  const ts = `1700000900.00${String(mentions).padStart(4, '0')}`;
  const from = h.slack.calls.length;
  await h.driver.event({ type: 'app_mention', user: userId, text, ts, channel: CHANNEL, event_ts: ts });
  const reply = await callAfter(h, from, (c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts);
  return { reply, ts };
}

describe('/ecs-ext installed', () => {
  it('shows the requester the install OOS recorded, with the panel login, privately', async () => {
    const reply = await command(`installed ${TARGET} cn-hangzhou`, REQUESTER);

    expect(reply.args.response_type).toBe('ephemeral');
    const text = shown(reply);
    expect(text).toContain('BaoTa Panel (Free)');
    expect(text).toContain(SEED_PACKAGES.baota);
    expect(text).toContain('`v5` (latest)');
    expect(text).toContain(PASSWORD);
    expect(text).toContain('Only you can see this message');
  });

  it('masks the login for someone who neither requested the install nor may approve', async () => {
    const reply = await command(`installed ${TARGET}`, STRANGER);

    const text = shown(reply);
    expect(text).toContain('BaoTa Panel (Free)');
    expect(text).toContain('password: ******');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('emu_admin');
  });

  it('shows a named approver the login, privately', async () => {
    const reply = await command(`installed ${TARGET}`, APPROVER);

    expect(reply.args.response_type).toBe('ephemeral');
    expect(shown(reply)).toContain(PASSWORD);
  });

  it('answers "what\'s installed on i-…" in the thread masked, and the requester privately', async () => {
    const { reply, ts } = await mention(`<@UBOTUSER> what's installed on ${TARGET}?`, REQUESTER);
    const secret = await callAfter(h, 0, (c) => c.method === 'chat.postEphemeral' && c.args.thread_ts === ts);

    expect(shown(reply)).toContain('BaoTa Panel (Free)');
    expect(shown(reply)).not.toContain(PASSWORD);
    expect(secret.args.user).toBe(REQUESTER);
    expect(shown(secret)).toContain(PASSWORD);
  });

  it('answers "i-… 上装了什么" from a stranger masked, with nothing private', async () => {
    const { reply, ts } = await mention(`<@UBOTUSER> ${TARGET} 上装了什么`, STRANGER);
    // A second mention afterwards: once its reply is there, any private note of the first would be too.
    await mention(`<@UBOTUSER> what's installed on ${SEED_INSTANCES.linux}`, STRANGER);

    expect(shown(reply)).toContain(SEED_PACKAGES.baota);
    expect(shown(reply)).not.toContain(PASSWORD);
    expect(h.slack.calls.filter((c) => c.method === 'chat.postEphemeral' && c.args.thread_ts === ts)).toEqual(
      [],
    );
  });

  it('says what is wrong with a bad question, and what is missing in the region', async () => {
    const none = await command('installed', STRANGER);
    const missing = await command('installed i-bp1nosuchinstance0009 cn-hangzhou', STRANGER);

    expect(shown(none)).toContain('Name the instances to look at');
    expect(shown(missing)).toContain('None of `i-bp1nosuchinstance0009` exists in cn-hangzhou');
  });
});
