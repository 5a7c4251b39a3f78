/** Builds the install flow over fakes, with one Linux package and two running instances. */

import type { ExecutionCanceller } from '../../../src/domain/install/cancel-request.js';
import { createInstallFlow } from '../../../src/domain/install/install-flow.js';
import type { ExtractedTargets } from '../../../src/domain/install/ports.js';
import type { InstallFlow, InstallSubmission } from '../../../src/domain/install/types.js';
import type { ApprovalPolicy, InstallRequest } from '../../../src/domain/model.js';
import { openRules, type PolicyRules, type PolicySet } from '../../../src/domain/policy/channel-policy.js';
import { silentLogger } from '../../../src/domain/ports.js';
import { ProcessLock } from '../../../src/storage/process-lock.js';
import { FakeCatalog, makePackage, makeParameter, matchByWords } from '../../fakes/fake-catalog.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { FakeEcs, makeInstance } from '../../fakes/fake-ecs.js';
import { FakeUserGroups } from '../../fakes/fake-groups.js';
import { FakeNotifier, FakeWatcher } from '../../fakes/fake-notifier.js';
import { FakeOos } from '../../fakes/fake-oos.js';
import { MemoryRequestStore } from '../../fakes/memory-store.js';

export const NODE = 'ACS-Extension-node-1853370294850618';
export const I1 = 'i-bp1aaaaaaaaaaaaaaaa1';
export const I2 = 'i-bp1aaaaaaaaaaaaaaaa2';
export const REQUESTER = 'U0REQUESTER';

/** Takes i-… and region-looking words out; the rest is package words. */
export function simpleExtract(words: string): ExtractedTargets {
  const tokens = words.split(/\s+/).filter(Boolean);
  const regionId = tokens.find((t) => /^[a-z]{2}-[a-z]+(-\d+)?$/.test(t));
  return {
    instanceIds: tokens.filter((t) => t.startsWith('i-')),
    ...(regionId ? { regionId } : {}),
    rest: tokens.filter((t) => !t.startsWith('i-') && t !== regionId).join(' '),
  };
}

/** Everything a test may inspect or tweak. */
export interface Harness {
  flow: InstallFlow;
  oos: FakeOos;
  ecs: FakeEcs;
  catalog: FakeCatalog;
  store: MemoryRequestStore;
  notifier: FakeNotifier;
  watcher: FakeWatcher;
  groups: FakeUserGroups;
  clock: FakeClock;
  launchLock: ProcessLock;
  /** Cancel calls the flow passed on, with the rule it passed for who may cancel. */
  cancels: Array<{
    requestId: string;
    userId: string;
    mayCancel: Parameters<ExecutionCanceller['cancel']>[2];
  }>;
  /** A new flow over the same store, cloud and clock: what a restart looks like. */
  restart(): InstallFlow;
}

/** The harness; `policy` overrides the default (1 approval, anyone but the requester, 60 minutes). */
export function makeHarness(
  options: {
    policy?: Partial<ApprovalPolicy>;
    /** Per-channel rules over the defaults (which come from `policy`). */
    channels?: Record<string, Partial<PolicyRules>>;
    /** Rules every channel shares, over the open ones of `policy`. */
    defaults?: Partial<PolicyRules>;
    requests?: InstallRequest[];
    groups?: Record<string, string[]>;
  } = {},
): Harness {
  const clock = new FakeClock('2025-06-01T10:00:00Z');
  const oos = new FakeOos();
  const ecs = new FakeEcs([makeInstance(I1), makeInstance(I2)]);
  const catalog = new FakeCatalog();
  catalog.add(
    makePackage(NODE, {
      templateVersion: 'v27',
      displayName: { en: 'Node.js', zh: 'Node.js 运行环境' },
      constraints: { osTypes: ['linux'], osPlatforms: [], osVersions: [], instanceTypeFamilies: [] },
    }),
    [
      makeParameter('version', { default: 'v22.13.1', allowedValues: ['v20.18.1', 'v22.13.1'] }),
      makeParameter('registry', { default: '' }),
      makeParameter('adminPassword', { secret: true, default: '' }),
    ],
  );
  catalog.add(
    makePackage('ACS-Extension-IIS-1853370294850618', {
      displayName: { en: 'IIS', zh: '' },
      constraints: {
        osTypes: ['windows'],
        osPlatforms: ['Windows Server'],
        osVersions: [],
        instanceTypeFamilies: [],
      },
    }),
  );
  const store = new MemoryRequestStore(options.requests);
  const notifier = new FakeNotifier();
  const watcher = new FakeWatcher();
  const groups = new FakeUserGroups(options.groups);
  const launchLock = new ProcessLock();
  const cancels: Harness['cancels'] = [];
  const canceller: ExecutionCanceller = {
    cancel: async (requestId, userId, mayCancel) => {
      cancels.push({ requestId, userId, mayCancel });
      return { ok: false, reason: 'not_running' };
    },
  };
  let next = 1;
  const approval: ApprovalPolicy = {
    approvers: [],
    requiredApprovals: 1,
    allowSelfApproval: false,
    ttlMinutes: 60,
    ...options.policy,
  };
  const policies: PolicySet = {
    version: 'file:test0001',
    source: options.channels || options.defaults ? 'file' : 'env',
    defaults: { ...openRules(approval), ...options.defaults },
    channels: options.channels ?? {},
  };
  const build = () =>
    createInstallFlow({
      oos,
      ecs,
      catalog,
      matchPackage: matchByWords,
      extractTargets: simpleExtract,
      store,
      launchLock,
      notifier,
      watcher,
      canceller,
      groups,
      policy: approval,
      policies,
      catalogRegion: 'cn-hangzhou',
      clock,
      logger: silentLogger,
      idGenerator: () => `req-test${String(next++).padStart(4, '0')}`,
    });
  return {
    flow: build(),
    oos,
    ecs,
    catalog,
    store,
    notifier,
    watcher,
    groups,
    clock,
    launchLock,
    cancels,
    restart: build,
  };
}

/** A valid submission for NODE on I1 and I2 in cn-hangzhou. */
export function submission(fields: Partial<InstallSubmission> = {}): InstallSubmission {
  return {
    requester: REQUESTER,
    channelId: 'C0CHANNEL',
    locale: 'en',
    regionId: 'cn-hangzhou',
    instancesText: `${I1}, ${I2}`,
    packageName: NODE,
    parameterValues: { version: 'v22.13.1' },
    ...fields,
  };
}
