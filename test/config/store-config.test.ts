import { describe, expect, it } from 'vitest';
import { loadConfig, loadStoreConfig } from '../../src/config/config.js';

const BASE = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'signing-secret-value' };

describe('store configuration', () => {
  it('defaults to the lowdb file and keeping everything', () => {
    const result = loadConfig(BASE);

    expect(result.ok && result.config).toMatchObject({ databaseUrl: undefined, retentionDays: 0 });
  });

  it('reads DATABASE_URL and ECS_EXT_RETENTION_DAYS', () => {
    const result = loadConfig({
      ...BASE,
      DATABASE_URL: 'postgresql://bot:pw@db:5432/ecs_ext',
      ECS_EXT_RETENTION_DAYS: '365',
    });

    expect(result.ok && result.config).toMatchObject({
      databaseUrl: 'postgresql://bot:pw@db:5432/ecs_ext',
      retentionDays: 365,
    });
  });

  it('names each bad store variable with an example and never echoes the URL (it may hold a password)', () => {
    const result = loadConfig({
      ...BASE,
      DATABASE_URL: 'mysql://bot:hunter2@db/ecs',
      ECS_EXT_RETENTION_DAYS: '-1',
    });

    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([
      expect.stringMatching(/^DATABASE_URL must be a postgres:\/\/ URL \(example: DATABASE_URL=postgres:/),
      expect.stringMatching(/^ECS_EXT_RETENTION_DAYS must be 0 \(keep everything\) or more/),
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('loadStoreConfig needs no Slack variable', () => {
    const result = loadStoreConfig({ ECS_EXT_DB_FILE: '/tmp/x.json', ECS_EXT_RETENTION_DAYS: 'soon' });
    const fine = loadStoreConfig({ ECS_EXT_DB_FILE: '/tmp/x.json' });

    expect(result).toEqual({
      ok: false,
      problems: ['ECS_EXT_RETENTION_DAYS must be a number (example: ECS_EXT_RETENTION_DAYS=365)'],
    });
    expect(fine).toEqual({
      ok: true,
      config: { dbFile: '/tmp/x.json', databaseUrl: undefined, retentionDays: 0 },
    });
  });
});
