/**
 * The install use case: prefill and load the modal, validate a submission against ECS and the catalog,
 * keep the request through approvals, and start exactly one OOS execution once the quorum is reached.
 * Every state change of one request runs under a per-request mutex.
 */
import { randomBytes } from 'node:crypto';
import { isConfidentMatch } from '../catalog/fuzzy.js';
import { CloudError, DomainError } from '../errors.js';
import {
  type ApprovalPolicy,
  BULK_INSTALL_TEMPLATE,
  type DuplicateExecution,
  type EcsInstance,
  type Execution,
  type ExtensionPackage,
  executionConsoleUrl,
  type InstallRequest,
  isTerminalStatus,
  type Locale,
  type OsConstraints,
  PACKAGE_NAME_PATTERN,
  type PackageDetails,
  type PackageParameter,
  type PreflightInstance,
  pickText,
  type Region,
} from '../model.js';
import type {
  Clock,
  EcsPort,
  ExecutionWatcher,
  Logger,
  OosPort,
  RequestEvent,
  RequestNotifier,
  RequestStore,
} from '../ports.js';
import { evaluateApproval, evaluateRejection, hasQuorum } from './approval-policy.js';
import { maskSecretValues, parseInstanceIds, parseParameterValues } from './form-values.js';
import { KeyedMutex } from './keyed-mutex.js';
import { describeProblem, Msg } from './messages.js';
import type { ExtractTargets, MatchPackage, PackageCatalog, UserGroupDirectory } from './ports.js';
import { transition } from './request-state.js';
import { hiddenValues, lostHiddenValues, SecretVault } from './secrets.js';
import type {
  DecisionAction,
  DecisionResult,
  InstallFormData,
  InstallPrefill,
  InstallSubmission,
  InstallUseCase,
  SubmissionResult,
} from './types.js';

/** Tag put on every execution the bot starts; its value is the request id. */
export const REQUEST_TAG = 'ecs-ext:request';

/** How long the DescribeRegions answer is reused. */
const REGIONS_TTL_MS = 10 * 60_000;
/** setTimeout's longest delay; longer expiry waits are chained. */
const MAX_TIMER_MS = 2_147_483_647;
/** Wait before retrying to reconcile a `starting` request whose execution lookup failed. */
const RECONCILE_RETRY_MS = 60_000;

/** Execution statuses that are not terminal: a run in any of them may still install (ExecutionStatus). */
const IN_FLIGHT_STATUSES = ['Started', 'Queued', 'Running', 'Waiting'] as const;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A new request id: `req-` and 8 lowercase base32 characters (40 random bits). */
export function newRequestId(): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let id = '';
  for (let i = 7; i >= 0; i -= 1) id += BASE32[Number((bits >> BigInt(i * 5)) & 31n)];
  return `req-${id}`;
}

/** The StartExecution ClientToken of a request: deterministic, so a retry can never start a second one. */
export function clientTokenFor(requestId: string): string {
  return `ecs-ext-${requestId}`;
}

/** The exact `Parameters` object of the bulk install template for `request`, with `own` as the package's values. */
export function buildStartParameters(
  request: InstallRequest,
  own: Record<string, unknown> = request.parameters,
): Record<string, unknown> {
  return {
    regionId: request.regionId,
    OOSAssumeRole: '',
    targets: { ResourceIds: [...request.instanceIds], RegionId: request.regionId, Type: 'ResourceIds' },
    rateControl: { Mode: 'Concurrency', Concurrency: request.concurrency, MaxErrors: request.maxErrors },
    action: 'install',
    packageName: request.packageName,
    ...(request.packageVersion ? { packageVersion: request.packageVersion } : {}),
    parameters: own,
  };
}

