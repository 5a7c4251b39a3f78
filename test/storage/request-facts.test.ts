import { describe, expect, it } from 'vitest';
import type { InstallRequest } from '../../src/domain/model.js';
import { executionIdsOf } from '../../src/storage/request-facts.js';
import { toAuditRecord } from '../../src/storage/tools/audit-export.js';
import { makeRequest } from '../fakes/requests.js';

function withWaves(): InstallRequest {
  const wave = (number: number, executionId?: string) => ({
    number,
    stage: number,
    instanceIds: [`i-bp1wave00000000000${number}`],
    action: 'update' as const,
    clientToken: `ecs-ext-req-waves000-${number}`,
    status: executionId ? ('succeeded' as const) : ('skipped' as const),
    ...(executionId ? { executionId } : {}),
  });
  return makeRequest({
    id: 'req-waves000',
    rollout: { mode: 'waves', waveSize: 1, waves: [wave(1, 'exec-w1'), wave(2, 'exec-w2'), wave(3)] },
    execution: {
      executionId: 'exec-w2',
      regionId: 'cn-hangzhou',
      consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-w2',
      status: 'Success',
      statusMessage: '',
      startedAt: '2025-06-01T10:00:00.000Z',
      instances: [],
    },
  } as Partial<InstallRequest>);
}

describe('what stores index of a request', () => {
  it('knows a request by its execution and by every started wave, once each', () => {
    expect(executionIdsOf(withWaves())).toEqual(['exec-w2', 'exec-w1']);
    expect(executionIdsOf(makeRequest())).toEqual([]);
  });

  it('the audit record names every wave execution and the waves’ action', () => {
    const record = toAuditRecord(withWaves());

    expect(record.executionIds).toEqual(['exec-w2', 'exec-w1']);
    expect(record.action).toBe('update');
    expect(toAuditRecord(makeRequest()).action).toBe('install');
  });
});
