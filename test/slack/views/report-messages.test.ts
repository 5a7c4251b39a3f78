import { describe, expect, it } from 'vitest';
import { CloudError } from '../../../src/domain/errors.js';
import type { InstallRequest, InstanceOutcome } from '../../../src/domain/model.js';
import type { RequestEvent } from '../../../src/domain/ports.js';
import { ActionIds } from '../../../src/slack/ids.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';
import {
  renderRunningActions,
  renderTrackingEvent,
  renderTrackingRefusal,
} from '../../../src/slack/views/report-messages.js';
import { runningRequest } from '../../domain/tracking/tracking-fixtures.js';

const I1 = 'i-bp1aaaaaaaaaa0000001';
const I2 = 'i-bp1aaaaaaaaaa0000002';

function withExecution(
  request: InstallRequest,
  changes: Partial<NonNullable<InstallRequest['execution']>>,
  status: InstallRequest['status'] = request.status,
): InstallRequest {
  const execution = request.execution as NonNullable<InstallRequest['execution']>;
  return { ...request, status, execution: { ...execution, ...changes } };
}

function finished(instances: InstanceOutcome[], status: 'Success' | 'Failed' = 'Success'): InstallRequest {
  return withExecution(
    runningRequest(
      'req-1',
      'exec-1',
      instances.map((i) => i.instanceId),
    ),
    { status, instances, endedAt: '2025-06-01T10:04:12.000Z', finalReportAt: '2025-06-01T10:04:30.000Z' },
    status === 'Success' ? 'succeeded' : 'failed',
  );
}

function render(request: InstallRequest, event: RequestEvent, locale: 'en' | 'zh' = 'en') {
  const message = renderTrackingEvent(request, event, locale);
  if (!message) throw new Error(`no message for ${event.kind}`);
  return { message, json: JSON.stringify(message.blocks) };
}

function buttons(blocks: unknown[]): Array<Record<string, unknown>> {
  return blocks
    .filter((b) => (b as { type: string }).type === 'actions')
    .flatMap((b) => (b as { elements: Array<Record<string, unknown>> }).elements);
}

