import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../src/domain/model.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';
import { renderRecentRequests, renderRequestStatus } from '../../../src/slack/views/status.js';
import { execution, makeRequest } from './install-fixtures.js';

describe('renderRequestStatus', () => {
  it('shows state, parameters, approvals, execution outcomes and history with times', () => {
    const request = makeRequest({
      status: 'running',
      execution: execution(['Success', 'Failed']),
      history: [
        ...makeRequest().history,
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

    const message = renderRequestStatus(makeRequest({ history }), 'en');

    const text = JSON.stringify(message.blocks);
    expect(text).toContain('Running step 299');
    expect(text).not.toContain('Running step 0\\n');
    expect(text).toMatch(/…\d+ earlier entries/);
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('speaks Chinese', () => {
    const message = renderRequestStatus(makeRequest(), 'zh');

    expect(JSON.stringify(message.blocks)).toContain('历史记录');
    expect(message.text).toContain('等待审批');
  });
});

describe('renderRecentRequests', () => {
  it('lists requests newest first with status, region and instance count', () => {
    const requests = [
      makeRequest({ id: 'req-2', status: 'succeeded', execution: execution(['Success'], 'Success') }),
      makeRequest({ id: 'req-1' }),
    ];

    const message = renderRecentRequests(requests, 'en');

    const text = JSON.stringify(message.blocks);
    expect(text.indexOf('req-2')).toBeLessThan(text.indexOf('req-1'));
    expect(text).toContain('`req-2` — succeeded');
    expect(text).toContain('`cn-hangzhou` · 2 instance(s)');
    expect(text).toContain('`exec-abc123`');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('says how to start when there are none', () => {
    const message = renderRecentRequests([], 'en');

    expect(message.text).toContain('no install requests yet');
    expect(message.text).toContain('/ecs-ext install');
  });

  it('stays within 50 blocks for many requests', () => {
    const requests = Array.from({ length: 70 }, (_, i) => makeRequest({ id: `req-${i}` }));

    const message = renderRecentRequests(requests, 'en');

    expect(checkMessageLimits(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('…and 30 more');
  });
});
