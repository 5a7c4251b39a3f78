/**
 * Execution tracking end to end: after the approval the bot polls the emulator through the real SDK,
 * posts the final report (every contract label) in the request's thread, sends credentials only to the
 * requester, and after a restart still reports exactly once.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_INSTANCES } from '../emulator/catalog.js';
import type { SlackCall } from '../emulator/fake-slack.js';
import { lowdbFilesText } from '../storage/lowdb-on-disk.js';
import { type Harness, startHarness } from '../support/harness.js';
import {
  callAfter,
  finalReports,
  reportingDone,
  startInstall,
  waitForFinalReport,
} from '../support/install-driver.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ ECS_EXT_REQUIRED_APPROVALS: '1' });
});

afterAll(async () => {
  await h?.close();
});

beforeEach(() => {
  h.cloud.clearFaults();
});

const LABELS = [
  'Extension Name',
  'Installation Target',
  'Installation Parameters',
  'Execution ID',
  'Execution Status',
  'Completion Time',
  'Result Details',
  'Follow-up Suggestions',
];

function blocksOf(c: SlackCall): string {
  return JSON.stringify(c.args.blocks ?? '');
}

describe('execution tracking', () => {
  it('posts the final report in the thread and the credentials only to the requester', async () => {
    h.cloud.script({
      instances: {
        [SEED_INSTANCES.linux]: {
          status: 'Success',
          output: 'node v20.18.2 installed',
          configuration: 'username: admin\npassword: E2e-Pa55-w0rd',
        },
        [SEED_INSTANCES.linux2]: { status: 'Failed', message: 'Command timed out after 7200 seconds.' },
      },
      defaultAfterMs: 30,
    });

    const from = h.slack.calls.length;
    const install = await startInstall(h, {
      instanceIds: [SEED_INSTANCES.linux, SEED_INSTANCES.linux2],
      overrides: { 'param:version': 'v20.18.2' },
    });
    const report = await waitForFinalReport(h, install);
    const secret = await callAfter(
      h,
      from,
      (c) => c.method === 'chat.postEphemeral' && String(c.args.text).includes('E2e-Pa55-w0rd'),
    );
    await reportingDone(h, install.requestId);

    const shown = blocksOf(report);
    for (const label of LABELS) expect(shown).toContain(label);
    expect(shown).toContain(SEED_INSTANCES.linux2);
    expect(shown).toContain('Command timed out');
    expect(shown).toContain('retry_failed');
    expect(String(report.args.text)).toContain('<@U0REQUESTER>');
    expect(secret.args.user).toBe('U0REQUESTER');
    const everythingPublic = JSON.stringify(h.slack.callsTo('chat.postMessage').map((c) => c.args));
    expect(everythingPublic).not.toContain('E2e-Pa55-w0rd');
    expect(lowdbFilesText(join(h.dataDir, 'ecs-ext.json'))).not.toContain('E2e-Pa55-w0rd');
    expect(finalReports(h, install)).toHaveLength(1);
  });

  it('resumes after a restart and reports exactly once', async () => {
    h.cloud.script({ neverFinish: true });
    const install = await startInstall(h, { instanceIds: [SEED_INSTANCES.linux] });

    await h.restart();
    h.cloud.finishExecution(install.executionId, 'Success');
    await waitForFinalReport(h, install);
    await reportingDone(h, install.requestId);

    expect(finalReports(h, install)).toHaveLength(1);
  });
});
