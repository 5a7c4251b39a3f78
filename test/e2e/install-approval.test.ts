/**
 * Scenario 3 end to end, from the confirmation on: what a submission shows, every validation refusal,
 * the approval policy (self-approval, approver list, user groups, quorum, expiry, rejection), exactly one
 * StartExecution (concurrent clicks, a crash before the start), duplicates, and `/ecs-ext status`.
 * Everything goes through Bolt's HTTP receiver, the Alibaba SDKs, the emulator and the lowdb file.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCloudClients } from '../../src/cloud/index.js';
import {
  buildStartParameters,
  clientTokenFor,
  REQUEST_TAG,
} from '../../src/domain/install/start-parameters.js';
import { BULK_INSTALL_TEMPLATE, type InstallRequest } from '../../src/domain/model.js';
import { silentLogger } from '../../src/domain/ports.js';
import { SEED_FACTS, SEED_INSTANCES, SEED_PACKAGES } from '../emulator/catalog.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  buttonOf,
  CHANNEL,
  callAfter,
  click,
  expectAccepted,
  type FormView,
  openInstallForm,
  REQUESTER,
  readStore,
  requestInstall,
  type Submitted,
  shown,
  storedRequest,
  submitForm,
  replies as threadReplies,
  waitForReply,
  waitForRequest,
  waitUntil,
} from '../support/install-driver.js';

const TEAMMATE = 'U0TEAMMATE';
const CONFIRM_SENTENCE =
  'Please confirm the above parameters are correct before I proceed with installation.';

/** How many StartExecution calls and executions the emulator has seen so far. */
function starts(h: Harness): { calls: number; executions: number } {
  return { calls: h.cloud.callsTo('StartExecution').length, executions: h.cloud.executionIds().length };
}

/** The last chat.update of the confirmation message `messageTs`. */
function lastUpdate(h: Harness, messageTs: string): SlackCall | undefined {
  return h.slack
    .callsTo('chat.update')
    .filter((c) => c.args.ts === messageTs)
    .at(-1);
}

/** The block of the form with the given block id. */
function block(view: FormView, blockId: string) {
  return view.blocks.find((b) => b.block_id === blockId);
}

