/**
 * The root pino logger: JSON by default, pretty in an interactive terminal during development. No secret
 * reaches a log line at any level: values under credential keys are redacted, free text (messages, error
 * messages and stacks, Bolt's own lines) is scrubbed of tokens and `key=value`-style credentials, and the
 * request and response bodies Bolt and the Web API client print at debug level are left out.
 */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { type Logger as PinoLogger, pino } from 'pino';
import { isCredentialKey, maskCredentialText } from '../domain/tracking/credentials.js';

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
];

const REDACTED = '[REDACTED]';

const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g, // Slack bot/user tokens
  /xapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /\bLTAI[A-Za-z0-9]{8,}\b/g, // Alibaba Cloud AccessKey ids
  /\bSTS\.[A-Za-z0-9]{8,}\b/g, // STS AccessKey ids
  /(Signature=)[0-9a-f]{64}/g, // ACS3 signatures
  /(v0=)[0-9a-f]{64}/g, // Slack request signatures
];

/**
 * Free text without secrets: tokens, key ids and signatures replaced, and credentials in any shape
 * (`password=…`, `"token": "…"`, `-p<pw>`, `user:pw@host`, `初始密码：…`) masked.
 */
export function scrubSecrets(text: string): string {
  return maskCredentialText(scrubTokens(text));
}

function scrubTokens(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(
      pattern,
      (_m, prefix?: string) => `${typeof prefix === 'string' ? prefix : ''}${REDACTED}`,
    );
  }
  return out;
}

/** Error fields that carry a whole HTTP exchange (SDK errors): never logged. */
const DROPPED_ERROR_FIELDS = new Set(['config', 'request', 'response', 'headers', 'body']);
/** How deep a logged object is walked for secrets; deeper values are cut off. */
const MAX_DEPTH = 6;

/** A copy of a log value with secret keys redacted and every string scrubbed. */
function scrubValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const primitive = typeof inner !== 'object' || inner === null;
    out[key] =
      primitive && inner !== '' && isCredentialKey(key) ? REDACTED : scrubValue(inner, depth + 1, seen);
  }
  return out;
}

/**
 * pino's standard error serializer (type, message, stack, code, cause and own fields), then only the text
 * scrubbed: an error keeps its class and stack, and loses its secrets and any HTTP exchange it carries.
 */
export function serializeError(err: unknown): unknown {
  const serialized = pino.stdSerializers.err(err as Error) as unknown;
  if (typeof serialized !== 'object' || serialized === null) return scrubValue(serialized, 0, new WeakSet());
  const kept = Object.fromEntries(
    Object.entries(serialized).filter(([key]) => !DROPPED_ERROR_FIELDS.has(key)),
  );
  return scrubValue(kept, 0, new WeakSet());
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
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      logMethod(this: PinoLogger, args: unknown[], method: (...a: unknown[]) => void) {
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a));
        // Without a message pino uses the error's own message as is; give it the scrubbed one.
        const [first] = scrubbed;
        if (scrubbed.length === 1 && typeof first === 'object' && first !== null) {
          const err = first instanceof Error ? first : (first as { err?: unknown }).err;
          if (err instanceof Error) scrubbed.push(scrubSecrets(err.message));
        }
        method.apply(this, scrubbed);
      },
      // The last net, on the finished JSON line: token shapes only, which can never break the JSON.
      streamWrite: scrubTokens,
    },
    formatters: {
      log(object: Record<string, unknown>) {
        const out: Record<string, unknown> = {};
        const seen = new WeakSet<object>();
        for (const [key, value] of Object.entries(object)) {
          // Errors go through the serializer, which keeps their class and stack.
          if (key === 'err' || key === 'error') out[key] = value;
          else if (isCredentialKey(key) && (typeof value !== 'object' || value === null)) out[key] = REDACTED;
          else out[key] = scrubValue(value, 0, seen);
        }
        return out;
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

/**
 * Lines where Bolt, the Web API client or the Socket Mode client print a whole request or response body
 * (a form's typed values, a private message's text): group 1 is kept, the body after it is left out.
 */
const BODY_LINES: RegExp[] = [
  /^(http request (?:body|result|headers): )[\s\S]*$/,
  /^(Received a message on the WebSocket: )[\s\S]*$/,
  /^(Unable to parse an incoming WebSocket message[^,]*, )[\s\S]*$/,
  /^(ack\(\) (?:call begins|response sent|response stored) \(body: )[\s\S]*$/,
  /^(Calling ack\(\) - [^,]*, [^,]*, data: )[\s\S]*$/,
  /^(AWS event: )[\s\S]*$/,
  /^(\{)[\s\S]*$/, // developer mode logs each request body as bare JSON
];

/** A Bolt log line without bodies and secrets. */
export function boltLine(msgs: unknown[]): string {
  const joined = msgs
    .map((m) =>
      m instanceof Error ? `${m.name}: ${m.message}` : typeof m === 'string' ? m : JSON.stringify(m),
    )
    .join(' ');
  for (const pattern of BODY_LINES) {
    const match = pattern.exec(joined);
    if (match) return `${match[1] === '{' ? '' : match[1]}[body left out: ${joined.length} chars]`;
  }
  return scrubSecrets(joined);
}

/** Bolt's logger interface, backed by a pino child, so Bolt's own logs are JSON, leveled and scrubbed. */
export function boltLogger(root: PinoLogger): BoltLogger {
  let log = root.child({ component: 'bolt' });
  // Bolt logs several debug lines per request; format them only when they will be written.
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msgs: unknown[]) => {
      if (log.isLevelEnabled(level)) log[level](boltLine(msgs));
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
