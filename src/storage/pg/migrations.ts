/**
 * Versioned schema migrations for the PostgreSQL store. Each migration runs once, in order, recorded in
 * `schema_migrations`. `migrate` holds a transaction-level advisory lock for the whole run, so replicas
 * starting together migrate once: the others wait, then find every version applied.
 */
import type { PoolClient } from 'pg';

/** One schema change; `version` only grows, and a released migration is never edited. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Advisory lock key (two int4 halves) that serializes migrations across replicas. */
const MIGRATION_LOCK = [0x65637378, 1] as const; // 'ecsx', 1

/** Every migration of this build, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'requests, leases, outbox, deliveries',
    sql: `
      CREATE TABLE requests (
        id text PRIMARY KEY,
        seq bigserial NOT NULL,
        requester text NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL,
        finished_at timestamptz,
        execution_ids text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL,
        document jsonb NOT NULL
      );
      CREATE INDEX requests_created ON requests (created_at DESC, seq DESC);
      CREATE INDEX requests_requester_created ON requests (requester, created_at DESC, seq DESC);
      CREATE INDEX requests_status_created ON requests (status, created_at DESC, seq DESC);
      CREATE INDEX requests_execution_ids ON requests USING gin (execution_ids);
      CREATE INDEX requests_finished ON requests (finished_at) WHERE finished_at IS NOT NULL;

      CREATE TABLE leases (
        name text PRIMARY KEY,
        owner text NOT NULL,
        leased_until timestamptz NOT NULL
      );

      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        key text NOT NULL UNIQUE,
        request_id text,
        kind text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        claimed_by text,
        claimed_until timestamptz,
        sent_at timestamptz,
        last_error text
      );
      CREATE INDEX outbox_due ON outbox (available_at) WHERE sent_at IS NULL;

      CREATE TABLE deliveries (
        key text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX deliveries_expiry ON deliveries (expires_at);
    `,
  },
  {
    version: 2,
    name: 'outbox keyed by promise, in order per request',
    // Version 1's outbox was never written to: replace it with the shape the OutboxStore port needs.
    sql: `
      DROP TABLE outbox;
      CREATE TABLE outbox (
        key text PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        request_id text,
        kind text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        available_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        claimed_by text,
        claimed_until timestamptz,
        done_at timestamptz,
        last_error text,
        result jsonb
      );
      CREATE INDEX outbox_lanes ON outbox (request_id, seq) WHERE done_at IS NULL;
      CREATE INDEX outbox_due ON outbox (available_at) WHERE done_at IS NULL;
      CREATE INDEX outbox_done ON outbox (done_at) WHERE done_at IS NOT NULL;
    `,
  },
];

/** Applies the migrations `client`'s database lacks; returns the versions it applied. */
export async function migrate(
  client: PoolClient,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known) {
      throw new Error(
        `the database schema is at version ${newest}, newer than this build knows (${known}); run a newer build`,
      );
    }
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
  return applied;
}
