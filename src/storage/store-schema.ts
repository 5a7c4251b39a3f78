/**
 * zod schema of the persisted store document (`{ version: 1, requests }`), mirroring InstallRequest.
 * Objects are loose so fields added later by a newer build survive a load and save.
 */
import { z } from 'zod';
import type { InstallRequest } from '../domain/model.js';
import { FINISHED_STATUSES, LIVE_STATUSES } from './request-facts.js';

const PreflightInstance = z.looseObject({
  instanceId: z.string(),
  name: z.string(),
  osType: z.string(),
  osName: z.string(),
  status: z.string(),
  cloudAssistant: z.enum(['online', 'offline', 'unknown']),
  installedVersion: z.string().optional(),
});

const DuplicateExecution = z.looseObject({
  executionId: z.string(),
  status: z.string(),
  instanceIds: z.array(z.string()),
  consoleUrl: z.string(),
});

const HistoryEntry = z.looseObject({
  at: z.string(),
  type: z.enum([
    'created',
    'approved',
    'rejected',
    'refused',
    'expired',
    'withdrawn',
    'starting',
    'started',
    'start_failed',
    'blocked',
    'status',
    'cancel_requested',
    'cancel_failed',
    'pending_report',
    'final_report',
    'reminded',
    'wave_started',
    'rollout_paused',
    'rollout_continued',
    'rollout_stopped',
    'error',
  ]),
  actor: z.string().optional(),
  detail: z.string().optional(),
});

const InstanceOutcome = z.looseObject({
  instanceId: z.string(),
  status: z.string(),
  message: z.string(),
  output: z.string().optional(),
  configuration: z.string().optional(),
});

const ExecutionTracking = z.looseObject({
  executionId: z.string(),
  regionId: z.string(),
  consoleUrl: z.string(),
  status: z.string(),
  statusMessage: z.string(),
  startedAt: z.string(),
  lastPolledAt: z.string().optional(),
  endedAt: z.string().optional(),
  instances: z.array(InstanceOutcome),
  lastNotifiedKey: z.string().optional(),
  pendingReportAt: z.string().optional(),
  finalReportAt: z.string().optional(),
});

const RolloutWave = z.looseObject({
  number: z.number().int().positive(),
  stage: z.number().int().positive(),
  instanceIds: z.array(z.string()),
  action: z.enum(['install', 'update', 'uninstall']),
  packageVersion: z.string().optional(),
  clientToken: z.string(),
  status: z.enum([
    'planned',
    'starting',
    'running',
    'succeeded',
    'failed',
    'cancelled',
    'start_failed',
    'skipped',
  ]),
  executionId: z.string().optional(),
  executionStatus: z.string().optional(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  detail: z.string().optional(),
  unconfirmedAt: z.string().optional(),
});

const Rollout = z.looseObject({
  mode: z.enum(['all', 'canary', 'waves']),
  waveSize: z.number().int().nonnegative(),
  waves: z.array(RolloutWave),
  pause: z
    .looseObject({
      reason: z.enum(['canary', 'failure', 'freeze']),
      afterStage: z.number().int().nonnegative(),
      at: z.string(),
      freeze: z.looseObject({ reason: z.string(), until: z.string() }).optional(),
    })
    .optional(),
  stopped: z.looseObject({ by: z.string(), at: z.string() }).optional(),
  continued: z
    .array(z.looseObject({ by: z.string(), at: z.string(), afterStage: z.number().int().nonnegative() }))
    .optional(),
});

/** One stored install request. */
export const StoredRequest: z.ZodType<InstallRequest> = z.looseObject({
  id: z.string().min(1),
  // Files written before versions existed hold none: their requests start at 1.
  version: z.number().int().positive().default(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  requester: z.string(),
  teamId: z.string().optional(),
  channelId: z.string(),
  messageTs: z.string().optional(),
  locale: z.enum(['en', 'zh']),
  regionId: z.string(),
  instanceIds: z.array(z.string()),
  action: z.enum(['install', 'update', 'uninstall']).optional(),
  packageName: z.string(),
  packageVersion: z.string().optional(),
  latestVersion: z.string().optional(),
  packageDisplayName: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  secretParameterNames: z.array(z.string()),
  defaultsUsed: z.array(z.string()),
  concurrency: z.number().int(),
  maxErrors: z.number().int(),
  preflight: z.array(PreflightInstance),
  duplicates: z.array(DuplicateExecution),
  policy: z.looseObject({
    approvers: z.array(z.string()),
    requiredApprovals: z.number().int(),
    allowSelfApproval: z.boolean(),
    ttlMinutes: z.number(),
  }),
  approvals: z.array(z.looseObject({ userId: z.string(), at: z.string() })),
  expiresAt: z.string(),
  status: z.enum([...LIVE_STATUSES, ...FINISHED_STATUSES]),
  clientToken: z.string(),
  startUnconfirmedAt: z.string().optional(),
  reason: z.string().optional(),
  policyVersion: z.string().optional(),
  remindApprovers: z.boolean().optional(),
  remindedAt: z.string().optional(),
  rollout: Rollout.optional(),
  startParameters: z.string().optional(),
  execution: ExecutionTracking.optional(),
  verified: z
    .array(
      z.looseObject({
        instanceId: z.string(),
        state: z.enum(['recorded', 'missing', 'unread']),
        version: z.string().optional(),
      }),
    )
    .optional(),
  undoOf: z.string().optional(),
  history: z.array(HistoryEntry),
});
/** One stored install request. */
export type StoredRequest = z.infer<typeof StoredRequest>;

/** The version this build reads and writes. */
export const STORE_VERSION = 1;

/** The whole store file. */
export const StoreDocument = z.object({
  version: z.literal(STORE_VERSION),
  requests: z.array(StoredRequest),
});
/** The whole store file. */
export type StoreDocument = z.infer<typeof StoreDocument>;
