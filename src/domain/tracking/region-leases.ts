/**
 * Which regions this replica polls when several replicas share one store: a region belongs to the
 * replica holding its lease (`poll:<region>`), taken or renewed at the start of every cycle and lasting
 * LEASE_INTERVALS poll intervals, so a dead replica's regions pass to another once its leases run out.
 */
import type { InstallRequest } from '../model.js';
import type { LeaseStore, Logger } from '../ports.js';

/** A region's polling lease lasts this many poll intervals: the hand-over time after a replica dies. */
export const LEASE_INTERVALS = 2;

/** This replica's polling leases; without a LeaseStore (one replica) every region is its own. */
export class RegionLeases {
  readonly #held = new Set<string>();

  constructor(
    private readonly fleet: { leases: LeaseStore; owner: string } | undefined,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Takes or renews the lease of each region; returns those this replica polls now. */
  async claim(regionIds: string[]): Promise<{ mine: Set<string>; failures: number }> {
    if (!this.fleet) return { mine: new Set(regionIds), failures: 0 };
    const { leases, owner } = this.fleet;
    const ttlMs = LEASE_INTERVALS * this.intervalMs;
    const mine = new Set<string>();
    let failures = 0;
    await Promise.all(
      regionIds.map(async (regionId) => {
        try {
          if (await leases.acquire(leaseName(regionId), owner, ttlMs)) mine.add(regionId);
        } catch (err) {
          failures += 1;
          this.logger.warn({ err, regionId }, 'taking the polling lease failed');
        }
      }),
    );
    this.#held.clear();
    for (const regionId of mine) this.#held.add(regionId);
    return { mine, failures };
  }

  /** Gives every held region up at once (a rolling deploy hands over without waiting for expiry). */
  async releaseAll(): Promise<void> {
    const fleet = this.fleet;
    const held = [...this.#held];
    this.#held.clear();
    if (!fleet) return;
    await Promise.all(
      held.map((regionId) => fleet.leases.release(leaseName(regionId), fleet.owner).catch(() => {})),
    );
  }
}

/**
 * Fleet mode follows every running request of the store (another replica may have started it, or died
 * tracking it): makes `tracked` hold exactly those, keeping the entries it had.
 */
export function followAll<E>(
  tracked: Map<string, E>,
  running: InstallRequest[],
  create: (requestId: string) => E,
): Array<{ entry: E; request: InstallRequest }> {
  const ids = new Set(running.map((r) => r.id));
  for (const id of [...tracked.keys()]) if (!ids.has(id)) tracked.delete(id);
  return running.map((request) => {
    const entry = tracked.get(request.id) ?? create(request.id);
    tracked.set(request.id, entry);
    return { entry, request };
  });
}

function leaseName(regionId: string): string {
  return `poll:${regionId}`;
}
