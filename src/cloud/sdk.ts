/**
 * The Alibaba SDK classes as ESM sees them (the CommonJS packages export their class as `default`,
 * one level down), plus the shared credential of the default chain and the common client settings.
 */
import CredentialsModule from '@alicloud/credentials';
import OpenApiCore, { $OpenApiUtil } from '@alicloud/openapi-core';
import { type CallContext, noCredentialsError } from './cloud-errors.js';
import type { Endpoint } from './endpoints.js';

/**
 * The class a CommonJS SDK module exports as `default`. Node's ESM loader hands over the exports
 * object (class one level down); loaders with default interop (vitest, bundlers) hand over the class.
 */
export function commonJsDefault<M extends { default: unknown }>(mod: M): M['default'] {
  return (typeof mod === 'function' ? mod : mod.default) as M['default'];
}

/** The generic OpenAPI client class (`callApi`). */
export const OpenApi = commonJsDefault(OpenApiCore);
/** An OpenAPI client instance. */
export type OpenApi = InstanceType<typeof OpenApi>;

const CredentialClass = commonJsDefault(CredentialsModule);
/** A credential from `@alicloud/credentials`. */
export type Credential = InstanceType<typeof CredentialClass>;

/**
 * The default credential chain (environment, OIDC/RRSA, CLI profile, credentials file, ECS RAM role,
 * credentials URI). Created once per process and shared by every client; no key is read here.
 */
export function defaultCredential(): Credential {
  return new CredentialClass();
}

/**
 * Resolves the credential before a call, so that any failure of the chain reads as NoCredentials
 * (after a first failure the chain rethrows only its last provider's error, e.g. a DNS error).
 */
export async function requireCredential(credential: Credential, ctx: CallContext): Promise<void> {
  try {
    await credential.getCredential();
  } catch {
    throw noCredentialsError(ctx);
  }
}

/** Timeouts of every HTTP request to OOS and ECS. */
const CONNECT_TIMEOUT_MS = 5_000;
const READ_TIMEOUT_MS = 15_000;

/** SDK config for one region; without an endpoint the product client picks its own regional one. */
export function sdkConfig(credential: Credential, regionId: string, endpoint: Endpoint | undefined) {
  return new $OpenApiUtil.Config({
    credential,
    regionId,
    endpoint: endpoint?.host,
    protocol: endpoint?.protocol ?? 'https',
    connectTimeout: CONNECT_TIMEOUT_MS,
    readTimeout: READ_TIMEOUT_MS,
  });
}
