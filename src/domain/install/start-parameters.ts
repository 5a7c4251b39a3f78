/**
 * What the bot sends to OOS StartExecution for a request: the bulk install template's Parameters, a
 * ClientToken derived from the request id (so a retry can never start a second execution) and a tag
 * that lets the bot find its execution again.
 */
import type { InstallRequest } from '../model.js';
import type { RolloutWave } from '../rollout/rollout-model.js';

/** Tag put on every execution the bot starts; its value is the request id. */
export const REQUEST_TAG = 'ecs-ext:request';

/** Tag of each wave's execution in a rollout of several waves; its value is the wave number. */
export const WAVE_TAG = 'ecs-ext:wave';

/** The StartExecution ClientToken of a request: deterministic, so a retry can never start a second one. */
export function clientTokenFor(requestId: string): string {
  return `ecs-ext-${requestId}`;
}

/**
 * The exact `Parameters` object of the bulk install template for `request`, with `own` as the package's
 * values; for one wave of a rollout, the wave's instances, action and package version.
 */
export function buildStartParameters(
  request: InstallRequest,
  own: Record<string, unknown> = request.parameters,
  wave?: Pick<RolloutWave, 'instanceIds' | 'action' | 'packageVersion'>,
): Record<string, unknown> {
  const instanceIds = wave?.instanceIds ?? request.instanceIds;
  const packageVersion = wave ? wave.packageVersion : request.packageVersion;
  return {
    regionId: request.regionId,
    OOSAssumeRole: '',
    targets: { ResourceIds: [...instanceIds], RegionId: request.regionId, Type: 'ResourceIds' },
    rateControl: { Mode: 'Concurrency', Concurrency: request.concurrency, MaxErrors: request.maxErrors },
    action: wave?.action ?? request.action ?? 'install',
    packageName: request.packageName,
    ...(packageVersion ? { packageVersion } : {}),
    parameters: own,
  };
}
