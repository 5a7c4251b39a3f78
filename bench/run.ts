/**
 * `npm run bench`: runs the built bot (node dist/main.js, a child process so its RSS and CPU are its
 * own) against the OOS/ECS emulator and the fake Slack on 127.0.0.1, and prints the figures the issues
 * ask for. Nothing leaves this machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type CloudEmulator, SEED_PACKAGES, startCloudEmulator } from '../test/emulator/cloud-emulator.js';
import { type FakeSlack, type SlackCall, startFakeSlack } from '../test/emulator/fake-slack.js';
import { botEnv, SIGNING_SECRET, useEmulatorCredentials } from '../test/support/harness.js';
import { createSlackDriver, type SlackDriver } from '../test/support/slack-driver.js';
import { benchHome } from './home.js';
import { benchInstalled } from './installed.js';

const ROOT = resolve(import.meta.dirname, '..');
const MAIN = join(ROOT, 'dist', 'main.js');

interface RunningBot {
  child: ChildProcess;
  /** Ack times measured inside the bot (request received → response written) since the last call. */
  takeAckTimes(): Promise<number[]>;
  url: string;
  driver: SlackDriver;
  logLines: string[];
  stop(): Promise<void>;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Peak and current resident set size of a process, in MB (Linux /proc). */
function memoryOf(pid: number): { peakMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

/** CPU time (user + system) a process has used, in ms (Linux /proc). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

async function startBot(
  cloud: CloudEmulator,
  slack: FakeSlack,
  dataDir: string,
  extra: Record<string, string>,
) {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const env = {
    ...process.env,
    ...botEnv(cloud, slack, dataDir, { PORT: String(port), LOG_LEVEL: 'warn', ...extra }),
  };
  const probe = join(ROOT, 'bench', 'ack-probe.cjs');
  const child = spawn(process.execPath, ['--require', probe, MAIN], {
    cwd: dataDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const logLines: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    logLines.push(...lines);
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bot exited: ${stderr}`);
    const ok = await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`bot did not become ready: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const driver = createSlackDriver({
    botUrl: url,
    signingSecret: SIGNING_SECRET,
    responseUrlBase: slack.responseUrlBase,
  });
  return {
    child,
    url,
    driver,
    logLines,
    takeAckTimes() {
      return new Promise<number[]>((resolveTimes) => {
        const onMessage = (message: unknown) => {
          const times = (message as { ackProbe?: number[] }).ackProbe;
          if (!times) return;
          child.off('message', onMessage);
          resolveTimes(times);
        };
        child.on('message', onMessage);
        child.send('ack-probe:take');
      });
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  } satisfies RunningBot;
}

function isAfter(slack: FakeSlack, from: number) {
  return (c: SlackCall) => slack.calls.indexOf(c) >= from;
}

/** Issue 2: ack latency, list cold/warm, RSS. */
async function benchList(cloud: CloudEmulator, slack: FakeSlack, dataDir: string): Promise<string[]> {
  const bot = await startBot(cloud, slack, dataDir, {});
  const listOnce = async () => {
    const from = slack.calls.length;
    const t0 = performance.now();
    await bot.driver.command('list', { userId: 'U0BENCH01' });
    await slack.waitFor((c) => c.method === 'response_url' && isAfter(slack, from)(c), 10_000);
    return performance.now() - t0;
  };
  cloud.resetCalls();
  const cold = await listOnce();
  const pages = cloud.callsTo('ListTemplates').length;
  const warm: number[] = [];
  for (let i = 0; i < 30; i++) warm.push(await listOnce());

  /** 200 commands, 20 at a time; client-observed ack times, and the bot's own view of them. */
  const burst = async () => {
    await bot.takeAckTimes();
    const acks: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < 200) {
        next++;
        const t0 = performance.now();
        const res = await bot.driver.command('list', { userId: 'U0BENCH01' });
        acks.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`ack failed: ${res.status}`);
      }
    };
    const from = slack.calls.length;
    await Promise.all(Array.from({ length: 20 }, worker));
    // Let every answer land, so the next burst (and the memory reading) sees the whole of this one.
    const deadline = Date.now() + 30_000;
    while (slack.calls.filter((c) => c.method === 'response_url' && isAfter(slack, from)(c)).length < 200) {
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    return { client: acks, server: await bot.takeAckTimes() };
  };
  const first = await burst();
  const second = await burst();
  const fmt = (v: number[]) => `p50 ${ms(percentile(v, 50))}, p99 ${ms(percentile(v, 99))}`;
  const mem = memoryOf(bot.child.pid as number);
  await bot.stop();
  return [
    `Scenario 1 — list (emulator latency 0 ms; the cold list read ${pages} ListTemplates pages)`,
    `  ack latency, 200 × /ecs-ext list at 20 concurrent (goal p99 < 50 ms), seen by the sender:`,
    `    first burst (new connections, cold code paths): ${fmt(first.client)}`,
    `    second burst: ${fmt(second.client)}`,
    `    inside the bot (request received → ack written), both bursts: ${fmt([...first.server, ...second.server])}`,
    `  command → list posted, cold cache: ${ms(cold)}`,
    `  command → list posted, warm cache: p50 ${ms(percentile(warm, 50))}, p99 ${ms(percentile(warm, 99))}  (goal < 100 ms)`,
    `  bot RSS: peak ${mem.peakMb.toFixed(1)} MB, now ${mem.rssMb.toFixed(1)} MB  (goal < 150 MB)`,
  ];
}