describe('renderTrackingEvent', () => {
  it('renders progress as one line with counts', () => {
    const request = withExecution(runningRequest('req-1', 'exec-1', [I1, I2]), {
      status: 'Running',
      instances: [
        { instanceId: I1, status: 'Failed', message: 'x' },
        { instanceId: I2, status: 'Running', message: '' },
      ],
    });

    const { message, json } = render(request, { kind: 'progress' });

    expect(message.text).toBe('Running — 1/2 done, 1 failed');
    expect(json).toContain('*Running* — 1/2 done, 1 failed');
    expect(json).toContain('https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-1');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('explains Waiting with a console button', () => {
    const request = withExecution(runningRequest('req-1', 'exec-1', [I1]), { status: 'Waiting' });

    const { message, json } = render(request, { kind: 'waiting' });

    expect(json).toContain('manual confirmation');
    expect(buttons(message.blocks).map((b) => b.action_id)).toEqual([ActionIds.viewConsole]);
    expect(message).toMatchSnapshot();
  });

  it('renders the final report with every label, the mention and both buttons', () => {
    const request = finished(
      [
        { instanceId: I1, status: 'Success', message: '', output: 'node v22.13.1 installed' },
        { instanceId: I2, status: 'Failed', message: 'Cloud Assistant is offline' },
      ],
      'Failed',
    );

    const { message, json } = render(request, { kind: 'final_report' });

    for (const label of [
      'Extension Name',
      'Installation Target',
      'Installation Parameters',
      'Execution ID',
      'Execution Status',
      'Completion Time',
      'Result Details',
      'Follow-up Suggestions',
    ]) {
      expect(json).toContain(label);
    }
    expect(message.text).toMatch(/^<@U0REQUESTER> /);
    expect(json).toContain('<@U0REQUESTER>');
    const [retry, console] = buttons(message.blocks);
    expect(retry).toMatchObject({ action_id: ActionIds.retryFailed, value: 'req-1' });
    expect(console).toMatchObject({
      action_id: ActionIds.viewConsole,
      url: expect.stringContaining('exec-1'),
    });
    expect(checkMessageLimits(message)).toEqual([]);
    expect(message).toMatchSnapshot();
  });

  it('offers no retry but undo when every instance succeeded', () => {
    const request = finished([{ instanceId: I1, status: 'Success', message: '' }]);

    const { message } = render(request, { kind: 'final_report' });

    expect(buttons(message.blocks).map((b) => b.action_id)).toEqual([ActionIds.viewConsole, ActionIds.undo]);
    expect(buttons(message.blocks).at(-1)).toMatchObject({ value: request.id });
    expect(message.privateText).toBeUndefined();
  });

  it('stays within Slack limits for 50 instances with long outputs and errors', () => {
    const instances: InstanceOutcome[] = Array.from({ length: 50 }, (_, n) => ({
      instanceId: `i-bp1aaaaaaaaaa00000${String(n).padStart(2, '0')}`,
      status: n % 2 ? 'Failed' : 'Success',
      message: n % 2 ? `Error <${n}> & `.repeat(100) : '',
      output: 'z'.repeat(5000),
      configuration: 'c'.repeat(5000),
    }));
    const request = finished(instances, 'Failed');

    const { message } = render(request, { kind: 'final_report' });

    expect(checkMessageLimits(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
  });

  it('keeps the configuration of an instance whose 10 KB output is cut, and says where the full text is', () => {
    const request = finished([
      {
        instanceId: I1,
        status: 'Success',
        message: '',
        output: 'step ok\n'.repeat(1280),
        configuration: 'Panel URL: http://47.96.1.2:8888/a1b2c3d4',
      },
    ]);

    const { message, json } = render(request, { kind: 'final_report' });

    expect(json).toContain('Configuration:\\n```Panel URL: http://47.96.1.2:8888/a1b2c3d4```\\nOutput:');
    expect(json).toContain('`/ecs-ext status req-1`');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('escapes mrkdwn in outputs', () => {
    const request = finished(
      [{ instanceId: I1, status: 'Failed', message: '<!channel> & <@U0EVIL>' }],
      'Failed',
    );

    const { json } = render(request, { kind: 'final_report' });

    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt; &amp; &lt;@U0EVIL&gt;');
  });

  it('never shows credentials in the channel, only in privateText', () => {
    const request = finished([
      {
        instanceId: I1,
        status: 'Success',
        message: '',
        configuration: JSON.stringify({ url: 'https://1.2.3.4:8888/x', password: 'Zz9-secret' }),
      },
    ]);

    const { message, json } = render(request, { kind: 'final_report' });

    expect(json).not.toContain('Zz9-secret');
    expect(message.text).not.toContain('Zz9-secret');
    expect(message.privateText).toContain('Zz9-secret');
  });

  it('renders the pending report with how to check later and no retry', () => {
    const request = withExecution(runningRequest('req-1', 'exec-1', [I1]), {
      status: 'Running',
      pendingReportAt: '2025-06-01T10:20:00.000Z',
    });

    const { message, json } = render(request, { kind: 'pending_report', timeoutMinutes: 20 });

    expect(json).toContain('Pending (timed out after 20 minutes)');
    expect(json).toContain('/ecs-ext status req-1');
    expect(json).toContain('aliyun oos ListExecutions --RegionId cn-hangzhou --ExecutionId exec-1');
    expect(buttons(message.blocks).map((b) => b.action_id)).toEqual([ActionIds.viewConsole]);
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('tells who asked to cancel, and why a cancel failed', () => {
    const request = withExecution(runningRequest('req-1', 'exec-1', [I1]), { status: 'Running' });
    const error = new CloudError({
      kind: 'permission',
      code: 'Forbidden.RAM',
      service: 'oos',
      action: 'CancelExecution',
      message: 'User not authorized',
      requestId: 'REQ-42',
      deniedAction: 'oos:CancelExecution',
    });

    const asked = render(request, { kind: 'cancel_requested', by: 'U0BOB' });
    const failed = render(request, { kind: 'cancel_failed', by: 'U0BOB', error }, 'zh');

    expect(asked.json).toContain('<@U0BOB> asked OOS to cancel execution `exec-1`');
    expect(failed.json).toContain('无法取消执行 `exec-1`');
    expect(failed.json).toContain('oos:CancelExecution');
    expect(failed.json).not.toContain('User not authorized');
  });

  it('leaves approval events to the approval view', () => {
    const request = runningRequest('req-1', 'exec-1', [I1]);

    const message = renderTrackingEvent(request, { kind: 'rejected', by: 'U0BOB' }, 'en');

    expect(message).toBeUndefined();
  });
});

describe('renderRunningActions', () => {
  it('offers Cancel with a confirmation while running', () => {
    const request = withExecution(runningRequest('req-1', 'exec-1', [I1]), { status: 'Running' });

    const blocks = renderRunningActions(request, 'en');

    const [cancel, console] = buttons(blocks);
    expect(cancel).toMatchObject({ action_id: ActionIds.cancelExecution, value: 'req-1', style: 'danger' });
    expect(cancel?.confirm).toBeDefined();
    expect(console).toMatchObject({ action_id: ActionIds.viewConsole });
    expect(checkMessageLimits({ text: 'x', blocks })).toEqual([]);
  });

  it('offers nothing once the execution ended', () => {
    const request = finished([{ instanceId: I1, status: 'Success', message: '' }]);

    expect(renderRunningActions(request, 'en')).toEqual([]);
  });
});

describe('renderTrackingRefusal', () => {
  it('explains who may cancel', () => {
    const message = renderTrackingRefusal('not_allowed', 'en');

    expect(message.text).toContain('Only the requester or an approver');
  });
});