describe('install with the default policy (one approval, anyone but the requester)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  beforeEach(() => {
    h.cloud.clearFaults();
  });

  it('goes from the slash command to one StartExecution: modal, confirmation, approval, thread', async () => {
    const ids = [SEED_INSTANCES.linux, SEED_INSTANCES.linux2];
    const before = starts(h);

    const { opened, form, view } = await openInstallForm(
      h,
      `install ${SEED_PACKAGES.node} ${ids.join(' ')} cn-hangzhou`,
    );
    const from = h.slack.calls.length;
    const res = await submitForm(h, view);
    const confirmation = await callAfter(
      h,
      from,
      (c) => c.method === 'chat.postMessage' && shown(c).includes('Please confirm'),
    );
    const requestId = buttonOf(confirmation, 'approve')?.value ?? '';
    const pending = await waitForRequest(h, requestId, (r) => r.messageTs !== undefined);
    const startsWhilePending = starts(h);
    const thread = { messageTs: pending.messageTs ?? '' };
    await click(
      h,
      { requestId, channelId: CHANNEL, confirmation, messageTs: thread.messageTs, response: res },
      'approve',
      TEAMMATE,
    );
    const started = await waitForReply(h, thread, 'Installation started');

    // The loading view comes first, then the form with everything prefilled.
    expect(h.slack.calls.indexOf(opened)).toBeLessThan(h.slack.calls.indexOf(form));
    expect(JSON.stringify(opened.args.view)).not.toContain('"input"');
    expect(JSON.stringify(opened.args.view)).toContain('Loading');
    expect(block(view, 'region')?.element?.initial_option?.value).toBe('cn-hangzhou');
    expect(block(view, 'instances')?.element?.initial_value?.split(/\s+/)).toEqual(ids);
    expect(block(view, 'package')?.element?.initial_option?.value).toBe(SEED_PACKAGES.node);
    expect(block(view, 'param:version')?.element?.initial_option?.value).toBe(SEED_FACTS.nodeDefault);
    // The submission is accepted (an empty ack, or "checking…" on a slow machine) and the confirmation lands in the channel.
    expect(res.status).toBe(200);
    expectAccepted(res);
    expect(confirmation.args.channel).toBe(CHANNEL);
    expect(confirmation.args.thread_ts).toBeUndefined();
    const text = shown(confirmation);
    expect(text).toContain('*RegionId*\\n`cn-hangzhou`');
    expect(text).toContain('*InstanceId* (2)');
    for (const id of ids) expect(text).toContain(`\`${id}\``);
    expect(text).toContain(`*PackageName*\\n\`${SEED_PACKAGES.node}\``);
    expect(text).toContain(`\`version\`: \`${SEED_FACTS.nodeDefault}\` _(default)_`);
    expect(text).toContain(`<@${REQUESTER}>`);
    expect(text).toContain('All 2 instance(s) are running with Cloud Assistant online.');
    expect(text).toContain(`\`${SEED_INSTANCES.linux}\` web-prod-01`);
    expect(text).toContain(`\`${SEED_INSTANCES.linux2}\` web-prod-02`);
    expect(text).toContain(CONFIRM_SENTENCE);
    expect(buttonOf(confirmation, 'approve')?.value).toMatch(/^req-[a-z2-7]{8}$/);
    expect(buttonOf(confirmation, 'reject')?.value).toBe(requestId);
    // Nothing started before the approval; exactly one StartExecution after it.
    expect(startsWhilePending).toEqual(before);
    expect(pending.status).toBe('pending');
    expect(starts(h)).toEqual({ calls: before.calls + 1, executions: before.executions + 1 });
    const executionId = h.cloud.executionIds().at(-1) ?? '';
    const replies = threadReplies(h, thread).map(shown);
    expect(replies[0]).toContain(`<@${TEAMMATE}> approved (1/1)`);
    expect(shown(started)).toContain(executionId);
    expect(started.args.channel).toBe(CHANNEL);
    const stored = await waitForRequest(h, requestId, (r) => r.execution !== undefined);
    expect(stored.execution?.executionId).toBe(executionId);
    expect(stored.approvals.map((a) => a.userId)).toEqual([TEAMMATE]);
    const update = await waitUntil('the confirmation re-rendered', () =>
      lastUpdate(h, stored.messageTs ?? ''),
    );
    expect(shown(update)).toContain(executionId);
    expect(buttonOf(update, 'approve')?.value).toBeUndefined();
  });

  it('sends the exact StartExecution the contract fixes and stores that JSON, the execution and the approver', async () => {
    const ids = [SEED_INSTANCES.linux, SEED_INSTANCES.linux2];
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.baota,
      instanceIds: ids,
      overrides: { 'param:panelPort': '9999', concurrency: '2', max_errors: '1' },
    });
    const before = starts(h);

    await click(h, submitted, 'approve', TEAMMATE);
    await waitForReply(h, submitted, 'Installation started');

    const [call, ...more] = h.cloud.callsTo('StartExecution').slice(before.calls);
    expect(more).toEqual([]);
    expect(call?.status).toBe(200);
    expect(call?.params.TemplateName).toBe('ACS-ECS-BulkyConfigureOOSPackageWithTemporaryURL');
    expect(call?.params.Mode).toBe('Automatic');
    expect(call?.params.ClientToken).toBe(clientTokenFor(submitted.requestId));
    expect(call?.params.ClientToken).toContain(submitted.requestId);
    const parameters = JSON.parse(call?.params.Parameters ?? '{}') as Record<string, unknown>;
    expect(parameters).toEqual({
      regionId: 'cn-hangzhou',
      OOSAssumeRole: '',
      targets: { ResourceIds: ids, RegionId: 'cn-hangzhou', Type: 'ResourceIds' },
      rateControl: { Mode: 'Concurrency', Concurrency: 2, MaxErrors: 1 },
      action: 'install',
      packageName: SEED_PACKAGES.baota,
      packageVersion: 'v5',
      parameters: { panelPort: 9999 },
    });
    const stored = await waitForRequest(h, submitted.requestId, (r) => r.execution !== undefined);
    expect(JSON.parse(stored.startParameters ?? '')).toEqual(parameters);
    expect(stored.execution?.executionId).toBe(h.cloud.executionIds().at(-1));
    expect(stored.approvals).toEqual([{ userId: TEAMMATE, at: expect.any(String) }]);
    expect(stored.history.map((e) => e.type)).toEqual(
      expect.arrayContaining(['created', 'approved', 'starting', 'started']),
    );
  });

  it('sends typed values of every kind and keeps a secret out of the store', async () => {
    const secret = 'Emu-Root-Pass-0042';
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.mysql,
      instanceIds: [SEED_INSTANCES.linux],
      overrides: {
        'param:rootPassword': secret,
        'param:port': '3307',
        'param:charset': 'utf8',
        'param:enableBinlog': 'true',
      },
    });
    const before = starts(h);

    await click(h, submitted, 'approve', TEAMMATE);
    await waitForReply(h, submitted, 'Installation started');

    const call = h.cloud.callsTo('StartExecution').slice(before.calls)[0];
    const sent = JSON.parse(call?.params.Parameters ?? '{}') as { parameters: Record<string, unknown> };
    expect(sent.parameters).toEqual({
      rootPassword: secret,
      port: 3307,
      charset: 'utf8',
      enableBinlog: true,
    });
    expect(shown(submitted.confirmation)).not.toContain(secret);
    const stored = await waitForRequest(h, submitted.requestId, (r) => r.execution !== undefined);
    expect(JSON.parse(stored.startParameters ?? '').parameters).toEqual({
      ...sent.parameters,
      rootPassword: '******',
    });
    expect(JSON.stringify(readStore(h))).not.toContain(secret);
  });

  describe('refuses bad input inline and stores nothing', () => {
    const unknownInstance = 'i-bp1nosuchinstance0099';
    const many = Array.from({ length: 51 }, (_, n) => `i-bp1emu0many${String(n).padStart(8, '0')}`);
    const cases: Array<{
      name: string;
      packageName: string;
      overrides: Record<string, string>;
      blockId: string;
      says: string;
    }> = [
      {
        name: 'an id of the wrong shape',
        packageName: SEED_PACKAGES.node,
        overrides: { instances: `${SEED_INSTANCES.linux} web-prod-01 i-short` },
        blockId: 'instances',
        says: 'Not an instance ID: web-prod-01, i-short',
      },
      {
        name: '51 instance ids',
        packageName: SEED_PACKAGES.node,
        overrides: { instances: many.join('\n') },
        blockId: 'instances',
        says: '51 instances entered; one request may target at most 50',
      },
      {
        name: 'an instance listed twice',
        packageName: SEED_PACKAGES.node,
        overrides: { instances: `${SEED_INSTANCES.linux}, ${SEED_INSTANCES.linux}` },
        blockId: 'instances',
        says: `Listed more than once: ${SEED_INSTANCES.linux}`,
      },
      {
        name: 'an unknown region',
        packageName: SEED_PACKAGES.node,
        overrides: { instances: SEED_INSTANCES.linux, region: 'xx-nowhere-1' },
        blockId: 'region',
        says: 'xx-nowhere-1 is not an ECS region',
      },
      {
        name: 'an unknown package',
        packageName: SEED_PACKAGES.node,
        overrides: { instances: SEED_INSTANCES.linux, package: 'ACS-Extension-nosuch-0000000000000001' },
        blockId: 'package',
        says: 'ACS-Extension-nosuch-0000000000000001 is not a public extension package',
      },
      {
        name: 'a value outside AllowedValues',
        packageName: SEED_PACKAGES.mysql,
        overrides: {
          instances: SEED_INSTANCES.linux,
          'param:rootPassword': 'Emu-Root-Pass-0042',
          'param:charset': 'ebcdic',
        },
        blockId: 'param:charset',
        says: 'Must be one of: utf8mb4, utf8, latin1',
      },
      {
        name: 'invalid JSON for a Json parameter',
        packageName: SEED_PACKAGES.dify,
        overrides: {
          instances: SEED_INSTANCES.linux,
          'param:adminEmail': 'ops@example.com',
          'param:config': '{"edition": community',
        },
        blockId: 'param:config',
        says: 'Enter valid JSON',
      },
      {
        name: 'an instance that does not exist',
        packageName: SEED_PACKAGES.node,
        overrides: { instances: `${SEED_INSTANCES.linux} ${unknownInstance}` },
        blockId: 'instances',
        says: `Not found in cn-hangzhou: ${unknownInstance}`,
      },
      {
        name: 'a stopped instance',
        packageName: SEED_PACKAGES.node,
        overrides: { instances: SEED_INSTANCES.stopped },
        blockId: 'instances',
        says: `Not running: ${SEED_INSTANCES.stopped} (Stopped)`,
      },
      {
        name: 'Cloud Assistant offline',
        packageName: SEED_PACKAGES.node,
        overrides: { instances: SEED_INSTANCES.assistantOffline },
        blockId: 'instances',
        says: `Cloud Assistant is not online on ${SEED_INSTANCES.assistantOffline}`,
      },
      {
        name: 'a Windows instance for a Linux-only package',
        packageName: SEED_PACKAGES.node,
        overrides: { instances: SEED_INSTANCES.windows },
        blockId: 'instances',
        says: `not: ${SEED_INSTANCES.windows} (Windows Server`,
      },
      {
        name: 'a Linux instance for the Windows-only IIS package',
        packageName: SEED_PACKAGES.iis,
        overrides: { instances: SEED_INSTANCES.linux },
        blockId: 'instances',
        says: `This extension supports Windows Server; not: ${SEED_INSTANCES.linux}`,
      },
    ];

    it.each(cases)('$name', async ({ packageName, overrides, blockId, says }) => {
      const { view } = await openInstallForm(h, `install ${packageName} cn-hangzhou`);
      const storedBefore = readStore(h).requests.length;
      const startsBefore = starts(h);
      const from = h.slack.calls.length;

      const res = await submitForm(h, view, overrides);

      expect(res.status).toBe(200);
      const body = res.body as { response_action: string; errors: Record<string, string> };
      expect(body.response_action).toBe('errors');
      expect(body.errors[blockId]).toContain(says);
      for (const key of Object.keys(body.errors)) expect(block(view, key)?.type).toBe('input');
      // Thread replies of earlier requests (final reports, their private credential notes) may still
      // arrive; nothing outside a thread may.
      const posted = h.slack.calls
        .slice(from)
        .filter((c) => ['chat.postEphemeral', 'chat.postMessage'].includes(c.method) && !c.args.thread_ts);
      expect(posted.map((c) => [c.method, c.args.channel, c.args.text])).toEqual([]);
      expect(readStore(h).requests.length).toBe(storedBefore);
      expect(starts(h)).toEqual(startsBefore);
    });
  });

  it('retries a StartExecution that failed with a 5xx with the same ClientToken: one execution', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.git,
      instanceIds: [SEED_INSTANCES.linux],
    });
    const before = starts(h);
    h.cloud.fault({ kind: 'server_error', action: 'StartExecution', times: 1 });

    await click(h, submitted, 'approve', TEAMMATE);
    await waitForReply(h, submitted, 'Installation started');

    const calls = h.cloud.callsTo('StartExecution').slice(before.calls);
    expect(calls.map((c) => c.status)).toEqual([503, 200]);
    expect(new Set(calls.map((c) => c.params.ClientToken))).toEqual(
      new Set([clientTokenFor(submitted.requestId)]),
    );
    expect(h.cloud.executionIds()).toHaveLength(before.executions + 1);
    expect(
      (await waitForRequest(h, submitted.requestId, (r) => r.execution !== undefined)).execution?.executionId,
    ).toBe(h.cloud.executionIds().at(-1));
  });

  it('keeps the contract sentence and buttons on the confirmation of a Chinese-speaking requester', async () => {
    h.slack.setUser('U0ZHUSER01', { locale: 'zh-CN' });

    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.node,
      instanceIds: [SEED_INSTANCES.linux],
      userId: 'U0ZHUSER01',
    });

    const text = shown(submitted.confirmation);
    expect(text).toContain('请确认以上参数无误');
    expect(text).toContain(CONFIRM_SENTENCE);
    expect(text).toContain('*RegionId*\\n`cn-hangzhou`');
    expect(buttonOf(submitted.confirmation, 'approve')?.value).toBe(submitted.requestId);
    expect(buttonOf(submitted.confirmation, 'reject')?.value).toBe(submitted.requestId);
    expect(storedRequest(h, submitted.requestId)?.locale).toBe('zh');
  });

  it('refuses self-approval in the thread and starts nothing', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.git,
      instanceIds: [SEED_INSTANCES.linux],
    });
    const before = starts(h);

    await click(h, submitted, 'approve', REQUESTER);
    const refused = await waitForReply(h, submitted, 'you cannot approve your own request');

    expect(refused.args.channel).toBe(CHANNEL);
    expect(shown(refused)).toContain(`<@${REQUESTER}>`);
    expect(starts(h)).toEqual(before);
    const stored = storedRequest(h, submitted.requestId);
    expect(stored?.status).toBe('pending');
    expect(stored?.approvals).toEqual([]);
  });

  it('starts exactly one execution when 20 approve clicks arrive at once', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.docker,
      instanceIds: [SEED_INSTANCES.linux, SEED_INSTANCES.linux2],
    });
    const before = starts(h);
    const clickers = [
      ...Array.from({ length: 10 }, (_, n) => `U0CLICKER${n}`),
      ...Array.from({ length: 10 }, () => 'U0CLICKER0'),
    ];

    const responses = await Promise.all(clickers.map((user) => click(h, submitted, 'approve', user)));
    const answered = (c: SlackCall) => /approved \(1\/1\)|no longer pending|already approved/.test(shown(c));
    await waitUntil('an answer to every click', () =>
      threadReplies(h, submitted).filter(answered).length >= clickers.length ? true : undefined,
    );
    await waitForReply(h, submitted, 'Installation started');

    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(starts(h)).toEqual({ calls: before.calls + 1, executions: before.executions + 1 });
    const replies = threadReplies(h, submitted).map(shown);
    expect(replies.filter((r) => r.includes('approved (1/1)'))).toHaveLength(1);
    expect(replies.filter((r) => r.includes('Installation started'))).toHaveLength(1);
    const stored = await waitForRequest(h, submitted.requestId, (r) => r.execution !== undefined);
    expect(stored.approvals).toHaveLength(1);
    expect(stored.execution?.executionId).toBe(h.cloud.executionIds().at(-1));
  });

  it('rejects: thread reply, buttons gone, nothing started, a later approval refused', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.git,
      instanceIds: [SEED_INSTANCES.linux2],
    });
    const before = starts(h);

    await click(h, submitted, 'reject', TEAMMATE);
    const rejected = await waitForReply(h, submitted, 'rejected the request');
    await waitForRequest(h, submitted.requestId, (r) => r.status === 'rejected');
    await click(h, submitted, 'approve', 'U0LATECOMER');
    const refused = await waitForReply(h, submitted, 'no longer pending');

    expect(shown(rejected)).toContain(`<@${TEAMMATE}> rejected the request. Nothing will be installed.`);
    expect(shown(refused)).toContain('<@U0LATECOMER>');
    const update = await waitUntil('the confirmation re-rendered', () => lastUpdate(h, submitted.messageTs));
    expect(update.args.channel).toBe(CHANNEL);
    expect(shown(update)).toContain('*Rejected* by <@U0TEAMMATE>');
    expect(buttonOf(update, 'approve')?.value).toBeUndefined();
    expect(buttonOf(update, 'reject')?.value).toBeUndefined();
    expect(shown(update)).not.toContain(CONFIRM_SENTENCE);
    expect(starts(h)).toEqual(before);
    const stored = storedRequest(h, submitted.requestId);
    expect(stored?.status).toBe('rejected');
    expect(stored?.approvals).toEqual([]);
  });

  it('answers /ecs-ext status with one request and its history, and lists recent ones', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.java,
      instanceIds: [SEED_INSTANCES.linux],
    });
    await click(h, submitted, 'approve', TEAMMATE);
    // The thread hears of the start once the bot has stored and published it.
    await waitForReply(h, submitted, 'Installation started');
    const executionId = storedRequest(h, submitted.requestId)?.execution?.executionId ?? '';
    const from = h.slack.calls.length;

    await h.driver.command(`status ${submitted.requestId}`, { userId: TEAMMATE });
    const one = await callAfter(h, from, (c) => c.method === 'response_url');
    await h.driver.command(`status ${executionId}`, { userId: TEAMMATE });
    const byExecution = await callAfter(
      h,
      h.slack.calls.indexOf(one) + 1,
      (c) => c.method === 'response_url',
    );
    await h.driver.command('status', { userId: REQUESTER });
    const recent = await callAfter(
      h,
      h.slack.calls.indexOf(byExecution) + 1,
      (c) => c.method === 'response_url',
    );

    const detail = shown(one);
    expect(one.args.response_type).toBe('ephemeral');
    expect(detail).toContain(`Install request ${submitted.requestId}`);
    expect(detail).toMatch(/Installing|Installed successfully/);
    expect(detail).toContain(`requested by <@${REQUESTER}>`);
    expect(detail).toContain(`approved by <@${TEAMMATE}>`);
    expect(detail).toContain('starting the installation');
    expect(detail).toContain(`execution started (${executionId})`);
    expect(detail).toContain(`\`version\`: \`17\` _(default)_`);
    expect(shown(byExecution)).toContain(`Install request ${submitted.requestId}`);
    const list = shown(recent);
    expect(list).toContain('Your recent install requests');
    expect(list).toContain(`\`${submitted.requestId}\``);
    expect(list).toContain(`\`${executionId}\``);
    const mine = readStore(h).requests.filter((r) => r.requester === REQUESTER);
    for (const r of mine.slice(-3)) expect(list).toContain(`\`${r.id}\``);
  });

  it('shows a running duplicate on the confirmation and blocks it on approval', async () => {
    h.cloud.script({ neverFinish: true });
    let firstExecution = '';
    try {
      const first = await requestInstall(h, {
        packageName: SEED_PACKAGES.python,
        instanceIds: [SEED_INSTANCES.linux],
      });
      await click(h, first, 'approve', TEAMMATE);
      firstExecution =
        (await waitForRequest(h, first.requestId, (r) => r.execution !== undefined)).execution?.executionId ??
        '';
      h.cloud.script({});

      const second = await requestInstall(h, {
        packageName: SEED_PACKAGES.python,
        instanceIds: [SEED_INSTANCES.linux2, SEED_INSTANCES.linux],
      });
      const before = starts(h);
      await click(h, second, 'approve', TEAMMATE);
      const blocked = await waitForReply(h, second, 'The installation was not started');

      const consoleLink = `https://oos.console.aliyun.com/cn-hangzhou/execution/detail/${firstExecution}`;
      const confirmation = shown(second.confirmation);
      expect(confirmation).toContain('Already running');
      expect(confirmation).toContain(`<${consoleLink}|${firstExecution}>`);
      expect(confirmation).toContain(`\`${SEED_INSTANCES.linux}\``);
      expect(shown(blocked)).toContain(`<${consoleLink}|${firstExecution}>`);
      expect(starts(h)).toEqual(before);
      const stored = storedRequest(h, second.requestId);
      expect(stored?.status).toBe('blocked');
      expect(stored?.execution).toBeUndefined();
    } finally {
      h.cloud.script({});
      if (firstExecution) h.cloud.finishExecution(firstExecution, 'Success');
    }
  });
  it('also treats an execution still Waiting (not yet Running) as a duplicate', async () => {
    h.cloud.script({ waitingForMs: 60_000 });
    let firstExecution = '';
    try {
      const first = await requestInstall(h, {
        packageName: SEED_PACKAGES.golang,
        instanceIds: [SEED_INSTANCES.linux],
      });
      await click(h, first, 'approve', TEAMMATE);
      firstExecution =
        (await waitForRequest(h, first.requestId, (r) => r.execution !== undefined)).execution?.executionId ??
        '';
      h.cloud.script({});

      const second = await requestInstall(h, {
        packageName: SEED_PACKAGES.golang,
        instanceIds: [SEED_INSTANCES.linux],
      });
      const before = starts(h);
      await click(h, second, 'approve', TEAMMATE);
      const blocked = await waitForReply(h, second, 'The installation was not started');

      expect(shown(second.confirmation)).toContain(`|${firstExecution}> (Waiting)`);
      expect(shown(blocked)).toContain(firstExecution);
      expect(starts(h)).toEqual(before);
      expect(storedRequest(h, second.requestId)?.status).toBe('blocked');
    } finally {
      h.cloud.script({});
      if (firstExecution) h.cloud.finishExecution(firstExecution, 'Success');
    }
  });

  it('starts only one of two requests for the same package and instance approved at the same moment', async () => {
    h.cloud.script({ neverFinish: true });
    const executionsBefore = new Set(h.cloud.executionIds());
    try {
      const first = await requestInstall(h, {
        packageName: SEED_PACKAGES.nginx,
        instanceIds: [SEED_INSTANCES.linux2],
      });
      const second = await requestInstall(h, {
        packageName: SEED_PACKAGES.nginx,
        instanceIds: [SEED_INSTANCES.linux2],
      });
      const before = starts(h);
      // StartExecution is held until both approvals are in: an unserialized launch would run its own
      // duplicate check while the first execution does not exist yet, and send a second StartExecution.
      const held = h.cloud.hold('StartExecution');
      let heldAtOnce = 0;

      try {
        await Promise.all([click(h, first, 'approve', TEAMMATE), click(h, second, 'approve', 'U0OTHERMATE')]);
        // Both approvals are told in their threads just before each launch begins.
        await Promise.all([first, second].map((r) => waitForReply(h, r, 'approved (1/1)')));
        await waitUntil('one StartExecution held', () => (held.waiting >= 1 ? true : undefined));
        // One more request through the bot lets work queued before it (a second launch's duplicate
        // check) reach the emulator; then wait until only held calls are in flight.
        const from = h.slack.calls.length;
        await h.driver.command(`status ${second.requestId}`, { userId: REQUESTER });
        await callAfter(h, from, (c) => c.method === 'response_url');
        await waitUntil('nothing but held calls in flight', () =>
          h.cloud.inFlight() === held.waiting ? true : undefined,
        );
        heldAtOnce = held.waiting;
      } finally {
        held.release();
      }
      const outcomes = await Promise.all(
        [first, second].map((r) =>
          waitForRequest(h, r.requestId, (x) => x.status === 'running' || x.status === 'blocked'),
        ),
      );

      expect(heldAtOnce).toBe(1);
      expect(outcomes.map((r) => r.status).sort()).toEqual(['blocked', 'running']);
      expect(starts(h)).toEqual({ calls: before.calls + 1, executions: before.executions + 1 });
    } finally {
      h.cloud.script({});
      for (const id of h.cloud.executionIds())
        if (!executionsBefore.has(id)) h.cloud.finishExecution(id, 'Success');
    }
  });
});

