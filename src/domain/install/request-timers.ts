/** One timer per request (its expiry, or a retry of its reconcile), on the injected clock. */
import type { Clock, Logger } from '../ports.js';

/** setTimeout's longest delay; longer waits fire early and are rescheduled by their handler. */
const MAX_TIMER_MS = 2_147_483_647;

/** Timers keyed by request id; setting one replaces the earlier one of that request. */
export class RequestTimers {
  readonly #timers = new Map<string, () => void>();
  #stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Runs `fire` after `ms` (capped), replacing the request's earlier timer; nothing after stop(). */
  set(requestId: string, ms: number, fire: () => Promise<void>): void {
    if (this.#stopped) return;
    this.cancel(requestId);
    const cancel = this.clock.setTimer(Math.min(Math.max(0, ms), MAX_TIMER_MS), () => {
      if (this.#timers.get(requestId) === cancel) this.#timers.delete(requestId);
      fire().catch((err: unknown) => this.logger.error({ err, requestId }, 'install request timer failed'));
    });
    this.#timers.set(requestId, cancel);
  }

  /** Cancels the request's timer, if any. */
  cancel(requestId: string): void {
    this.#timers.get(requestId)?.();
    this.#timers.delete(requestId);
  }

  /** Cancels every timer and refuses new ones. */
  stop(): void {
    this.#stopped = true;
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
  }
}
