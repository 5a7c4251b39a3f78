/** An in-memory EcsPort: regions, instances and Cloud Assistant states, with recorded calls and failures. */
import type { CloudAssistantState, EcsInstance, Region } from '../../src/domain/model.js';
import type { EcsPort } from '../../src/domain/ports.js';
import { Failures, tick } from './failures.js';

type EcsMethod = keyof EcsPort;

/** Builds a running Linux instance with Cloud Assistant. */
export function makeInstance(instanceId: string, fields: Partial<EcsInstance> = {}): EcsInstance {
  return {
    instanceId,
    instanceName: `web-${instanceId.slice(-4)}`,
    regionId: 'cn-hangzhou',
    status: 'Running',
    osType: 'linux',
    osName: 'Alibaba Cloud Linux 3.2104 LTS 64位',
    ...fields,
  };
}

/** ECS for tests. */
export class FakeEcs implements EcsPort {
  regions: Region[] = [
    { regionId: 'cn-hangzhou', localName: 'China (Hangzhou)', status: 'available' },
    { regionId: 'cn-beijing', localName: 'China (Beijing)', status: 'available' },
  ];
  readonly instances: EcsInstance[] = [];
  /** Instance ids whose Cloud Assistant is offline (everything else is online). */
  readonly assistantOffline = new Set<string>();
  readonly failures = new Failures<EcsMethod>();
  readonly calls: Array<{ method: EcsMethod; query: unknown }> = [];

  constructor(instances: EcsInstance[] = []) {
    this.instances.push(...instances);
  }

  async describeRegions(): Promise<Region[]> {
    this.calls.push({ method: 'describeRegions', query: {} });
    await tick();
    this.failures.check('describeRegions');
    return [...this.regions];
  }

  async describeInstances(query: Parameters<EcsPort['describeInstances']>[0]): Promise<EcsInstance[]> {
    this.calls.push({ method: 'describeInstances', query: structuredClone(query) });
    await tick();
    this.failures.check('describeInstances');
    const found = this.instances
      .filter((i) => i.regionId === query.regionId)
      .filter((i) => query.instanceIds === undefined || query.instanceIds.includes(i.instanceId))
      .filter((i) => query.status === undefined || i.status === query.status)
      .filter(
        (i) =>
          query.nameLike === undefined ||
          i.instanceName.includes(query.nameLike) ||
          i.instanceId.includes(query.nameLike),
      );
    return query.instanceIds ? found : found.slice(0, query.limit ?? 100);
  }

  async describeCloudAssistantStatus(query: {
    regionId: string;
    instanceIds: string[];
  }): Promise<CloudAssistantState[]> {
    this.calls.push({ method: 'describeCloudAssistantStatus', query: structuredClone(query) });
    await tick();
    this.failures.check('describeCloudAssistantStatus');
    return this.instances
      .filter((i) => i.regionId === query.regionId && query.instanceIds.includes(i.instanceId))
      .map((i) => ({ instanceId: i.instanceId, online: !this.assistantOffline.has(i.instanceId) }));
  }

  /** How many times `method` was called. */
  count(method: EcsMethod): number {
    return this.calls.filter((c) => c.method === method).length;
  }
}