describe('install after a crash between approval and StartExecution', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Stops the bot, marks the request approved by TEAMMATE and `starting` in the file, starts again. */
  async function crashWhileStarting(request: InstallRequest): Promise<void> {
    await h.bot.stop();
    const document = readStore(h);
    const at = new Date().toISOString();
    document.requests = document.requests.map((r) =>
      r.id === request.id
        ? {
            ...r,
            status: 'starting',
            approvals: [{ userId: TEAMMATE, at }],
            history: [...r.history, { at, type: 'approved', actor: TEAMMATE }, { at, type: 'starting' }],
          }
        : r,
    );
    writeFileSync(h.env.ECS_EXT_DB_FILE as string, JSON.stringify(document, null, 2));
    await h.restart();
  }

  it('adopts the execution OOS already has (same ClientToken and tag) instead of starting a second', async () => {
    const submitted: Submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.node,
      instanceIds: [SEED_INSTANCES.linux],
    });
    const request = storedRequest(h, submitted.requestId) as InstallRequest;
    // The StartExecution the bot sent just before it died: OOS ran it, the bot never recorded it.
    const { oos } = createCloudClients({
      oosEndpoint: h.cloud.url,
      ecsEndpoint: h.cloud.url,
      logger: silentLogger,
    });
    const execution = await oos.startExecution({
      regionId: request.regionId,
      templateName: BULK_INSTALL_TEMPLATE,
      mode: 'Automatic',
      clientToken: request.clientToken,
      parameters: buildStartParameters(request),
      tags: { [REQUEST_TAG]: request.id },
    });
    const before = starts(h);

    await crashWhileStarting(request);
    const resumed = await waitForRequest(h, request.id, (r) => r.status !== 'starting');
    await waitForReply(h, submitted, 'Installation started');

    expect(resumed.execution?.executionId).toBe(execution.executionId);
    expect(['running', 'succeeded']).toContain(resumed.status);
    expect(starts(h)).toEqual(before);
    expect(h.cloud.executionIds().filter((id) => id === execution.executionId)).toHaveLength(1);
  });

  it('starts a request left `starting` with no execution exactly once, with its ClientToken', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.git,
      instanceIds: [SEED_INSTANCES.linux2],
    });
    const request = storedRequest(h, submitted.requestId) as InstallRequest;
    const before = starts(h);

    await crashWhileStarting(request);
    const resumed = await waitForRequest(h, request.id, (r) => r.execution !== undefined);
    await waitForReply(h, submitted, 'Installation started');

    expect(starts(h)).toEqual({ calls: before.calls + 1, executions: before.executions + 1 });
    const call = h.cloud.callsTo('StartExecution').at(-1);
    expect(call?.params.ClientToken).toBe(request.clientToken);
    expect(resumed.execution?.executionId).toBe(h.cloud.executionIds().at(-1));
  });

  it('keeps a pending request across a restart: it can still be approved, and starts once', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.java,
      instanceIds: [SEED_INSTANCES.linux],
    });
    const before = starts(h);

    await h.restart();
    await click(h, submitted, 'approve', TEAMMATE);
    await waitForReply(h, submitted, 'Installation started');

    expect(starts(h)).toEqual({ calls: before.calls + 1, executions: before.executions + 1 });
    const stored = await waitForRequest(h, submitted.requestId, (r) => r.execution !== undefined);
    expect(stored.approvals.map((a) => a.userId)).toEqual([TEAMMATE]);
  });
});

