/**
 * What the bot sends to OOS StartExecution for a request: the bulk install template's Parameters, a
 * ClientToken derived from the request id (so a retry can never start a second execution) and a tag
 * that lets the bot find its execution again.
 */
import type { InstallRequest } from '../model.js';

/** Tag put on every execution the bot starts; its value is the request id. */
export const REQUEST_TAG = 'ecs-ext:request';

/** The StartExecution ClientToken of a request: deterministic, so a retry can never start a second one. */
export function clientTokenFor(requestId: string): string {
  return `ecs-ext-${requestId}`;
}

/** The exact `Parameters` object of the bulk install template for `request`, with `own` as the package's values. */
export function buildStartParameters(
  request: InstallRequest,
  own: Record<string, unknown> = request.parameters,
): Record<string, unknown> {
  return {
    regionId: request.regionId,
    OOSAssumeRole: '',
    targets: { ResourceIds: [...request.instanceIds], RegionId: request.regionId, Type: 'ResourceIds' },
    rateControl: { Mode: 'Concurrency', Concurrency: request.concurrency, MaxErrors: request.maxErrors },
    action: 'install',
    packageName: request.packageName,
    ...(request.packageVersion ? { packageVersion: request.packageVersion } : {}),
    parameters: own,
  };
}
