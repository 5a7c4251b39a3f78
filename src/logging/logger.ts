/**
 * The root pino logger: JSON by default, pretty in an interactive terminal during development, with
 * secrets redacted both by key (tokens, secrets, Authorization headers) and inside free text.
 */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { type Logger as PinoLogger, pino } from 'pino';

/** Object keys whose values are never written to a log. */
export const REDACTED_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'secret',
  'password',
  'accessKeyId',
  'accessKeySecret',
  'securityToken',
  'authorization',
  'Authorization',
  'headers.authorization',
  'headers.Authorization',
  'headers["x-slack-signature"]',
  'headers["x-acs-security-token"]',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.secret',
  '*.password',
  '*.accessKeySecret',
  '*.securityToken',
  '*.authorization',
  '*.Authorization',
  '*.headers.authorization',
  'err.config',
  'err.request',
];

const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g, // Slack bot/user tokens
  /xapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /\bLTAI[A-Za-z0-9]{8,}\b/g, // Alibaba Cloud AccessKey ids
  /\bSTS\.[A-Za-z0-9]{8,}\b/g, // STS AccessKey ids
  /(Signature=)[0-9a-f]{64}/g, // ACS3 signatures
  /(v0=)[0-9a-f]{64}/g, // Slack request signatures
];

/** Replace anything that looks like a token, key id or signature in free text. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(
      pattern,
      (_m, prefix?: string) => `${typeof prefix === 'string' ? prefix : ''}[REDACTED]`,
    );
  }
  return out;
}

/** Options of the root logger. */
export interface LoggerOptions {
  level: string;
  /** Pretty-print (pino-pretty) instead of JSON. */
  pretty: boolean;
  /** Where JSON lines go (tests, benchmarks); default stdout. */
  destination?: NodeJS.WritableStream;
}

/** Create the one root logger. */
export function createRootLogger(options: LoggerOptions): PinoLogger {
  const base = {
    level: options.level,
    base: { service: 'ecs-ext' },
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    hooks: {
      logMethod(this: PinoLogger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)),
        );
      },
    },
    formatters: {
      log(object: Record<string, unknown>) {
        const err = object.err;
        if (err instanceof Error) {
          return {
            ...object,
            err: {
              type: err.name,
              message: scrubSecrets(err.message),
              code: (err as { code?: unknown }).code,
            },
          };
        }
        return object;
      },
    },
  };
  if (options.pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } },
    });
  }
  return options.destination ? pino(base, options.destination as never) : pino(base);
}

const BOLT_LEVELS: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/** Bolt's logger interface, backed by a pino child, so Bolt's own logs are JSON, leveled and scrubbed. */
export function boltLogger(root: PinoLogger): BoltLogger {
  let log = root.child({ component: 'bolt' });
  const text = (msgs: unknown[]) =>
    scrubSecrets(
      msgs
        .map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m)))
        .join(' '),
    );
  // Bolt logs several debug lines per request; format them only when they will be written.
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msgs: unknown[]) => {
      if (log.isLevelEnabled(level)) log[level](text(msgs));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: () => {
      // The level is set once on the root logger from LOG_LEVEL; Bolt may not change it.
    },
    getLevel: () => BOLT_LEVELS[root.level] ?? LogLevel.INFO,
    setName: (name: string) => {
      log = root.child({ component: name });
    },
  };
}
