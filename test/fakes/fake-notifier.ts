/** A RequestNotifier and an ExecutionWatcher that record what they were told. */
import type { InstallRequest } from '../../src/domain/model.js';
import type {
  ExecutionWatcher,
  PostedConfirmation,
  RequestEvent,
  RequestNotifier,
} from '../../src/domain/ports.js';

/** Records every notify/refresh call; confirmations are posted unless `refuseConfirmation` is set. */
export class FakeNotifier implements RequestNotifier {
  readonly events: Array<{ requestId: string; status: string; event: RequestEvent }> = [];
  readonly refreshed: Array<{ requestId: string; status: string }> = [];
  /** Request ids whose confirmation was posted, in order. */
  readonly confirmations: string[] = [];
  /** Requesters told that their confirmation could not be posted, with Slack's code. */
  readonly notPosted: Array<{ requestId: string; code: string | undefined }> = [];
  /** When set, postConfirmation answers as Slack did with this error code. */
  refuseConfirmation: string | undefined;

  async postConfirmation(request: InstallRequest): Promise<PostedConfirmation> {
    if (this.refuseConfirmation) return { ok: false, code: this.refuseConfirmation };
    this.confirmations.push(request.id);
    return {
      ok: true,
      channelId: request.channelId,
      messageTs: `1700000000.${String(this.confirmations.length).padStart(6, '0')}`,
    };
  }

  async confirmationNotPosted(request: InstallRequest, code: string | undefined): Promise<void> {
    this.notPosted.push({ requestId: request.id, code });
  }

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
