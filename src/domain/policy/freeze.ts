/**
 * Freeze windows: spans of time in which nothing may be submitted or approved. A window holds from its
 * `from` (inclusive) to its `to` (exclusive); windows that overlap or touch make one longer freeze.
 */
import type { FreezeWindow } from './channel-policy.js';

/** A freeze in force: the window that holds now, and when the freeze (with any window it runs into) ends. */
export interface ActiveFreeze {
  window: FreezeWindow;
  /** End of the freeze, as written in the window that ends it (ISO 8601 with its offset). */
  until: string;
}

interface Span {
  window: FreezeWindow;
  from: number;
  to: number;
}

function spans(windows: readonly FreezeWindow[]): Span[] {
  return windows
    .map((window) => ({ window, from: Date.parse(window.from), to: Date.parse(window.to) }))
    .filter((span) => Number.isFinite(span.from) && Number.isFinite(span.to) && span.from < span.to);
}

/** The freeze in force at `now`, if any. */
export function activeFreeze(windows: readonly FreezeWindow[], now: Date): ActiveFreeze | undefined {
  const all = spans(windows);
  const at = now.getTime();
  const holding = all.filter((span) => span.from <= at && at < span.to);
  if (holding.length === 0) return undefined;
  const current = holding.reduce((a, b) => (b.to > a.to ? b : a));
  let end = current;
  for (;;) {
    const next = all.filter((span) => span.from <= end.to && span.to > end.to);
    if (next.length === 0) break;
    end = next.reduce((a, b) => (b.to > a.to ? b : a));
  }
  return { window: current.window, until: end.window.to };
}

/** Windows that hold now or start later, soonest first (past windows are of no further interest). */
export function currentAndUpcomingFreezes(windows: readonly FreezeWindow[], now: Date): FreezeWindow[] {
  const at = now.getTime();
  return spans(windows)
    .filter((span) => span.to > at)
    .sort((a, b) => a.from - b.from || a.to - b.to)
    .map((span) => span.window);
}
