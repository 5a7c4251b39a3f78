/**
 * Scenarios 1 and 2 end to end: signed Slack requests → Bolt HTTP receiver → domain → real Alibaba SDKs
 * → emulator, and back to the fake Slack Web API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_CREDENTIALS } from '../emulator/cloud-emulator.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ ECS_EXT_CATALOG_TTL_MINUTES: '10' });
});

afterAll(async () => {
  await h?.close();
});

beforeEach(() => {
  h.cloud.clearFaults();
});

/** Everything a message shows, blocks and fallback, as one string. */
function shown(call: SlackCall): string {
  return JSON.stringify([call.args.text, call.args.blocks]);
}

/** The texts of every block of a message, as a person reads them. */
function readable(call: SlackCall): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') texts.push(value);
        else walk(value);
      }
    }
  };
  walk(call.args.blocks);
  return texts.join('\n');
}

async function commandReply(text: string, userId = 'U0ALICE01'): Promise<SlackCall> {
  const before = h.slack.callsTo('response_url').length;
  const res = await h.driver.command(text, { userId });
  expect(res.status).toBe(200);
  return h.slack.waitFor(
    (c) => c.method === 'response_url' && h.slack.callsTo('response_url').indexOf(c) >= before,
  );
}

describe('health and request verification', () => {
  it('answers /healthz with ok once ready, without secrets', async () => {
    const res = await fetch(`${h.botUrl}/healthz`);
    const body = await res.text();

    expect(res.status).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ ok: true });
    expect(body).not.toContain(SIGNING_SECRET);
    expect(body).not.toContain('xoxb-');
  });

  it.each(['none', 'bad', 'stale'] as const)(
    'rejects a request whose signature is %s with 401',
    async (signature) => {
      const body = 'command=%2Fecs-ext&text=list&user_id=U0ALICE01&team_id=T0TEAM&channel_id=C0OPS';

      const res = await h.driver.raw(body, { signature });

      expect(res.status).toBe(401);
    },
  );
});

