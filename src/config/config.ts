/**
 * The bot's configuration: a zod schema of the environment (see CONTRACT.md) and `loadConfig`, which
 * lists every problem at once in words a person can act on.
 */
import { z } from 'zod';
import type { PolicySet } from '../domain/policy/channel-policy.js';
import { buildPolicySet, readPolicyFile, unreachableQuorums } from './policy-file.js';

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), 'must be true or false')
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveNumber = z.coerce.number({ error: 'must be a number' }).positive('must be greater than 0');

const endpointOverride = z
  .string()
  .trim()
  .min(1)
  .refine((v) => !/\s/.test(v), 'must not contain spaces')
  .refine((v) => !/^[a-z]+:\/\//i.test(v) || /^https?:\/\//i.test(v), 'must use http:// or https://')
  .optional();

const ApproverId = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,}$/, 'is not a Slack user (U…/W…) or user-group (S…) ID');

/** The variables that say where requests are stored (shared by the bot and the store tools). */
const StoreFields = {
  ECS_EXT_DB_FILE: z.string().trim().min(1, 'must not be empty').default('./data/ecs-ext.json'),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/i.test(v), 'must be a postgres:// URL')
    .optional(),
  ECS_EXT_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a number' })
    .min(0, 'must be 0 (keep everything) or more')
    .default(0),
};

/** The environment variables the bot reads, with their defaults. */
export const EnvSchema = z
  .object({
    SLACK_BOT_TOKEN: z
      .string({ error: 'is required' })
      .trim()
      .regex(/^xoxb-/, 'must be a bot token starting with xoxb-'),
    SLACK_SIGNING_SECRET: z.string().trim().min(1, 'must not be empty').optional(),
    SLACK_APP_TOKEN: z
      .string()
      .trim()
      .regex(/^xapp-/, 'must be an app-level token starting with xapp-')
      .optional(),
    SLACK_API_URL: z
      .url({ error: 'must be a URL' })
      .default('https://slack.com/api/')
      .transform((v) => (v.endsWith('/') ? v : `${v}/`)),
    PORT: z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a whole number')
      .min(0, 'must be 0–65535')
      .max(65535, 'must be 0–65535')
      .default(3000),
    ECS_EXT_OOS_ENDPOINT: endpointOverride,
    ECS_EXT_ECS_ENDPOINT: endpointOverride,
    ECS_EXT_CATALOG_REGION: z
      .string()
      .trim()
      .regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, 'must be a region ID such as cn-hangzhou')
      .default('cn-hangzhou'),
    ...StoreFields,
    ECS_EXT_POLL_INTERVAL_SECONDS: positiveNumber.default(20),
    ECS_EXT_POLL_TIMEOUT_MINUTES: positiveNumber.default(20),
    ECS_EXT_CATALOG_TTL_MINUTES: z.coerce
      .number({ error: 'must be a number' })
      .min(0, 'must be 0 or more')
      .default(10),
    ECS_EXT_APPROVERS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(/[\s,]+/)
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(ApproverId)),
    ECS_EXT_REQUIRED_APPROVALS: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(20, 'must be at most 20')
      .default(1),
    ECS_EXT_ALLOW_SELF_APPROVAL: bool.default(false),
    ECS_EXT_APPROVAL_TTL_MINUTES: positiveNumber.default(1440),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ECS_EXT_POLICY_FILE: z.string().trim().optional(),
  })
  .superRefine((env, ctx) => {
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required in HTTP mode (when SLACK_APP_TOKEN is not set)',
      });
    }
  });

/** The bot's typed configuration. */
export interface Config {
  slack: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    mode: 'http' | 'socket';
  };
  port: number;
  cloud: {
    oosEndpoint?: string;
    ecsEndpoint?: string;
    catalogRegion: string;
  };
  catalogTtlMs: number;
  dbFile: string;
  pollIntervalMs: number;
  pollTimeoutMs: number;
  approval: {
    approvers: string[];
    requiredApprovals: number;
    allowSelfApproval: boolean;
    ttlMinutes: number;
  };
  /** The policy per channel: the policy file over the approval variables, or the variables alone. */
  policy: PolicySet;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** PostgreSQL URL; when set the requests live there instead of the lowdb file. */
  databaseUrl?: string;
  /** Finished requests older than this many days are pruned; 0 keeps them all. */
  retentionDays: number;
}

