/**
 * LaunchLock on PostgreSQL: a transaction-level advisory lock (`pg_advisory_xact_lock`) held while fn
 * runs, so one replica at a time runs the duplicate check and StartExecution for a key. The server
 * releases it at commit, rollback, or when the connection dies; it works through transaction pooling.
 * @see https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS
 */
import type { Pool, PoolClient, QueryConfig } from 'pg';
import type { LaunchLock } from '../../domain/ports.js';
import { isUnavailable, toStoreError } from './pg-errors.js';

/** Longest wait for another replica's launch to finish before giving up (ms). */
const LOCK_WAIT_MS = 120_000;

/** Advisory launch lock sharing the store's pool; `onHealth` hears whether the database answered. */
export class PgLaunchLock implements LaunchLock {
  readonly #pool: Pool;
  readonly #onHealth: (ok: boolean) => void;

  constructor(pool: Pool, onHealth: (ok: boolean) => void = () => {}) {
    this.#pool = pool;
    this.#onHealth = onHealth;
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let client: PoolClient | undefined;
    try {
      client = await this.#pool.connect();
      await client.query('BEGIN');
      // pg reads a per-query `query_timeout` (client.js) that @types/pg does not declare.
      const wait: QueryConfig & { query_timeout: number } = {
        text: `SELECT pg_advisory_xact_lock(hashtextextended('ecs-ext:launch:' || $1, 0))`,
        values: [key],
        query_timeout: LOCK_WAIT_MS,
      };
      await client.query(wait);
      this.#onHealth(true);
    } catch (err) {
      // A client whose lock query failed or timed out may be mid-transaction: discard it.
      client?.release(true);
      if (isUnavailable(err)) this.#onHealth(false);
      throw toStoreError(err, 'take the launch lock');
    }
    const held = client;
    let outcome: 'COMMIT' | 'ROLLBACK' = 'ROLLBACK';
    try {
      const result = await fn();
      outcome = 'COMMIT';
      return result;
    } finally {
      // Either way the lock goes with the transaction; a broken connection is discarded, not pooled.
      await held.query(outcome).then(
        () => held.release(),
        (err: unknown) => held.release(err instanceof Error ? err : true),
      );
    }
  }
}
