/**
 * Process-level nets: a promise rejection nobody handled, or an exception nobody caught, is logged (with
 * its class and stack, secrets scrubbed) and the bot keeps serving. Only exceptions that keep coming —
 * a sign the process is in a broken state — stop it, so the supervisor restarts it and the store resumes
 * the work.
 */
import type { Logger as PinoLogger } from 'pino';

/** The part of `process` the nets use. */
export interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (err: Error, origin: string) => void): unknown;
}

/** Options of the nets. */
export interface ProcessNetOptions {
  /** Called once when uncaught exceptions keep coming: stop cleanly with a failure exit code. */
  onFatal: () => void;
  /** This many uncaught exceptions within `windowMs` stop the process (default 5 in a minute). */
  maxUncaught?: number;
  windowMs?: number;
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
}

/** Installs the nets on `proc` (the real `process` in main.ts). */
export function installProcessNets(
  proc: ProcessEvents,
  logger: PinoLogger,
  options: ProcessNetOptions,
): void {
  const maxUncaught = options.maxUncaught ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const recent: number[] = [];
  let fatal = false;

  proc.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection; the bot keeps serving');
  });
  proc.on('uncaughtException', (err, origin) => {
    const at = now();
    recent.push(at);
    while (recent.length > 0 && (recent[0] ?? at) <= at - windowMs) recent.shift();
    if (recent.length < maxUncaught) {
      logger.error({ err, origin }, 'uncaught exception; the bot keeps serving');
      return;
    }
    logger.fatal({ err, origin, count: recent.length }, 'uncaught exceptions keep coming; stopping');
    if (!fatal) {
      fatal = true;
      options.onFatal();
    }
  });
}
