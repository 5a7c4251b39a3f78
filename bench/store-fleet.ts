/**
 * `npm run bench` (fleet part): two replicas of the built bot (node dist/main.js) on one PostgreSQL
 * database track 200 executions in 3 regions of the OOS/ECS emulator. It prints the fleet's
 * ListExecutions chains per poll cycle (goal ≤ 3: one per region), the hand-over time after the replica
 * holding a region's lease is killed with SIGKILL (goal ≤ 2 poll intervals), and each replica's peak RSS.
 * The database is created for the run and dropped after (ECS_EXT_BENCH_DATABASE_URL, else
 * ECS_EXT_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, escapeIdentifier } from 'pg';
import { createCloudClients } from '../src/cloud/index.js';
import { buildStartParameters, clientTokenFor } from '../src/domain/install/start-parameters.js';
import { BULK_INSTALL_TEMPLATE, executionConsoleUrl } from '../src/domain/model.js';
import { silentLogger } from '../src/domain/ports.js';
import { openPgStore } from '../src/storage/pg/pg-store.js';
import { SEED_PACKAGES } from '../test/emulator/catalog.js';
import { startCloudEmulator } from '../test/emulator/cloud-emulator.js';
import { startFakeSlack } from '../test/emulator/fake-slack.js';
import { makeRequest } from '../test/fakes/requests.js';
import { botEnv, useEmulatorCredentials } from '../test/support/harness.js';

const MAIN = join(resolve(import.meta.dirname, '..'), 'dist', 'main.js');
const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'];
const TOTAL = 200;
const INTERVAL_MS = 1_000;

interface Replica {
  child: ChildProcess;
  name: string;
  cycles: Array<{ at: string; regionsPolled: number }>;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function spawnReplica(name: string, env: Record<string, string>, cwd: string): Promise<Replica> {
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const replica: Replica = { child, name, cycles: [] };
  let buffered = '';
  let ready = false;
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes('ecs-ext is ready')) ready = true;
      if (!line.includes('tracking cycle done')) continue;
      const parsed = JSON.parse(line) as { at: string; regionsPolled: number };
      replica.cycles.push({ at: parsed.at, regionsPolled: parsed.regionsPolled });
    }
  });
  child.stderr?.resume();
  const deadline = Date.now() + 30_000;
  while (!ready) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`replica ${name} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return replica;
}

async function benchFleet(databaseUrl: string): Promise<string[]> {
  useEmulatorCredentials();
  const cloud = await startCloudEmulator();
  const slack = await startFakeSlack();
  const dataDir = mkdtempSync(join(tmpdir(), 'ecs-ext-bench-fleet-'));
  const admin = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch {
    await cloud.close();
    await slack.close();
    return ['  skipped: no PostgreSQL server at ECS_EXT_BENCH_DATABASE_URL / ECS_EXT_TEST_DATABASE_URL'];
  }
  const name = `ecs_ext_bench_${randomBytes(5).toString('hex')}`;
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const replicas: Replica[] = [];
  try {
    await admin.query(`CREATE DATABASE ${escapeIdentifier(name)}`);
    const store = await openPgStore({ url: url.toString(), logger: silentLogger });
    // 200 executions that run 40–60 s, started through the real SDK, and their running requests.
    const { oos } = createCloudClients({
      oosEndpoint: cloud.url,
      ecsEndpoint: cloud.url,
      logger: silentLogger,
    });
    for (let i = 0; i < TOTAL; i += 1) {
      const regionId = REGIONS[i % REGIONS.length] as string;
      const instanceId = `i-benchfl${String(i).padStart(12, '0')}`;
      cloud.addInstance({ instanceId, regionId });
      cloud.script({ defaultAfterMs: 40_000 + ((i * 97) % 20_000) });
      const request = makeRequest({
        id: `req-fleet${String(i).padStart(4, '0')}`,
        regionId,
        instanceIds: [instanceId],
        packageName: SEED_PACKAGES.node,
        status: 'running',
        channelId: 'C0BENCHFLEET',
        messageTs: `1700000000.${String(i).padStart(6, '0')}`,
      });
      const execution = await oos.startExecution({
        regionId,
        templateName: BULK_INSTALL_TEMPLATE,
        mode: 'Automatic',
        clientToken: clientTokenFor(request.id),
        parameters: buildStartParameters(request),
      });
      await store.create({
        ...request,
        execution: {
          executionId: execution.executionId,
          regionId,
          consoleUrl: executionConsoleUrl(regionId, execution.executionId),
          status: 'Running',
          statusMessage: '',
          startedAt: new Date().toISOString(),
          instances: [{ instanceId, status: 'Queued', message: '' }],
        },
      });
    }
    const env = botEnv(cloud, slack, dataDir, {
      DATABASE_URL: url.toString(),
      ECS_EXT_POLL_INTERVAL_SECONDS: String(INTERVAL_MS / 1000),
      LOG_LEVEL: 'debug',
    });
    replicas.push(...(await Promise.all(['a', 'b'].map((n) => spawnReplica(n, env, dataDir)))));

    // Eight cycles with both replicas up: chains per cycle for the whole fleet, by interval window.
    await new Promise((r) => setTimeout(r, 8 * INTERVAL_MS + 500));
    const perWindow = new Map<number, number>();
    for (const replica of replicas) {
      for (const cycle of replica.cycles) {
        const window = Math.floor(Date.parse(cycle.at) / INTERVAL_MS);
        perWindow.set(window, (perWindow.get(window) ?? 0) + cycle.regionsPolled);
      }
    }
    const chains = [...perWindow.values()].slice(1, -1); // whole windows only
    const rss = replicas.map((r) => `${r.name} ${peakRssMb(r.child.pid as number).toFixed(0)} MB`);

    // Kill the replica holding cn-hangzhou; time until another replica polls that region.
    const holder = await store.leases.holder('poll:cn-hangzhou');
    const victim = replicas.find((r) => holder?.split('/')[1] === String(r.child.pid)) as Replica;
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    const survivor = replicas.find((r) => r !== victim) as Replica;
    let handoverMs = Number.NaN;
    const deadline = Date.now() + 20 * INTERVAL_MS;
    while (Date.now() < deadline) {
      const now = await store.leases.holder('poll:cn-hangzhou');
      if (now?.split('/')[1] === String(survivor.child.pid)) {
        const first = cloud
          .callsTo('ListExecutions')
          .find((c) => c.at > killedAt && (c.params.RegionId ?? '') === 'cn-hangzhou');
        if (first) {
          handoverMs = first.at - killedAt;
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await store.close();
    return [
      `  ListExecutions chains per poll cycle, whole fleet (${TOTAL} executions, ${REGIONS.length} regions, 2 replicas, ${chains.length} cycles): max ${Math.max(...chains)}, mean ${(chains.reduce((a, b) => a + b, 0) / Math.max(1, chains.length)).toFixed(2)}`,
      `  hand-over after SIGKILL of the lease holder: ${(handoverMs / INTERVAL_MS).toFixed(2)} poll intervals (${handoverMs.toFixed(0)} ms, interval ${INTERVAL_MS} ms)`,
      `  peak RSS per replica: ${rss.join(', ')}`,
    ];
  } finally {
    for (const replica of replicas) if (replica.child.exitCode === null) replica.child.kill('SIGKILL');
    await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`).catch(() => {});
    await admin.end();
    await cloud.close();
    await slack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const databaseUrl =
  process.env.ECS_EXT_BENCH_DATABASE_URL ??
  process.env.ECS_EXT_TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
process.stdout.write(`\nFleet — two replicas on PostgreSQL\n${(await benchFleet(databaseUrl)).join('\n')}\n`);
