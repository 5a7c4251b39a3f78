/**
 * Benchmark of a rollout (issue 11): 50 instances in waves of 10, against the same 50 instances in one
 * execution. It counts the cloud calls of every tracking cycle (from the tracker's own cycle figures),
 * the calls it takes to start each later wave, and the Slack calls each wave costs. The goal: polling
 * a rollout costs per region what polling one execution costs, with no call per wave per cycle beyond
 * the executions running. The bot runs in this process on the e2e harness; everything stays on 127.0.0.1.
 * Run alone with `npx tsx bench/rollout.ts`; `npm run bench` includes it.
 */
import { pathToFileURL } from 'node:url';
import type { TrackerCycleStats } from '../src/domain/tracking/tracker.js';
import { type Harness, startHarness } from '../test/support/harness.js';
import {
  finalReports,
  startInstall,
  trackingDone,
  waitForFinalReport,
} from '../test/support/install-driver.js';

const INSTANCES = 50;
const WAVE_SIZE = 10;
/** Each instance takes this long in the emulator, so every wave spans several poll cycles. */
const INSTANCE_MS = 700;
const POLL_SECONDS = '0.2';
const SLACK_WRITES = ['chat.postMessage', 'chat.update', 'chat.postEphemeral'];

interface Run {
  cycles: TrackerCycleStats[];
  /** OOS calls from the approval to the final report. */
  oosCalls: number;
  /** Of them: ListExecutions by the request's tag (own-execution lookups) and by status (duplicate checks). */
  ownLookups: number;
  duplicateChecks: number;
  startExecutions: number;
  slackWrites: number;
  /** Slack writes from each wave's start to the next one's (the last: to the final report). */
  slackPerWave: number[];
}

/** Installs on `ids` (as one execution, or in waves), sampling every tracking cycle until the report. */
async function run(h: Harness, ids: string[], channelId: string, waves: boolean): Promise<Run> {
  h.cloud.script({ defaultAfterMs: INSTANCE_MS });
  const callsBefore = h.cloud.calls.length;
  const slackBefore = h.slack.calls.length;
  const cycles: TrackerCycleStats[] = [];
  let sampling = true;
  const sampler = (async () => {
    let last = '';
    while (sampling) {
      const stats = h.bot.tracker.cycleStats();
      if (stats && stats.at !== last) {
        last = stats.at;
        cycles.push(stats);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const install = await startInstall(h, {
    instanceIds: ids,
    channelId,
    ...(waves ? { overrides: { rollout: 'waves', wave_size: String(WAVE_SIZE) } } : {}),
  });
  await waitForFinalReport(h, install, 120_000);
  await trackingDone(h, install.requestId);
  sampling = false;
  await sampler;
  if (finalReports(h, install).length !== 1) throw new Error('expected exactly one final report');
  const oos = h.cloud.calls.slice(callsBefore).filter((c) => c.service === 'oos');
  const writes = h.slack.calls.slice(slackBefore).filter((c) => SLACK_WRITES.includes(c.method));
  const waveStarts = writes
    .map((c, i) => (JSON.stringify(c.args.text ?? '').includes('started') && c.args.thread_ts ? i : -1))
    .filter((i) => i >= 0);
  const slackPerWave = waveStarts.map((start, n) => (waveStarts[n + 1] ?? writes.length) - start);
  return {
    cycles: cycles.filter((c) => c.tracked > 0),
    oosCalls: oos.length,
    ownLookups: oos.filter((c) => c.action === 'ListExecutions' && c.params.Tags).length,
    duplicateChecks: oos.filter((c) => c.action === 'ListExecutions' && c.params.Status).length,
    startExecutions: h.cloud
      .callsTo('StartExecution')
      .filter((c) => (c.params.Tags ?? '').includes(install.requestId)).length,
    slackWrites: writes.length,
    slackPerWave,
  };
}

function fleet(h: Harness, prefix: string): string[] {
  return Array.from({ length: INSTANCES }, (_, n) => {
    const instanceId = `i-${prefix}${String(n).padStart(12, '0')}`;
    h.cloud.addInstance({ instanceId, regionId: 'cn-hangzhou', name: `${prefix}-${n}` });
    return instanceId;
  });
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const max = (values: number[]) => (values.length > 0 ? Math.max(...values) : 0);

function cycleLine(label: string, r: Run): string {
  const calls = r.cycles.map((c) => c.cloudCalls);
  const lists = r.cycles.map((c) => c.listExecutionsCalls + c.fallbackLookups);
  const tasks = r.cycles.map((c) => c.taskExecutionCalls);
  return `  ${label}: ${r.cycles.length} busy cycles; cloud calls per cycle mean ${mean(calls).toFixed(2)}, max ${max(calls)}; ListExecutions per cycle max ${max(lists)}; ListTaskExecutions per cycle mean ${mean(tasks).toFixed(2)}, max ${max(tasks)}`;
}

/** Runs the benchmark and returns the lines to print. */
export async function benchRollout(): Promise<string[]> {
  const h = await startHarness({ ECS_EXT_POLL_INTERVAL_SECONDS: POLL_SECONDS });
  try {
    const single = await run(h, fleet(h, 'benchone'), 'C0BENCHONE', false);
    const waves = await run(h, fleet(h, 'benchwav'), 'C0BENCHWAV', true);
    const waveCount = Math.ceil(INSTANCES / WAVE_SIZE);
    const perWave = (total: number, once: number) => ((total - once) / (waveCount - 1)).toFixed(1);
    return [
      `Rollout — ${INSTANCES} instances in waves of ${WAVE_SIZE} (${waveCount} waves) against one execution of ${INSTANCES}; poll every ${POLL_SECONDS} s, ${INSTANCE_MS} ms per instance (goal: the same per-region polling cost, no call per wave per cycle beyond the executions running)`,
      cycleLine('one execution', single),
      cycleLine(`${waveCount} waves   `, waves),
      `  StartExecution calls: ${single.startExecutions} vs ${waves.startExecutions}; to start each later wave also: ${perWave(waves.ownLookups, single.ownLookups)} own-execution lookup(s) by tag and ${perWave(waves.duplicateChecks, single.duplicateChecks)} duplicate-check ListExecutions (once per wave, not per cycle)`,
      `  all OOS calls from the approval to the report: ${single.oosCalls} for one execution, ${waves.oosCalls} for the rollout`,
      `  Slack writes: ${single.slackWrites} for one execution, ${waves.slackWrites} for the rollout; per wave (from its start to the next): ${waves.slackPerWave.join(', ')}`,
    ];
  } finally {
    await h.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${(await benchRollout()).join('\n')}\n`);
}
