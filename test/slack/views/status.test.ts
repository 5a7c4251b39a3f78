import { describe, expect, it } from 'vitest';
import type { HistoryEntry, InstanceOutcome } from '../../../src/domain/model.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';
import { renderRecentRequests, renderRequestStatus } from '../../../src/slack/views/status.js';
import { execution, viewRequest } from './install-fixtures.js';

describe('renderRequestStatus', () => {
  it('shows state, parameters, approvals, execution outcomes and history with times', () => {
    const request = viewRequest({
      status: 'running',
      execution: execution(['Success', 'Failed']),
      history: [
        ...viewRequest().history,
        { at: '2026-03-01T10:06:00.000Z', type: 'approved', actor: 'U0CAROL' },
        { at: '2026-03-01T10:06:01.000Z', type: 'started', detail: 'exec-abc123' },
      ],
    });

    const message = renderRequestStatus(request, 'en');

    const text = JSON.stringify(message.blocks);
    expect(text).toContain('Install request req-7f3a');
    expect(text).toContain('Installing');
    expect(text).toContain('`ApiKey`: `******`');
    expect(text).toContain('*Approvals:* 1 of 2 needed');
    expect(text).toContain(':x: `i-bp100000000000000002` Failed — exit 1');
    expect(text).toContain('approved by <@U0CAROL>');
    expect(text).toContain('execution started (exec-abc123)');
    expect(text).toContain(`<!date^${Date.parse('2026-03-01T10:06:00.000Z') / 1000}^`);
    expect(message.text).toBe('Install request req-7f3a (Demo Agent): installing');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('keeps the newest history entries when there are too many', () => {
    const history: HistoryEntry[] = Array.from({ length: 300 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 2, 1, 10, 0, i)).toISOString(),
      type: 'status',
      detail: `Running step ${i}`,
    }));

    const message = renderRequestStatus(viewRequest({ history }), 'en');

    const text = JSON.stringify(message.blocks);
    expect(text).toContain('Running step 299');
    expect(text).not.toContain('Running step 0\\n');
    expect(text).toMatch(/…\d+ earlier entries/);
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('shows every instance its full output, in pieces that fit Slack, with credentials masked', () => {
    const long = Array.from({ length: 120 }, (_, i) => `line ${i} <ok> ${'x'.repeat(30)}`).join('\n');
    const base = execution(['Success', 'Failed'], 'Failed');
    const request = viewRequest({
      status: 'failed',
      execution: {
        ...base,
        instances: [
          { ...(base.instances[0] as InstanceOutcome), output: long, configuration: 'password: hunter2' },
          { ...(base.instances[1] as InstanceOutcome), output: 'exit 1: disk full' },
        ],
      },
    });

    const message = renderRequestStatus(request, 'en');

    const text = JSON.stringify(message.blocks);
    expect(text).toContain('line 0 &lt;ok&gt;');
    expect(text).toContain('line 119 &lt;ok&gt;');
    expect(text).toContain('`i-bp100000000000000001` Output (1/3)');
    expect(text).toContain('`i-bp100000000000000001` Output (3/3)');
    expect(text).toContain('exit 1: disk full');
    expect(text).toContain('password: ******');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('did not fit');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('says how much output was cut and points to the console when it cannot all fit', () => {
    const base = execution(
      Array.from({ length: 12 }, () => 'Success'),
      'Success',
    );
    const request = viewRequest({
      status: 'succeeded',
      execution: {
        ...base,
        instances: base.instances.map((i) => ({ ...i, output: 'y'.repeat(5000) })),
      },
    });

    const message = renderRequestStatus(request, 'en');

    const text = JSON.stringify(message.blocks);
    expect(checkMessageLimits(message)).toEqual([]);
    const note = /(\d+) characters of output from (\d+) instance\(s\) did not fit in Slack/.exec(text);
    const shownChars = (text.match(/y{50,}/g) ?? []).join('').length;
    expect(Number(note?.[1]) + shownChars).toBe(12 * 5000);
    expect(text).toContain(
      '<https://oos.console.aliyun.com/cn-hangzhou/execution/detail/exec-abc123|the OOS console>',
    );
  });

  it('speaks Chinese', () => {
    const message = renderRequestStatus(viewRequest(), 'zh');

    expect(JSON.stringify(message.blocks)).toContain('历史记录');
    expect(message.text).toContain('等待审批');
  });
});

describe('renderRecentRequests', () => {
  it('lists requests newest first with status, region and instance count', () => {
    const requests = [
      viewRequest({ id: 'req-2', status: 'succeeded', execution: execution(['Success'], 'Success') }),
      viewRequest({ id: 'req-1' }),
    ];

    const message = renderRecentRequests(requests, 'en');

    const text = JSON.stringify(message.blocks);
    expect(text.indexOf('req-2')).toBeLessThan(text.indexOf('req-1'));
    expect(text).toContain('`req-2` — succeeded');
    expect(text).toContain('`cn-hangzhou` · 2 instances');
    expect(text).toContain('`/ecs-ext status &lt;request id or execution id&gt;`');
    expect(text).toContain('`exec-abc123`');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('says how to start when there are none', () => {
    const message = renderRecentRequests([], 'en');

    expect(message.text).toContain('no install requests yet');
    expect(message.text).toContain('/ecs-ext install');
  });

  it('stays within 50 blocks for many requests', () => {
    const requests = Array.from({ length: 70 }, (_, i) => viewRequest({ id: `req-${i}` }));

    const message = renderRecentRequests(requests, 'en');

    expect(checkMessageLimits(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('…and 30 more');
  });
});
