/** A tracker wired to fakes, and running requests to track. */
import { CloudError } from '../../../src/domain/errors.js';
import {
  BULK_INSTALL_TEMPLATE,
  executionConsoleUrl,
  type InstallRequest,
} from '../../../src/domain/model.js';
import { silentLogger } from '../../../src/domain/ports.js';
import { ExecutionTracker, type ExecutionTrackerOptions } from '../../../src/domain/tracking/tracker.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { FakeNotifier } from '../../fakes/fake-notifier.js';
import { FakeOos } from '../../fakes/fake-oos.js';
import { MemoryRequestStore } from '../../fakes/memory-store.js';
import { makeRequest } from '../../fakes/requests.js';

/** The poll interval of the tests. */
export const INTERVAL_MS = 20_000;
/** The poll timeout of the tests. */
export const TIMEOUT_MS = 20 * 60_000;

/** A running request whose execution started at `startedAt`. */
export function runningRequest(
  id: string,
  executionId: string,
  instanceIds: string[],
  fields: Partial<InstallRequest> = {},
  startedAt = '2025-06-01T10:00:00.000Z',
): InstallRequest {
  const regionId = fields.regionId ?? 'cn-hangzhou';
  return makeRequest({
    id,
    status: 'running',
    instanceIds,
    regionId,
    messageTs: '1700000000.000100',
    startParameters: JSON.stringify({
      regionId,
      action: 'install',
      packageName: 'ACS-Extension-node-1853370294850618',
      targets: { Type: 'ResourceIds', ResourceIds: instanceIds, RegionId: regionId },
      parameters: { version: 'v22.13.1' },
    }),
    approvals: [{ userId: 'U0APPROVER', at: startedAt }],
    execution: {
      executionId,
      regionId,
      consoleUrl: executionConsoleUrl(regionId, executionId),
      status: 'Started',
      statusMessage: '',
      startedAt,
      instances: instanceIds.map((instanceId) => ({ instanceId, status: 'Unknown', message: '' })),
    },
    history: [
      { at: startedAt, type: 'created', actor: 'U0REQUESTER' },
      { at: startedAt, type: 'started', detail: executionId },
    ],
    ...fields,
  });
}

/** Everything one tracking test needs. */
export interface TrackingWorld {
  clock: FakeClock;
  oos: FakeOos;
  store: MemoryRequestStore;
  notifier: FakeNotifier;
  tracker: ExecutionTracker;
  /** A second tracker over the same store and cloud, as after a restart. */
  restart(): ExecutionTracker;
  /** Lets `ms` pass (default one interval) and waits for the cycle it triggered. */
  advance(ms?: number, tracker?: ExecutionTracker): Promise<void>;
}

/** Builds the fakes and a tracker (interval 20 s, timeout 20 min unless overridden). */
export function trackingWorld(options: Partial<ExecutionTrackerOptions> = {}): TrackingWorld {
  const clock = new FakeClock('2025-06-01T10:00:00Z');
  const oos = new FakeOos();
  const store = new MemoryRequestStore();
  const notifier = new FakeNotifier();
  const make = () =>
    new ExecutionTracker({
      oos,
      store,
      notifier,
      clock,
      logger: silentLogger,
      intervalMs: INTERVAL_MS,
      timeoutMs: TIMEOUT_MS,
      templateName: BULK_INSTALL_TEMPLATE,
      ...options,
    });
  const tracker = make();
  return {
    clock,
    oos,
    store,
    notifier,
    tracker,
    restart: make,
    async advance(ms = INTERVAL_MS, which = tracker) {
      await clock.advance(ms);
      await which.idle();
    },
  };
}

/** OOS's throttling error. */
export function throttled(retryAfterSeconds?: number): CloudError {
  return new CloudError({
    kind: 'throttled',
    code: 'Throttling.User',
    service: 'oos',
    action: 'ListExecutions',
    message: 'Request was denied due to user flow control.',
    httpStatus: 400,
    requestId: 'REQ-THROTTLED',
    retryAfterSeconds,
  });
}
