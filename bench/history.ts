/**
 * `npm run bench` (history part, issue 9 "History that costs nothing"): what a person feels of the
 * store's history, through the real transports. request → confirmation is the modal submission until the
 * confirmation's chat.postMessage reaches the fake Slack; approve → final report is the approve click
 * until the report's reply does; `/ecs-ext status` is the command until its answer does. Each with an
 * empty store and with 20,000 finished requests in it, for lowdb and for PostgreSQL (goal: ratio ≤ 1.5).
 *
 * Two built bots (node dist/main.js) run side by side, one on the empty store and one on the full one,
 * and the samples alternate between them, so load from neighbours on a shared machine falls on both
 * alike. The history is copied from a request the empty bot really ran (new ids, executions and dates),
 * so what is seeded is what the bot writes; it goes in through the stores' own code. PostgreSQL runs on
 * databases created for the run and dropped after (ECS_EXT_BENCH_DATABASE_URL, else
 * ECS_EXT_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres).
 * Run alone with `npm run build && npx tsx bench/history.ts`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Client, escapeIdentifier } from 'pg';
import type { InstallRequest } from '../src/domain/model.js';
import { silentLogger } from '../src/domain/ports.js';
import { archivePathOf } from '../src/storage/lowdb-archive.js';
import { openLowdbStore } from '../src/storage/lowdb-store.js';
import { openPgStore } from '../src/storage/pg/pg-store.js';
import { executionIdsOf } from '../src/storage/request-facts.js';
import { STORE_VERSION } from '../src/storage/store-schema.js';
import { type CloudEmulator, SEED_PACKAGES, startCloudEmulator } from '../test/emulator/cloud-emulator.js';
import { type FakeSlack, type SlackCall, startFakeSlack } from '../test/emulator/fake-slack.js';
import { readLowdbOnDisk } from '../test/storage/lowdb-on-disk.js';
import { botEnv, SIGNING_SECRET, useEmulatorCredentials } from '../test/support/harness.js';
import {
  APPROVER,
  buttonOf,
  callAfter,
  openInstallForm,
  REQUESTER,
  type Rig,
  shown,
  submitForm,
} from '../test/support/install-driver.js';
import { createSlackDriver } from '../test/support/slack-driver.js';

const MAIN = join(resolve(import.meta.dirname, '..'), 'dist', 'main.js');
const HISTORY = 20_000;
const SAMPLES = 30;
const WARMUP = 2;
const POLL_SECONDS = '0.1';
/** The whole bench stops taking samples after this, and gives up (killing its bots) a little later. */
const BUDGET_MS = 150_000;
const DAY_MS = 86_400_000;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** Requesters the history is spread over (REQUESTER among them, so its status has a long history). */
const HISTORY_REQUESTERS = 40;

// --- the history ---------------------------------------------------------------------------------

/** The id of the i-th seeded request, in the bot's own form (`req-` and 8 base32 characters). */
function historyId(i: number): string {
  let id = '';
  for (let n = i, k = 0; k < 7; k += 1, n = Math.floor(n / 32)) id = BASE32[n % 32] + id;
  return `req-h${id}`;
}

function requesterOf(i: number): string {
  return i % HISTORY_REQUESTERS === 0 ? REQUESTER : `U0HISTORY${i % HISTORY_REQUESTERS}`;
}

/**
 * `count` finished requests copied from `template` (a finished request the bot stored), oldest first,
 * over the year before `now`: each with its own id, client token, execution ids, thread ts and requester,
 * and every date moved by the same amount. The newest is two days old, so a restart (which re-checks
 * the promises of the last 24 hours) owes none of them a post.
 */
export function historyFrom(template: InstallRequest, count: number, now = new Date()): InstallRequest[] {
  const text = JSON.stringify({ ...template, version: 1 });
  const created = Date.parse(template.createdAt);
  const executionIds = executionIdsOf(template);
  const step = (365 * DAY_MS) / Math.max(1, count);
  const copies: InstallRequest[] = [];
  for (let i = 0; i < count; i += 1) {
    const shift = now.getTime() - 2 * DAY_MS - (count - 1 - i) * step - created;
    let copy = text.replaceAll(template.id, historyId(i));
    for (const [k, executionId] of executionIds.entries()) {
      copy = copy.replaceAll(executionId, `exec-${k.toString(16)}${i.toString(16).padStart(15, '0')}`);
    }
    if (template.messageTs) {
      const ts = `${Math.floor((created + shift) / 1000)}.${String(i % 1_000_000).padStart(6, '0')}`;
      copy = copy.replaceAll(`"${template.messageTs}"`, `"${ts}"`);
    }
    copy = copy.replaceAll(`"${template.requester}"`, `"${requesterOf(i)}"`);
    copy = copy.replace(
      /"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)"/g,
      (_match, iso: string) => `"${new Date(Date.parse(iso) + shift).toISOString()}"`,
    );
    copies.push(JSON.parse(copy) as InstallRequest);
  }
  return copies;
}

