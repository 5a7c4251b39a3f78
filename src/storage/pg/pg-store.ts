/**
 * RequestStore on PostgreSQL, for several replicas sharing one database. Each request is a row: the
 * columns that list and find filter on, a JSONB document with the rest, and a `version` that every
 * write compares and bumps (`UPDATE … WHERE id = $1 AND version = $2`), so no update is lost.
 * @see https://node-postgres.com/apis/pool
 */
import { Pool, type PoolConfig } from 'pg';
import { StoreError } from '../../domain/errors.js';
import { maskRequestSecrets } from '../../domain/install/secrets.js';
import type { InstallRequest } from '../../domain/model.js';
import type { LaunchLock, Logger, RequestFilter, RequestStore } from '../../domain/ports.js';
import { updateWithRetry } from '../cas-update.js';
import { DAY_MS, executionIdsOf, isFinished } from '../request-facts.js';
import { migrate } from './migrations.js';
import { PgDeliveries } from './pg-deliveries.js';
import { isUnavailable, toStoreError } from './pg-errors.js';
import { PgLeases } from './pg-leases.js';
import { PgLaunchLock } from './pg-lock.js';
import { PgOutbox } from './pg-outbox.js';

/** How to reach the database and how long to keep finished requests. */
export interface PgStoreOptions {
  url: string;
  logger: Logger;
  /** Finished requests last changed more than this many days ago are deleted; 0 keeps them all. */
  retentionDays?: number;
  /** How often to check that the database answers, for `healthy()` (ms). */
  probeIntervalMs?: number;
  /** Connections per replica. */
  maxConnections?: number;
  now?: () => Date;
}

/** The PostgreSQL store, with the launch lock that shares its pool and a health flag for /healthz. */
export interface PgRequestStore extends RequestStore {
  readonly lock: LaunchLock;
  /** Leases on jobs (polling a region) shared by the replicas. */
  readonly leases: PgLeases;
  /** Slack delivery keys shared by the replicas, for de-duplication. */
  readonly deliveries: PgDeliveries;
  /** Promised Slack posts, claimed by one replica each. */
  readonly outbox: PgOutbox;
  /** False while the database does not answer (the last query or probe failed). */
  healthy(): boolean;
  /** Deletes finished requests past the retention window; returns how many. */
  prune(): Promise<number>;
  /** The pool, for the other tables (leases, outbox, deliveries) and for tools. */
  readonly pool: Pool;
}

interface Row {
  version: number;
  document: Omit<InstallRequest, 'version'>;
}

/** Pool settings: fail fast when the server is away instead of queueing clicks for minutes. */
function poolConfig(url: string, max: number): PoolConfig {
  return {
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    query_timeout: 15_000,
    idleTimeoutMillis: 30_000,
    application_name: 'ecs-ext',
  };
}

