import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { buildPolicySet, parsePolicyFile } from '../../src/config/policy-file.js';

const dir = mkdtempSync(join(tmpdir(), 'ecs-ext-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const minimal = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shh' };

/** The example of CONTRACT.md "Policy file". */
const CONTRACT_EXAMPLE = `defaults:
  approvers: [U0123ABCD, S0456EFGH]   # users and user groups; empty: anyone but the requester
  requiredApprovals: 1
  allowSelfApproval: false
  approvalTtlMinutes: 1440
  actions: [install, update, uninstall]
  packages: ["*"]                     # TemplateName globs, or "category:<category>"
  regions: ["*"]
  maxInstancesPerRequest: 50
  requireReason: false
  canaryAbove: 0                      # more instances than this must use canary or waves; 0: never required
  freeze:                             # nothing starts inside these windows
    - { from: "2026-12-24T00:00:00+08:00", to: "2026-12-27T00:00:00+08:00", reason: "year-end freeze" }
channels:
  C0123PROD:
    packages: ["ACS-Extension-node-*", "category:Databases"]
    regions: [cn-hangzhou]
    requiredApprovals: 2
`;

let files = 0;
function writePolicy(text: string): string {
  const path = join(dir, `policy-${++files}.yaml`);
  writeFileSync(path, text);
  return path;
}

function problemsOf(text: string): string[] {
  const result = parsePolicyFile(text, 'policy.yaml');
  return result.ok ? [] : result.problems;
}

describe('loadConfig without a policy file', () => {
  it('makes the approval variables the one policy, allowing everything else', () => {
    const result = loadConfig({
      ...minimal,
      ECS_EXT_APPROVERS: 'U01ABCDEF',
      ECS_EXT_REQUIRED_APPROVALS: '2',
      ECS_EXT_APPROVAL_TTL_MINUTES: '60',
    });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.policy).toMatchObject({
      source: 'env',
      version: expect.stringMatching(/^env:[0-9a-f]{12}$/),
      channels: {},
      defaults: {
        approvers: ['U01ABCDEF'],
        requiredApprovals: 2,
        allowSelfApproval: false,
        approvalTtlMinutes: 60,
        remindApprovers: true,
        actions: ['install', 'update', 'uninstall'],
        packages: ['*'],
        regions: ['*'],
        maxInstancesPerRequest: 50,
        requireReason: false,
        canaryAbove: 0,
        freeze: [],
      },
    });
    expect(result.config.approval).toEqual({
      approvers: ['U01ABCDEF'],
      requiredApprovals: 2,
      allowSelfApproval: false,
      ttlMinutes: 60,
    });
  });

  it('takes an empty ECS_EXT_POLICY_FILE as unset', () => {
    const result = loadConfig({ ...minimal, ECS_EXT_POLICY_FILE: '  ' });

    expect(result.ok && result.config.policy.source).toBe('env');
  });
});

describe('loadConfig with a policy file', () => {
  it('reads the contract’s example: file defaults over the variables, channel overrides kept apart', () => {
    const result = loadConfig({
      ...minimal,
      ECS_EXT_REQUIRED_APPROVALS: '3',
      ECS_EXT_POLICY_FILE: writePolicy(CONTRACT_EXAMPLE),
    });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.policy).toMatchObject({
      source: 'file',
      version: expect.stringMatching(/^file:[0-9a-f]{12}$/),
      defaults: {
        approvers: ['U0123ABCD', 'S0456EFGH'],
        requiredApprovals: 1,
        freeze: [
          { from: '2026-12-24T00:00:00+08:00', to: '2026-12-27T00:00:00+08:00', reason: 'year-end freeze' },
        ],
      },
      channels: {
        C0123PROD: {
          packages: ['ACS-Extension-node-*', 'category:Databases'],
          regions: ['cn-hangzhou'],
          requiredApprovals: 2,
        },
      },
    });
  });

  it('keeps the variables for every field the file leaves out', () => {
    const result = loadConfig({
      ...minimal,
      ECS_EXT_APPROVERS: 'S02GHIJKL',
      ECS_EXT_ALLOW_SELF_APPROVAL: 'true',
      ECS_EXT_POLICY_FILE: writePolicy('defaults:\n  requireReason: true\n'),
    });

    expect(result.ok && result.config.policy.defaults).toMatchObject({
      approvers: ['S02GHIJKL'],
      allowSelfApproval: true,
      requireReason: true,
      regions: ['*'],
    });
  });

  it('gives a version that follows the content, not its comments or layout', () => {
    const version = (text: string) => {
      const result = loadConfig({ ...minimal, ECS_EXT_POLICY_FILE: writePolicy(text) });
      return result.ok ? result.config.policy.version : `failed: ${result.problems.join()}`;
    };

    const base = version('channels:\n  C0A1: { requiredApprovals: 2, regions: [cn-hangzhou] }\n');
    const reworded = version(
      '# production\nchannels:\n  C0A1:\n    regions: [cn-hangzhou]  # one region\n    requiredApprovals: 2\n',
    );
    const changed = version('channels:\n  C0A1: { requiredApprovals: 3, regions: [cn-hangzhou] }\n');

    expect(base).toMatch(/^file:/);
    expect(reworded).toBe(base);
    expect(changed).not.toBe(base);
  });

  it('names a file it cannot read', () => {
    const result = loadConfig({ ...minimal, ECS_EXT_POLICY_FILE: join(dir, 'missing.yaml') });

    expect(result.ok ? [] : result.problems).toEqual([
      `ECS_EXT_POLICY_FILE cannot read ${join(dir, 'missing.yaml')} (no such file); set it to a readable YAML file`,
    ]);
  });

  it('lists problems of the file together with those of the variables', () => {
    const result = loadConfig({
      ...minimal,
      PORT: 'x',
      ECS_EXT_POLICY_FILE: writePolicy('defaults:\n  requiredApprovals: 0\n'),
    });

    expect(result.ok ? [] : result.problems).toEqual([
      expect.stringMatching(/^PORT must be a port number/),
      expect.stringMatching(/:2: defaults\.requiredApprovals: expected a whole number from 1 to 20$/),
    ]);
  });
});

