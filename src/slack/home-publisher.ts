/**
 * Keeps Home tabs current: a user's Home is published when they open it, and again when a request they
 * see changes (created, approved, started, progressed, finished…), debounced per user so that the
 * several writes of one state change cost at most one `views.publish` per affected user, and no user
 * has two publishes in flight. Users who have opened their Home here (and each request's requester) are
 * the ones kept current; a replica knows its own viewers only, which Slack's per-user Home allows.
 * @see https://docs.slack.dev/reference/methods/views.publish
 */
import type { WebClient } from '@slack/web-api';
import type { Workbench } from '../domain/lifecycle/workbench.js';
import type { InstallRequest, Locale } from '../domain/model.js';
import type { Clock, Logger, PostedConfirmation, RequestEvent, RequestNotifier } from '../domain/ports.js';
import { renderHome } from './views/home.js';

/** Wait after a change before publishing, so the writes of one state change make one publish. */
export const HOME_DEBOUNCE_MS = 750;

/** Most users whose Home is kept current (the least recently seen are dropped past it). */
const MAX_VIEWERS = 5_000;

/** What the publisher is built from. */
export interface HomePublisherOptions {
  client: Pick<WebClient, 'views'>;
  /** The viewer's workbench (the domain's buildWorkbench). */
  workbench(userId: string): Promise<Workbench>;
  /** Of `candidates`, those a change of `request` concerns (the requester always). */
  concerned(request: InstallRequest, candidates: string[]): Promise<string[]>;
  locale(userId: string): Locale | Promise<Locale>;
  clock: Clock;
  logger: Logger;
  debounceMs?: number;
}

/** Publishes Home tabs; see the module comment. */
export class HomePublisher {
  private readonly viewers = new Map<string, true>();
  private readonly timers = new Map<string, () => void>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly routing = new Set<Promise<void>>();
  private readonly debounceMs: number;
  private stopped = false;
  /** views.publish calls made so far (for the bench and the logs). */
  publishes = 0;

  constructor(private readonly o: HomePublisherOptions) {
    this.debounceMs = o.debounceMs ?? HOME_DEBOUNCE_MS;
  }

  /** The user opened their Home: publish it now and keep it current from here on. */
  async opened(userId: string): Promise<void> {
    this.remember(userId);
    this.timers.get(userId)?.();
    this.timers.delete(userId);
    await this.publish(userId);
  }

  /** A request changed: schedule a publish for every viewer it concerns. Never throws. */
  changed(request: InstallRequest): void {
    if (this.stopped) return;
    const routed = this.route(request).catch((err: unknown) => {
      this.o.logger.warn({ err, requestId: request.id }, 'could not work out whose Home to refresh');
    });
    this.routing.add(routed);
    void routed.finally(() => this.routing.delete(routed));
  }

  /** Publishes every scheduled Home now and waits until none is in flight (tests, bench, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.routing]);
    const due = [...this.timers.keys()];
    for (const userId of due) {
      this.timers.get(userId)?.();
      this.timers.delete(userId);
    }
    await Promise.all(due.map((userId) => this.publish(userId)));
    await Promise.all([...this.inFlight.values()]);
    if (this.timers.size > 0 || this.routing.size > 0) await this.flush();
  }

  /** Stops scheduling; scheduled publishes are dropped (a user's next visit publishes afresh). */
  stop(): void {
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  private remember(userId: string): void {
    this.viewers.delete(userId);
    this.viewers.set(userId, true);
    if (this.viewers.size > MAX_VIEWERS) this.viewers.delete(this.viewers.keys().next().value as string);
  }

  private async route(request: InstallRequest): Promise<void> {
    const users = await this.o.concerned(request, [...this.viewers.keys()]);
    for (const userId of users) this.schedule(userId);
  }

  private schedule(userId: string): void {
    if (this.stopped || this.timers.has(userId)) return;
    const cancel = this.o.clock.setTimer(this.debounceMs, () => {
      this.timers.delete(userId);
      void this.publish(userId);
    });
    this.timers.set(userId, cancel);
  }

  /** One publish per user at a time; a change during it schedules one more afterwards. */
  private publish(userId: string): Promise<void> {
    const running = this.inFlight.get(userId);
    if (running) {
      this.again.add(userId);
      return running;
    }
    const work = this.render(userId).finally(() => {
      this.inFlight.delete(userId);
      if (this.again.delete(userId)) this.schedule(userId);
    });
    this.inFlight.set(userId, work);
    return work;
  }

  private async render(userId: string): Promise<void> {
    try {
      const [workbench, locale] = await Promise.all([this.o.workbench(userId), this.o.locale(userId)]);
      this.publishes += 1;
      await this.o.client.views.publish({ user_id: userId, view: renderHome(workbench, locale) });
    } catch (err) {
      this.o.logger.warn({ err, user: userId }, 'could not publish the Home tab');
    }
  }
}

/**
 * The notifier with Home refreshes: whatever it is told about a request (a new confirmation, a thread
 * reply, a re-rendered message) also schedules the Home tabs that request shows on.
 */
export function refreshingHomes(
  notifier: RequestNotifier,
  home: Pick<HomePublisher, 'changed'>,
): RequestNotifier {
  return {
    async postConfirmation(request: InstallRequest): Promise<PostedConfirmation> {
      try {
        return await notifier.postConfirmation(request);
      } finally {
        home.changed(request);
      }
    },
    confirmationNotPosted: (request, code) => notifier.confirmationNotPosted(request, code),
    async refreshRequestMessage(request: InstallRequest): Promise<void> {
      try {
        await notifier.refreshRequestMessage(request);
      } finally {
        home.changed(request);
      }
    },
    async notify(request: InstallRequest, event: RequestEvent): Promise<void> {
      try {
        await notifier.notify(request, event);
      } finally {
        home.changed(request);
      }
    },
  };
}
