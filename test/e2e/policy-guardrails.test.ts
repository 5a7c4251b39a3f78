/**
 * The channel policy enforced end to end (issue 11): the install modal offers only what the channel
 * allows, each rule refuses a submission in the modal keyed by its block and naming the rule, a freeze
 * refuses both the submission and the approval (in the thread, with the window's reason and end), the
 * request keeps its reason and the policy version, and nothing reaches OOS. Signed requests through
 * Bolt's HTTP receiver, the Alibaba SDKs to the emulator, the lowdb file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_INSTANCES, SEED_PACKAGES } from '../emulator/catalog.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  APPROVER,
  click,
  expectAccepted,
  openInstallForm,
  requestInstall,
  shown,
  storedRequest,
  submitForm,
  waitForReply,
} from '../support/install-driver.js';

const dir = mkdtempSync(join(tmpdir(), 'ecs-ext-guardrails-'));
const HOUR = 3_600_000;
const FREEZE_END = new Date(Date.now() + 24 * HOUR).toISOString();
const freeze = `[{ from: "${new Date(Date.now() - HOUR).toISOString()}", to: "${FREEZE_END}", reason: "year-end freeze" }]`;

const POLICY = `defaults:
  requiredApprovals: 1
channels:
  C0GUARDPKG: { packages: ["ACS-Extension-mysql-*"] }
  C0GUARDREG: { regions: [cn-shanghai] }
  C0GUARDACT: { actions: [uninstall] }
  C0GUARDMAX: { maxInstancesPerRequest: 1 }
  C0GUARDWHY: { requireReason: true }
  C0GUARDCAN: { canaryAbove: 1 }
  C0GUARDFRZ: { freeze: ${freeze} }
`;
/** The same policy, with the freeze spread to every channel (for approvals inside a freeze). */
const FROZEN = `defaults:
  requiredApprovals: 1
  freeze: ${freeze}
`;

const TWO = [SEED_INSTANCES.linux, SEED_INSTANCES.linux2];
let h: Harness;
let policyFile: string;

beforeAll(async () => {
  policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, POLICY);
  h = await startHarness({ ECS_EXT_POLICY_FILE: policyFile });
});

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the form in `channelId` for node on `ids`, submits it with `overrides`, returns the errors. */
async function refusal(
  channelId: string,
  ids: string[] = [SEED_INSTANCES.linux],
  overrides: Record<string, string> = {},
): Promise<Record<string, string>> {
  const { view } = await openInstallForm(h, `install node ${ids.join(' ')} cn-hangzhou`, { channelId });
  const response = await submitForm(h, view, overrides);
  const body = response.body as { response_action?: string; errors?: Record<string, string> };
  expect(body?.response_action).toBe('errors');
  return body.errors ?? {};
}

describe('the modal offers only what the channel allows', () => {
  it('lists only the allowed regions', async () => {
    const { view } = await openInstallForm(h, 'install node', { channelId: 'C0GUARDREG' });

    const region = view.blocks.find((b) => b.block_id === 'region') as unknown as {
      element: { options: Array<{ value: string }> };
    };
    expect(region.element.options.map((o) => o.value)).toEqual(['cn-shanghai']);
  });

  it('suggests only the allowed packages and does not preselect a refused one', async () => {
    const { view } = await openInstallForm(h, 'install node i-bp1emu0linux00000001', {
      channelId: 'C0GUARDPKG',
    });
    const res = await h.driver.blockSuggestion({
      actionId: 'package_select',
      blockId: 'package',
      value: '',
      view: { private_metadata: view.private_metadata },
    });

    const values = (res.body as { options: Array<{ value: string }> }).options.map((o) => o.value);
    expect(values).toEqual([SEED_PACKAGES.mysql]);
    expect(JSON.stringify(view)).toContain('not allowed in this channel');
    expect(view.blocks.some((b) => b.block_id?.startsWith('param:'))).toBe(false);
  });

  it('marks the reason as required where the policy says so', async () => {
    const { view } = await openInstallForm(h, 'install node', { channelId: 'C0GUARDWHY' });

    const reason = view.blocks.find((b) => b.block_id === 'reason') as unknown as { optional: boolean };
    expect(reason.optional).toBe(false);
  });
});