describe('parsePolicyFile: one line per problem, naming the line and the field', () => {
  it.each([
    {
      case: 'a number out of range in a channel',
      text: 'channels:\n  C0123PROD:\n    requiredApprovals: 0\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:3: channels.C0123PROD.requiredApprovals: expected a whole number from 1 to 20',
      ],
    },
    {
      case: 'a quoted number',
      text: 'defaults:\n  maxInstancesPerRequest: "10"\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:2: defaults.maxInstancesPerRequest: expected a whole number from 1 to 50',
      ],
    },
    {
      case: 'more instances than a request may ever hold',
      text: 'defaults:\n  maxInstancesPerRequest: 51\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:2: defaults.maxInstancesPerRequest: expected a whole number from 1 to 50',
      ],
    },
    {
      case: 'a fractional canaryAbove',
      text: 'defaults:\n  canaryAbove: 2.5\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:2: defaults.canaryAbove: expected a whole number from 0 to 50 (0: never required)',
      ],
    },
    {
      case: 'a bad approver, by position',
      text: 'defaults:\n  approvers:\n    - U0123ABCD\n    - alice\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:4: defaults.approvers[1]: "alice" is not a Slack user (U…/W…) or user-group (S…) ID',
      ],
    },
    {
      case: 'a single value where a list belongs',
      text: 'defaults:\n  regions: cn-hangzhou\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:2: defaults.regions: expected a list of region IDs or globs, e.g. [cn-hangzhou, "cn-*"]',
      ],
    },
    {
      case: 'an unknown action',
      text: 'defaults:\n  actions: [install, remove]\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:2: defaults.actions[1]: "remove" is not an action; use install, update, uninstall',
      ],
    },
    {
      case: 'a package that is neither a glob nor a category',
      text: 'defaults:\n  packages: ["node js", "category:"]\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:2: defaults.packages[0]: "node js" is neither a TemplateName glob (e.g. ACS-Extension-node-*) nor category:<category>',
        'ECS_EXT_POLICY_FILE policy.yaml:2: defaults.packages[1]: "category:" is neither a TemplateName glob (e.g. ACS-Extension-node-*) nor category:<category>',
      ],
    },
    {
      case: 'a region in capitals',
      text: 'defaults:\n  regions: [Hangzhou]\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:2: defaults.regions[0]: "Hangzhou" is not a region ID or glob (e.g. cn-hangzhou, cn-*)',
      ],
    },
    {
      case: 'yes/no instead of true/false',
      text: 'defaults:\n  requireReason: yes\n',
      expected: ['ECS_EXT_POLICY_FILE policy.yaml:2: defaults.requireReason: expected true or false'],
    },
    {
      case: 'a freeze window without an offset, and ending before it starts',
      text:
        'defaults:\n  freeze:\n    - from: 2026-12-24T00:00:00\n      to: "2026-12-27T00:00:00+08:00"\n      reason: x\n' +
        '    - { from: "2026-12-27T00:00:00Z", to: "2026-12-24T00:00:00Z", reason: "x" }\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:3: defaults.freeze[0].from: "2026-12-24T00:00:00" is not a date and time with an offset (e.g. 2026-12-24T00:00:00+08:00)',
        'ECS_EXT_POLICY_FILE policy.yaml:6: defaults.freeze[1].to: must be later than from',
      ],
    },
    {
      case: 'a freeze window without an end or a reason',
      text: 'defaults:\n  freeze:\n    - { from: "2026-12-24T00:00:00Z" }\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:3: defaults.freeze[0].to: is required',
        'ECS_EXT_POLICY_FILE policy.yaml:3: defaults.freeze[0].reason: is required',
      ],
    },
    {
      case: 'a misspelt field',
      text: 'defaults:\n  requiredApproval: 2\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:2: defaults.requiredApproval: unknown field; the fields are approvers, requiredApprovals, allowSelfApproval, approvalTtlMinutes, remindApprovers, actions, packages, regions, maxInstancesPerRequest, requireReason, canaryAbove, freeze',
      ],
    },
    {
      case: 'an unknown top-level key',
      text: 'default:\n  requiredApprovals: 2\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:1: default: unknown field; the file has defaults: and channels:',
      ],
    },
    {
      case: 'a channel name instead of its ID',
      text: 'channels:\n  "#prod":\n    requiredApprovals: 2\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:2: channels.#prod: "#prod" is not a Slack channel ID (e.g. C0123ABCD)',
      ],
    },
    {
      case: 'a list where the mapping belongs',
      text: '- requiredApprovals: 2\n',
      expected: [
        'ECS_EXT_POLICY_FILE policy.yaml:1: (file): expected a mapping with defaults: and channels:',
      ],
    },
    {
      case: 'an empty file',
      text: '# nothing yet\n',
      expected: ['ECS_EXT_POLICY_FILE policy.yaml: the file is empty; give defaults: and/or channels:'],
    },
  ])('$case', ({ text, expected }) => {
    expect(problemsOf(text)).toEqual(expected);
  });

  it('reports YAML syntax errors with their line', () => {
    const found = problemsOf('defaults:\n  requiredApprovals: 2\n  requiredApprovals: 3\nchannels: [\n');

    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(/^ECS_EXT_POLICY_FILE policy\.yaml:3: not valid YAML: .*unique/i);
    expect(found.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('lists every problem of a file at once', () => {
    const found = problemsOf(
      'defaults:\n  requiredApprovals: 0\n  regions: [X]\nchannels:\n  C0A1: { canaryAbove: -1 }\n',
    );

    expect(found).toHaveLength(3);
  });
});

describe('quorums no one can reach', () => {
  it.each([
    {
      case: 'defaults needing more approvals than listed users',
      env: {},
      file: 'defaults:\n  approvers: [U0A1, U0A2]\n  requiredApprovals: 3\n',
      expected: [
        'ECS_EXT_POLICY_FILE: defaults.requiredApprovals: 3 approvals are needed but approvers lists only 2 user(s); list more approvers or a user group (S…), or lower requiredApprovals',
      ],
    },
    {
      case: 'a channel raising the count over the variables’ approvers',
      env: { ECS_EXT_APPROVERS: 'U0A1' },
      file: 'channels:\n  C0PROD:\n    requiredApprovals: 2\n',
      expected: [
        expect.stringMatching(/^ECS_EXT_POLICY_FILE: channels\.C0PROD\.requiredApprovals: 2 approvals/),
      ],
    },
    {
      case: 'a user group, which may hold anyone',
      env: {},
      file: 'defaults:\n  approvers: [U0A1, S0OPS]\n  requiredApprovals: 3\n',
      expected: [],
    },
    { case: 'an empty list (anyone)', env: {}, file: 'defaults:\n  requiredApprovals: 3\n', expected: [] },
    {
      case: 'a channel that sets neither field is not blamed for the defaults',
      env: {},
      file: 'defaults:\n  approvers: [U0A1]\n  requiredApprovals: 2\nchannels:\n  C0DEV: { regions: [cn-hangzhou] }\n',
      expected: [expect.stringMatching(/^ECS_EXT_POLICY_FILE: defaults\./)],
    },
  ])('$case', ({ env, file, expected }) => {
    const result = loadConfig({ ...minimal, ...env, ECS_EXT_POLICY_FILE: writePolicy(file) });

    expect(result.ok ? [] : result.problems).toEqual(expected);
  });

  it('leaves the variables alone without a file, as before', () => {
    const result = loadConfig({ ...minimal, ECS_EXT_APPROVERS: 'U0A1', ECS_EXT_REQUIRED_APPROVALS: '2' });

    expect(result.ok).toBe(true);
  });
});

describe('buildPolicySet', () => {
  it('versions the variables’ policy too, so a change of them shows', () => {
    const one = buildPolicySet({
      approvers: [],
      requiredApprovals: 1,
      allowSelfApproval: false,
      ttlMinutes: 1440,
    });
    const two = buildPolicySet({
      approvers: [],
      requiredApprovals: 2,
      allowSelfApproval: false,
      ttlMinutes: 1440,
    });

    expect(one.version).toMatch(/^env:[0-9a-f]{12}$/);
    expect(two.version).not.toBe(one.version);
  });
});
