/**
 * Endpoint resolution for the OOS and ECS clients: the CONTRACT's `ECS_EXT_OOS_ENDPOINT` /
 * `ECS_EXT_ECS_ENDPOINT` overrides (a host or a full URL, optionally holding `{region}`) or the defaults.
 */

/** Where one client sends its requests: `host` may carry a `:port`. */
export interface Endpoint {
  host: string;
  protocol: 'http' | 'https';
}

/** The public OOS endpoint pattern, used when no override is configured. */
export const DEFAULT_OOS_ENDPOINT = 'oos.{region}.aliyuncs.com';

const REGION_ID = /^[a-z0-9][a-z0-9-]*$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * Turns an endpoint template into a host and protocol for one region. `template` is a host
 * (`oos.{region}.aliyuncs.com`, `127.0.0.1:9000`; https is assumed) or a URL (`http://127.0.0.1:9000`).
 * Throws an Error naming what is wrong when the template or the region id is malformed.
 */
export function resolveEndpoint(template: string, regionId: string): Endpoint {
  if (!REGION_ID.test(regionId)) {
    throw new Error(`Invalid region id "${regionId}": expected lower-case letters, digits and dashes.`);
  }
  const text = template.trim().replaceAll('{region}', regionId);
  if (text.includes('://')) {
    return fromUrl(text, template);
  }
  if (!HOST.test(text)) {
    throw new Error(
      `Invalid endpoint "${template}": expected a host such as oos.{region}.aliyuncs.com or a URL such as http://127.0.0.1:9000.`,
    );
  }
  return { host: text, protocol: 'https' };
}

function fromUrl(text: string, template: string): Endpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`Invalid endpoint "${template}": not a valid URL.`);
  }
  const protocol = url.protocol.replace(/:$/, '');
  if (protocol !== 'http' && protocol !== 'https') {
    throw new Error(`Invalid endpoint "${template}": the protocol must be http or https.`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
    throw new Error(`Invalid endpoint "${template}": give only the scheme, host and port, without a path.`);
  }
  return { host: url.host, protocol };
}

/** OOS endpoint of a region: the override if given, else `oos.{region}.aliyuncs.com` over https. */
export function resolveOosEndpoint(override: string | undefined, regionId: string): Endpoint {
  return resolveEndpoint(override?.trim() ? override : DEFAULT_OOS_ENDPOINT, regionId);
}

/**
 * ECS endpoint of a region: the override if given; `undefined` means "let the ECS SDK choose" (its
 * endpoint map and regional rule know the special regions).
 */
export function resolveEcsEndpoint(override: string | undefined, regionId: string): Endpoint | undefined {
  return override?.trim() ? resolveEndpoint(override, regionId) : undefined;
}