/** Opens a pool on `url`, applies pending migrations (once across replicas) and returns the store. */
export async function openPgStore(options: PgStoreOptions): Promise<PgRequestStore> {
  const log = options.logger.child({ component: 'store', kind: 'postgres' });
  const pool = new Pool(poolConfig(options.url, options.maxConnections ?? 10));
  // An idle client losing its connection emits on the pool; without a listener that would end the process.
  pool.on('error', (err) => log.warn({ err }, 'an idle PostgreSQL connection failed'));
  try {
    const client = await pool.connect();
    try {
      const applied = await migrate(client);
      if (applied.length > 0) log.info({ applied }, 'database schema migrated');
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  const store = new PostgresStore(pool, log, options);
  await store.prune();
  log.info({}, 'request store opened');
  return store;
}

const COLUMNS = 'version, document';

/** Serializes a document for a jsonb parameter; jsonb cannot hold U+0000, so it becomes U+FFFD. */
function toJsonb(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.includes('\u0000') ? v.replaceAll('\u0000', '\uFFFD') : v,
  );
}

function fromRow(row: Row): InstallRequest {
  return { ...row.document, version: row.version } as InstallRequest;
}

/** The indexed columns of a request, in the order of the INSERT and UPDATE parameters $3… */
function columnsOf(request: InstallRequest): unknown[] {
  const { version: _version, ...document } = request;
  return [
    request.requester,
    request.status,
    request.createdAt,
    isFinished(request) ? request.updatedAt : null,
    executionIdsOf(request),
    toJsonb(document),
  ];
}

class PostgresStore implements PgRequestStore {
  readonly pool: Pool;
  readonly lock: LaunchLock;
  readonly leases: PgLeases;
  readonly deliveries: PgDeliveries;
  readonly outbox: PgOutbox;
  readonly #log: Logger;
  readonly #retentionDays: number;
  readonly #now: () => Date;
  readonly #timers: NodeJS.Timeout[] = [];
  #healthy = true;
  #closed: Promise<void> | undefined;

  constructor(pool: Pool, log: Logger, options: PgStoreOptions) {
    this.pool = pool;
    this.#log = log;
    this.#retentionDays = options.retentionDays ?? 0;
    this.#now = options.now ?? (() => new Date());
    this.lock = new PgLaunchLock(pool, (ok) => this.#mark(ok));
    this.leases = new PgLeases(pool);
    this.deliveries = new PgDeliveries(pool);
    this.outbox = new PgOutbox(pool);
    const probe = setInterval(() => void this.#probe(), options.probeIntervalMs ?? 5_000);
    const prune = setInterval(
      () => void this.prune().catch((err: unknown) => log.warn({ err }, 'pruning old requests failed')),
      DAY_MS / 4,
    );
    const sweep = setInterval(
      () =>
        void this.deliveries.sweep().catch((err: unknown) => log.warn({ err }, 'sweeping deliveries failed')),
      10 * 60_000,
    );
    for (const timer of [probe, prune, sweep]) {
      timer.unref();
      this.#timers.push(timer);
    }
  }

  healthy(): boolean {
    return this.#healthy;
  }

  async get(id: string): Promise<InstallRequest | undefined> {
    const { rows } = await this.#query<Row>(
      'read a request',
      `SELECT ${COLUMNS} FROM requests WHERE id = $1`,
      [id],
    );
    return rows[0] && fromRow(rows[0]);
  }

  async create(request: InstallRequest): Promise<InstallRequest> {
    const stored = { ...structuredClone(maskRequestSecrets(request)), version: 1 };
    const { rows } = await this.#query<Row>(
      'save a new request',
      `INSERT INTO requests (id, version, requester, status, created_at, finished_at, execution_ids, document)
       VALUES ($1, 1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (id) DO NOTHING
       RETURNING ${COLUMNS}`,
      [stored.id, ...columnsOf(stored)],
    );
    if (!rows[0]) throw new StoreError('exists', `Request ${request.id} already exists.`);
    return fromRow(rows[0]);
  }

  async put(request: InstallRequest): Promise<InstallRequest> {
    const stored = structuredClone(maskRequestSecrets(request));
    const { rows } = await this.#query<Row>(
      'save a request',
      `UPDATE requests
          SET version = version + 1, requester = $3, status = $4, created_at = $5, finished_at = $6,
              execution_ids = $7, document = $8::jsonb
        WHERE id = $1 AND version = $2
        RETURNING ${COLUMNS}`,
      [stored.id, stored.version, ...columnsOf(stored)],
    );
    if (!rows[0]) {
      throw new StoreError(
        'conflict',
        `Request ${request.id} was changed by someone else (or is not stored); read it again.`,
      );
    }
    return fromRow(rows[0]);
  }

  update(
    id: string,
    change: (current: InstallRequest) => InstallRequest | undefined,
  ): Promise<InstallRequest | undefined> {
    return updateWithRetry(this, id, change);
  }

  async list(filter: RequestFilter = {}): Promise<InstallRequest[]> {
    // A finished row's finished_at is its updatedAt, so only live rows' documents are read for it.
    const { rows } = await this.#query<Row>(
      'list requests',
      `SELECT ${COLUMNS} FROM requests
        WHERE ($1::text IS NULL OR requester = $1)
          AND ($2::text[] IS NULL OR status = ANY($2))
          AND ($4::timestamptz IS NULL
               OR COALESCE(finished_at, (document->>'updatedAt')::timestamptz) >= $4)
        ORDER BY created_at DESC, seq DESC
        LIMIT $3`,
      [
        filter.requester ?? null,
        filter.statuses ?? null,
        filter.limit === undefined ? null : Math.max(0, filter.limit),
        filter.updatedSince ?? null,
      ],
    );
    return rows.map(fromRow);
  }

  async findByExecutionId(executionId: string): Promise<InstallRequest | undefined> {
    const { rows } = await this.#query<Row>(
      'find a request by execution',
      `SELECT ${COLUMNS} FROM requests WHERE execution_ids @> ARRAY[$1::text] ORDER BY seq DESC LIMIT 1`,
      [executionId],
    );
    return rows[0] && fromRow(rows[0]);
  }

  async prune(): Promise<number> {
    if (this.#retentionDays <= 0) return 0;
    const before = new Date(this.#now().getTime() - this.#retentionDays * DAY_MS);
    const { rowCount } = await this.#query(
      'prune old requests',
      'DELETE FROM requests WHERE finished_at < $1',
      [before.toISOString()],
    );
    if (rowCount) this.#log.info({ removed: rowCount, before }, 'pruned finished requests');
    return rowCount ?? 0;
  }

  close(): Promise<void> {
    if (!this.#closed) {
      for (const timer of this.#timers) clearInterval(timer);
      this.#closed = this.pool.end();
    }
    return this.#closed;
  }

  async #probe(): Promise<void> {
    try {
      await this.pool.query('SELECT 1');
      this.#mark(true);
    } catch (err) {
      if (isUnavailable(err)) this.#mark(false);
    }
  }

  #mark(ok: boolean): void {
    if (ok === this.#healthy) return;
    this.#healthy = ok;
    if (ok) this.#log.info({}, 'PostgreSQL answers again');
    else this.#log.error({}, 'PostgreSQL does not answer: writes fail until it is back');
  }

  async #query<R extends object>(doing: string, text: string, values: unknown[]) {
    try {
      const result = await this.pool.query<R>(text, values);
      this.#mark(true);
      return result;
    } catch (err) {
      const mapped = toStoreError(err, doing);
      if (mapped instanceof StoreError && mapped.code === 'unavailable') this.#mark(false);
      throw mapped;
    }
  }
}
