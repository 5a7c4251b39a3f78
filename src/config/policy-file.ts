/**
 * The policy file named by `ECS_EXT_POLICY_FILE` (CONTRACT.md "Policy file"): YAML parsed with `yaml`,
 * checked with zod, and merged over the policy the ECS_EXT_APPROVERS… variables describe. Every problem
 * becomes one line naming the file, the line and the field, so a bad file stops the bot at start.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { z } from 'zod';
import type { ApprovalPolicy } from '../domain/model.js';
import {
  openRules,
  POLICY_ACTIONS,
  POLICY_RULE_NAMES,
  type PolicyRules,
  type PolicySet,
  type PolicySource,
  resolveChannelPolicy,
} from '../domain/policy/channel-policy.js';

const wholeNumber = (min: number, max: number, hint = '') => {
  const message = `expected a whole number from ${min} to ${max}${hint}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
};

const bool = z.boolean({ error: 'expected true or false' });

const listOf = <T extends z.ZodType>(item: T, what: string, example: string) =>
  z.array(item, { error: `expected a list of ${what}, e.g. [${example}]` });

/** Show a value from the file in an error line (the file holds no secrets; long values are cut). */
function shown(input: unknown): string {
  const text = typeof input === 'string' ? JSON.stringify(input) : String(JSON.stringify(input));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** "is required" for a missing value, else the value shown and what is wrong with it. */
const badValue =
  (problem: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : `${shown(issue.input)} ${problem}`;

/** A string that must match `pattern`; a missing, non-string or non-matching value gets the same words. */
const textMatching = (pattern: RegExp, problem: string) => {
  const error = badValue(problem);
  return z.string({ error }).regex(pattern, { error });
};

const ApproverId = textMatching(/^[UWS][A-Z0-9]{2,}$/, 'is not a Slack user (U…/W…) or user-group (S…) ID');

const Action = z.enum(['install', 'update', 'uninstall'], {
  error: badValue(`is not an action; use ${POLICY_ACTIONS.join(', ')}`),
});

const PackagePattern = textMatching(
  /^(?:category:.*\S.*|[A-Za-z0-9*?][A-Za-z0-9*?-]*)$/i,
  'is neither a TemplateName glob (e.g. ACS-Extension-node-*) nor category:<category>',
);

const RegionPattern = textMatching(
  /^[a-z0-9*?][a-z0-9*?-]*$/,
  'is not a region ID or glob (e.g. cn-hangzhou, cn-*)',
);

const Instant = z.iso.datetime({
  offset: true,
  error: badValue('is not a date and time with an offset (e.g. 2026-12-24T00:00:00+08:00)'),
});

/** One freeze window of the file. */
const FreezeWindow = z
  .strictObject(
    {
      from: Instant,
      to: Instant,
      reason: z
        .string({ error: badValue('is not text; give the reason people will read') })
        .trim()
        .min(1, 'must not be empty'),
    },
    { error: 'expected { from, to, reason }' },
  )
  .refine((w) => Date.parse(w.to) > Date.parse(w.from), { path: ['to'], error: 'must be later than from' });

/** The rules a policy file may set, each optional (unset: the defaults, or the variables). */
const PolicyFields = z
  .strictObject(
    {
      approvers: listOf(ApproverId, 'Slack user or user-group IDs', 'U0123ABCD, S0456EFGH'),
      requiredApprovals: wholeNumber(1, 20),
      allowSelfApproval: bool,
      approvalTtlMinutes: z
        .number({ error: 'expected a number of minutes greater than 0' })
        .positive('expected a number of minutes greater than 0'),
      remindApprovers: bool,
      actions: listOf(Action, 'actions', 'install, update'),
      packages: listOf(
        PackagePattern,
        'TemplateName globs or category:<category>',
        '"ACS-Extension-node-*", "category:Databases"',
      ),
      regions: listOf(RegionPattern, 'region IDs or globs', 'cn-hangzhou, "cn-*"'),
      maxInstancesPerRequest: wholeNumber(1, 50),
      requireReason: bool,
      canaryAbove: wholeNumber(0, 50, ' (0: never required)'),
      freeze: z.array(FreezeWindow, { error: 'expected a list of { from, to, reason }' }),
    },
    { error: 'expected a mapping of policy fields' },
  )
  .partial();

const ChannelId = textMatching(/^[CGD][A-Z0-9]{2,}$/, 'is not a Slack channel ID (e.g. C0123ABCD)');

/** The whole policy file. */
export const PolicyFile = z.strictObject(
  {
    defaults: PolicyFields.optional(),
    channels: z.record(ChannelId, PolicyFields, { error: 'expected a mapping of channel IDs' }).optional(),
  },
  { error: 'expected a mapping with defaults: and channels:' },
);
/** The policy file, validated. */
export type PolicyFile = z.infer<typeof PolicyFile>;

/** Reading the policy file: its content, or one line per problem. */
export type PolicyFileResult = { ok: true; file: PolicyFile } | { ok: false; problems: string[] };

const VARIABLE = 'ECS_EXT_POLICY_FILE';
const FIELD_LIST = POLICY_RULE_NAMES.join(', ');

/** Read and check the policy file at `path`. Problems name the file, the line and the field. */
export function readPolicyFile(path: string): PolicyFileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code;
    return {
      ok: false,
      problems: [`${VARIABLE} cannot read ${path} (${why}); set it to a readable YAML file`],
    };
  }
  return parsePolicyFile(text, path);
}