/** Everything InstallService works with, injected by the composition root (or a test). */
export interface InstallServiceDeps {
  oos: OosPort;
  ecs: EcsPort;
  catalog: PackageCatalog;
  matchPackage: MatchPackage;
  extractTargets: ExtractTargets;
  store: RequestStore;
  notifier: RequestNotifier;
  watcher: ExecutionWatcher;
  groups: UserGroupDirectory;
  /** The approval policy from config; each request keeps a snapshot. */
  policy: ApprovalPolicy;
  catalogRegion: string;
  clock: Clock;
  logger: Logger;
  idGenerator?: () => string;
}

function normalizeOs(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function fitsOs(instance: EcsInstance, constraints: OsConstraints): boolean {
  const osType = instance.osType.toLowerCase();
  if (constraints.osTypes.length > 0 && !constraints.osTypes.some((t) => t === osType)) return false;
  if (constraints.osPlatforms.length === 0) return true;
  const osName = normalizeOs(instance.osName);
  return constraints.osPlatforms.some((platform) => osName.includes(normalizeOs(platform)));
}

/**
 * The form text of earlier values: only parameters the package still has and that are not secret;
 * strings as they are, anything else (and every List or Json value) as JSON, as the form parses it.
 */
function formTexts(params: PackageParameter[], values: Record<string, unknown>): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const param of params) {
    const value = values[param.name];
    if (param.secret || value === undefined || value === null) continue;
    const json = param.type === 'List' || param.type === 'Json';
    texts[param.name] = typeof value === 'string' && !json ? value : JSON.stringify(value);
  }
  return texts;
}

function isNotFound(error: unknown): boolean {
  return (
    (error instanceof CloudError && error.kind === 'not_found') ||
    (error instanceof DomainError && error.code === 'not_found')
  );
}

function parseCount(text: string | undefined, fallback: number, min: number): number | undefined {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return fallback;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) && value >= min ? value : undefined;
}

/** The install use case over the cloud ports, the catalog and the request store. */
export class InstallService implements InstallUseCase {
  readonly #deps: InstallServiceDeps;
  readonly #log: Logger;
  readonly #newId: () => string;
  readonly #mutex = new KeyedMutex();
  /** Duplicate check + StartExecution per region and package: two approvals can't both pass the check. */
  readonly #launchMutex = new KeyedMutex();
  readonly #vault = new SecretVault();
  readonly #timers = new Map<string, () => void>();
  #regionsCache?: { regions: Region[]; at: number };
  #stopped = false;

