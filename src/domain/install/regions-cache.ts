/** The ECS regions the install form offers and validation accepts: DescribeRegions, reused for 10 minutes. */
import type { Region } from '../model.js';
import type { Clock, EcsPort } from '../ports.js';

/** How long the DescribeRegions answer is reused. */
export const REGIONS_TTL_MS = 10 * 60_000;

/** DescribeRegions with a time-based cache. */
export class RegionsCache {
  #cached?: { regions: Region[]; at: number };

  constructor(
    private readonly ecs: Pick<EcsPort, 'describeRegions'>,
    private readonly clock: Clock,
  ) {}

  /** The regions, from the cache when it is younger than REGIONS_TTL_MS. */
  async list(): Promise<Region[]> {
    const now = this.clock.now().getTime();
    if (this.#cached && now - this.#cached.at < REGIONS_TTL_MS) return this.#cached.regions;
    const regions = await this.ecs.describeRegions();
    this.#cached = { regions, at: now };
    return regions;
  }
}
