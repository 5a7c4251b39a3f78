/**
 * OutboxStore on PostgreSQL: promised Slack posts as rows, shared by every replica. A due item is
 * leased with `FOR UPDATE SKIP LOCKED`, so two replicas claiming at once never get the same item, and a
 * request's items go out in order, one at a time (only the oldest unfinished item of a request is due).
 * Only the lease holder may finish or reschedule an item. Times come from the caller's clock.
 */
import type { Pool } from 'pg';
import type { NewOutboxItem, OutboxItem, OutboxStore } from '../../domain/ports.js';
import { toStoreError } from './pg-errors.js';

/** The migration that created this outbox: its time is when the outbox began keeping promises. */
export const OUTBOX_MIGRATION = 2;

interface OutboxRow {
  key: string;
  seq: string;
  request_id: string | null;
  kind: string;
  payload: Record<string, unknown>;
  created_at: Date;
  available_at: Date;
  attempts: number;
  claimed_by: string | null;
  claimed_until: Date | null;
  done_at: Date | null;
  last_error: string | null;
  result: Record<string, unknown> | null;
}

/** The item as callers see it; a lease shows only on an unfinished item. */
function toItem(row: OutboxRow): OutboxItem {
  const item: OutboxItem = {
    key: row.key,
    seq: Number(row.seq),
    kind: row.kind,
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
    availableAt: row.available_at.toISOString(),
    attempts: row.attempts,
  };
  if (row.request_id !== null) item.requestId = row.request_id;
  if (row.done_at === null && row.claimed_by !== null && row.claimed_until !== null) {
    item.claimedBy = row.claimed_by;
    item.claimedUntil = row.claimed_until.toISOString();
  }
  if (row.done_at !== null) item.doneAt = row.done_at.toISOString();
  if (row.last_error !== null) item.lastError = row.last_error;
  if (row.result !== null) item.result = row.result;
  return item;
}

/** The outbox table of the store's database. */
export class PgOutbox implements OutboxStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async enqueue(item: NewOutboxItem, now: Date): Promise<OutboxItem> {
    // Insert, or read the existing row in the same statement, so a repeated key returns the first item.
    const { rows } = await this.#run<OutboxRow>(
      'queue a Slack post',
      `WITH added AS (
         INSERT INTO outbox (key, request_id, kind, payload, created_at, available_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $5)
         ON CONFLICT (key) DO NOTHING
         RETURNING *
       )
       SELECT * FROM added UNION ALL SELECT * FROM outbox WHERE key = $1 AND NOT EXISTS (SELECT 1 FROM added)`,
      [item.key, item.requestId ?? null, item.kind, JSON.stringify(item.payload), now],
    );
    return toItem(rows[0] as OutboxRow);
  }

  async claim(owner: string, now: Date, leaseMs: number, limit: number): Promise<OutboxItem[]> {
    const { rows } = await this.#run<OutboxRow>(
      'claim Slack posts',
      `WITH heads AS (
         SELECT DISTINCT ON (request_id) key FROM outbox
          WHERE done_at IS NULL AND request_id IS NOT NULL
          ORDER BY request_id, seq
       ), due AS (
         SELECT key FROM outbox
          WHERE done_at IS NULL AND available_at <= $1
            AND (claimed_until IS NULL OR claimed_until <= $1)
            AND (request_id IS NULL OR key IN (SELECT key FROM heads))
          ORDER BY seq
          LIMIT $4
          FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox o SET claimed_by = $2, claimed_until = $1::timestamptz + $3 * interval '1 millisecond'
         FROM due WHERE o.key = due.key
       RETURNING o.*`,
      [now, owner, Math.max(1, Math.round(leaseMs)), Math.max(0, limit)],
    );
    return rows.map(toItem).sort((a, b) => a.seq - b.seq);
  }

  async complete(
    key: string,
    owner: string,
    now: Date,
    outcome: { result?: Record<string, unknown>; error?: string },
  ): Promise<boolean> {
    // A finished item keeps no payload: it only de-duplicates late repeats of its key.
    const { rowCount } = await this.#run(
      'finish a Slack post',
      `UPDATE outbox SET done_at = $3, payload = '{}'::jsonb, last_error = $4, result = $5::jsonb,
              claimed_by = NULL, claimed_until = NULL
        WHERE key = $1 AND claimed_by = $2 AND claimed_until > $3 AND done_at IS NULL`,
      [
        key,
        owner,
        now,
        outcome.error ?? null,
        outcome.result === undefined ? null : JSON.stringify(outcome.result),
      ],
    );
    return rowCount === 1;
  }

  async retryAt(key: string, owner: string, now: Date, availableAt: Date, error: string): Promise<boolean> {
    const { rowCount } = await this.#run(
      'reschedule a Slack post',
      `UPDATE outbox SET attempts = attempts + 1, available_at = $4, last_error = $5,
              claimed_by = NULL, claimed_until = NULL
        WHERE key = $1 AND claimed_by = $2 AND claimed_until > $3 AND done_at IS NULL`,
      [key, owner, now, availableAt, error],
    );
    return rowCount === 1;
  }

  async get(key: string): Promise<OutboxItem | undefined> {
    const { rows } = await this.#run<OutboxRow>('read a Slack post', 'SELECT * FROM outbox WHERE key = $1', [
      key,
    ]);
    return rows[0] && toItem(rows[0]);
  }

  async pending(now: Date): Promise<{ count: number; nextDueAt?: string }> {
    const { rows } = await this.#run<{ count: string; next: Date | null }>(
      'count Slack posts',
      `SELECT count(*) AS count,
              min(GREATEST(available_at, CASE WHEN claimed_until > $1 THEN claimed_until ELSE available_at END))
                AS next
         FROM outbox WHERE done_at IS NULL`,
      [now],
    );
    const row = rows[0] as { count: string; next: Date | null };
    return row.next === null
      ? { count: Number(row.count) }
      : { count: Number(row.count), nextDueAt: row.next.toISOString() };
  }

  async since(): Promise<Date> {
    const { rows } = await this.#run<{ applied_at: Date }>(
      'read when the outbox began',
      'SELECT applied_at FROM schema_migrations WHERE version = $1',
      [OUTBOX_MIGRATION],
    );
    return (rows[0] as { applied_at: Date }).applied_at;
  }

  /** Forgets finished items older than `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    const { rowCount } = await this.#run(
      'prune finished Slack posts',
      'DELETE FROM outbox WHERE done_at < $1',
      [before],
    );
    return rowCount ?? 0;
  }

  /** The pool belongs to the request store, which closes it. */
  async close(): Promise<void> {}

  async #run<R extends object>(doing: string, text: string, values: unknown[]) {
    try {
      return await this.#pool.query<R>(text, values);
    } catch (err) {
      throw toStoreError(err, doing);
    }
  }
}