describe('scenario 1: list', () => {
  it('lists every public package across ListTemplates pages, then serves a repeat from the cache', async () => {
    h.cloud.resetCalls();

    const first = await commandReply('list');
    const pagesFetched = h.cloud.callsTo('ListTemplates').length;
    const second = await commandReply('list');

    expect(pagesFetched).toBeGreaterThan(1);
    expect(h.cloud.callsTo('ListTemplates').every((c) => c.params.TemplateType === 'Package')).toBe(true);
    expect(h.cloud.callsTo('ListTemplates').every((c) => c.params.ShareType === 'Public')).toBe(true);
    expect(h.cloud.callsTo('ListTemplates')).toHaveLength(pagesFetched);
    const total = /of (\d+)/.exec(shown(first))?.[1];
    expect(Number(total)).toBeGreaterThan(100);
    expect(shown(first)).toContain('ACS-Extension-');
    expect(shown(second)).toEqual(shown(first));
    expect((first.args.blocks as unknown[]).length).toBeLessThanOrEqual(50);
  });

  it('filters by category or words', async () => {
    const reply = await commandReply('list database');

    expect(shown(reply)).toMatch(/mysql|MySQL|PostgreSQL|redis|Redis/);
    expect(shown(reply)).not.toContain('BaoTaPanelFree');
  });

  it('pages with the Next button', async () => {
    const first = await commandReply('list');
    const actions = (
      first.args.blocks as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>
    )
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements ?? []);
    const next = actions.find(
      (e) => e.action_id === 'list_page' && e.value && JSON.parse(e.value).page === 2,
    );
    expect(next).toBeDefined();
    const before = h.slack.callsTo('response_url').length;

    await h.driver.blockAction({ actionId: 'list_page', value: next?.value, userId: 'U0ALICE01' });
    const page2 = await h.slack.waitFor(
      (c) =>
        c.method === 'response_url' &&
        h.slack.calls.indexOf(c) >= 0 &&
        h.slack.callsTo('response_url').indexOf(c) >= before,
    );

    expect(page2.args.replace_original).toBe(true);
    expect(shown(page2)).not.toEqual(shown(first));
  });

  it('answers in Chinese when the user’s Slack locale is Chinese', async () => {
    h.slack.setUser('U0ZHANG01', { name: 'zhang', locale: 'zh-CN' });

    const reply = await commandReply('list', 'U0ZHANG01');

    expect(shown(reply)).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('scenario 2: check support', () => {
  it('finds docker and shows its details with an Install button', async () => {
    const reply = await commandReply('check docker');

    expect(shown(reply)).toContain('ACS-Extension-DockerCE-1853370294850618');
    expect(shown(reply)).toContain('open_install_form');
    expect(
      h.cloud
        .callsTo('GetTemplate')
        .some((c) => c.params.TemplateName === 'ACS-Extension-DockerCE-1853370294850618'),
    ).toBe(true);
  });

  it('shows the parameters of node with their defaults', async () => {
    const reply = await commandReply('search nodejs');

    expect(shown(reply)).toContain('ACS-Extension-node-1853370294850618');
    expect(shown(reply)).toContain('v22.13.1');
  });

  it('says when something is not supported and offers the nearest alternatives', async () => {
    const reply = await commandReply('check sharepoint server');

    expect(shown(reply)).toMatch(/not currently supported/i);
    expect(shown(reply)).toContain('/ecs-ext list');
  });

  it('answers a mention in the mention’s thread, treating "can I install" as a support check', async () => {
    const before = h.slack.callsTo('chat.postMessage').length;

    await h.driver.event({
      type: 'app_mention',
      user: 'U0ALICE01',
      text: '<@UBOTUSER> can I install bt panel?',
      ts: '1700000000.000100',
      channel: 'C0OPS',
      event_ts: '1700000000.000100',
    });
    const post = await h.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && h.slack.callsTo('chat.postMessage').indexOf(c) >= before,
    );

    expect(post.args.channel).toBe('C0OPS');
    expect(post.args.thread_ts).toBe('1700000000.000100');
    expect(shown(post)).toContain('BaoTaPanelFree');
    expect(h.cloud.callsTo('StartExecution')).toHaveLength(0);
  });
});

describe('cloud failures people can act on', () => {
  it('shows a RAM denial with the denied action and the minimum policy', async () => {
    await h.restart();
    h.cloud.fault({ kind: 'forbidden', action: 'ListTemplates' });

    const reply = await commandReply('list');

    expect(shown(reply)).toContain('oos:ListTemplates');
    expect(readable(reply)).toContain('"Version": "1"');
    expect(readable(reply)).toContain('"Effect": "Allow"');
    expect(shown(reply)).toContain('oos:StartExecution');
    expect(shown(reply)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('retries throttling and then succeeds', async () => {
    await h.restart();
    h.cloud.resetCalls();
    h.cloud.fault({ kind: 'throttle', action: 'ListTemplates', times: 2 });

    const reply = await commandReply('list');

    const statuses = h.cloud.callsTo('ListTemplates').map((c) => c.status);
    expect(statuses.slice(0, 2)).toEqual([400, 400]);
    expect(statuses[2]).toBe(200);
    expect(shown(reply)).toContain('ACS-Extension-');
  });

  it('surfaces a 5xx once retries run out', async () => {
    await h.restart();
    h.cloud.resetCalls();
    h.cloud.fault({ kind: 'server_error', action: 'ListTemplates' });

    const reply = await commandReply('list');

    expect(h.cloud.callsTo('ListTemplates').length).toBeGreaterThan(1);
    expect(shown(reply)).toMatch(/unavailable|try again/i);
    expect(shown(reply)).not.toContain('ACS-Extension-');
  });

  it('never shows the AccessKey secret or the Slack token anywhere', () => {
    const everything = JSON.stringify(h.slack.calls);

    expect(everything).not.toContain(EMULATOR_CREDENTIALS.accessKeySecret);
    expect(everything).not.toContain(EMULATOR_CREDENTIALS.accessKeyId);
    expect(everything).not.toContain('xoxb-e2e-test-token');
  });
});

describe('help', () => {
  it('shows usage for an empty command', async () => {
    const reply = await commandReply('');

    expect(shown(reply)).toContain('/ecs-ext list');
    expect(shown(reply)).toContain('install');
  });
});
