/**
 * PostgreSQL for one test: this run's database (see pg-global-setup.ts) and, per test, a fresh schema
 * selected through the connection string, so every store starts empty without creating a database.
 */
import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';
import { inject } from 'vitest';

/** This run's database URL, or undefined when the PostgreSQL suites are skipped. */
export const pgDatabaseUrl: string | undefined = inject('pgDatabaseUrl');

/** Runs `sql` on this run's database as a one-off client. */
export async function adminQuery(sql: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new Client({ connectionString: requireUrl() });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

function requireUrl(): string {
  if (!pgDatabaseUrl) throw new Error('PostgreSQL suites are skipped; no database for this run');
  return pgDatabaseUrl;
}

/** Creates an empty schema and returns a URL whose connections use it (search_path). */
export async function freshSchemaUrl(): Promise<string> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE SCHEMA ${escapeIdentifier(schema)}`);
  const url = new URL(requireUrl());
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