const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });

/** Submit the install form and return the approve button's request id and the confirmation's ts. */
async function submitInstall(
  bot: RunningBot,
  slack: FakeSlack,
  regionId: string,
  instanceId: string,
  requester: string,
): Promise<string> {
  const from = slack.calls.length;
  const res = await bot.driver.viewSubmission({
    callbackId: 'install_request',
    userId: requester,
    privateMetadata: JSON.stringify({ channelId: 'C0BENCH', locale: 'en' }),
    values: {
      region: { region_select: { type: 'static_select', selected_option: option(regionId) } },
      instances: { instances_input: instanceId },
      package: { package_select: { type: 'external_select', selected_option: option(SEED_PACKAGES.node) } },
    },
  });
  if (res.status !== 200 || (res.body as { response_action?: string } | null)?.response_action === 'errors') {
    throw new Error(`submission refused: ${res.text}`);
  }
  const confirmation = await slack.waitFor(
    (c) =>
      c.method === 'chat.postMessage' &&
      isAfter(slack, from)(c) &&
      JSON.stringify(c.args.blocks ?? '').includes('"approve"'),
    20_000,
  );
  const approve = (
    confirmation.args.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>
  )
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === 'approve');
  if (!approve?.value) throw new Error('no approve button');
  return approve.value;
}

