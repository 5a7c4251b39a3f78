/**
 * Memory is never ahead of disk (issue 7, class 3), end to end: while the store's directory cannot be
 * written (it is swapped for a plain file, which fails writes also for root), a click and a submission
 * change nothing and say so, /healthz answers 503; once the directory is back everything works again.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_INSTANCES } from '../emulator/catalog.js';
import { SEED_PACKAGES } from '../emulator/cloud-emulator.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  APPROVER,
  click,
  openInstallForm,
  REQUESTER,
  readStore,
  requestInstall,
  submitForm,
  waitForReply,
} from '../support/install-driver.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ ECS_EXT_REQUIRED_APPROVALS: '1' });
});

afterAll(async () => {
  await h?.close();
});

/** Makes every write under the store's directory fail; returns how to undo it. */
function breakTheDisk(): () => void {
  const dir = dirname(h.env.ECS_EXT_DB_FILE as string);
  renameSync(dir, `${dir}.away`);
  writeFileSync(dir, 'not a directory');
  return () => {
    rmSync(dir);
    renameSync(`${dir}.away`, dir);
  };
}

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${h.botUrl}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Polls /healthz until it answers 200 (bounded). */
async function healthyAgain(timeoutMs = 20_000): Promise<Awaited<ReturnType<typeof health>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await health();
    if (answer.status === 200 || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a store that cannot be written', () => {
  it('changes nothing, says so, turns /healthz to 503, and works again once it can', async () => {
    const submitted = await requestInstall(h, {
      packageName: SEED_PACKAGES.git,
      instanceIds: [SEED_INSTANCES.linux],
      channelId: 'C0DISKFULL',
    });
    const { view } = await openInstallForm(
      h,
      `install ${SEED_PACKAGES.git} ${SEED_INSTANCES.linux} cn-hangzhou`,
      {
        channelId: 'C0DISKFULL',
      },
    );
    const requestsBefore = readStore(h).requests.length;
    const from = h.slack.calls.length;
    const restore = breakTheDisk();

    let healthWhileBroken: Awaited<ReturnType<typeof health>>;
    let submission: Awaited<ReturnType<typeof submitForm>>;
    try {
      await click(h, submitted, 'approve', APPROVER);
      await h.slack.waitFor(
        (c) =>
          c.method === 'chat.postEphemeral' && c.args.user === APPROVER && h.slack.calls.indexOf(c) >= from,
        15_000,
      );
      submission = await submitForm(h, view, {}, REQUESTER);
      healthWhileBroken = await health();
    } finally {
      restore();
    }
    const told = h.slack.calls
      .slice(from)
      .find((c) => c.method === 'chat.postEphemeral' && c.args.user === APPROVER);
    const afterRestore = readStore(h).requests.find((r) => r.id === submitted.requestId);
    // The store tries to write again on its own every few seconds; /healthz follows.
    const healthAfter = await healthyAgain();
    await click(h, submitted, 'approve', APPROVER);
    await waitForReply(h, submitted, 'Installation started');

    expect(String(told?.args.text)).toContain('nothing was changed');
    expect(String(told?.args.text)).toContain('try again');
    expect(afterRestore).toMatchObject({ status: 'pending', approvals: [] });
    expect(submission.status).toBe(200);
    expect(JSON.stringify(submission.body)).toContain('nothing was changed');
    expect(readStore(h).requests.length).toBe(requestsBefore);
    expect(healthWhileBroken.status).toBe(503);
    expect(healthWhileBroken.body.ok).toBe(false);
    expect(healthAfter.status).toBe(200);
    const replies = h.slack.calls.slice(from).filter((c) => c.args.thread_ts === submitted.messageTs);
    expect(replies.map((c) => String(c.args.text)).join('\n')).not.toContain('no longer pending');
  });
});
