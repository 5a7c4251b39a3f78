/** Builds stored install requests for tests. */
import type { InstallRequest } from '../../src/domain/model.js';

/** A pending request for one instance, approvals required 1, no approver list, expiring in 24 h. */
export function makeRequest(fields: Partial<InstallRequest> = {}): InstallRequest {
  const id = fields.id ?? 'req-abcdefgh';
  return {
    id,
    version: 1,
    createdAt: '2025-06-01T10:00:00.000Z',
    updatedAt: '2025-06-01T10:00:00.000Z',
    requester: 'U0REQUESTER',
    channelId: 'C0CHANNEL',
    locale: 'en',
    regionId: 'cn-hangzhou',
    instanceIds: ['i-bp1abcdefghij0123456'],
    packageName: 'ACS-Extension-node-1853370294850618',
    packageVersion: 'v27',
    packageDisplayName: 'Node.js',
    parameters: { version: 'v22.13.1' },
    secretParameterNames: [],
    defaultsUsed: ['version'],
    concurrency: 1,
    maxErrors: 0,
    preflight: [],
    duplicates: [],
    policy: { approvers: [], requiredApprovals: 1, allowSelfApproval: false, ttlMinutes: 1440 },
    approvals: [],
    expiresAt: '2025-06-02T10:00:00.000Z',
    status: 'pending',
    clientToken: `ecs-ext-${id}`,
    history: [{ at: '2025-06-01T10:00:00.000Z', type: 'created', actor: 'U0REQUESTER' }],
    ...fields,
  };
}
