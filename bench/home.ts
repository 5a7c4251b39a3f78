/**
 * Benchmark of the Home tab (issue 10): views.publish calls per state change of a request, for the
 * users it concerns (goal: at most one per affected user) and for the other users who have their Home
 * open (goal: none). The real bot runs in this process on the e2e harness (signed requests, the
 * emulator, the fake Slack Web API, all on 127.0.0.1); one install goes from request to report while
 * ten users have their Home tab open, then ten requests arrive in one burst.
 * Run alone with `npx tsx bench/home.ts`; `npm run bench` includes it.
 */
import { pathToFileURL } from 'node:url';
import { HOME_DEBOUNCE_MS } from '../src/slack/home-publisher.js';
import { type Harness, startHarness } from '../test/support/harness.js';
import {
  click,
  REQUESTER,
  requestInstall,
  storedRequest,
  waitForFinalReport,
  waitForReply,
} from '../test/support/install-driver.js';

const APPROVERS = ['U0BENCHAPP1', 'U0BENCHAPP2', 'U0BENCHAPP3'];
const OTHERS = Array.from({ length: 6 }, (_, i) => `U0BENCHOTH${i}`);
const AFFECTED = [REQUESTER, ...APPROVERS];
const BURST = 10;

/** Waits past the debounce so every publish a step caused has been made. */
function quiet(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, HOME_DEBOUNCE_MS * 2 + 300));
}

function publishesSince(h: Harness, from: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of h.slack.calls.slice(from)) {
    if (call.method !== 'views.publish') continue;
    const user = String(call.args.user_id);
    counts.set(user, (counts.get(user) ?? 0) + 1);
  }
  return counts;
}

/** "max 1, mean 1.00 per affected user; 0 to the 6 other viewers" for the calls since `from`. */
function describeWindow(h: Harness, from: number): string {
  const counts = publishesSince(h, from);
  const affected = AFFECTED.map((u) => counts.get(u) ?? 0);
  const others = OTHERS.reduce((sum, u) => sum + (counts.get(u) ?? 0), 0);
  const mean = affected.reduce((a, b) => a + b, 0) / affected.length;
  return `max ${Math.max(...affected)}, mean ${mean.toFixed(2)} per affected user; ${others} to the ${OTHERS.length} other viewers`;
}

function newInstance(h: Harness, n: number): string {
  const instanceId = `i-bp1benchhome${String(n).padStart(7, '0')}`;
  h.cloud.addInstance({ instanceId, regionId: 'cn-hangzhou', name: `home-${n}` });
  // Long enough for a progress reply between the start and the end.
  h.cloud.script({ instances: { [instanceId]: { status: 'Success', afterMs: 2_000 } } });
  return instanceId;
}

/** Runs the benchmark and returns the lines to print. */
export async function benchHome(): Promise<string[]> {
  const h = await startHarness({ ECS_EXT_APPROVERS: APPROVERS.join(','), ECS_EXT_REQUIRED_APPROVALS: '1' });
  try {
    for (const user of [...AFFECTED, ...OTHERS]) {
      await h.driver.event({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home' });
    }
    await quiet();
    const lines = [
      `Home tab — views.publish per state change (goal ≤ 1 per affected user), ${AFFECTED.length} affected users (requester, 3 approvers) and ${OTHERS.length} other viewers, debounce ${HOME_DEBOUNCE_MS} ms`,
    ];

    let from = h.slack.calls.length;
    const submitted = await requestInstall(h, { instanceIds: [newInstance(h, 1)] });
    await quiet();
    const created = storedRequest(h, submitted.requestId)?.version ?? 0;
    lines.push(`  request created (${created} store writes): ${describeWindow(h, from)}`);

    from = h.slack.calls.length;
    await click(h, submitted, 'approve', APPROVERS[0] as string);
    await waitForReply(h, submitted, 'Installation started');
    await quiet();
    const started = storedRequest(h, submitted.requestId)?.version ?? 0;
    lines.push(
      `  approved, started and first progress (${started - created} store writes): ${describeWindow(h, from)}`,
    );

    from = h.slack.calls.length;
    await waitForFinalReport(h, submitted);
    await quiet();
    const finished = storedRequest(h, submitted.requestId)?.version ?? 0;
    lines.push(
      `  progress and final report (${finished - started} store writes): ${describeWindow(h, from)}`,
    );

    from = h.slack.calls.length;
    await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        requestInstall(h, { instanceIds: [newInstance(h, 100 + i)], channelId: `C0BURST${i}` }),
      ),
    );
    await quiet();
    lines.push(
      `  burst of ${BURST} requests created together (${BURST} state changes): ${describeWindow(h, from)}`,
    );
    return lines;
  } finally {
    await h.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${(await benchHome()).join('\n')}\n`);
}
