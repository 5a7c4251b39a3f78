/**
 * ECS (2014-05-26) adapter: the domain's EcsPort over `@alicloud/ecs20140526` v7, one client per
 * region, SDK results validated with zod.
 */
import type * as EcsSdk from '@alicloud/ecs20140526';
import type { z } from 'zod';
import type { CloudAssistantState, EcsInstance, Region } from '../domain/model.js';
import type { EcsPort, Logger } from '../domain/ports.js';
import { parseResponse } from './cloud-errors.js';
import {
  DescribeCloudAssistantStatusBody,
  DescribeInstancesBody,
  DescribeRegionsBody,
  type EcsInstanceItem,
} from './ecs-schemas.js';
import { resolveEcsEndpoint } from './endpoints.js';
import { type RetryOptions, withRetry } from './retry.js';
import { type Credential, commonJsDefault, requireCredential, sdkConfig } from './sdk.js';

type EcsSdkModule = typeof EcsSdk;
type Ecs = InstanceType<EcsSdkModule['default']['default']>;

/**
 * The ECS SDK is loaded on the first ECS call: its generated models cost about 90 MB of memory, and a
 * bot that only lists and checks extensions never needs them.
 */
let sdkModule: Promise<EcsSdkModule> | undefined;
function ecsSdk(): Promise<EcsSdkModule> {
  sdkModule ??= import('@alicloud/ecs20140526');
  return sdkModule;
}

/** Region whose endpoint answers DescribeRegions (the call is not regional). */
const REGIONS_REGION = 'cn-hangzhou';
const INSTANCE_BATCH = 100;
const ASSISTANT_BATCH = 50;
const DEFAULT_SEARCH_LIMIT = 100;
/** Guard against a service that never stops returning a NextToken. */
const MAX_PAGES = 200;

/** What an EcsClient needs: the shared credential, an optional endpoint override, logging, retries. */
export interface EcsClientDeps {
  credential: Credential;
  /** ECS_EXT_ECS_ENDPOINT: host or URL, may hold `{region}`; default: the SDK's regional endpoint. */
  endpoint?: string;
  logger: Logger;
  retry: RetryOptions;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function toInstance(item: EcsInstanceItem, regionId: string): EcsInstance {
  return {
    instanceId: item.instanceId,
    instanceName: item.instanceName ?? '',
    regionId: item.regionId || regionId,
    status: item.status ?? '',
    osType: (item.OSType ?? '').toLowerCase(),
    osName: item.OSName ?? '',
  };
}

/** EcsPort over the real ECS API. */
export class EcsClient implements EcsPort {
  private readonly clients = new Map<string, Ecs>();

  constructor(private readonly deps: EcsClientDeps) {}

  /**
   * Every region, with English names.
   * @see https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeregions
   */
  async describeRegions(): Promise<Region[]> {
    const regionId = REGIONS_REGION;
    const request = new (await ecsSdk()).DescribeRegionsRequest({ acceptLanguage: 'en-US' });
    const body = await this.call(regionId, 'DescribeRegions', DescribeRegionsBody, (client) =>
      client.describeRegions(request),
    );
    return (body.regions?.region ?? []).map((region) => ({
      regionId: region.regionId,
      localName: region.localName || region.regionId,
      status: region.status ?? undefined,
    }));
  }

  /**
   * Instances of one region by ids (batches of 100), or the first `limit` whose name or id contains
   * `nameLike` (case-insensitive), optionally with a given status.
   * @see https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describeinstances
   */
  async describeInstances(query: {
    regionId: string;
    instanceIds?: string[];
    status?: string;
    nameLike?: string;
    limit?: number;
  }): Promise<EcsInstance[]> {
    const { regionId, status } = query;
    if (query.instanceIds) {
      const found: EcsInstance[] = [];
      for (const batch of chunks([...new Set(query.instanceIds)], INSTANCE_BATCH)) {
        found.push(...(await this.instancePages(regionId, { instanceIds: JSON.stringify(batch), status })));
      }
      return found;
    }
    const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
    const needle = query.nameLike?.trim().toLowerCase() ?? '';
    const matches = (instance: EcsInstance): boolean =>
      needle === '' ||
      instance.instanceName.toLowerCase().includes(needle) ||
      instance.instanceId.toLowerCase().includes(needle);
    return this.instancePages(regionId, { status }, matches, limit);
  }

