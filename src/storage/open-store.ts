/**
 * Picks the request store from the configuration: PostgreSQL when a database URL is given (several
 * replicas), else the lowdb file (one process). Either way the caller gets the store, the launch lock
 * that fits it, and a health flag for /healthz.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type {
  DeliveryDedupe,
  LaunchLock,
  LeaseStore,
  Logger,
  OutboxStore,
  RequestStore,
} from '../domain/ports.js';
import { openLowdbOutbox, outboxFileFor } from './lowdb-outbox.js';
import { openLowdbStore } from './lowdb-store.js';
import { MemoryDeliveryDedupe } from './memory-dedupe.js';
import { openPgStore } from './pg/pg-store.js';
import { ProcessLeases } from './process-leases.js';
import { ProcessLock } from './process-lock.js';

/** Where requests live and how long finished ones are kept. */
export interface StoreSettings {
  dbFile: string;
  databaseUrl?: string;
  retentionDays: number;
}

/** An open store with its launch lock; `healthy()` is false while writes cannot be made. */
export interface OpenedStore {
  store: RequestStore;
  lock: LaunchLock;
  /** Leases on jobs such as polling a region: shared by replicas on PostgreSQL, in-process on lowdb. */
  leases: LeaseStore;
  /** Set when several replicas may share the store: the shared leases and this replica's name. */
  fleet?: { leases: LeaseStore; owner: string };
  /** Promised Slack posts waiting to be sent. */
  outbox: OutboxStore;
  /**
   * True when the outbox lives with the requests (every replica sees it), so a restart may promise
   * again what a saved state promises and the outbox lacks.
   */
  outboxShared: boolean;
  /** Slack deliveries already handled: shared by replicas on PostgreSQL, in-process on lowdb. */
  deliveries: DeliveryDedupe;
  kind: 'lowdb' | 'postgres';
  healthy(): boolean;
}

/** Opens the store the settings name (migrating a PostgreSQL database first). */
export async function openStore(settings: StoreSettings, logger: Logger): Promise<OpenedStore> {
  if (settings.databaseUrl) {
    const store = await openPgStore({
      url: settings.databaseUrl,
      logger,
      retentionDays: settings.retentionDays,
    }).catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(
        `Cannot open the PostgreSQL store named by DATABASE_URL (${reason}). Check that the server is up ` +
          'and that the URL, user and database are right.',
        { cause: err },
      );
    });
    // Promised posts live in the database too: any replica sends them, each is leased to one.
    return {
      store,
      lock: store.lock,
      leases: store.leases,
      fleet: { leases: store.leases, owner: replicaName() },
      outbox: store.outbox,
      outboxShared: true,
      deliveries: store.deliveries,
      kind: 'postgres',
      healthy: () => store.healthy(),
    };
  }
  const store = await openLowdbStore(settings.dbFile, logger, { retentionDays: settings.retentionDays });
  const outbox = await openLowdbOutbox(outboxFileFor(store.file), logger);
  return {
    store,
    lock: new ProcessLock(),
    leases: new ProcessLeases(),
    outbox,
    outboxShared: true,
    deliveries: new MemoryDeliveryDedupe(),
    kind: 'lowdb',
    healthy: () => store.healthy() && outbox.healthy(),
  };
}

/** A name for this process among the replicas: host, pid and a random part (pids repeat in containers). */
function replicaName(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}
