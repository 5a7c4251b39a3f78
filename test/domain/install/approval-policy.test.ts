import { describe, expect, it } from 'vitest';
import {
  evaluateApproval,
  evaluateRejection,
  hasQuorum,
  isApproverOf,
} from '../../../src/domain/install/approval-policy.js';
import type { ApprovalPolicy, InstallRequest } from '../../../src/domain/model.js';
import { FakeUserGroups } from '../../fakes/fake-groups.js';
import { makeRequest } from '../../fakes/requests.js';

function policy(fields: Partial<ApprovalPolicy> = {}): ApprovalPolicy {
  return { approvers: [], requiredApprovals: 1, allowSelfApproval: false, ttlMinutes: 60, ...fields };
}

function check(request: InstallRequest, userId: string, groups = new FakeUserGroups()) {
  return { policy: request.policy, request, userId, groupMembers: (id: string) => groups.members(id) };
}

describe('evaluateApproval', () => {
  it('lets anyone but the requester approve when no approvers are configured', async () => {
    const request = makeRequest({ policy: policy() });

    const verdict = await evaluateApproval(check(request, 'U0ANYONE'));

    expect(verdict).toEqual({ allowed: true });
  });

  it('refuses self-approval by default', async () => {
    const request = makeRequest({ policy: policy() });

    const verdict = await evaluateApproval(check(request, 'U0REQUESTER'));

    expect(verdict).toEqual({ allowed: false, reason: 'self_approval' });
  });

  it('refuses self-approval even when the requester is a listed approver', async () => {
    const request = makeRequest({ policy: policy({ approvers: ['U0REQUESTER'] }) });

    const verdict = await evaluateApproval(check(request, 'U0REQUESTER'));

    expect(verdict).toEqual({ allowed: false, reason: 'self_approval' });
  });

  it('allows self-approval when the policy says so', async () => {
    const request = makeRequest({ policy: policy({ allowSelfApproval: true }) });

    const verdict = await evaluateApproval(check(request, 'U0REQUESTER'));

    expect(verdict).toEqual({ allowed: true });
  });

  it('refuses a user who is not in the approver list', async () => {
    const request = makeRequest({ policy: policy({ approvers: ['U0BOSS', 'S0OPS'] }) });
    const groups = new FakeUserGroups({ S0OPS: ['U0OPS1'] });

    const verdict = await evaluateApproval(check(request, 'U0STRANGER', groups));

    expect(verdict).toEqual({ allowed: false, reason: 'not_approver' });
  });

  it('accepts a listed user (U… and W…) without asking for groups', async () => {
    const request = makeRequest({ policy: policy({ approvers: ['S0OPS', 'W0ENTERPRISE'] }) });
    const groups = new FakeUserGroups({ S0OPS: [] });

    const verdict = await evaluateApproval(check(request, 'W0ENTERPRISE', groups));

    expect(verdict).toEqual({ allowed: true });
    expect(groups.lookups).toBe(0);
  });

  it('accepts a member of a listed user group', async () => {
    const request = makeRequest({ policy: policy({ approvers: ['U0BOSS', 'S0OPS'] }) });
    const groups = new FakeUserGroups({ S0OPS: ['U0OPS1', 'U0OPS2'] });

    const verdict = await evaluateApproval(check(request, 'U0OPS2', groups));

    expect(verdict).toEqual({ allowed: true });
  });

  it('counts a user once: a second click is already_approved', async () => {
    const request = makeRequest({
      policy: policy({ requiredApprovals: 2 }),
      approvals: [{ userId: 'U0ONE', at: '2025-06-01T10:10:00.000Z' }],
    });

    const verdict = await evaluateApproval(check(request, 'U0ONE'));

    expect(verdict).toEqual({ allowed: false, reason: 'already_approved' });
  });

  it.each(['rejected', 'expired', 'running', 'starting', 'withdrawn'] as const)(
    'refuses approval of a %s request as not_pending',
    async (status) => {
      const request = makeRequest({ status });

      const verdict = await evaluateApproval(check(request, 'U0ANYONE'));

      expect(verdict).toEqual({ allowed: false, reason: 'not_pending' });
    },
  );
});

describe('hasQuorum', () => {
  it('needs as many distinct approvals as the policy requires (quorum 2)', () => {
    const one = makeRequest({
      policy: policy({ requiredApprovals: 2 }),
      approvals: [{ userId: 'U0ONE', at: 'x' }],
    });
    const two = { ...one, approvals: [...one.approvals, { userId: 'U0TWO', at: 'y' }] };

    expect(hasQuorum(one)).toBe(false);
    expect(hasQuorum(two)).toBe(true);
  });
});

describe('evaluateRejection', () => {
  it('lets the requester reject their own request', async () => {
    const request = makeRequest({ policy: policy({ approvers: ['U0BOSS'] }) });

    const verdict = await evaluateRejection(check(request, 'U0REQUESTER'));

    expect(verdict).toEqual({ allowed: true });
  });

  it('lets a group approver reject and refuses others', async () => {
    const request = makeRequest({ policy: policy({ approvers: ['S0OPS'] }) });
    const groups = new FakeUserGroups({ S0OPS: ['U0OPS1'] });

    const member = await evaluateRejection(check(request, 'U0OPS1', groups));
    const stranger = await evaluateRejection(check(request, 'U0STRANGER', groups));

    expect(member).toEqual({ allowed: true });
    expect(stranger).toEqual({ allowed: false, reason: 'not_approver' });
  });

  it('refuses to reject a request that is no longer pending', async () => {
    const request = makeRequest({ status: 'running' });

    const verdict = await evaluateRejection(check(request, 'U0ANYONE'));

    expect(verdict).toEqual({ allowed: false, reason: 'not_pending' });
  });
});

describe('isApproverOf (who may cancel besides the requester)', () => {
  it('counts anyone but the requester when no approvers are configured', async () => {
    const request = makeRequest({ policy: policy() });
    const groups = new FakeUserGroups();

    const teammate = await isApproverOf(request, 'U0ANYONE', (g) => groups.members(g));
    const requester = await isApproverOf(request, request.requester, (g) => groups.members(g));

    expect([teammate, requester]).toEqual([true, false]);
  });

  it('counts listed users and group members, and whoever approved, but nobody else', async () => {
    const request = makeRequest({
      policy: policy({ approvers: ['U0BOSS', 'S0OPS'] }),
      approvals: [{ userId: 'U0FORMER', at: '2026-01-01T00:00:00Z' }],
    });
    const groups = new FakeUserGroups({ S0OPS: ['U0OPS1'] });
    const ask = (user: string) => isApproverOf(request, user, (g) => groups.members(g));

    const answers = await Promise.all(['U0BOSS', 'U0OPS1', 'U0FORMER', 'U0STRANGER'].map(ask));

    expect(answers).toEqual([true, true, true, false]);
  });
});
