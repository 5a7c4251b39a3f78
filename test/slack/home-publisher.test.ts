import { describe, expect, it } from 'vitest';
import { buildWorkbench, concernedUsers } from '../../src/domain/lifecycle/workbench.js';
import type { InstallRequest } from '../../src/domain/model.js';
import { silentLogger } from '../../src/domain/ports.js';
import { HomePublisher, refreshingHomes } from '../../src/slack/home-publisher.js';
import { FakeClock, settle } from '../fakes/fake-clock.js';
import { FakeUserGroups } from '../fakes/fake-groups.js';
import { FakeNotifier } from '../fakes/fake-notifier.js';
import { MemoryRequestStore } from '../fakes/memory-store.js';
import { makeRequest } from '../fakes/requests.js';

const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const CAROL = 'U0CAROL';

/** A publisher over a memory store, counting views.publish per user. */
function world(policyApprovers: string[] = [BOB]) {
  const clock = new FakeClock();
  const store = new MemoryRequestStore();
  const groups = new FakeUserGroups({ S0OPS: [CAROL] });
  const published: Array<{ user: string; view: unknown }> = [];
  const groupMembers = (g: string) => groups.members(g);
  const home = new HomePublisher({
    client: {
      views: {
        publish: async (args: { user_id: string; view: unknown }) => {
          published.push({ user: args.user_id, view: args.view });
          return { ok: true };
        },
      },
    } as never,
    workbench: (userId) => buildWorkbench({ store, groupMembers }, userId),
    concerned: (request, candidates) => concernedUsers(request, candidates, groupMembers),
    locale: () => 'en',
    clock,
    logger: silentLogger,
    debounceMs: 500,
  });
  const request = (fields: Partial<InstallRequest> = {}) =>
    makeRequest({
      requester: ALICE,
      policy: { approvers: policyApprovers, requiredApprovals: 1, allowSelfApproval: false, ttlMinutes: 60 },
      ...fields,
    });
  const count = (user: string) => published.filter((p) => p.user === user).length;
  return { clock, store, home, published, request, count };
}

describe('HomePublisher', () => {
  it('publishes at once when opened, then once per affected user for a burst of writes of one change', async () => {
    const w = world();
    await w.home.opened(BOB);
    await w.home.opened(CAROL);
    const created = await w.store.create(w.request());

    for (let i = 0; i < 5; i += 1) w.home.changed(created);
    await settle();
    await w.clock.advance(500);

    expect(w.count(BOB)).toBe(2);
    expect(w.count(ALICE)).toBe(1);
    expect(w.count(CAROL)).toBe(1);
    expect(JSON.stringify(w.published.filter((p) => p.user === BOB).at(-1)?.view)).toContain(created.id);
  });

  it('refreshes the approvers a pending request shows to, and the requester, but not others', async () => {
    const w = world(['S0OPS']);
    await w.home.opened(BOB);
    await w.home.opened(CAROL);
    const created = await w.store.create(w.request());

    w.home.changed(created);
    await settle();
    await w.clock.advance(500);

    expect([w.count(ALICE), w.count(BOB), w.count(CAROL)]).toEqual([1, 1, 2]);
    const carol = JSON.stringify(w.published.filter((p) => p.user === CAROL).at(-1)?.view);
    expect(carol).toContain(created.id);
    expect(carol).toContain('"action_id":"approve"');
  });

  it('publishes again after a change that arrives while a publish is in flight, never two at once', async () => {
    const w = world();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inFlight = 0;
    let most = 0;
    const slow = new HomePublisher({
      client: {
        views: {
          publish: async () => {
            inFlight += 1;
            most = Math.max(most, inFlight);
            await gate;
            inFlight -= 1;
            return { ok: true };
          },
        },
      } as never,
      workbench: async (userId) => ({ userId, awaiting: [], running: [], recent: [] }),
      concerned: async (request) => [request.requester],
      locale: () => 'en',
      clock: w.clock,
      logger: silentLogger,
      debounceMs: 100,
    });
    const first = slow.opened(ALICE);
    slow.changed(w.request());
    await settle();
    await w.clock.advance(100);
    release();
    await first;
    await settle();
    await w.clock.advance(100);
    await slow.flush();

    expect(most).toBe(1);
    expect(slow.publishes).toBe(2);
  });

  it('hears every change the notifier is told of', async () => {
    const w = world();
    const inner = new FakeNotifier();
    const notifier = refreshingHomes(inner, w.home);
    const created = await w.store.create(w.request());

    await notifier.notify(created, { kind: 'progress' });
    await notifier.refreshRequestMessage(created);
    await w.home.flush();

    expect(inner.events.map((e) => e.event.kind)).toEqual(['progress']);
    expect(w.count(ALICE)).toBe(1);
  });
});
