/** A RequestNotifier and an ExecutionWatcher that record what they were told. */
import type { InstallRequest } from '../../src/domain/model.js';
import type { ExecutionWatcher, RequestEvent, RequestNotifier } from '../../src/domain/ports.js';

/** Records every notify/refresh call. */
export class FakeNotifier implements RequestNotifier {
  readonly events: Array<{ requestId: string; status: string; event: RequestEvent }> = [];
  readonly refreshed: Array<{ requestId: string; status: string }> = [];

  async refreshRequestMessage(request: InstallRequest): Promise<void> {
    this.refreshed.push({ requestId: request.id, status: request.status });
  }

  async notify(request: InstallRequest, event: RequestEvent): Promise<void> {
    this.events.push({ requestId: request.id, status: request.status, event });
  }

  /** Kinds of the recorded events, in order. */
  kinds(): string[] {
    return this.events.map((e) => e.event.kind);
  }
}

/** Records the request ids it was asked to watch. */
export class FakeWatcher implements ExecutionWatcher {
  readonly watched: string[] = [];

  watch(requestId: string): void {
    this.watched.push(requestId);
  }
}
