/**
 * The channel policy end to end: the bot started with ECS_EXT_POLICY_FILE answers `/ecs-ext policy`
 * (signed slash commands through Bolt's HTTP receiver) with the rules of the channel asked from, in the
 * asker's language; a bad file stops `src/main.ts` with exit code 1 and one line per problem.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackCall } from '../emulator/fake-slack.js';
import { type Harness, startHarness } from '../support/harness.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

const dir = mkdtempSync(join(tmpdir(), 'ecs-ext-policy-e2e-'));
const HOUR = 3_600_000;
/** A freeze that holds whenever the test runs: from an hour ago to a day from now. */
const freeze = {
  from: new Date(Date.now() - HOUR).toISOString(),
  to: new Date(Date.now() + 24 * HOUR).toISOString(),
  reason: 'database migration',
};

const POLICY = `defaults:
  approvers: [U0123ABCD, S0456EFGH]
  requiredApprovals: 1
channels:
  C0123PROD:
    packages: ["ACS-Extension-node-*", "category:Databases"]
    regions: [cn-hangzhou]
    requiredApprovals: 2
    requireReason: true
    freeze:
      - { from: "${freeze.from}", to: "${freeze.to}", reason: "${freeze.reason}" }
`;

let h: Harness;

beforeAll(async () => {
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, POLICY);
  h = await startHarness({ ECS_EXT_POLICY_FILE: file });
});

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function askPolicy(channelId: string, userId: string): Promise<SlackCall> {
  const from = h.slack.calls.length;
  const response = await h.driver.command('policy', { channelId, userId });
  expect(response.status).toBe(200);
  return h.slack.waitFor((c) => c.method === 'response_url' && h.slack.calls.indexOf(c) >= from);
}

describe('/ecs-ext policy', () => {
  it('shows the rules of the channel it is sent from, privately', async () => {
    const reply = await askPolicy('C0123PROD', 'U0ALICE01');

    const body = JSON.stringify(reply.args.blocks);
    expect(reply.args.response_type).toBe('ephemeral');
    expect(body).toContain('<#C0123PROD>');
    expect(body).toContain('Approvals needed ◆*\\n2');
    expect(body).toContain('`ACS-Extension-node-*`');
    expect(body).toContain('category Databases');
    expect(body).toContain('Reason ◆*\\nrequired');
    expect(body).toContain('In force now');
    expect(body).toContain('database migration');
    expect(body).toMatch(/policy version `file:[0-9a-f]{12}`/);
  });

  it('shows the defaults in a channel the file does not name', async () => {
    const reply = await askPolicy('C0DEV', 'U0ALICE01');

    const body = JSON.stringify(reply.args.blocks);
    expect(body).toContain('<#C0DEV>: the defaults');
    expect(body).toContain('<!subteam^S0456EFGH>');
    expect(body).toContain('Approvals needed*\\n1');
    expect(body).toContain('Packages*\\nany');
    expect(body).not.toContain('database migration');
  });

  it('answers in Chinese for a Chinese-speaking user', async () => {
    h.slack.setUser('U0LI0002', { name: 'li', locale: 'zh-CN' });

    const reply = await askPolicy('C0123PROD', 'U0LI0002');

    expect(String(reply.args.text)).toContain('本频道');
    expect(JSON.stringify(reply.args.blocks)).toContain('正在生效');
  });
});

describe('a bad policy file', () => {
  it('stops the bot at start with exit code 1 and one line per problem', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'defaults:\n  requiredApprovals: 0\nchannels:\n  C0123PROD:\n    regions: Hangzhou\n',
    );

    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', TSX, MAIN], {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? '',
          ...h.env,
          PORT: '0',
          ECS_EXT_DB_FILE: join(dir, 'never-opened.json'),
          ECS_EXT_POLICY_FILE: file,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString('utf8');
      });
      child.on('close', (exitCode) => resolve({ code: exitCode, stderr: err }));
    });

    expect(code).toBe(1);
    expect(stderr).toContain('2 configuration problem(s)');
    expect(stderr).toContain(
      `ECS_EXT_POLICY_FILE ${file}:2: defaults.requiredApprovals: expected a whole number from 1 to 20`,
    );
    expect(stderr).toContain(
      `ECS_EXT_POLICY_FILE ${file}:5: channels.C0123PROD.regions: expected a list of region IDs`,
    );
    expect(stderr).not.toMatch(/\bat .+\.ts:\d+/);
  });
});
