/**
 * De-duplication of Slack deliveries across replicas: `deliveries (key, expires_at)`. The first replica
 * to insert a key handles the delivery; a retry or a double click that reaches any replica while the
 * key is remembered is a repeat. Judged by the database's clock.
 */
import type { Pool } from 'pg';
import { toStoreError } from './pg-errors.js';

/** Delivery keys remembered in PostgreSQL for a while. */
export class PgDeliveries {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** True the first time `key` is seen within `ttlMs` on any replica; false for a repeat. */
  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    try {
      const { rowCount } = await this.#pool.query(
        `INSERT INTO deliveries (key, expires_at)
         VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
         ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at
           WHERE deliveries.expires_at <= clock_timestamp()
         RETURNING key`,
        [key, Math.max(1, Math.round(ttlMs))],
      );
      return rowCount === 1;
    } catch (err) {
      throw toStoreError(err, 'remember a Slack delivery');
    }
  }

  /** Forgets expired keys; returns how many. */
  async sweep(): Promise<number> {
    const { rowCount } = await this.#pool.query(
      'DELETE FROM deliveries WHERE expires_at <= clock_timestamp()',
    );
    return rowCount ?? 0;
  }
}
