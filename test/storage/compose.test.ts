import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

describe('compose.yaml', () => {
  it('parses, and runs two HTTP-mode bot replicas on one PostgreSQL after it is healthy', async () => {
    const text = await readFile(resolve(import.meta.dirname, '..', '..', 'compose.yaml'), 'utf8');

    const compose = parse(text, { merge: true }) as {
      services: Record<string, Record<string, unknown>>;
    };

    const bots = Object.entries(compose.services).filter(([name]) => name.startsWith('bot-'));
    expect(bots).toHaveLength(2);
    for (const [, bot] of bots) {
      const env = bot.environment as Record<string, string>;
      expect(env.DATABASE_URL).toMatch(
        /^postgres:\/\/ecs_ext:\$\{POSTGRES_PASSWORD:\?[^}]+\}@db:5432\/ecs_ext$/,
      );
      expect(env.SLACK_APP_TOKEN).toBe('');
      expect(bot.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    }
    expect(compose.services.db?.image).toMatch(/^postgres:/);
    expect(compose.services.db?.healthcheck).toBeDefined();
    expect(new Set(bots.map(([, bot]) => String(bot.ports)))).toHaveProperty('size', 2);
  });
});
