/**
 * Composition of the cloud adapters: one default-chain credential shared by the OOS and ECS clients.
 */
import type { EcsPort, Logger, OosPort } from '../domain/ports.js';
import { EcsClient } from './ecs-client.js';
import { resolveEcsEndpoint, resolveOosEndpoint } from './endpoints.js';
import { OosClient } from './oos-client.js';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './retry.js';
import { defaultCredential } from './sdk.js';

export type { RetryOptions } from './retry.js';

/** Options of createCloudClients: endpoint overrides from the config, a logger, retry tuning. */
export interface CloudClientOptions {
  /** ECS_EXT_OOS_ENDPOINT. */
  oosEndpoint?: string;
  /** ECS_EXT_ECS_ENDPOINT. */
  ecsEndpoint?: string;
  logger: Logger;
  retry?: Partial<RetryOptions>;
}

/**
 * Builds the OOS and ECS adapters. Credentials come from the default chain of `@alicloud/credentials`
 * and are looked up on the first call. Throws an Error at once when an endpoint override is malformed.
 */
export function createCloudClients(opts: CloudClientOptions): { oos: OosPort; ecs: EcsPort } {
  resolveOosEndpoint(opts.oosEndpoint, 'cn-hangzhou');
  resolveEcsEndpoint(opts.ecsEndpoint, 'cn-hangzhou');
  const credential = defaultCredential();
  const retry: RetryOptions = { ...DEFAULT_RETRY_OPTIONS, ...opts.retry };
  const logger = opts.logger.child({ component: 'cloud' });
  return {
    oos: new OosClient({ credential, endpoint: opts.oosEndpoint, logger, retry }),
    ecs: new EcsClient({ credential, endpoint: opts.ecsEndpoint, logger, retry }),
  };
}
