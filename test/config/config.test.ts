import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

const minimal = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shh' };

function problems(env: Record<string, string | undefined>): string[] {
  const result = loadConfig(env);
  return result.ok ? [] : result.problems;
}

describe('loadConfig', () => {
  it('applies every default of the contract', () => {
    const result = loadConfig(minimal);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      slack: { apiUrl: 'https://slack.com/api/', mode: 'http' },
      port: 3000,
      cloud: { catalogRegion: 'cn-hangzhou', oosEndpoint: undefined, ecsEndpoint: undefined },
      dbFile: './data/ecs-ext.json',
      pollIntervalMs: 20_000,
      pollTimeoutMs: 20 * 60_000,
      catalogTtlMs: 10 * 60_000,
      approval: { approvers: [], requiredApprovals: 1, allowSelfApproval: false, ttlMinutes: 1440 },
      logLevel: 'info',
    });
  });

  it('lists every problem at once, one readable line each with an example', () => {
    const found = problems({ SLACK_BOT_TOKEN: 'abc', PORT: 'x', ECS_EXT_REQUIRED_APPROVALS: '0' });

    expect(found).toHaveLength(4);
    expect(found[0]).toMatch(
      /^SLACK_BOT_TOKEN must be a bot token starting with xoxb- \(example: SLACK_BOT_TOKEN=xoxb-/,
    );
    expect(found.some((p) => p.startsWith('PORT must be a port number'))).toBe(true);
    expect(found.some((p) => p.startsWith('ECS_EXT_REQUIRED_APPROVALS must be at least 1'))).toBe(true);
    expect(found.some((p) => p.startsWith('SLACK_SIGNING_SECRET is required in HTTP mode'))).toBe(true);
  });

  it('reports missing required variables as required', () => {
    expect(problems({})).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is required/),
      expect.stringMatching(/^SLACK_SIGNING_SECRET is required in HTTP mode/),
    ]);
  });

  it('never echoes a value back (it may be a secret)', () => {
    const found = problems({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret', SLACK_SIGNING_SECRET: 's' });

    expect(found.join('\n')).not.toContain('xoxp-user-token-secret');
  });

  it('switches to Socket Mode with an app token, where no signing secret is needed', () => {
    const result = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A-1-x' });

    expect(result.ok && result.config.slack.mode).toBe('socket');
  });

  it('takes decimals for poll interval and timeout, and empty strings as unset', () => {
    const result = loadConfig({
      ...minimal,
      ECS_EXT_POLL_INTERVAL_SECONDS: '0.5',
      ECS_EXT_POLL_TIMEOUT_MINUTES: '1.5',
      PORT: '',
    });

    expect(
      result.ok && [result.config.pollIntervalMs, result.config.pollTimeoutMs, result.config.port],
    ).toEqual([500, 90_000, 3000]);
  });

  it('parses approvers and names the bad entry', () => {
    const ok = loadConfig({ ...minimal, ECS_EXT_APPROVERS: 'U01ABCDEF, S02GHIJKL W03XYZ' });
    const bad = problems({ ...minimal, ECS_EXT_APPROVERS: 'U01ABCDEF,alice' });

    expect(ok.ok && ok.config.approval.approvers).toEqual(['U01ABCDEF', 'S02GHIJKL', 'W03XYZ']);
    expect(bad).toEqual([expect.stringMatching(/^ECS_EXT_APPROVERS entry 2 is not a Slack user/)]);
  });

  it('accepts endpoint overrides as URLs or hosts and rejects other schemes', () => {
    const ok = loadConfig({
      ...minimal,
      ECS_EXT_OOS_ENDPOINT: 'http://127.0.0.1:9000',
      ECS_EXT_ECS_ENDPOINT: 'ecs.{region}.aliyuncs.com',
    });
    const bad = problems({ ...minimal, ECS_EXT_OOS_ENDPOINT: 'ftp://example.com' });

    expect(ok.ok).toBe(true);
    expect(bad).toEqual([expect.stringMatching(/^ECS_EXT_OOS_ENDPOINT must use http:\/\/ or https:\/\//)]);
  });

  it('reads booleans in the usual spellings', () => {
    const yes = loadConfig({ ...minimal, ECS_EXT_ALLOW_SELF_APPROVAL: 'TRUE' });
    const bad = problems({ ...minimal, ECS_EXT_ALLOW_SELF_APPROVAL: 'maybe' });

    expect(yes.ok && yes.config.approval.allowSelfApproval).toBe(true);
    expect(bad).toEqual([expect.stringMatching(/^ECS_EXT_ALLOW_SELF_APPROVAL must be true or false/)]);
  });
});
