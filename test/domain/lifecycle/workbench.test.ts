import { describe, expect, it } from 'vitest';
import { buildWorkbench, concernedUsers } from '../../../src/domain/lifecycle/workbench.js';
import type { InstallRequest } from '../../../src/domain/model.js';
import { FakeUserGroups } from '../../fakes/fake-groups.js';
import { MemoryRequestStore } from '../../fakes/memory-store.js';
import { makeRequest } from '../../fakes/requests.js';

const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const CAROL = 'U0CAROL';
const groups = new FakeUserGroups({ S0OPS: [BOB] });
const groupMembers = (g: string) => groups.members(g);

function request(id: string, fields: Partial<InstallRequest> = {}): InstallRequest {
  return makeRequest({
    id,
    requester: ALICE,
    policy: { approvers: ['S0OPS'], requiredApprovals: 2, allowSelfApproval: false, ttlMinutes: 60 },
    ...fields,
  });
}

describe('buildWorkbench', () => {
  it('lists what waits for the viewer, what runs that concerns them, and their own recent requests', async () => {
    const store = new MemoryRequestStore([
      request('req-old', { createdAt: '2025-06-01T09:00:00.000Z' }),
      request('req-new', { createdAt: '2025-06-01T09:30:00.000Z' }),
      request('req-voted', { approvals: [{ userId: BOB, at: '2025-06-01T09:40:00.000Z' }] }),
      request('req-run', { status: 'running' }),
      request('req-bob', { requester: BOB, status: 'succeeded' }),
    ]);

    const bob = await buildWorkbench({ store, groupMembers }, BOB);
    const carol = await buildWorkbench({ store, groupMembers }, CAROL);
    const alice = await buildWorkbench({ store, groupMembers }, ALICE);

    expect(bob.awaiting.map((r) => r.id)).toEqual(['req-old', 'req-new']);
    expect(bob.running.map((r) => r.id)).toEqual(['req-run']);
    expect(bob.recent.map((r) => r.id)).toEqual(['req-bob']);
    expect(carol.awaiting).toEqual([]);
    expect(carol.running).toEqual([]);
    expect(alice.awaiting).toEqual([]);
    expect(alice.running.map((r) => r.id)).toEqual(['req-run']);
  });
});

describe('concernedUsers', () => {
  it('is the requester and, of the candidates, those who may approve', async () => {
    const users = await concernedUsers(request('req-1'), [BOB, CAROL], groupMembers);

    expect(users).toEqual([ALICE, BOB]);
  });
});