async function waitForCall(cloud: CloudEmulator, action: string, count: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (cloud.callsTo(action).filter((c) => c.status === 200).length < count) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${action} #${count}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Issue 3: command → views.open and approve → StartExecution at 100 ms emulator latency. */
async function benchInstall(cloud: CloudEmulator, slack: FakeSlack, dataDir: string): Promise<string[]> {
  cloud.latencyMs = 100;
  const bot = await startBot(cloud, slack, dataDir, {});
  const opens: number[] = [];
  for (let i = 0; i < 50; i++) {
    const from = slack.calls.length;
    const t0 = performance.now();
    await bot.driver.command(`install node i-bench${String(i).padStart(12, '0')} cn-hangzhou`, {
      userId: 'U0BENCH01',
    });
    await slack.waitFor((c) => c.method === 'views.open' && isAfter(slack, from)(c), 10_000);
    opens.push(performance.now() - t0);
  }
  const starts: number[] = [];
  for (let i = 0; i < 20; i++) {
    const instanceId = `i-benchap${String(i).padStart(12, '0')}`;
    cloud.addInstance({
      instanceId,
      regionId: 'cn-hangzhou',
      name: `bench-${i}`,
      osType: 'linux',
      osName: 'Alibaba Cloud Linux 3',
    });
    const requestId = await submitInstall(bot, slack, 'cn-hangzhou', instanceId, 'U0BENCHREQ');
    const before = cloud.callsTo('StartExecution').filter((c) => c.status === 200).length;
    const t0 = performance.now();
    await bot.driver.blockAction({
      actionId: 'approve',
      value: requestId,
      userId: 'U0BENCHAPP',
      channelId: 'C0BENCH',
    });
    await waitForCall(cloud, 'StartExecution', before + 1);
    starts.push(performance.now() - t0);
  }
  await bot.stop();
  cloud.latencyMs = 0;
  return [
    'Scenario 3 — install (emulator latency 100 ms per cloud call)',
    `  /ecs-ext install → views.open (loading view): p50 ${ms(percentile(opens, 50))}, p99 ${ms(percentile(opens, 99))}  (goal p99 < 300 ms)`,
    `  approve click → StartExecution answered: p50 ${ms(percentile(starts, 50))}, p99 ${ms(percentile(starts, 99))}  (duplicate check: 4 parallel ListExecutions, then StartExecution)`,
  ];
}

interface CycleLine {
  msg?: string;
  tracked?: number;
  cloudCalls?: number;
  listExecutionsCalls?: number;
  taskExecutionCalls?: number;
  notifications?: number;
  finished?: number;
  durationMs?: number;
  regionsPolled?: number;
}

/** Issue 4: 200 concurrent executions across 3 regions. */
async function benchTracking(cloud: CloudEmulator, slack: FakeSlack, dataDir: string): Promise<string[]> {
  const regions = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'];
  const total = 200;
  const bot = await startBot(cloud, slack, dataDir, {
    ECS_EXT_POLL_INTERVAL_SECONDS: '1',
    LOG_LEVEL: 'debug',
  });
  const targets = Array.from({ length: total }, (_, i) => {
    const regionId = regions[i % regions.length] as string;
    const instanceId = `i-benchtr${String(i).padStart(12, '0')}`;
    cloud.addInstance({ instanceId, regionId, name: `track-${i}`, osType: 'linux', osName: 'Ubuntu 22.04' });
    return { regionId, instanceId };
  });
  const requestIds: string[] = [];
  for (const t of targets)
    requestIds.push(await submitInstall(bot, slack, t.regionId, t.instanceId, 'U0BENCHREQ'));

  // Executions run 6–12 s each, so every one of them goes through several poll cycles.
  const startedBefore = cloud.callsTo('StartExecution').filter((c) => c.status === 200).length;
  for (let i = 0; i < requestIds.length; i++) {
    cloud.script({ defaultAfterMs: 6_000 + ((i * 37) % 6_000) });
    await bot.driver.blockAction({
      actionId: 'approve',
      value: requestIds[i] as string,
      userId: 'U0BENCHAPP',
      channelId: 'C0BENCH',
    });
  }
  await waitForCall(cloud, 'StartExecution', startedBefore + total, 60_000);

  const slackFrom = slack.calls.length;
  const logFrom = bot.logLines.length;
  const cpuStart = cpuMsOf(bot.child.pid as number);
  const deadline = Date.now() + 120_000;
  let finished = 0;
  let cycles: CycleLine[] = [];
  while (finished < total && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    cycles = bot.logLines
      .slice(logFrom)
      .map((l) => {
        try {
          return JSON.parse(l) as CycleLine;
        } catch {
          return {};
        }
      })
      .filter((l) => l.msg === 'tracking cycle done');
    finished = cycles.reduce((n, c) => n + (c.finished ?? 0), 0);
  }
  const cpu = cpuMsOf(bot.child.pid as number) - cpuStart;
  const mem = memoryOf(bot.child.pid as number);
  const busy = cycles.filter((c) => (c.tracked ?? 0) > 0);
  const slackCalls = slack.calls
    .slice(slackFrom)
    .filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method)).length;
  const notifications = busy.reduce((n, c) => n + (c.notifications ?? 0), 0);
  const perCycle = (key: keyof CycleLine) => busy.map((c) => Number(c[key] ?? 0));
  const avg = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  await bot.stop();
  return [
    `Tracking — ${total} concurrent executions across ${regions.length} regions (poll every 1 s)`,
    `  finished and reported: ${finished}/${total} in ${busy.length} poll cycles`,
    `  cloud calls per cycle: mean ${avg(perCycle('cloudCalls')).toFixed(1)}, max ${Math.max(...perCycle('cloudCalls'))} (ListExecutions chains per cycle: max ${Math.max(...perCycle('listExecutionsCalls'))}; ListTaskExecutions only for changed executions: mean ${avg(perCycle('taskExecutionCalls')).toFixed(1)})`,
    `  CPU per cycle: ${(cpu / Math.max(1, busy.length)).toFixed(1)} ms (bot process user+system, ${cpu.toFixed(0)} ms over ${busy.length} cycles)`,
    `  Slack calls per status change: ${(slackCalls / Math.max(1, notifications)).toFixed(2)} (${slackCalls} calls for ${notifications} thread updates)`,
    `  bot RSS: peak ${mem.peakMb.toFixed(1)} MB, now ${mem.rssMb.toFixed(1)} MB`,
  ];
}

async function main(): Promise<void> {
  useEmulatorCredentials();
  const cloud = await startCloudEmulator();
  const slack = await startFakeSlack();
  const dataDir = mkdtempSync(join(tmpdir(), 'ecs-ext-bench-'));
  const lines: string[] = [];
  try {
    lines.push(...(await benchList(cloud, slack, dataDir)));
    lines.push(...(await benchInstall(cloud, slack, dataDir)));
    lines.push(...(await benchTracking(cloud, slack, dataDir)));
    lines.push(...(await benchInstalled()));
    lines.push(...(await benchHome()));
  } finally {
    await cloud.close();
    await slack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(
    `\necs-ext benchmark (node ${process.version}, ${new Date().toISOString()})\n${lines.join('\n')}\n`,
  );
}

await main();