/** Check the text of a policy file; `name` is how problem lines refer to the file. */
export function parsePolicyFile(text: string, name: string): PolicyFileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const at = lines.linePos(error.pos[0]);
        const message = error.message.split('\n')[0] ?? error.code;
        return `${VARIABLE} ${name}:${at.line}: not valid YAML: ${message}`;
      }),
    };
  }
  if (doc.contents === null) {
    return {
      ok: false,
      problems: [`${VARIABLE} ${name}: the file is empty; give defaults: and/or channels:`],
    };
  }
  const parsed = PolicyFile.safeParse(doc.toJS());
  if (parsed.success) return { ok: true, file: parsed.data };
  const problems = parsed.error.issues.flatMap((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((key) => {
      const path = key === undefined ? issue.path : [...issue.path, key];
      const message =
        key !== undefined
          ? issue.path.length === 0
            ? 'unknown field; the file has defaults: and channels:'
            : `unknown field; the fields are ${FIELD_LIST}`
          : issue.code === 'invalid_key'
            ? (issue.issues[0]?.message ?? issue.message)
            : issue.message;
      const line = lineOf(doc.contents, path, lines);
      return {
        line: line ?? 0,
        text: `${VARIABLE} ${name}${line ? `:${line}` : ''}: ${formatPath(path)}: ${message}`,
      };
    });
  });
  // In the order of the file, so the lines read top to bottom like the file itself.
  problems.sort((a, b) => a.line - b.line);
  return { ok: false, problems: [...new Set(problems.map((p) => p.text))] };
}

/** `channels.C0123PROD.freeze[0].to`; the whole file is `(file)`. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(file)';
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : `${i > 0 ? '.' : ''}${String(segment)}`,
    )
    .join('');
}

/** The line of the deepest node along `path` that the file has (the key itself for a mapping entry). */
function lineOf(root: unknown, path: readonly PropertyKey[], lines: LineCounter): number | undefined {
  let node = root as Node | null;
  let offset = node?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && item.key.value === segment,
      );
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment] as Node | null;
      offset = node?.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/**
 * The policy in force: the variables' approval policy as the base, the file's defaults over it, and the
 * file's channels as overrides. Its version is a short hash of that content, so editing a comment keeps it.
 */
export function buildPolicySet(approval: ApprovalPolicy, file?: PolicyFile): PolicySet {
  const source: PolicySource = file ? 'file' : 'env';
  const defaults: PolicyRules = { ...openRules(approval), ...file?.defaults };
  const channels: Record<string, Partial<PolicyRules>> = { ...file?.channels };
  const digest = createHash('sha256')
    .update(canonicalJson({ defaults, channels }))
    .digest('hex')
    .slice(0, 12);
  return { version: `${source}:${digest}`, source, defaults, channels };
}

/**
 * Quorums no one can reach: a channel (or the defaults) that lists only users, fewer of them than the
 * approvals it needs, would let every request expire. User groups may hold anyone, so they are not counted.
 * Only a policy file is checked; the variables alone keep behaving as they always did.
 */
export function unreachableQuorums(set: PolicySet): string[] {
  if (set.source !== 'file') return [];
  const scopes: Array<[string, PolicyRules, boolean]> = [['defaults', set.defaults, false]];
  for (const channelId of Object.keys(set.channels)) {
    const own = set.channels[channelId] ?? {};
    const overrides = own.approvers !== undefined || own.requiredApprovals !== undefined;
    scopes.push([`channels.${channelId}`, resolveChannelPolicy(set, channelId).rules, overrides]);
  }
  return scopes
    .filter(([scope, rules, overrides]) => (scope === 'defaults' || overrides) && isUnreachable(rules))
    .map(
      ([scope, rules]) =>
        `${VARIABLE}: ${scope}.requiredApprovals: ${rules.requiredApprovals} approvals are needed but approvers lists only ${rules.approvers.length} user(s); list more approvers or a user group (S…), or lower requiredApprovals`,
    );
}

function isUnreachable(rules: PolicyRules): boolean {
  const groups = rules.approvers.some((id) => id.startsWith('S'));
  return rules.approvers.length > 0 && !groups && new Set(rules.approvers).size < rules.requiredApprovals;
}

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