  constructor(deps: InstallServiceDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ component: 'install' });
    this.#newId = deps.idGenerator ?? newRequestId;
  }

  async parsePrefill(words: string): Promise<InstallPrefill> {
    const targets = this.#deps.extractTargets(words);
    const prefill: InstallPrefill = {
      instanceIds: targets.instanceIds,
      ...(targets.regionId ? { regionId: targets.regionId } : {}),
    };
    const rest = targets.rest.trim();
    if (rest === '') return prefill;
    prefill.packageWords = rest;
    try {
      const chosen = this.#confidentMatch(rest, (await this.#deps.catalog.list()).packages);
      if (chosen) prefill.packageName = chosen.templateName;
    } catch (err) {
      this.#log.warn({ err }, 'catalog unavailable while prefilling the install form');
    }
    return prefill;
  }

  async loadForm(prefill: InstallPrefill): Promise<InstallFormData> {
    const locale = prefill.locale ?? 'en';
    const regions = await this.#regions();
    const notices: string[] = [];
    const fallback = regions.some((r) => r.regionId === this.#deps.catalogRegion)
      ? this.#deps.catalogRegion
      : (regions[0]?.regionId ?? this.#deps.catalogRegion);
    let regionId = fallback;
    if (prefill.regionId && regions.some((r) => r.regionId === prefill.regionId)) regionId = prefill.regionId;
    else if (prefill.regionId) notices.push(Msg.regionNotListed(locale, prefill.regionId, fallback));
    const form: InstallFormData = { regions, regionId, instanceIds: prefill.instanceIds };
    if (prefill.packageName) {
      try {
        form.package = await this.#deps.catalog.details(prefill.packageName);
        if (prefill.parameterValues) {
          form.parameterValues = formTexts(form.package.parameters, prefill.parameterValues);
        }
      } catch (err) {
        notices.push(Msg.packageLoadFailed(locale, prefill.packageName, describeProblem(err, locale)));
      }
    } else if (prefill.packageWords) {
      const words = prefill.packageWords;
      const matches = await this.#deps.catalog.list().then(
        ({ packages }) => this.#deps.matchPackage(words, packages),
        () => [],
      );
      notices.push(
        matches.length === 0
          ? Msg.noPackageMatched(locale, words)
          : Msg.severalPackagesMatched(
              locale,
              words,
              matches.map((m) => pickText(m.pkg.displayName, locale) || m.pkg.templateName),
            ),
      );
    }
    if (prefill.concurrency !== undefined) form.concurrency = prefill.concurrency;
    if (prefill.maxErrors !== undefined) form.maxErrors = prefill.maxErrors;
    if (notices.length > 0) form.notice = notices.join(' ');
    return form;
  }

  packageDetails(packageName: string): Promise<PackageDetails> {
    return this.#deps.catalog.details(packageName);
  }

  async searchPackages(
    query: string,
    limit: number,
  ): Promise<Array<{ templateName: string; displayName: string; category: string }>> {
    const { packages } = await this.#deps.catalog.list();
    const words = query.trim();
    const found = words
      ? this.#deps.matchPackage(words, packages).map((m) => m.pkg)
      : [...packages].sort((a, b) => a.templateName.localeCompare(b.templateName));
    return found.slice(0, Math.max(0, limit)).map((p) => ({
      templateName: p.templateName,
      displayName: pickText(p.displayName, 'en') || p.templateName,
      category: p.categories[0] ?? '',
    }));
  }

  async searchInstances(
    regionId: string,
    query: string,
    limit: number,
  ): Promise<Array<{ instanceId: string; name: string }>> {
    const words = query.trim();
    const instances = await this.#deps.ecs.describeInstances({
      regionId,
      status: 'Running',
      ...(words ? { nameLike: words } : {}),
      limit,
    });
    return instances.slice(0, limit).map((i) => ({ instanceId: i.instanceId, name: i.instanceName }));
  }

  async submit(submission: InstallSubmission): Promise<SubmissionResult> {
    const locale = submission.locale;
    const errors: Record<string, string> = {};
    const ids = parseInstanceIds(submission.instancesText, submission.pickedInstanceIds, locale);
    if (ids.error) errors.instances = ids.error;
    const concurrency = parseCount(submission.concurrency, 1, 1);
    if (concurrency === undefined) errors.concurrency = Msg.concurrencyInvalid(locale);
    const maxErrors = parseCount(submission.maxErrors, 0, 0);
    if (maxErrors === undefined) errors.max_errors = Msg.maxErrorsInvalid(locale);

    const regionId = submission.regionId.trim();
    const [regionError, pkg] = await Promise.all([
      this.#checkRegion(regionId, locale),
      this.#checkPackage(submission.packageName.trim(), locale),
    ]);
    if (regionError) errors.region = regionError;
    if ('error' in pkg) errors.package = pkg.error;
    const details = 'details' in pkg ? pkg.details : undefined;

    const parsed = details
      ? parseParameterValues(details.parameters, submission.parameterValues, locale)
      : undefined;
    Object.assign(errors, parsed?.errors);

    let instances: EcsInstance[] = [];
    let duplicatesLookup: Promise<DuplicateExecution[]> = Promise.resolve([]);
    if (!errors.instances && !regionError) {
      // Independent of the instance checks: run it alongside them (the modal waits for all of this).
      if (details) {
        duplicatesLookup = this.#findDuplicates(
          regionId,
          details.package.templateName,
          ids.instanceIds,
        ).catch((err: unknown) => {
          this.#log.warn({ err }, 'duplicate check failed at submission; it runs again before starting');
          return [];
        });
      }
      const checked = await this.#checkInstances(regionId, ids.instanceIds, details, locale);
      if ('error' in checked) errors.instances = checked.error;
      else instances = checked.instances;
    }
    if (Object.keys(errors).length > 0 || !details || !parsed) {
      return { ok: false, errors };
    }

    const id = this.#newId();
    const now = this.#deps.clock.now();
    const duplicates = await duplicatesLookup;
    const secretNames = details.parameters.filter((p) => p.secret).map((p) => p.name);
    const byId = new Map(instances.map((i) => [i.instanceId, i]));
    const request: InstallRequest = {
      id,
      version: 0,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      requester: submission.requester,
      ...(submission.teamId ? { teamId: submission.teamId } : {}),
      channelId: submission.channelId,
      locale,
      regionId,
      instanceIds: ids.instanceIds,
      packageName: details.package.templateName,
      ...(details.templateVersion ? { packageVersion: details.templateVersion } : {}),
      packageDisplayName: pickText(details.package.displayName, locale) || details.package.templateName,
      parameters: maskSecretValues(parsed.values, secretNames),
      secretParameterNames: secretNames,
      defaultsUsed: parsed.defaultsUsed,
      concurrency: concurrency ?? 1,
      maxErrors: maxErrors ?? 0,
      preflight: ids.instanceIds.map((instanceId): PreflightInstance => {
        const instance = byId.get(instanceId);
        return {
          instanceId,
          name: instance?.instanceName ?? '',
          osType: instance?.osType ?? '',
          osName: instance?.osName ?? '',
          status: instance?.status ?? '',
          cloudAssistant: 'online',
        };
      }),
      duplicates,
      policy: { ...this.#deps.policy, approvers: [...this.#deps.policy.approvers] },
      approvals: [],
      expiresAt: new Date(now.getTime() + this.#deps.policy.ttlMinutes * 60_000).toISOString(),
      status: 'pending',
      clientToken: clientTokenFor(id),
      history: [{ at: now.toISOString(), type: 'created', actor: submission.requester }],
    };
    const secrets = hiddenValues(parsed.values, request.parameters);
    const stored = await this.#deps.store.create(request);
    this.#vault.set(id, secrets);
    this.#scheduleExpiry(stored);
    this.#log.info(
      {
        requestId: id,
        user: submission.requester,
        packageName: request.packageName,
        instances: request.instanceIds.length,
      },
      'install request created',
    );
    return { ok: true, request: stored };
  }

  attachMessage(requestId: string, channelId: string, messageTs: string): Promise<InstallRequest> {
    return this.#mutex.run(requestId, async () => {
      const request = await this.#require(requestId);
      const next: InstallRequest = {
        ...request,
        channelId,
        messageTs,
        updatedAt: this.#deps.clock.now().toISOString(),
      };
      return this.#deps.store.put(next);
    });
  }

  abandon(requestId: string, reason: string): Promise<void> {
    return this.#mutex.run(requestId, async () => {
      const request = await this.#deps.store.get(requestId);
      if (request?.status !== 'pending') return;
      await this.#deps.store.put(
        transition(request, { type: 'abandon', detail: reason }, this.#deps.clock.now()),
      );
      this.#forget(requestId);
      this.#log.warn({ requestId, reason }, 'install request abandoned');
    });
  }

  decide(requestId: string, userId: string, action: DecisionAction): Promise<DecisionResult> {
    return this.#mutex.run(requestId, async () => {
      const request = await this.#require(requestId);
      const check = {
        policy: request.policy,
        request,
        userId,
        groupMembers: (groupId: string) => this.#deps.groups.members(groupId),
      };
      if (action === 'approve') {
        const verdict = await evaluateApproval(check);
        if (!verdict.allowed) return this.#refuse(request, userId, verdict.reason);
        const approved = transition(request, { type: 'approve', by: userId }, this.#deps.clock.now());
        const next = await this.#deps.store.put(
          hasQuorum(approved)
            ? transition(approved, { type: 'start_requested' }, this.#deps.clock.now())
            : approved,
        );
        await this.#notify(next, {
          kind: 'approved',
          by: userId,
          count: next.approvals.length,
          required: next.policy.requiredApprovals,
        });
        if (next.status === 'starting') return { request: await this.#launch(next), changed: true };
        await this.#refresh(next);
        return { request: next, changed: true };
      }
      if (action === 'reject') {
        const verdict = await evaluateRejection(check);
        if (!verdict.allowed) return this.#refuse(request, userId, verdict.reason);
        return this.#close(transition(request, { type: 'reject', by: userId }, this.#deps.clock.now()), {
          kind: 'rejected',
          by: userId,
        });
      }
      if (userId !== request.requester) return this.#refuse(request, userId, 'not_requester');
      if (request.status !== 'pending') return this.#refuse(request, userId, 'not_pending');
      return this.#close(transition(request, { type: 'withdraw', by: userId }, this.#deps.clock.now()), {
        kind: 'withdrawn',
        by: userId,
      });
    });
  }

  async find(idOrExecutionId: string): Promise<InstallRequest | undefined> {
    const key = idOrExecutionId.trim();
    return (await this.#deps.store.get(key)) ?? (await this.#deps.store.findByExecutionId(key));
  }

  recent(userId: string, limit: number): Promise<InstallRequest[]> {
    return this.#deps.store.list({ requester: userId, limit });
  }

  async resume(): Promise<void> {
    const open = await this.#deps.store.list({ statuses: ['pending', 'starting'] });
    for (const { id } of open) {
      await this.#mutex
        .run(id, async () => {
          const request = await this.#deps.store.get(id);
          if (request?.status === 'pending') await this.#expireOrSchedule(request);
          else if (request?.status === 'starting') await this.#reconcile(request);
        })
        .catch((err: unknown) => this.#log.error({ err, requestId: id }, 'could not resume install request'));
    }
  }

  stop(): void {
    this.#stopped = true;
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
  }

  // --- validation -------------------------------------------------------------------------------

  async #regions(): Promise<Region[]> {
    const now = this.#deps.clock.now().getTime();
    if (this.#regionsCache && now - this.#regionsCache.at < REGIONS_TTL_MS) return this.#regionsCache.regions;
    const regions = await this.#deps.ecs.describeRegions();
    this.#regionsCache = { regions, at: now };
    return regions;
  }

  async #checkRegion(regionId: string, locale: Locale): Promise<string | undefined> {
    try {
      const regions = await this.#regions();
      return regions.some((r) => r.regionId === regionId) ? undefined : Msg.regionUnknown(locale, regionId);
    } catch (err) {
      this.#log.warn({ err }, 'DescribeRegions failed during install validation');
      return describeProblem(err, locale);
    }
  }

  async #checkPackage(
    name: string,
    locale: Locale,
  ): Promise<{ details: PackageDetails } | { error: string }> {
    if (!PACKAGE_NAME_PATTERN.test(name)) return { error: Msg.packageBadName(locale) };
    try {
      const { packages } = await this.#deps.catalog.list();
      if (!packages.some((p) => p.templateName === name)) return { error: Msg.packageUnknown(locale, name) };
      return { details: await this.#deps.catalog.details(name) };
    } catch (err) {
      if (isNotFound(err)) return { error: Msg.packageUnknown(locale, name) };
      this.#log.warn({ err, packageName: name }, 'catalog lookup failed during install validation');
      return { error: describeProblem(err, locale) };
    }
  }

  async #checkInstances(
    regionId: string,
    instanceIds: string[],
    details: PackageDetails | undefined,
    locale: Locale,
  ): Promise<{ instances: EcsInstance[] } | { error: string }> {
    try {
      const found = await this.#deps.ecs.describeInstances({ regionId, instanceIds });
      const byId = new Map(
        found.filter((i) => instanceIds.includes(i.instanceId)).map((i) => [i.instanceId, i]),
      );
      const problems: string[] = [];
      const missing = instanceIds.filter((id) => !byId.has(id));
      if (missing.length > 0) problems.push(Msg.instancesNotFound(locale, missing, regionId));
      const present = instanceIds.flatMap((id) => byId.get(id) ?? []);
      const notRunning = present.filter((i) => i.status !== 'Running');
      if (notRunning.length > 0) {
        problems.push(
          Msg.instancesNotRunning(
            locale,
            notRunning.map((i) => `${i.instanceId} (${i.status})`),
          ),
        );
      }
      const running = present.filter((i) => i.status === 'Running');
      if (running.length > 0) {
        const states = await this.#deps.ecs.describeCloudAssistantStatus({
          regionId,
          instanceIds: running.map((i) => i.instanceId),
        });
        const online = new Set(states.filter((s) => s.online).map((s) => s.instanceId));
        const offline = running.filter((i) => !online.has(i.instanceId)).map((i) => i.instanceId);
        if (offline.length > 0) problems.push(Msg.instancesAssistantOffline(locale, offline));
      }
      if (details) {
        const constraints = details.package.constraints;
        const wrongOs = present.filter((i) => !fitsOs(i, constraints));
        if (wrongOs.length > 0) {
          const supported = (
            constraints.osPlatforms.length > 0 ? constraints.osPlatforms : constraints.osTypes
          ).join(', ');
          problems.push(
            Msg.instancesWrongOs(
              locale,
              wrongOs.map((i) => `${i.instanceId} (${i.osName || i.osType})`),
              supported,
            ),
          );
        }
      }
      return problems.length > 0 ? { error: problems.join(' ') } : { instances: present };
    } catch (err) {
      this.#log.warn({ err, regionId }, 'instance checks failed during install validation');
      return { error: describeProblem(err, locale) };
    }
  }

  /** Unfinished bulk-install executions of the same package on any of the same instances (not our own). */
  async #findDuplicates(
    regionId: string,
    packageName: string,
    instanceIds: string[],
    ownRequestId?: string,
  ): Promise<DuplicateExecution[]> {
    // ListExecutions takes one Status; ask for each in-flight one, so a Waiting or Queued run counts too.
    const pages = await Promise.all(
      IN_FLIGHT_STATUSES.map((status) =>
        this.#deps.oos.listExecutions({ regionId, templateName: BULK_INSTALL_TEMPLATE, status }),
      ),
    );
    const inFlight = [...new Map(pages.flat().map((e) => [e.executionId, e])).values()];
    return inFlight
      .filter(
        (e) =>
          e.templateName === BULK_INSTALL_TEMPLATE &&
          !isTerminalStatus(e.status) &&
          e.packageName === packageName &&
          (ownRequestId === undefined || e.tags[REQUEST_TAG] !== ownRequestId),
      )
      .map((e) => ({
        executionId: e.executionId,
        status: e.status,
        instanceIds: e.resourceIds.filter((id) => instanceIds.includes(id)),
        consoleUrl: executionConsoleUrl(regionId, e.executionId),
      }))
      .filter((d) => d.instanceIds.length > 0);
  }

  #confidentMatch(words: string, packages: ExtensionPackage[]): ExtensionPackage | undefined {
    const exact = packages.find((p) => p.templateName.toLowerCase() === words.toLowerCase());
    if (exact) return exact;
    const [best, second] = this.#deps.matchPackage(words, packages);
    if (!best || !isConfidentMatch(best)) return undefined;
    return second && isConfidentMatch(second) && second.score >= best.score ? undefined : best.pkg;
  }

  // --- decisions and starting -------------------------------------------------------------------

  async #require(requestId: string): Promise<InstallRequest> {
    const request = await this.#deps.store.get(requestId);
    if (!request) throw new DomainError('not_found', `No install request ${requestId} was found.`);
    return request;
  }

  async #refuse(
    request: InstallRequest,
    userId: string,
    reason: Extract<RequestEvent, { kind: 'refused' }>['reason'],
  ): Promise<DecisionResult> {
    this.#log.info({ requestId: request.id, user: userId, reason }, 'decision refused');
    await this.#notify(request, { kind: 'refused', by: userId, reason });
    return { request, changed: false };
  }

  /** Stores a request that just ended before starting, tells the thread, and drops its timer and secrets. */
  async #close(change: InstallRequest, event: RequestEvent): Promise<DecisionResult> {
    const next = await this.#deps.store.put(change);
    this.#forget(next.id);
    await this.#notify(next, event);
    await this.#refresh(next);
    return { request: next, changed: true };
  }

  /**
   * Starts a `starting` request (already stored as such): secrets present, no duplicate running, then
   * exactly one StartExecution with the request's ClientToken and tag.
   */
  #launch(request: InstallRequest): Promise<InstallRequest> {
    return this.#launchMutex.run(`${request.regionId}/${request.packageName}`, () =>
      this.#launchNow(request),
    );
  }

  async #launchNow(request: InstallRequest): Promise<InstallRequest> {
    const log = this.#log.child({ requestId: request.id });
    const secrets = this.#vault.get(request.id) ?? {};
    const lost = lostHiddenValues(request, secrets);
    if (lost.length > 0) {
      return this.#failStart(request, new DomainError('expired', Msg.secretsLost(request.locale, lost)));
    }
    let duplicates: DuplicateExecution[];
    try {
      duplicates = await this.#findDuplicates(
        request.regionId,
        request.packageName,
        request.instanceIds,
        request.id,
      );
    } catch (err) {
      log.warn({ err }, 'duplicate check failed before starting');
      const problem = describeProblem(err, request.locale);
      return this.#failStart(
        request,
        new DomainError('conflict', Msg.duplicateCheckFailed(request.locale, problem)),
      );
    }
    if (duplicates.length > 0) {
      const blocked = await this.#deps.store.put(
        transition(
          request,
          { type: 'blocked', detail: duplicates.map((d) => d.executionId).join(', '), duplicates },
          this.#deps.clock.now(),
        ),
      );
      this.#forget(request.id);
      log.info(
        { duplicates: duplicates.map((d) => d.executionId) },
        'install blocked by a running execution',
      );
      await this.#notify(blocked, { kind: 'blocked', duplicates });
      await this.#refresh(blocked);
      return blocked;
    }
    let execution: Execution;
    try {
      execution = await this.#deps.oos.startExecution({
        regionId: request.regionId,
        templateName: BULK_INSTALL_TEMPLATE,
        mode: 'Automatic',
        clientToken: request.clientToken,
        parameters: buildStartParameters(request, { ...request.parameters, ...secrets }),
        description: `ecs-ext ${request.id}`,
        tags: { [REQUEST_TAG]: request.id },
      });
    } catch (err) {
      log.warn({ err }, 'StartExecution failed');
      const existing = await this.#findOwnExecution(request).catch(() => undefined);
      if (!existing) return this.#failStart(request, err);
      execution = existing;
    }
    return this.#recordStarted(request, execution);
  }

  async #recordStarted(request: InstallRequest, execution: Execution): Promise<InstallRequest> {
    const started = await this.#deps.store.put(
      transition(
        request,
        {
          type: 'started',
          executionId: execution.executionId,
          regionId: request.regionId,
          consoleUrl: executionConsoleUrl(request.regionId, execution.executionId),
          startParameters: JSON.stringify(buildStartParameters(request)),
          status: execution.status,
          statusMessage: execution.statusMessage,
        },
        this.#deps.clock.now(),
      ),
    );
    this.#forget(request.id);
    this.#log.info({ requestId: request.id, executionId: execution.executionId }, 'install started');
    await this.#notify(started, {
      kind: 'started',
      executionId: execution.executionId,
      consoleUrl: started.execution?.consoleUrl ?? '',
    });
    await this.#refresh(started);
    this.#deps.watcher.watch(request.id);
    return started;
  }

  async #failStart(request: InstallRequest, error: unknown): Promise<InstallRequest> {
    const failed = await this.#deps.store.put(
      transition(
        request,
        { type: 'start_failed', detail: describeProblem(error, request.locale) },
        this.#deps.clock.now(),
      ),
    );
    this.#forget(request.id);
    await this.#notify(failed, { kind: 'start_failed', error });
    await this.#refresh(failed);
    return failed;
  }

  async #findOwnExecution(request: InstallRequest): Promise<Execution | undefined> {
    const found = await this.#deps.oos.listExecutions({
      regionId: request.regionId,
      templateName: BULK_INSTALL_TEMPLATE,
      tags: { [REQUEST_TAG]: request.id },
    });
    return found.find((e) => e.tags[REQUEST_TAG] === request.id);
  }

  /** A `starting` request after a restart: adopt its execution if OOS has one, else start it (same token). */
  async #reconcile(request: InstallRequest): Promise<void> {
    let existing: Execution | undefined;
    try {
      existing = await this.#findOwnExecution(request);
    } catch (err) {
      this.#log.warn({ err, requestId: request.id }, 'could not look up the execution of a starting request');
      this.#setTimer(request.id, RECONCILE_RETRY_MS, () => this.#retryReconcile(request.id));
      return;
    }
    if (existing) await this.#recordStarted(request, existing);
    else await this.#launch(request);
  }

  #retryReconcile(requestId: string): Promise<void> {
    return this.#mutex.run(requestId, async () => {
      const request = await this.#deps.store.get(requestId);
      if (request?.status === 'starting') await this.#reconcile(request);
    });
  }

  // --- expiry -----------------------------------------------------------------------------------

  #scheduleExpiry(request: InstallRequest): void {
    const wait = Date.parse(request.expiresAt) - this.#deps.clock.now().getTime();
    this.#setTimer(request.id, Math.max(0, wait), () =>
      this.#mutex.run(request.id, async () => {
        const current = await this.#deps.store.get(request.id);
        if (current?.status === 'pending') await this.#expireOrSchedule(current);
      }),
    );
  }

  async #expireOrSchedule(request: InstallRequest): Promise<void> {
    if (this.#deps.clock.now().getTime() < Date.parse(request.expiresAt)) {
      this.#scheduleExpiry(request);
      return;
    }
    const expired = transition(request, { type: 'expire' }, this.#deps.clock.now());
    this.#log.info({ requestId: request.id }, 'install request expired');
    await this.#close(expired, { kind: 'expired' });
  }

  #setTimer(requestId: string, ms: number, fire: () => Promise<void>): void {
    if (this.#stopped) return;
    this.#timers.get(requestId)?.();
    const cancel = this.#deps.clock.setTimer(Math.min(ms, MAX_TIMER_MS), () => {
      if (this.#timers.get(requestId) === cancel) this.#timers.delete(requestId);
      fire().catch((err: unknown) => this.#log.error({ err, requestId }, 'install request timer failed'));
    });
    this.#timers.set(requestId, cancel);
  }

  /** Drops the timer and secrets of a request that no longer waits for anything. */
  #forget(requestId: string): void {
    this.#timers.get(requestId)?.();
    this.#timers.delete(requestId);
    this.#vault.delete(requestId);
  }

  // --- telling Slack ----------------------------------------------------------------------------

  async #notify(request: InstallRequest, event: RequestEvent): Promise<void> {
    try {
      await this.#deps.notifier.notify(request, event);
    } catch (err) {
      this.#log.warn({ err, requestId: request.id, event: event.kind }, 'could not post a request update');
    }
  }

  async #refresh(request: InstallRequest): Promise<void> {
    try {
      await this.#deps.notifier.refreshRequestMessage(request);
    } catch (err) {
      this.#log.warn({ err, requestId: request.id }, 'could not refresh the confirmation message');
    }
  }
}