describe('install with an approver list (a user and a user group)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ ECS_EXT_APPROVERS: 'U0BOSS0001,S0OPSGROUP' });
    h.slack.setUsergroup('S0OPSGROUP', ['U0GROUPIE1', 'U0GROUPIE2']);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('refuses someone not on the list', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.git,
      instanceIds: [SEED_INSTANCES.linux],
    });
    const before = starts(h);

    await click(h, submitted, 'approve', 'U0OUTSIDER');
    const refused = await waitForReply(h, submitted, 'is not an approver');

    expect(shown(refused)).toContain('<@U0OUTSIDER>');
    expect(shown(refused)).toContain('<@U0BOSS0001>, <!subteam^S0OPSGROUP>');
    expect(starts(h)).toEqual(before);
    expect(storedRequest(h, submitted.requestId)?.approvals).toEqual([]);
  });

  it('refuses a rejection by someone not on the list; the requester may still reject', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.git,
      instanceIds: [SEED_INSTANCES.linux],
    });

    await click(h, submitted, 'reject', 'U0OUTSIDER');
    await waitForReply(h, submitted, '<@U0OUTSIDER> is not an approver');
    const afterOutsider = storedRequest(h, submitted.requestId)?.status;
    await click(h, submitted, 'reject', REQUESTER);
    await waitForReply(h, submitted, `<@${REQUESTER}> rejected the request`);

    expect(afterOutsider).toBe('pending');
    expect((await waitForRequest(h, submitted.requestId, (r) => r.status !== 'pending')).status).toBe(
      'rejected',
    );
  });

  it('accepts a member of a listed user group and starts the install', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.git,
      instanceIds: [SEED_INSTANCES.linux2],
    });
    const before = starts(h);

    await click(h, submitted, 'approve', 'U0GROUPIE2');
    await waitForReply(h, submitted, 'Installation started');

    expect(h.slack.callsTo('usergroups.users.list').map((c) => c.args.usergroup)).toContain('S0OPSGROUP');
    expect(threadReplies(h, submitted).map(shown)[0]).toContain('<@U0GROUPIE2> approved (1/1)');
    expect(starts(h)).toEqual({ calls: before.calls + 1, executions: before.executions + 1 });
    const stored = await waitForRequest(h, submitted.requestId, (r) => r.execution !== undefined);
    expect(stored.approvals.map((a) => a.userId)).toEqual(['U0GROUPIE2']);
  });
});