/**
 * Seeds a lowdb store: the requests go into the document as an older build left them, and opening the
 * store (its own code: schema check, then the move of finished requests to the archive) files them.
 */
export async function seedLowdb(file: string, requests: InstallRequest[]): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ version: STORE_VERSION, requests }));
  const store = await openLowdbStore(file, silentLogger);
  await store.close();
}

/** Seeds a PostgreSQL store through its own create (ten at a time), then updates the planner's figures. */
export async function seedPostgres(url: string, requests: InstallRequest[]): Promise<void> {
  const store = await openPgStore({ url, logger: silentLogger });
  try {
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next] as InstallRequest;
        next += 1;
        await store.create(request);
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    await store.pool.query('VACUUM ANALYZE requests');
  } finally {
    await store.close();
  }
}

// --- the bots --------------------------------------------------------------------------------------

interface RunningBot {
  name: string;
  child: ChildProcess;
  rig: Rig;
  /** Spawn → "ecs-ext is ready", in ms. */
  startMs: number;
  /** The thread ts the bot stored for `requestId`, once it has. */
  messageTs(requestId: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Starts the built bot on `store` (a lowdb file or a database URL) and waits until it is ready. */
async function launch(
  name: string,
  cloud: CloudEmulator,
  slack: FakeSlack,
  dataDir: string,
  store: { file: string } | { url: string },
): Promise<RunningBot> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...botEnv(cloud, slack, dataDir, {
      LOG_LEVEL: 'info',
      ECS_EXT_POLL_INTERVAL_SECONDS: POLL_SECONDS,
      ...('file' in store ? { ECS_EXT_DB_FILE: store.file } : { DATABASE_URL: store.url }),
    }),
  };
  if ('file' in store) delete env.DATABASE_URL;
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot ${name} did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      if (output.length < 100_000) output += chunk.toString('utf8');
      const ready = /"port":(\d+)[^\n]*ecs-ext is ready/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      resolvePort(Number(ready[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bot ${name} exited with ${code}:\n${output}`));
    });
  });
  const startMs = performance.now() - started;
  // Keep draining the pipes so the bot never blocks on a full buffer.
  child.stdout?.resume();
  child.stderr?.resume();
  const driver = createSlackDriver({
    botUrl: `http://127.0.0.1:${port}`,
    signingSecret: SIGNING_SECRET,
    responseUrlBase: slack.responseUrlBase,
  });
  const db = 'url' in store ? new Client({ connectionString: store.url }) : undefined;
  await db?.connect();
  return {
    name,
    child,
    startMs,
    rig: { cloud, slack, driver, env: env as Record<string, string> },
    async messageTs(requestId) {
      if ('file' in store) {
        const live = JSON.parse(readFileSync(store.file, 'utf8')) as { requests: InstallRequest[] };
        return live.requests.find((r) => r.id === requestId)?.messageTs;
      }
      const { rows } = await (db as Client).query<{ ts: string | null }>(
        `SELECT document->>'messageTs' AS ts FROM requests WHERE id = $1`,
        [requestId],
      );
      return rows[0]?.ts ?? undefined;
    },
    async stop() {
      await db?.end();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// --- one sample --------------------------------------------------------------------------------------

interface Sample {
  confirm: number;
  report: number;
  /** STATUS_ASKS answers, one after another. */
  status: number[];
}

/** `/ecs-ext status` is cheap: ask it this many times per install, for a steadier median. */
const STATUS_ASKS = 5;

let instances = 0;

function isFinalReport(channelId: string) {
  return (c: SlackCall) =>
    c.method === 'chat.postMessage' &&
    c.args.channel === channelId &&
    c.args.thread_ts !== undefined &&
    shown(c).includes('Result Details') &&
    !shown(c).includes('Pending (timed out');
}

/** One install on a fresh instance, in its own channel: the form, the confirmation, the approval, the report. */
async function sample(bot: RunningBot): Promise<Sample> {
  const { rig } = bot;
  instances += 1;
  const instanceId = `i-history${String(instances).padStart(12, '0')}`;
  rig.cloud.addInstance({
    instanceId,
    regionId: 'cn-hangzhou',
    name: `history-${instances}`,
    osType: 'linux',
    osName: 'Alibaba Cloud Linux 3',
  });
  const channelId = `C0HISTORY${instances}`;
  const { view } = await openInstallForm(rig, `install ${SEED_PACKAGES.node} ${instanceId} cn-hangzhou`, {
    userId: REQUESTER,
    channelId,
  });

  const submitFrom = rig.slack.calls.length;
  const submitted = performance.now();
  const res = await submitForm(rig, view);
  // Past Slack's deadline (a loaded machine) the answer is a "checking…" view, and the request goes on.
  const answer = (res.body as { response_action?: string } | undefined)?.response_action;
  if (res.status !== 200 || (answer !== undefined && answer !== 'update'))
    throw new Error(`the form was refused: ${res.text}`);
  const confirmation = await callAfter(
    rig,
    submitFrom,
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === channelId &&
      c.args.thread_ts === undefined &&
      shown(c).includes('Please confirm'),
  );
  const confirm = performance.now() - submitted;
  const requestId = buttonOf(confirmation, 'approve')?.value;
  if (!requestId) throw new Error('the confirmation has no approve button');
  // A person clicks a message that is there: wait (untimed) until the bot filed its thread ts.
  const deadline = Date.now() + 15_000;
  let threadTs = await bot.messageTs(requestId);
  while (!threadTs) {
    if (Date.now() > deadline) throw new Error(`${bot.name} never stored the thread of ${requestId}`);
    await new Promise((r) => setTimeout(r, 10));
    threadTs = await bot.messageTs(requestId);
  }

  const clickFrom = rig.slack.calls.length;
  const clicked = performance.now();
  const click = await rig.driver.blockAction({
    actionId: 'approve',
    value: requestId,
    userId: APPROVER,
    channelId,
    messageTs: threadTs,
  });
  if (click.status !== 200) throw new Error(`the approval was answered with HTTP ${click.status}`);
  await callAfter(rig, clickFrom, isFinalReport(channelId), 30_000);
  const report = performance.now() - clicked;

  const status: number[] = [];
  for (let i = 0; i < STATUS_ASKS; i += 1) {
    const statusFrom = rig.slack.calls.length;
    const asked = performance.now();
    await rig.driver.command('status', { userId: REQUESTER, channelId });
    await callAfter(rig, statusFrom, (c) => c.method === 'response_url' && shown(c).includes(requestId));
    status.push(performance.now() - asked);
  }
  return { confirm, report, status };
}

// --- the figures ---------------------------------------------------------------------------------

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

interface Pair {
  empty: Sample[];
  full: Sample[];
}

/** Warms both bots up, then alternates samples between them (which goes first alternates too). */
async function measurePair(empty: RunningBot, full: RunningBot, deadline: number): Promise<Pair> {
  for (let i = 0; i < WARMUP; i += 1) {
    await sample(empty);
    await sample(full);
  }
  const pair: Pair = { empty: [], full: [] };
  for (let i = 0; i < SAMPLES && Date.now() < deadline; i += 1) {
    const order = i % 2 === 0 ? (['empty', 'full'] as const) : (['full', 'empty'] as const);
    for (const which of order) pair[which].push(await sample(which === 'empty' ? empty : full));
  }
  return pair;
}

function figureLines(pair: Pair): string[] {
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const row = (label: string, key: keyof Sample) => {
    const empty = pair.empty.flatMap((s) => s[key]);
    const full = pair.full.flatMap((s) => s[key]);
    const ratio = percentile(full, 50) / percentile(empty, 50);
    return (
      `    ${label}: empty p50 ${ms(percentile(empty, 50))}, p99 ${ms(percentile(empty, 99))}; ` +
      `${HISTORY} finished p50 ${ms(percentile(full, 50))}, p99 ${ms(percentile(full, 99))} ` +
      `(p50 ratio ${ratio.toFixed(2)}${ratio <= 1.5 ? '' : ', above the goal'})`
    );
  };
  return [
    row('request → confirmation', 'confirm'),
    row('approve → final report', 'report'),
    row(`/ecs-ext status answered (${STATUS_ASKS} per install)`, 'status'),
  ];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The finished request the bot stored for its first install: the model of the history. */
async function templateFrom(file: string): Promise<InstallRequest> {
  return waitForSucceeded(() => readLowdbOnDisk(file).requests.find((r) => r.status === 'succeeded'));
}

async function waitForSucceeded(find: () => InstallRequest | undefined): Promise<InstallRequest> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error('the first install never reached the store as succeeded');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function benchLowdb(
  cloud: CloudEmulator,
  slack: FakeSlack,
  dir: string,
  deadline: number,
): Promise<{ lines: string[]; history: InstallRequest[] }> {
  const emptyFile = join(dir, 'empty', 'ecs-ext.json');
  const fullFile = join(dir, 'full', 'ecs-ext.json');
  const empty = await launch('lowdb, empty', cloud, slack, dir, { file: emptyFile });
  let full: RunningBot | undefined;
  try {
    await sample(empty);
    const history = historyFrom(await templateFrom(emptyFile), HISTORY);
    const seeding = performance.now();
    await seedLowdb(fullFile, history);
    const seedMs = performance.now() - seeding;
    const archiveMb = statSync(archivePathOf(fullFile)).size / 1e6;
    full = await launch(`lowdb, ${HISTORY} finished`, cloud, slack, dir, { file: fullFile });
    const pair = await measurePair(empty, full, deadline);
    return {
      history,
      lines: [
        `  lowdb (${pair.empty.length} samples each): seeded in ${seconds(seedMs)} (archive ${archiveMb.toFixed(0)} MB); bot start → ready: empty ${ms0(empty.startMs)}, ${HISTORY} finished ${ms0(full.startMs)}`,
        ...figureLines(pair),
      ],
    };
  } finally {
    await empty.stop();
    await full?.stop();
  }
}

const ms0 = (v: number) => `${v.toFixed(0)} ms`;

const dropAtExit = new Set<() => Promise<void>>();

async function benchPostgres(
  cloud: CloudEmulator,
  slack: FakeSlack,
  dir: string,
  history: InstallRequest[],
  deadline: number,
): Promise<string[]> {
  const adminUrl =
    process.env.ECS_EXT_BENCH_DATABASE_URL ??
    process.env.ECS_EXT_TEST_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch {
    return ['  PostgreSQL: skipped (no server at ECS_EXT_BENCH_DATABASE_URL / ECS_EXT_TEST_DATABASE_URL)'];
  }
  const names = ['empty', 'full'].map(() => `ecs_ext_bench_${randomBytes(5).toString('hex')}`);
  const [emptyUrl, fullUrl] = names.map((name) => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  }) as [string, string];
  const drop = async () => {
    for (const name of names)
      await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`).catch(() => {});
    await admin.end().catch(() => {});
  };
  dropAtExit.add(drop);
  const bots: RunningBot[] = [];
  try {
    for (const name of names) await admin.query(`CREATE DATABASE ${escapeIdentifier(name)}`);
    const seeding = performance.now();
    await seedPostgres(fullUrl, history);
    const seedMs = performance.now() - seeding;
    const size = await admin.query<{ bytes: string }>('SELECT pg_database_size($1) AS bytes', [names[1]]);
    const databaseMb = Number(size.rows[0]?.bytes) / 1e6;
    const empty = await launch('PostgreSQL, empty', cloud, slack, dir, { url: emptyUrl });
    bots.push(empty);
    const full = await launch(`PostgreSQL, ${HISTORY} finished`, cloud, slack, dir, { url: fullUrl });
    bots.push(full);
    const pair = await measurePair(empty, full, deadline);
    return [
      `  PostgreSQL (${pair.empty.length} samples each): seeded in ${seconds(seedMs)} (database ${databaseMb.toFixed(0)} MB); bot start → ready: empty ${ms0(empty.startMs)}, ${HISTORY} finished ${ms0(full.startMs)}`,
      ...figureLines(pair),
    ];
  } finally {
    for (const bot of bots) await bot.stop();
    dropAtExit.delete(drop);
    await drop();
  }
}

/** Runs the benchmark and returns the lines to print. */
export async function benchHistory(): Promise<string[]> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first (npm run bench does)`);
  const deadline = Date.now() + BUDGET_MS;
  // Last resort: a bench that hangs stops its bots, drops its databases and exits.
  const watchdog = setTimeout(() => {
    process.stderr.write('history bench: over its time budget; stopping\n');
    for (const child of running) child.kill('SIGKILL');
    void Promise.all([...dropAtExit].map((drop) => drop())).finally(() => process.exit(1));
  }, BUDGET_MS + 60_000);
  watchdog.unref();
  useEmulatorCredentials();
  const cloud = await startCloudEmulator();
  const slack = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), 'ecs-ext-bench-history-'));
  try {
    const lowdb = await benchLowdb(cloud, slack, dir, deadline);
    const postgres = await benchPostgres(cloud, slack, dir, lowdb.history, deadline);
    return [
      `History — the bot with ${HISTORY} finished requests in its store against an empty one, side by side, samples alternating (poll every ${POLL_SECONDS} s; goal: p50 ratio ≤ 1.5)`,
      ...lowdb.lines,
      ...postgres,
    ];
  } finally {
    clearTimeout(watchdog);
    for (const child of running) child.kill('SIGKILL');
    await cloud.close();
    await slack.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`\n${(await benchHistory()).join('\n')}\n`);
}