/** Result of loading the configuration: the config, or one readable line per problem. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const EXAMPLES: Record<string, string> = {
  SLACK_BOT_TOKEN: 'SLACK_BOT_TOKEN=xoxb-1234-5678-abcdef',
  SLACK_SIGNING_SECRET: 'SLACK_SIGNING_SECRET=8f14e45fceea167a5a36dedd4bea2543',
  SLACK_APP_TOKEN: 'SLACK_APP_TOKEN=xapp-1-A0123-4567-abcdef',
  SLACK_API_URL: 'SLACK_API_URL=https://slack.com/api/',
  PORT: 'PORT=3000',
  ECS_EXT_OOS_ENDPOINT: 'ECS_EXT_OOS_ENDPOINT=oos.{region}.aliyuncs.com',
  ECS_EXT_ECS_ENDPOINT: 'ECS_EXT_ECS_ENDPOINT=ecs.{region}.aliyuncs.com',
  ECS_EXT_CATALOG_REGION: 'ECS_EXT_CATALOG_REGION=cn-hangzhou',
  ECS_EXT_DB_FILE: 'ECS_EXT_DB_FILE=./data/ecs-ext.json',
  ECS_EXT_POLL_INTERVAL_SECONDS: 'ECS_EXT_POLL_INTERVAL_SECONDS=20',
  ECS_EXT_POLL_TIMEOUT_MINUTES: 'ECS_EXT_POLL_TIMEOUT_MINUTES=20',
  ECS_EXT_CATALOG_TTL_MINUTES: 'ECS_EXT_CATALOG_TTL_MINUTES=10',
  ECS_EXT_APPROVERS: 'ECS_EXT_APPROVERS=U01ABCDEF,S02GHIJKL',
  ECS_EXT_REQUIRED_APPROVALS: 'ECS_EXT_REQUIRED_APPROVALS=2',
  ECS_EXT_ALLOW_SELF_APPROVAL: 'ECS_EXT_ALLOW_SELF_APPROVAL=false',
  ECS_EXT_APPROVAL_TTL_MINUTES: 'ECS_EXT_APPROVAL_TTL_MINUTES=1440',
  LOG_LEVEL: 'LOG_LEVEL=info',
  ECS_EXT_POLICY_FILE: 'ECS_EXT_POLICY_FILE=./policy.yaml',
  DATABASE_URL: 'DATABASE_URL=postgres://ecs_ext:password@db.internal:5432/ecs_ext',
  ECS_EXT_RETENTION_DAYS: 'ECS_EXT_RETENTION_DAYS=365',
};

/**
 * Validate the environment. Empty strings count as unset, so `.env` lines like `PORT=` take the default.
 * Values are never echoed back (they may be secrets); only the variable, the problem and an example.
 */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape ?? {})) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value;
  }
  for (const key of Object.keys(EXAMPLES)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value;
  }
  const parsed = EnvSchema.safeParse(cleaned);
  const policyFile = cleaned.ECS_EXT_POLICY_FILE
    ? readPolicyFile(cleaned.ECS_EXT_POLICY_FILE.trim())
    : undefined;
  const policyProblems = policyFile?.ok === false ? policyFile.problems : [];
  if (!parsed.success) {
    const issues = [...parsed.error.issues];
    // superRefine only runs on an otherwise valid object; report the mode rule every time.
    if (
      !cleaned.SLACK_APP_TOKEN &&
      !cleaned.SLACK_SIGNING_SECRET &&
      !issues.some((i) => i.path[0] === 'SLACK_SIGNING_SECRET')
    ) {
      issues.push({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is required in HTTP mode (when SLACK_APP_TOKEN is not set)',
        input: undefined,
      });
    }
    const problems = issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      const base =
        issue.code === 'invalid_type' && cleaned[variable] === undefined ? 'is required' : issue.message;
      const item =
        variable === 'ECS_EXT_APPROVERS' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
      const message = item === undefined ? base : `entry ${item + 1} ${base}`;
      const example = EXAMPLES[variable];
      return `${variable} ${message}${example ? ` (example: ${example})` : ''}`;
    });
    return { ok: false, problems: [...new Set([...problems, ...policyProblems])] };
  }
  if (policyFile?.ok === false) return { ok: false, problems: policyProblems };
  const e = parsed.data;
  const approval = {
    approvers: e.ECS_EXT_APPROVERS,
    requiredApprovals: e.ECS_EXT_REQUIRED_APPROVALS,
    allowSelfApproval: e.ECS_EXT_ALLOW_SELF_APPROVAL,
    ttlMinutes: e.ECS_EXT_APPROVAL_TTL_MINUTES,
  };
  const policy = buildPolicySet(approval, policyFile?.file);
  const quorums = unreachableQuorums(policy);
  if (quorums.length > 0) return { ok: false, problems: quorums };
  return {
    ok: true,
    config: {
      slack: {
        botToken: e.SLACK_BOT_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        appToken: e.SLACK_APP_TOKEN,
        apiUrl: e.SLACK_API_URL,
        mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
      },
      port: e.PORT,
      cloud: {
        oosEndpoint: e.ECS_EXT_OOS_ENDPOINT,
        ecsEndpoint: e.ECS_EXT_ECS_ENDPOINT,
        catalogRegion: e.ECS_EXT_CATALOG_REGION,
      },
      catalogTtlMs: e.ECS_EXT_CATALOG_TTL_MINUTES * 60_000,
      dbFile: e.ECS_EXT_DB_FILE,
      pollIntervalMs: Math.round(e.ECS_EXT_POLL_INTERVAL_SECONDS * 1000),
      pollTimeoutMs: Math.round(e.ECS_EXT_POLL_TIMEOUT_MINUTES * 60_000),
      approval,
      policy,
      logLevel: e.LOG_LEVEL,
      databaseUrl: e.DATABASE_URL,
      retentionDays: e.ECS_EXT_RETENTION_DAYS,
    },
  };
}

/** Where requests are stored: all the store tools (audit, import) need, without any Slack setting. */
export interface StoreConfig {
  dbFile: string;
  databaseUrl?: string;
  retentionDays: number;
}

/** Validates only the store variables; one readable line per problem, values never echoed. */
export function loadStoreConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: StoreConfig } | { ok: false; problems: string[] } {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(StoreFields)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') cleaned[key] = value;
  }
  const parsed = z.object(StoreFields).safeParse(cleaned);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0]);
        return `${variable} ${issue.message} (example: ${EXAMPLES[variable]})`;
      }),
    };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      dbFile: e.ECS_EXT_DB_FILE,
      databaseUrl: e.DATABASE_URL,
      retentionDays: e.ECS_EXT_RETENTION_DAYS,
    },
  };
}