describe('install with a quorum of two', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ ECS_EXT_REQUIRED_APPROVALS: '2' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('waits after the first approval, counts a person once, and starts on the second approver', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.git,
      instanceIds: [SEED_INSTANCES.linux],
    });
    const before = starts(h);

    await click(h, submitted, 'approve', 'U0FIRST001');
    const first = await waitForReply(h, submitted, 'approved (1/2)');
    await click(h, submitted, 'approve', 'U0FIRST001');
    const again = await waitForReply(h, submitted, 'already approved');
    const afterOne = starts(h);
    const pending = storedRequest(h, submitted.requestId);
    await click(h, submitted, 'approve', 'U0SECOND01');
    await waitForReply(h, submitted, 'approved (2/2)');
    await waitForReply(h, submitted, 'Installation started');

    expect(shown(first)).toContain('1 more needed');
    expect(shown(again)).toContain('<@U0FIRST001> already approved this request (1/2)');
    expect(afterOne).toEqual(before);
    expect(pending?.status).toBe('pending');
    expect(pending?.approvals.map((a) => a.userId)).toEqual(['U0FIRST001']);
    expect(starts(h)).toEqual({ calls: before.calls + 1, executions: before.executions + 1 });
    const stored = await waitForRequest(h, submitted.requestId, (r) => r.execution !== undefined);
    expect(stored.approvals.map((a) => a.userId)).toEqual(['U0FIRST001', 'U0SECOND01']);
  });
});

describe('install with a tiny approval TTL', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ ECS_EXT_APPROVAL_TTL_MINUTES: '0.02' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('expires an unapproved request and refuses a later approval', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.git,
      instanceIds: [SEED_INSTANCES.linux],
    });
    const before = starts(h);

    const expired = await waitForReply(h, submitted, 'Request expired', 10_000);
    await waitForRequest(h, submitted.requestId, (r) => r.status === 'expired');
    await click(h, submitted, 'approve', TEAMMATE);
    await waitForReply(h, submitted, 'no longer pending');

    expect(shown(expired)).toContain('Nothing was installed');
    const update = await waitUntil('the confirmation re-rendered', () => lastUpdate(h, submitted.messageTs));
    expect(shown(update)).toContain('*Expired*');
    expect(buttonOf(update, 'approve')?.value).toBeUndefined();
    expect(starts(h)).toEqual(before);
    const stored = storedRequest(h, submitted.requestId);
    expect(stored?.status).toBe('expired');
    expect(stored?.approvals).toEqual([]);
  });
});
