/**
 * Planning a rollout: how a request's instances are cut into waves. `all` is one wave, `canary` one
 * instance and then the rest (with a pause for an approver in between), `waves` chunks of `waveSize`.
 * `planVersionGroups` builds the other shape the wave list carries: one wave per installed version, all
 * in one stage (started together, no pause), for an uninstall over instances holding different versions.
 */
import type { PolicyAction } from '../policy/channel-policy.js';
import type { Rollout, RolloutMode, RolloutWave } from './rollout-model.js';

/** Most waves one request may be cut into (each is a StartExecution and a thread reply). */
export const MAX_WAVES = 50;

/** What every wave of a plan shares. */
export interface WaveDefaults {
  /** The request's own ClientToken; wave 1 uses it as it is, later waves add their number. */
  clientToken: string;
  action: PolicyAction;
  packageVersion?: string;
}

/**
 * The ClientToken of wave `number`: the request's token for wave 1 (so a one-wave request sends what
 * a request always sent), `<token>-w<number>` after it. Deterministic: a retried start after a crash
 * sends the same token, and OOS answers with the execution it already started.
 */
export function waveClientToken(requestToken: string, number: number): string {
  return number === 1 ? requestToken : `${requestToken}-w${number}`;
}

function wave(
  defaults: WaveDefaults,
  number: number,
  stage: number,
  instanceIds: string[],
  own: Partial<Pick<RolloutWave, 'action' | 'packageVersion'>> = {},
): RolloutWave {
  const packageVersion = own.packageVersion ?? defaults.packageVersion;
  return {
    number,
    stage,
    instanceIds,
    action: own.action ?? defaults.action,
    ...(packageVersion ? { packageVersion } : {}),
    clientToken: waveClientToken(defaults.clientToken, number),
    status: 'planned',
  };
}

/** Instance ids in chunks of `size` (the last one may be shorter). */
function chunks(ids: readonly string[], size: number): string[][] {
  const result: string[][] = [];
  for (let i = 0; i < ids.length; i += size) result.push(ids.slice(i, i + size));
  return result;
}

/** The smallest wave size that keeps `count` instances within MAX_WAVES waves. */
export function minWaveSize(count: number): number {
  return Math.max(1, Math.ceil(count / MAX_WAVES));
}

/**
 * The waves of a request: `all` = one wave; `canary` = the first instance, then the rest (one wave
 * when there is a single instance); `waves` = chunks of `waveSize` (at least 1). Each wave is its own
 * stage, in order.
 */
export function planRollout(
  mode: RolloutMode,
  instanceIds: readonly string[],
  waveSize: number,
  defaults: WaveDefaults,
): Rollout {
  const ids = [...instanceIds];
  let groups: string[][];
  if (mode === 'canary' && ids.length > 1) groups = [ids.slice(0, 1), ids.slice(1)];
  else if (mode === 'waves') groups = chunks(ids, Math.max(1, Math.floor(waveSize)));
  else groups = [ids];
  return {
    mode,
    waveSize: mode === 'waves' ? Math.max(1, Math.floor(waveSize)) : 0,
    waves: groups.map((group, i) => wave(defaults, i + 1, i + 1, group)),
  };
}

/** One group of instances holding the same installed version. */
export interface VersionGroup {
  packageVersion: string;
  instanceIds: string[];
  /** The group's action, when it differs from the defaults'. */
  action?: PolicyAction;
}

/**
 * One wave per version group, all in stage 1: started together, without a pause, and reported together
 * in the request's one final report. For an uninstall over instances holding different versions (the
 * installer runs the uninstall script of the version it is given, so each version needs its own run).
 */
export function planVersionGroups(groups: readonly VersionGroup[], defaults: WaveDefaults): Rollout {
  return {
    mode: 'all',
    waveSize: 0,
    waves: groups.map((group, i) =>
      wave(defaults, i + 1, 1, [...group.instanceIds], {
        packageVersion: group.packageVersion,
        ...(group.action ? { action: group.action } : {}),
      }),
    ),
  };
}
