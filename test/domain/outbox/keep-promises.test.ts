import { describe, expect, it } from 'vitest';
import type { ExecutionTracking, InstallRequest } from '../../../src/domain/model.js';
import { keepPromises } from '../../../src/domain/outbox/keep-promises.js';
import { promiseKey } from '../../../src/domain/outbox/promises.js';
import { silentLogger } from '../../../src/domain/ports.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { FakeNotifier } from '../../fakes/fake-notifier.js';
import { MemoryOutbox } from '../../fakes/memory-outbox.js';
import { MemoryRequestStore } from '../../fakes/memory-store.js';
import { makeRequest } from '../../fakes/requests.js';

const NOW = '2025-06-01T12:00:00.000Z';

function execution(fields: Partial<ExecutionTracking> = {}): ExecutionTracking {
  return {
    executionId: 'exec-0001',
    regionId: 'cn-hangzhou',
    consoleUrl: 'https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-0001',
    status: 'Success',
    statusMessage: '',
    startedAt: '2025-06-01T11:00:00.000Z',
    instances: [],
    ...fields,
  };
}

function finished(id: string, fields: Partial<InstallRequest> = {}): InstallRequest {
  return makeRequest({
    id,
    status: 'succeeded',
    updatedAt: '2025-06-01T11:30:00.000Z',
    messageTs: '1.000001',
    execution: execution({ finalReportAt: '2025-06-01T11:30:00.000Z' }),
    ...fields,
  });
}

async function run(requests: InstallRequest[], outbox: MemoryOutbox) {
  const notifier = new FakeNotifier();
  const repeated = await keepPromises({
    store: new MemoryRequestStore(requests),
    outbox,
    notifier,
    clock: new FakeClock(NOW),
    logger: silentLogger,
    pendingTimeoutMinutes: 30,
  });
  return { notifier, repeated };
}

describe('keepPromises', () => {
  it('promises again the posts a saved state promises and the outbox never recorded', async () => {
    const outbox = new MemoryOutbox(new Date('2025-06-01T00:00:00Z'));
    await outbox.enqueue(
      { key: promiseKey('req-aaaaaaa1', { kind: 'final_report' }) ?? '', kind: 'post', payload: {} },
      new Date(NOW),
    );
    const started = { kind: 'started', executionId: 'exec-0001', consoleUrl: 'x' } as const;
    await outbox.enqueue(
      { key: promiseKey('req-aaaaaaa1', started) ?? '', kind: 'post', payload: {} },
      new Date(NOW),
    );
    await outbox.enqueue(
      { key: promiseKey('req-aaaaaaa2', started) ?? '', kind: 'post', payload: {} },
      new Date(NOW),
    );

    const { notifier, repeated } = await run([finished('req-aaaaaaa1'), finished('req-aaaaaaa2')], outbox);

    expect(repeated).toBe(1);
    expect(notifier.events).toEqual([
      expect.objectContaining({ requestId: 'req-aaaaaaa2', event: { kind: 'final_report' } }),
    ]);
    expect(notifier.refreshed.map((r) => r.requestId)).toEqual(['req-aaaaaaa2']);
  });

  it('promises nothing for states older than the outbox (an upgrade) or than a day', async () => {
    const outbox = new MemoryOutbox(new Date('2025-06-01T11:45:00Z'));
    const old = finished('req-aaaaaaa3', {
      updatedAt: '2025-05-30T11:30:00.000Z',
      execution: execution({
        startedAt: '2025-05-30T11:00:00.000Z',
        finalReportAt: '2025-05-30T11:30:00.000Z',
      }),
    });

    const { notifier, repeated } = await run([finished('req-aaaaaaa1'), old], outbox);

    expect(repeated).toBe(0);
    expect(notifier.events).toEqual([]);
  });

  it('promises the started reply and the pending report of a running request, in order', async () => {
    const outbox = new MemoryOutbox(new Date('2025-06-01T00:00:00Z'));
    const running = makeRequest({
      id: 'req-aaaaaaa4',
      status: 'running',
      updatedAt: '2025-06-01T11:40:00.000Z',
      execution: execution({ status: 'Running', pendingReportAt: '2025-06-01T11:40:00.000Z' }),
    });

    const { notifier } = await run([running], outbox);

    expect(notifier.kinds()).toEqual(['started', 'pending_report']);
    expect(notifier.events[1]?.event).toEqual({ kind: 'pending_report', timeoutMinutes: 30 });
  });
});
