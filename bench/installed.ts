/**
 * Benchmark of `/ecs-ext installed` for 50 instances at 100 ms per cloud call (issue 10): the time from
 * the signed slash command to the private reply arriving at the fake Slack, cold (catalog, package states
 * and instance names uncached), with only the catalog cached, warm (answered from the short cache), and
 * the very first call of the process (which also loads the ECS SDK). The bot runs in this process on the
 * e2e harness; everything stays on 127.0.0.1.
 * Run alone with `npx tsx bench/installed.ts`; `npm run bench` includes it.
 */

import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { SEED_PACKAGES } from '../test/emulator/cloud-emulator.js';
import { type Harness, startHarness } from '../test/support/harness.js';

const INSTANCES = 50;
const LATENCY_MS = 100;
const WARM_RUNS = 9;
const CATALOG_TTL_MS = 3_000;

/** Adds `INSTANCES` instances, each with three recorded extensions; returns their ids. */
function seedFleet(h: Harness, prefix: string): string[] {
  const packages = [SEED_PACKAGES.docker, SEED_PACKAGES.node, SEED_PACKAGES.nginx];
  return Array.from({ length: INSTANCES }, (_, n) => {
    const instanceId = `i-${prefix}${String(n).padStart(12, '0')}`;
    h.cloud.addInstance({ instanceId, regionId: 'cn-hangzhou', name: `fleet-${prefix}-${n}` });
    for (const templateName of packages)
      h.cloud.setPackageState({ instanceId, templateName, templateVersion: 'v1' });
    return instanceId;
  });
}

/** Milliseconds from sending `/ecs-ext installed …` to its reply reaching Slack. */
async function timeCommand(h: Harness, ids: string[]): Promise<number> {
  const from = h.slack.callsTo('response_url').length;
  const started = performance.now();
  const res = await h.driver.command(`installed ${ids.join(' ')} cn-hangzhou`, {
    userId: 'U0BENCHASK',
    channelId: 'C0BENCH',
  });
  if (res.status !== 200) throw new Error(`the command was answered with HTTP ${res.status}`);
  const reply = await h.slack.waitFor(
    (c) => c.method === 'response_url' && h.slack.callsTo('response_url').indexOf(c) >= from,
    30_000,
  );
  const elapsed = performance.now() - started;
  if (!JSON.stringify(reply.args).includes(ids[0] as string))
    throw new Error('the reply does not list the fleet');
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Runs the benchmark and returns the lines to print. */
export async function benchInstalled(): Promise<string[]> {
  // A 3-second catalog cache, so the catalog can be cold again once the first call has loaded the ECS SDK.
  const h = await startHarness({ ECS_EXT_CATALOG_TTL_MINUTES: String(CATALOG_TTL_MS / 60_000) });
  try {
    const [fleetA, fleetB, fleetC] = ['benchia', 'benchib', 'benchic'].map((prefix) =>
      seedFleet(h, prefix),
    ) as [string[], string[], string[]];
    h.cloud.latencyMs = LATENCY_MS;
    const first = await timeCommand(h, fleetC);
    await new Promise((resolve) => setTimeout(resolve, CATALOG_TTL_MS + 200));
    const callsBefore = h.cloud.calls.length;
    const cold = await timeCommand(h, fleetA);
    const coldCalls = h.cloud.calls.length - callsBefore;
    const coldStates = await timeCommand(h, fleetB);
    const warm: number[] = [];
    const warmBefore = h.cloud.calls.length;
    for (let i = 0; i < WARM_RUNS; i++) warm.push(await timeCommand(h, fleetA));
    const warmCalls = h.cloud.calls.length - warmBefore;
    return [
      `/ecs-ext installed — ${INSTANCES} instances × 3 extensions, ${LATENCY_MS} ms per cloud call (goal: < 2 s cold, < 100 ms warm)`,
      `  cold (catalog, package states and instance names uncached): ${cold.toFixed(0)} ms (${coldCalls} cloud calls)`,
      `  package states and names uncached, catalog cached: ${coldStates.toFixed(0)} ms`,
      `  warm (answered from the 30 s cache): median ${median(warm).toFixed(1)} ms, max ${Math.max(...warm).toFixed(1)} ms over ${WARM_RUNS} runs (${warmCalls} cloud calls)`,
      `  first call after the bot starts (also loads the ECS SDK, once per process): ${first.toFixed(0)} ms`,
    ];
  } finally {
    await h.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${(await benchInstalled()).join('\n')}\n`);
}
