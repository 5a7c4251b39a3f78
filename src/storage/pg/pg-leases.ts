/**
 * Leases on PostgreSQL: a row per name (`leases (name, owner, leased_until)`) says which replica does a
 * job (polling one region) until when. Taking one is a single upsert that succeeds only when the lease
 * is free, expired, or already ours, judged by the database's clock so replicas' clocks may differ.
 */
import type { Pool } from 'pg';
import type { LeaseStore } from '../../domain/ports.js';
import { toStoreError } from './pg-errors.js';

/** Leases shared by every replica on one database. */
export class PgLeases implements LeaseStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** Takes or renews `name` for `owner` until now + ttlMs; true when `owner` holds it afterwards. */
  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const { rows } = await this.#run(
      'take a lease',
      `INSERT INTO leases (name, owner, leased_until)
       VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, leased_until = EXCLUDED.leased_until
         WHERE leases.owner = EXCLUDED.owner OR leases.leased_until <= clock_timestamp()
       RETURNING owner`,
      [name, owner, Math.max(1, Math.round(ttlMs))],
    );
    return rows.length === 1;
  }

  /** Gives `name` up at once when `owner` holds it, so another replica need not wait for expiry. */
  async release(name: string, owner: string): Promise<void> {
    await this.#run('release a lease', 'DELETE FROM leases WHERE name = $1 AND owner = $2', [name, owner]);
  }

  /** Who holds `name` now, if anyone. */
  async holder(name: string): Promise<string | undefined> {
    const { rows } = await this.#run(
      'read a lease',
      'SELECT owner FROM leases WHERE name = $1 AND leased_until > clock_timestamp()',
      [name],
    );
    return (rows[0] as { owner: string } | undefined)?.owner;
  }

  async #run(doing: string, text: string, values: unknown[]) {
    try {
      return await this.#pool.query(text, values);
    } catch (err) {
      throw toStoreError(err, doing);
    }
  }
}