describe('each rule refuses a submission, keyed by its block, and nothing reaches OOS', () => {
  it('packages (sent by a form opened before the policy changed)', async () => {
    const errors = await refusal('C0GUARDPKG', [SEED_INSTANCES.linux], { package: SEED_PACKAGES.node });

    expect(errors.package).toContain('rule packages: ACS-Extension-mysql-*');
    expect(errors.package).toContain(SEED_PACKAGES.node);
  });

  it('regions', async () => {
    const errors = await refusal('C0GUARDREG', [SEED_INSTANCES.linux], { region: 'cn-hangzhou' });

    expect(errors.region).toContain(
      'Region cn-hangzhou is not allowed in this channel (rule regions: cn-shanghai)',
    );
  });

  it('actions (the form has no action choice yet: the refusal shows on the package)', async () => {
    const errors = await refusal('C0GUARDACT');

    expect(Object.values(errors).join(' ')).toContain('does not allow install (rule actions: uninstall)');
  });

  it('maxInstancesPerRequest', async () => {
    const errors = await refusal('C0GUARDMAX', TWO);

    expect(errors.instances).toContain('(rule maxInstancesPerRequest: 1). Split it');
  });

  it('requireReason', async () => {
    const errors = await refusal('C0GUARDWHY');

    expect(errors.reason).toContain('needs a reason for every request (rule requireReason)');
  });

  it('canaryAbove, and the same request as a canary goes through', async () => {
    const errors = await refusal('C0GUARDCAN', TWO);
    const { view } = await openInstallForm(h, `install node ${TWO.join(' ')} cn-hangzhou`, {
      channelId: 'C0GUARDCAN',
    });
    const accepted = await submitForm(h, view, { rollout: 'canary' });

    expect(errors.rollout).toContain(
      'must roll out as a canary or in waves here (rule canaryAbove; this one has 2)',
    );
    expectAccepted(accepted);
  });

  it('a freeze window, with its reason and end', async () => {
    const errors = await refusal('C0GUARDFRZ');

    const text = Object.values(errors).join(' ');
    expect(text).toContain('rule freeze: year-end freeze');
    expect(text).toContain(FREEZE_END);
  });

  it('started nothing', () => {
    expect(h.cloud.callsTo('StartExecution')).toHaveLength(0);
  });
});

describe('a request the policy lets through', () => {
  it('keeps its reason and the policy version and shows both on the confirmation', async () => {
    const submitted = await requestInstall(h, {
      instanceIds: [SEED_INSTANCES.linux],
      channelId: 'C0GUARDWHY',
      overrides: { reason: 'ticket OPS-42' },
    });

    const stored = storedRequest(h, submitted.requestId);
    expect(stored?.reason).toBe('ticket OPS-42');
    expect(stored?.policyVersion).toMatch(/^file:[0-9a-f]{12}$/);
    expect(shown(submitted.confirmation)).toContain('*Reason:* ticket OPS-42');
    expect(shown(submitted.confirmation)).toContain(`Policy version \`${stored?.policyVersion}\``);
  });

  it('is not approved inside a freeze: the thread says why and until when, and nothing starts', async () => {
    const submitted = await requestInstall(h, {
      instanceIds: [SEED_INSTANCES.linux2],
      channelId: 'C0GUARDOPEN',
    });
    writeFileSync(policyFile, FROZEN);
    await h.restart();

    await click(h, submitted, 'approve', APPROVER);
    const reply = await waitForReply(h, submitted, 'approvals are refused during the freeze');

    expect(shown(reply)).toContain('year-end freeze');
    expect(shown(reply)).toContain(`<!date^${Math.floor(Date.parse(FREEZE_END) / 1000)}^`);
    expect(storedRequest(h, submitted.requestId)?.status).toBe('pending');
    expect(storedRequest(h, submitted.requestId)?.approvals).toEqual([]);
    expect(h.cloud.callsTo('StartExecution')).toHaveLength(0);
  });
});
