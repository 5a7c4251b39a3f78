import { describe, expect, it } from 'vitest';
import { MemoryDeliveryDedupe } from '../../src/storage/memory-dedupe.js';
import { FakeClock } from '../fakes/fake-clock.js';

describe('MemoryDeliveryDedupe', () => {
  it('says first once per key while the key is remembered, and again after it expires', async () => {
    const clock = new FakeClock();
    const dedupe = new MemoryDeliveryDedupe(clock);

    const first = await dedupe.firstSeen('event:T1:Ev1', 1000);
    const repeat = await dedupe.firstSeen('event:T1:Ev1', 1000);
    const other = await dedupe.firstSeen('event:T1:Ev2', 1000);
    await clock.advance(1000);
    const afterExpiry = await dedupe.firstSeen('event:T1:Ev1', 1000);

    expect([first, repeat, other, afterExpiry]).toEqual([true, false, true, true]);
  });

  it('sweeps expired keys once it holds many, so memory stays bounded', async () => {
    const clock = new FakeClock();
    const dedupe = new MemoryDeliveryDedupe(clock);
    for (let i = 0; i < 10_000; i++) await dedupe.firstSeen(`old-${i}`, 10);
    await clock.advance(20);

    await dedupe.firstSeen('new-1', 10);
    await dedupe.firstSeen('new-2', 10);

    expect(dedupe.size).toBe(2);
  });
});
