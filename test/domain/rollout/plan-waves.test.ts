import { describe, expect, it } from 'vitest';
import {
  MAX_WAVES,
  minWaveSize,
  planRollout,
  planVersionGroups,
  waveClientToken,
} from '../../../src/domain/rollout/plan-waves.js';

const defaults = { clientToken: 'ecs-ext-req-abc', action: 'install' as const, packageVersion: 'v3' };
const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-bp1wave${String(i + 1).padStart(8, '0')}`);

describe('planRollout', () => {
  it('all: one wave over every instance, with the request token', () => {
    const rollout = planRollout('all', ids(3), 0, defaults);

    expect(rollout.waves).toEqual([
      {
        number: 1,
        stage: 1,
        instanceIds: ids(3),
        action: 'install',
        packageVersion: 'v3',
        clientToken: 'ecs-ext-req-abc',
        status: 'planned',
      },
    ]);
    expect(rollout.waveSize).toBe(0);
  });

  it('canary: the first instance, then the rest, each its own stage and token', () => {
    const rollout = planRollout('canary', ids(4), 0, defaults);

    expect(rollout.waves.map((w) => [w.number, w.stage, w.instanceIds.length, w.clientToken])).toEqual([
      [1, 1, 1, 'ecs-ext-req-abc'],
      [2, 2, 3, 'ecs-ext-req-abc-w2'],
    ]);
    expect(rollout.waves[0]?.instanceIds).toEqual([ids(4)[0]]);
  });

  it('canary over one instance is a single wave', () => {
    expect(planRollout('canary', ids(1), 0, defaults).waves).toHaveLength(1);
  });

  it('waves: chunks of wave_size in order, the last one shorter', () => {
    const rollout = planRollout('waves', ids(23), 10, defaults);

    expect(rollout.waves.map((w) => w.instanceIds.length)).toEqual([10, 10, 3]);
    expect(rollout.waves.flatMap((w) => w.instanceIds)).toEqual(ids(23));
    expect(rollout.waves.map((w) => w.stage)).toEqual([1, 2, 3]);
    expect(rollout.waveSize).toBe(10);
  });

  it('waves larger than the request make one wave', () => {
    expect(planRollout('waves', ids(5), 10, defaults).waves).toHaveLength(1);
  });

  it('every token is distinct and within the 64 characters OOS accepts', () => {
    const rollout = planRollout('waves', ids(50), 1, defaults);

    const tokens = rollout.waves.map((w) => w.clientToken);
    expect(new Set(tokens).size).toBe(50);
    expect(Math.max(...tokens.map((t) => t.length))).toBeLessThanOrEqual(64);
  });
});

describe('waveClientToken and minWaveSize', () => {
  it('derives later tokens from the request token and the wave number', () => {
    expect(waveClientToken('ecs-ext-req-1', 1)).toBe('ecs-ext-req-1');
    expect(waveClientToken('ecs-ext-req-1', 7)).toBe('ecs-ext-req-1-w7');
  });

  it('keeps a request within the wave limit', () => {
    expect(minWaveSize(MAX_WAVES)).toBe(1);
    expect(minWaveSize(MAX_WAVES + 1)).toBe(2);
  });
});

describe('planVersionGroups', () => {
  it('one wave per installed version, all in stage 1, each with its own version and action', () => {
    const rollout = planVersionGroups(
      [
        { packageVersion: 'v1', instanceIds: ids(2) },
        { packageVersion: 'v4', instanceIds: [ids(3)[2] as string], action: 'uninstall' },
      ],
      { clientToken: 'ecs-ext-req-u', action: 'uninstall' },
    );

    expect(rollout.waves.map((w) => [w.stage, w.packageVersion, w.action, w.clientToken])).toEqual([
      [1, 'v1', 'uninstall', 'ecs-ext-req-u'],
      [1, 'v4', 'uninstall', 'ecs-ext-req-u-w2'],
    ]);
  });
});