  /**
   * Cloud Assistant state of the given instances (batches of 50); "true"/"false" become booleans.
   * @see https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-describecloudassistantstatus
   */
  async describeCloudAssistantStatus(query: {
    regionId: string;
    instanceIds: string[];
  }): Promise<CloudAssistantState[]> {
    const states: CloudAssistantState[] = [];
    for (const batch of chunks([...new Set(query.instanceIds)], ASSISTANT_BATCH)) {
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const request = new (await ecsSdk()).DescribeCloudAssistantStatusRequest({
          regionId: query.regionId,
          instanceId: batch,
          maxResults: ASSISTANT_BATCH,
          nextToken,
        });
        const body = await this.call(
          query.regionId,
          'DescribeCloudAssistantStatus',
          DescribeCloudAssistantStatusBody,
          (client) => client.describeCloudAssistantStatus(request),
        );
        for (const item of body.instanceCloudAssistantStatusSet?.instanceCloudAssistantStatus ?? []) {
          states.push({
            instanceId: item.instanceId,
            online: item.cloudAssistantStatus === true || item.cloudAssistantStatus === 'true',
            version: item.cloudAssistantVersion || undefined,
          });
        }
        nextToken = body.nextToken || undefined;
        pages++;
      } while (nextToken && pages < MAX_PAGES);
    }
    return states;
  }

  /** Pages DescribeInstances, keeping instances that `keep` accepts, until `limit` are found. */
  private async instancePages(
    regionId: string,
    filter: { instanceIds?: string; status?: string },
    keep: (instance: EcsInstance) => boolean = () => true,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<EcsInstance[]> {
    const found: EcsInstance[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const request = new (await ecsSdk()).DescribeInstancesRequest({
        regionId,
        instanceIds: filter.instanceIds,
        status: filter.status,
        maxResults: INSTANCE_BATCH,
        nextToken,
      });
      const body = await this.call(regionId, 'DescribeInstances', DescribeInstancesBody, (client) =>
        client.describeInstances(request),
      );
      for (const item of body.instances?.instance ?? []) {
        const instance = toInstance(item, regionId);
        if (keep(instance)) found.push(instance);
        if (found.length >= limit) return found;
      }
      nextToken = body.nextToken || undefined;
      pages++;
    } while (nextToken && pages < MAX_PAGES);
    return found;
  }

  private async clientFor(regionId: string): Promise<Ecs> {
    let client = this.clients.get(regionId);
    if (!client) {
      const endpoint = resolveEcsEndpoint(this.deps.endpoint, regionId);
      const Client = commonJsDefault((await ecsSdk()).default);
      client = new Client(sdkConfig(this.deps.credential, regionId, endpoint));
      this.clients.set(regionId, client);
    }
    return client;
  }

  private async call<S extends z.ZodType>(
    regionId: string,
    action: string,
    schema: S,
    invoke: (client: Ecs) => Promise<{ body?: unknown }>,
  ): Promise<z.infer<S>> {
    const site = {
      service: 'ecs' as const,
      action,
      regionId,
      logger: this.deps.logger,
      retry: this.deps.retry,
    };
    const response = await withRetry(
      site,
      async () => {
        await requireCredential(this.deps.credential, site);
        return invoke(await this.clientFor(regionId));
      },
      (result) => requestIdOf(result.body),
    );
    return parseResponse(schema, response.body, site, requestIdOf(response.body));
  }
}

function requestIdOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const id = (body as Record<string, unknown>).requestId;
  return typeof id === 'string' ? id : undefined;
}
